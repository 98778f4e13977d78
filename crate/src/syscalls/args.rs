//! `args_*` and `environ_*`: the lists are laid out once, at construction or (when the host
//! defers them) at the first of these calls; each call is two bulk copies into guest memory.
//! Under a wasip1-perms policy the lists hold only what it shows (so sizes and values always
//! agree), and each call records what it hid.

use crate::ctx::{StringList, WasiCtx};
use crate::errno::Result;
use crate::memory::{write_u32, Memory};

fn sizes_get(list: &StringList, mem: &mut dyn Memory, count_ptr: u32, size_ptr: u32) -> Result<()> {
    let (count, size) = list.sizes();
    write_u32(mem, count_ptr, count)?;
    write_u32(mem, size_ptr, size)
}

/// `args_get(argv, argv_buf)`: writes argv pointers and the NUL-terminated strings.
/// Errors: none; an out-of-bounds or misaligned pointer traps (as wasmtime).
pub fn args_get(ctx: &mut WasiCtx, mem: &mut dyn Memory, argv: u32, argv_buf: u32) -> Result<()> {
    ctx.lists();
    ctx.note_hidden_args("args_get");
    ctx.args.write(mem, argv, argv_buf, &mut ctx.scratch)
}

/// `args_sizes_get(argc_ptr, argv_buf_size_ptr)`. Errors: none; bad pointers trap.
pub fn args_sizes_get(ctx: &mut WasiCtx, mem: &mut dyn Memory, argc: u32, size: u32) -> Result<()> {
    ctx.lists();
    ctx.note_hidden_args("args_sizes_get");
    sizes_get(&ctx.args, mem, argc, size)
}

/// `environ_get(environ, environ_buf)`: `KEY=VALUE` strings. Errors: none; bad pointers trap.
pub fn environ_get(ctx: &mut WasiCtx, mem: &mut dyn Memory, environ: u32, buf: u32) -> Result<()> {
    ctx.lists();
    ctx.note_hidden_env("environ_get");
    ctx.env.write(mem, environ, buf, &mut ctx.scratch)
}

/// `environ_sizes_get(count_ptr, buf_size_ptr)`. Errors: none; bad pointers trap.
pub fn environ_sizes_get(ctx: &mut WasiCtx, mem: &mut dyn Memory, count: u32, size: u32) -> Result<()> {
    ctx.lists();
    ctx.note_hidden_env("environ_sizes_get");
    sizes_get(&ctx.env, mem, count, size)
}
