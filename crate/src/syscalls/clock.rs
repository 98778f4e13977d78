//! `clock_res_get`, `clock_time_get`.

use crate::clocks::check_id;
use crate::ctx::WasiCtx;
use crate::errno::Result;
use crate::memory::{write_u64, Memory};

/// `clock_res_get(id, resolution_ptr)`.
/// Errors: `EBADF` for the CPU-time clocks (as wasmtime); an unknown id or a bad pointer
/// traps (as wasmtime). Difference: the resolution is the browser's real one (5 µs when
/// cross-origin isolated, 100 µs otherwise), where wasmtime reports the OS's (often 1 ns).
pub fn clock_res_get(ctx: &mut WasiCtx, mem: &mut dyn Memory, id: u32, ptr: u32) -> Result<()> {
    let res = if check_id(id)? { ctx.clock.realtime_res_ns() } else { ctx.clock.monotonic_res_ns() };
    write_u64(mem, ptr, res)
}

/// `clock_time_get(id, precision, time_ptr)`: nanoseconds; `precision` is ignored (as wasmtime).
/// Errors: `EBADF` for the CPU-time clocks (as wasmtime); an unknown id or a bad pointer
/// traps (as wasmtime).
pub fn clock_time_get(ctx: &mut WasiCtx, mem: &mut dyn Memory, id: u32, _precision: u64, ptr: u32) -> Result<()> {
    let now = if check_id(id)? { ctx.clock.realtime_ns() } else { ctx.clock.monotonic_ns() };
    write_u64(mem, ptr, now)
}
