//! `sock_*`: a page has no sockets. As wasmtime: `EBADF` for an fd that is not open,
//! `ENOTSOCK` for any other.

use crate::ctx::WasiCtx;
use crate::errno::{Errno, Result};
use crate::memory::Memory;

fn not_a_socket(ctx: &mut WasiCtx, fd: u32) -> Result<()> {
    ctx.fds.get(fd, 0)?;
    Err(Errno::NOTSOCK.into())
}

/// `sock_accept(fd, flags, fd_ptr)`. Errors: `EBADF`, `ENOTSOCK`.
pub fn sock_accept(ctx: &mut WasiCtx, _mem: &mut dyn Memory, fd: u32, _flags: u32, _out: u32) -> Result<()> {
    not_a_socket(ctx, fd)
}

/// `sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen_ptr, ro_flags_ptr)`.
/// Errors: `EBADF`, `ENOTSOCK`.
#[allow(clippy::too_many_arguments)]
pub fn sock_recv(
    ctx: &mut WasiCtx,
    _mem: &mut dyn Memory,
    fd: u32,
    _data: u32,
    _data_len: u32,
    _flags: u32,
    _out_len: u32,
    _out_flags: u32,
) -> Result<()> {
    not_a_socket(ctx, fd)
}

/// `sock_send(fd, si_data, si_data_len, si_flags, so_datalen_ptr)`. Errors: `EBADF`, `ENOTSOCK`.
pub fn sock_send(
    ctx: &mut WasiCtx,
    _mem: &mut dyn Memory,
    fd: u32,
    _data: u32,
    _data_len: u32,
    _flags: u32,
    _out_len: u32,
) -> Result<()> {
    not_a_socket(ctx, fd)
}

/// `sock_shutdown(fd, how)`. Errors: `EBADF`, `ENOTSOCK`.
pub fn sock_shutdown(ctx: &mut WasiCtx, _mem: &mut dyn Memory, fd: u32, _how: u32) -> Result<()> {
    not_a_socket(ctx, fd)
}
