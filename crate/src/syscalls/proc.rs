//! `proc_exit`, `proc_raise`, `sched_yield`, `random_get`.

use crate::ctx::WasiCtx;
use crate::errno::{Errno, Result, Trap};
use crate::memory::Memory;

/// The most `random_get` hands out in one call, as wasmtime: 64 MiB.
pub const RANDOM_LIMIT: u32 = 64 << 20;

pub use crate::errno::INVALID_EXIT_STATUS;

/// `proc_exit(code)`: ends the guest with `code`. Never returns to the guest: a code of 126 or
/// more is a trap (as wasmtime), anything else ends the run with that exit code.
pub fn proc_exit(ctx: &mut WasiCtx, _mem: &mut dyn Memory, code: u32) -> Result<()> {
    if code >= 126 {
        return Err(Trap::InvalidExitStatus(code).into());
    }
    ctx.exit_code = Some(code);
    Err(Trap::Exit(code).into())
}

/// `proc_raise(signal)`. Errors: always `ENOTSUP`, as wasmtime: there are no signals.
pub fn proc_raise(_ctx: &mut WasiCtx, _mem: &mut dyn Memory, _signal: u32) -> Result<()> {
    Err(Errno::NOTSUP.into())
}

/// `sched_yield()`: returns at once; a page has no other thread of this guest to run.
pub fn sched_yield(_ctx: &mut WasiCtx, _mem: &mut dyn Memory) -> Result<()> {
    Ok(())
}

/// `random_get(buf, len)`: cryptographic randomness (`crypto.getRandomValues`, in chunks of
/// at most 64 KiB). Errors: none; an out-of-bounds buffer traps and is left untouched, and so
/// does a length over 64 MiB (wasmtime's limit).
pub fn random_get(ctx: &mut WasiCtx, mem: &mut dyn Memory, buf: u32, len: u32) -> Result<()> {
    if len > RANDOM_LIMIT {
        return Err(Trap::TooLong { len, limit: RANDOM_LIMIT }.into());
    }
    ctx.rng.fill_guest(mem, buf, len)
}
