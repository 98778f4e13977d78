//! The `fd_*` calls that apply to the fds this release has: stdio streams and preopens.
//! The filesystem `fd_*` calls are in [`super::fs`].

use crate::ctx::WasiCtx;
use crate::errno::{Errno, Result};
use crate::fd::FdKind;
use crate::memory::{check_align, first_non_empty_iovec, write_u32, Memory};
use crate::types::{encode_prestat_dir, rights, Fdstat, PRESTAT_ALIGN};

/// `fd_write(fd, iovs, iovs_len, nwritten_ptr)`: writes the first non-empty buffer (as
/// wasmtime; libc loops on the short count) and stores the byte count.
/// Errors: `EBADF` (not open, or not writable: stdin, a directory); bad pointers trap.
pub fn fd_write(ctx: &mut WasiCtx, mem: &mut dyn Memory, fd: u32, iovs: u32, iovs_len: u32, nwritten: u32) -> Result<()> {
    let entry = ctx.fds.get(fd, rights::FD_WRITE)?;
    let FdKind::Output(out) = &mut entry.kind else { return Err(Errno::BADF.into()) };
    let n = match first_non_empty_iovec(mem, iovs, iovs_len)? {
        Some((buf, len)) => {
            out.write(mem, buf, len)?;
            len
        }
        None => 0,
    };
    write_u32(mem, nwritten, n)
}

/// `fd_read(fd, iovs, iovs_len, nread_ptr)`: fills the first non-empty buffer (as wasmtime)
/// and stores the byte count; 0 is end of file.
/// Errors: `EBADF` (not open, or not readable: stdout, a directory); bad pointers trap.
pub fn fd_read(ctx: &mut WasiCtx, mem: &mut dyn Memory, fd: u32, iovs: u32, iovs_len: u32, nread: u32) -> Result<()> {
    let entry = ctx.fds.get(fd, rights::FD_READ)?;
    let FdKind::Input(input) = &mut entry.kind else { return Err(Errno::BADF.into()) };
    check_align(nread, 4)?;
    let n = match first_non_empty_iovec(mem, iovs, iovs_len)? {
        Some((buf, len)) => input.read(mem, buf, len)?,
        None => 0,
    };
    write_u32(mem, nread, n)
}

/// `fd_fdstat_get(fd, fdstat_ptr)`: filetype, flags and rights as wasmtime reports them
/// (stdio: a character device with `FD_READ` or `FD_WRITE`; preopens: a directory).
/// Errors: `EBADF`; a bad pointer traps.
pub fn fd_fdstat_get(ctx: &mut WasiCtx, mem: &mut dyn Memory, fd: u32, ptr: u32) -> Result<()> {
    let stat = ctx.fds.get(fd, 0)?.fdstat();
    check_align(ptr, Fdstat::ALIGN)?;
    mem.write(ptr, &stat.encode())
}

/// `fd_fdstat_set_flags(fd, flags)`. Errors: `EBADF` for stdio and preopened directories, as
/// wasmtime (only regular files take flags; they come with the filesystem).
pub fn fd_fdstat_set_flags(ctx: &mut WasiCtx, _mem: &mut dyn Memory, fd: u32, _flags: u32) -> Result<()> {
    ctx.fds.get(fd, 0)?;
    Err(Errno::BADF.into())
}

/// `fd_filestat_get(fd, filestat_ptr)`: for stdio, all zeros but the filetype (as wasmtime).
/// Errors: `EBADF`; `ENOSYS` for directories until the filesystem lands; a bad pointer traps.
pub fn fd_filestat_get(ctx: &mut WasiCtx, mem: &mut dyn Memory, fd: u32, ptr: u32) -> Result<()> {
    let entry = ctx.fds.get(fd, 0)?;
    if let FdKind::PreopenDir { .. } = entry.kind {
        return Err(Errno::NOSYS.into());
    }
    let mut stat = [0u8; 64];
    stat[16] = entry.fdstat().filetype;
    check_align(ptr, 8)?;
    mem.write(ptr, &stat)
}

/// `fd_prestat_get(fd, prestat_ptr)`: the name length of a preopened directory.
/// Errors: `EBADF` (not open, or not a preopen); a bad pointer traps.
pub fn fd_prestat_get(ctx: &mut WasiCtx, mem: &mut dyn Memory, fd: u32, ptr: u32) -> Result<()> {
    let FdKind::PreopenDir { name } = &ctx.fds.get(fd, 0)?.kind else { return Err(Errno::BADF.into()) };
    let prestat = encode_prestat_dir(name.len() as u32);
    check_align(ptr, PRESTAT_ALIGN)?;
    mem.write(ptr, &prestat)
}

/// `fd_prestat_dir_name(fd, path, path_len)`: the preopen's guest path, without a NUL.
/// Errors: `EBADF` (not open), `ENOTDIR` (not a preopen), `ENAMETOOLONG` (buffer too short),
/// all as wasmtime; a bad pointer traps.
pub fn fd_prestat_dir_name(ctx: &mut WasiCtx, mem: &mut dyn Memory, fd: u32, path: u32, len: u32) -> Result<()> {
    let FdKind::PreopenDir { name } = &ctx.fds.get(fd, 0)?.kind else { return Err(Errno::NOTDIR.into()) };
    if name.len() > len as usize {
        return Err(Errno::NAMETOOLONG.into());
    }
    mem.write(path, name.as_bytes())
}

/// `fd_close(fd)`: closes any fd, stdio and preopens included (as wasmtime); an output stream
/// is flushed first. Errors: `EBADF`.
pub fn fd_close(ctx: &mut WasiCtx, _mem: &mut dyn Memory, fd: u32) -> Result<()> {
    if let FdKind::Output(mut out) = ctx.fds.close(fd)?.kind {
        out.flush();
    }
    Ok(())
}

/// `fd_seek(fd, offset, whence, newoffset_ptr)` on what this release has: `ESPIPE` for stdio,
/// `EBADF` for directories and closed fds (as wasmtime).
pub fn fd_seek(ctx: &mut WasiCtx, _mem: &mut dyn Memory, fd: u32, _offset: u64, _whence: u32, _ptr: u32) -> Result<()> {
    not_seekable(ctx, fd)
}

/// `fd_tell(fd, offset_ptr)`: as [`fd_seek`].
pub fn fd_tell(ctx: &mut WasiCtx, _mem: &mut dyn Memory, fd: u32, _ptr: u32) -> Result<()> {
    not_seekable(ctx, fd)
}

fn not_seekable(ctx: &mut WasiCtx, fd: u32) -> Result<()> {
    match ctx.fds.get(fd, 0)?.kind {
        FdKind::Input(_) | FdKind::Output(_) => Err(Errno::SPIPE.into()),
        FdKind::PreopenDir { .. } => Err(Errno::BADF.into()),
    }
}
