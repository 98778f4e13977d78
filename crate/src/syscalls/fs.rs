//! The `path_*` calls and `fd_readdir`, on the VFS. Each resolves its path once with
//! [`resolve`] from the directory fd, works out everything the operation needs, and only then
//! changes anything — an error leaves the filesystem as it was.

use crate::ctx::WasiCtx;
use crate::errno::{Errno, Result, Trap};
use crate::fd_table::{FdEntry, FdKind, DIR_RIGHTS, FILE_RIGHTS};
use crate::memory::{range_end, write_u32, Memory};
use crate::types::rights::{self, Rights};
use crate::types::{fdflags, filetype};
use crate::perms::{Access, READ, WRITE};
use crate::vfs::{resolve, Dir, Found, Ino, Node, Vfs, PATH_MAX};
use core::ops::Range;

/// `lookupflags`: follow a final symlink.
const SYMLINK_FOLLOW: u32 = 1;
/// `oflags`.
const O_CREAT: u32 = 1;
const O_DIRECTORY: u32 = 2;
const O_EXCL: u32 = 4;
const O_TRUNC: u32 = 8;
/// `fstflags`.
const ATIM: u32 = 1;
const ATIM_NOW: u32 = 2;
const MTIM: u32 = 4;
const MTIM_NOW: u32 = 8;

/// The preview1 `filestat` of an inode: dev u64 @0, ino u64 @8, filetype u8 @16, nlink u64
/// @24, size u64 @32, atim @40, mtim @48, ctim @56. Device 1, as wasmtime reports.
pub fn filestat(fs: &Vfs, ino: Ino) -> [u8; 64] {
    let n = fs.node(ino);
    // Eight little-endian u64 words (the filetype's word holds it in its low byte, the rest
    // is the padding): eight stores, where per-field slice copies cost a call each.
    let words = [1, n.ino, n.filetype() as u64, n.nlink, n.size(), n.atim, n.mtim, n.ctim].map(u64::to_le);
    // SAFETY: [u64; 8] and [u8; 64] have the same size, and any bytes are valid u8s.
    unsafe { core::mem::transmute::<[u64; 8], [u8; 64]>(words) }
}

/// Checks `fst_flags` before anything else (wasmtime does, so a bad fd or path comes
/// second). Errors: `EINVAL` for a time and its `_NOW` flag together; unknown flag bits trap
/// (as wiggle).
pub fn check_fst_flags(flags: u32) -> Result<()> {
    if flags & !(ATIM | ATIM_NOW | MTIM | MTIM_NOW) != 0 {
        return Err(Trap::InvalidFlags("Fstflags").into());
    }
    if flags & (ATIM | ATIM_NOW) == ATIM | ATIM_NOW
        || flags & (MTIM | MTIM_NOW) == MTIM | MTIM_NOW
    {
        return Err(Errno::INVAL.into());
    }
    Ok(())
}

/// Sets access/modification times by `fst_flags` (already checked by [`check_fst_flags`]).
pub fn set_times(ctx: &mut WasiCtx, ino: Ino, atim: u64, mtim: u64, flags: u32) -> Result<()> {
    let now = ctx.clock.realtime_ns();
    let n = ctx.fs.node(ino);
    let pick = |given: u32, at_now: u32, value: u64, old: u64| {
        if flags & given != 0 {
            value
        } else if flags & at_now != 0 {
            now
        } else {
            old
        }
    };
    let (atim, mtim) = (pick(ATIM, ATIM_NOW, atim, n.atim), pick(MTIM, MTIM_NOW, mtim, n.mtim));
    ctx.fs.set_times(ino, atim, mtim, now)
}

/// Reads guest paths, in order, into the context's reused scratch buffer, back to back (no
/// allocation per call once it has grown), and returns where each lies in it. Each is checked
/// whole before the next is read. Errors: `EILSEQ` for invalid UTF-8; an out-of-bounds range
/// traps.
#[inline(always)]
fn read_paths<const N: usize>(ctx: &mut WasiCtx, mem: &mut dyn Memory, paths: [(u32, u32); N]) -> Result<[Range<usize>; N]> {
    ctx.scratch.clear();
    let mut at = [0; N].map(|_| 0..0);
    for (i, (ptr, len)) in paths.into_iter().enumerate() {
        range_end(ptr, len)?;
        let start = ctx.scratch.len();
        ctx.scratch.resize(start + len as usize, 0);
        mem.read(ptr, &mut ctx.scratch[start..])?;
        core::str::from_utf8(&ctx.scratch[start..]).map_err(|_| Errno::ILSEQ)?;
        at[i] = start..ctx.scratch.len();
    }
    Ok(at)
}

/// The directory inode of `fd`, if it holds `needed`, and its inheriting rights.
/// Errors: `EBADF` for anything but a directory — a file too (as wasmtime, for every call but
/// `path_open`) — or a closed fd, `ENOTCAPABLE` for a missing right.
#[inline(always)]
fn dir_fd(ctx: &mut WasiCtx, fd: u32, needed: Rights) -> Result<(Ino, Rights)> {
    let entry = ctx.fds.get(fd, 0)?;
    let FdKind::Dir { ino, .. } = entry.kind else { return Err(Errno::BADF.into()) };
    let inheriting = entry.rights_inheriting;
    ctx.fds.get(fd, needed)?;
    Ok((ino, inheriting))
}

/// When a path of [`PATH_MAX`] bytes or more is `ENAMETOOLONG`. wasmtime on Linux hands some
/// calls' paths to one host call whole, where Linux refuses them; the others it resolves
/// component by component (observed, per call).
#[derive(Clone, Copy, PartialEq, Eq)]
enum LongPath {
    /// Always: `path_open`, `path_filestat_get`.
    Refused,
    /// With a trailing `/`: `path_filestat_set_times`, `path_link`, `path_readlink`,
    /// `path_remove_directory`, `path_symlink`, `path_unlink_file`.
    RefusedWithSlash,
    /// Never: `path_create_directory`, `path_rename`.
    Resolved,
}

/// What a resolution is for: the syscall, and the access a wasip1-perms policy must grant on
/// where the path leads (see `perms::check`; unused without a policy).
type Purpose = (&'static str, Access);

/// Resolves the path at `at` in the scratch buffer (put there by [`read_paths`]) from
/// directory `dir`; `long` says when a path of `PATH_MAX` bytes or more is `ENAMETOOLONG`. The
/// last component's length is left to the caller ([`Found::name_too_long`]).
/// Under a wasip1-perms policy, where the path leads is checked for `purpose` before anything
/// acts on it: `EACCES` when not granted, also for a lookup that failed beyond a grant.
#[inline]
fn resolve_in(ctx: &mut WasiCtx, dir: Ino, at: Range<usize>, follow: bool, long: LongPath, (call, access): Purpose) -> Result<Found> {
    let mut reached = dir;
    let result = {
        // SAFETY: `read_paths` put the path there and checked it is UTF-8; a range ending
        // before trailing `/`s (path_create_directory) ends on a character boundary too.
        let path = unsafe { core::str::from_utf8_unchecked(&ctx.scratch[at]) };
        if path.len() >= PATH_MAX && (long == LongPath::Refused || (long == LongPath::RefusedWithSlash && path.ends_with('/'))) {
            return Err(Errno::NAMETOOLONG.into());
        }
        if ctx.policy().is_none() {
            return resolve(&ctx.fs, dir, path, follow);
        }
        crate::vfs::resolve_at(&ctx.fs, dir, path, follow, &mut reached)
    };
    match result {
        Ok(found) => {
            ctx.check_found(call, &found, access)?;
            Ok(found)
        }
        Err(e) => Err(ctx.check_failed_lookup(call, reached, access, e)),
    }
}

/// [`resolve_in`], and `ENAMETOOLONG` for a last component over `NAME_MAX` bytes.
#[inline(always)]
fn resolve_name(ctx: &mut WasiCtx, dir: Ino, at: Range<usize>, follow: bool, long: LongPath, purpose: Purpose) -> Result<Found> {
    let found = resolve_in(ctx, dir, at, follow, long, purpose)?;
    if found.name_too_long() {
        return Err(Errno::NAMETOOLONG.into());
    }
    Ok(found)
}

/// The steps of a one-path call, in wasmtime's order: the directory fd (`EBADF`,
/// `ENOTCAPABLE`), then the path (a trap, `EILSEQ`), then resolution.
#[allow(clippy::too_many_arguments)]
fn lookup(ctx: &mut WasiCtx, mem: &mut dyn Memory, fd: u32, needed: Rights, ptr: u32, len: u32, follow: bool, purpose: Purpose) -> Result<Found> {
    let (dir, _) = dir_fd(ctx, fd, needed)?;
    let [at] = read_paths(ctx, mem, [(ptr, len)])?;
    resolve_name(ctx, dir, at, follow, LongPath::RefusedWithSlash, purpose)
}

/// The steps of a two-path call (`path_link`, `path_rename`), in wasmtime's order: both
/// directory fds, both paths, then `early` (an error the call reports once its arguments are
/// read), then resolution of each (`long` as for [`resolve_in`]).
#[allow(clippy::too_many_arguments)]
fn lookup2(
    ctx: &mut WasiCtx,
    mem: &mut dyn Memory,
    (fd, needed, ptr, len): (u32, Rights, u32, u32),
    (new_fd, new_needed, new_ptr, new_len): (u32, Rights, u32, u32),
    early: Option<Errno>,
    long: LongPath,
    purpose: Purpose,
) -> Result<(Found, Found)> {
    let (dir, _) = dir_fd(ctx, fd, needed)?;
    let (new_dir, _) = dir_fd(ctx, new_fd, new_needed)?;
    let [at, new_at] = read_paths(ctx, mem, [(ptr, len), (new_ptr, new_len)])?;
    if let Some(e) = early {
        return Err(e.into());
    }
    let src = resolve_name(ctx, dir, at, false, long, purpose)?;
    Ok((src, resolve_name(ctx, new_dir, new_at, false, long, purpose)?))
}

/// `path_open(dirfd, dirflags, path, oflags, rights_base, rights_inheriting, fdflags, fd_ptr)`:
/// opens (or with `O_CREAT` creates) a file or directory. `O_TRUNC` counts as a write and
/// needs `FD_WRITE`; the whole access is worked out before anything changes.
/// Errors, in wasmtime's order: the path (a trap out of bounds, `EILSEQ`), the fd (`ENOTDIR`
/// for a file, `EBADF` for anything else that is not a directory, `ENOTCAPABLE`), `EINVAL`
/// (`O_CREAT|O_DIRECTORY`), then `ENAMETOOLONG` (a path of `PATH_MAX` bytes or more, a name
/// over `NAME_MAX`), `ENOENT`, `EEXIST` (`O_CREAT|O_EXCL`), `ENOTDIR` (`O_DIRECTORY` on a
/// file, a file in the path, a trailing slash after a file), `EISDIR` (a directory opened for
/// writing or truncation, `O_CREAT` with a trailing slash), `ELOOP` (a final symlink not
/// followed, or too many), `EPERM` (escaping the directory). Unknown oflags trap.
///
/// Differs from wasmtime 50, which refuses `DSYNC`, `RSYNC` and `SYNC` with `ENOTSUP`: they are
/// accepted and reported by `fd_fdstat_get` (what wasi-testsuite expects of a host that supports
/// them). Memory is always in sync, so they change nothing else.
#[allow(clippy::too_many_arguments)]
pub fn path_open(
    ctx: &mut WasiCtx,
    mem: &mut dyn Memory,
    fd: u32,
    dirflags: u32,
    path: u32,
    path_len: u32,
    oflags: u32,
    base: u64,
    inheriting: u64,
    fdflags_: u32,
    fd_out: u32,
) -> Result<()> {
    if oflags & !(O_CREAT | O_DIRECTORY | O_EXCL | O_TRUNC) != 0 {
        return Err(Trap::InvalidFlags("Oflags").into());
    }
    // Only FD_WRITE decides the access mode (as wasmtime); TRUNC truncates whatever it is.
    let write = base & rights::FD_WRITE != 0 || oflags & O_TRUNC != 0;
    let needed = rights::PATH_OPEN | if oflags & O_CREAT != 0 { rights::PATH_CREATE_FILE } else { 0 };
    let follow = dirflags & SYMLINK_FOLLOW != 0 && oflags & (O_CREAT | O_EXCL) != O_CREAT | O_EXCL;
    // wasmtime reads the path before it looks at the fd, and a file is ENOTDIR here only.
    let [at] = read_paths(ctx, mem, [(path, path_len)])?;
    if let FdKind::File { .. } = ctx.fds.get(fd, 0)?.kind {
        return Err(Errno::NOTDIR.into());
    }
    let (dir, dir_inheriting) = dir_fd(ctx, fd, needed)?;
    if oflags & (O_CREAT | O_DIRECTORY) == O_CREAT | O_DIRECTORY {
        return Err(Errno::INVAL.into());
    }
    // The whole access, from the flags alone, checked once before anything happens: opening
    // to write, truncate or create is a write; to read (or neither), a read.
    let mut access = if write || oflags & (O_CREAT | O_EXCL) != 0 { WRITE } else { 0 };
    if base & (rights::FD_READ | rights::FD_READDIR) != 0 || base & rights::FD_WRITE == 0 {
        access |= READ;
    }
    let found = match resolve_in(ctx, dir, at.clone(), follow, LongPath::Refused, ("path_open", access)) {
        // O_CREAT with a trailing slash after a file or a symlink ("f/", "l/") is EISDIR, as
        // wasmtime (Linux's open checks the slash first); a file further up stays ENOTDIR.
        Err(e) if e == Errno::NOTDIR.into() && oflags & O_CREAT != 0 && ctx.scratch[at.clone()].ends_with(b"/") => {
            let path = core::str::from_utf8(&ctx.scratch[at.clone()]).map_err(|_| Errno::ILSEQ)?;
            resolve(&ctx.fs, dir, path.trim_end_matches('/'), false)?;
            return Err(Errno::ISDIR.into());
        }
        r => r?,
    };
    let granted = ctx.grant_for(&found).map(Box::new);
    let now = ctx.clock.realtime_ns();
    let ino = match found.ino {
        Some(ino) => {
            if oflags & O_CREAT != 0 && oflags & O_EXCL != 0 {
                return Err(Errno::EXIST.into());
            }
            match &ctx.fs.node(ino).node {
                Node::Symlink(_) => return Err(Errno::LOOP.into()),
                Node::Dir(_) if write || oflags & O_CREAT != 0 => return Err(Errno::ISDIR.into()),
                Node::Dir(_) => {}
                Node::File(_) if oflags & O_DIRECTORY != 0 => return Err(Errno::NOTDIR.into()),
                Node::File(_) => {}
            }
            ino
        }
        None => {
            let too_long = found.name_too_long();
            let Some(name) = found.name.as_deref().filter(|_| oflags & O_CREAT != 0) else {
                return Err(if too_long { Errno::NAMETOOLONG } else { Errno::NOENT }.into());
            };
            // (O_DIRECTORY with O_CREAT was refused above.) A trailing slash comes before a
            // long name, as in wasmtime.
            if found.dir_expected {
                return Err(Errno::ISDIR.into());
            }
            if too_long {
                return Err(Errno::NAMETOOLONG.into());
            }
            ctx.fs.create(found.parent, name, Node::file(Vec::new()), now)?
        }
    };
    let is_dir = matches!(ctx.fs.node(ino).node, Node::Dir(_));
    if oflags & O_TRUNC != 0 && !is_dir {
        ctx.fs.file_mut(ino)?.set_len(0)?;
        let n = ctx.fs.node_mut(ino);
        n.mtim = now;
        n.ctim = now;
    }
    // The access mode: FD_READ and FD_WRITE as asked, and readable when neither is (wasmtime
    // opens read-only then). Other rights are not enforced by wasmtime; all are granted.
    let mode = match base & (rights::FD_READ | rights::FD_WRITE) {
        0 => rights::FD_READ,
        m => m,
    };
    let possible = if is_dir { DIR_RIGHTS } else { (FILE_RIGHTS & !(rights::FD_READ | rights::FD_WRITE)) | mode };
    let kind = if is_dir {
        FdKind::Dir { ino, preopen: None }
    } else {
        FdKind::File { ino, pos: 0, append: fdflags_ as u16 & fdflags::APPEND != 0 }
    };
    let entry = FdEntry {
        kind,
        rights_base: possible,
        rights_inheriting: (inheriting & dir_inheriting) | possible,
        flags: fdflags_ as u16 & (fdflags::APPEND | fdflags::NONBLOCK | fdflags::SYNC_ALL),
        granted: if is_dir { None } else { granted },
    };
    let new = ctx.fds.push(entry);
    write_u32(mem, fd_out, new)
}

/// `path_create_directory(fd, path, path_len)`. Errors: `EBADF` (not a directory fd), then the
/// path's (a trap, `EILSEQ`), `EEXIST`, `ENOENT` (missing parent), `ENOTDIR`, `ENAMETOOLONG`,
/// `EPERM` (escape), `ENOTCAPABLE`.
pub fn path_create_directory(ctx: &mut WasiCtx, mem: &mut dyn Memory, fd: u32, path: u32, len: u32) -> Result<()> {
    let (dir, _) = dir_fd(ctx, fd, rights::PATH_CREATE_DIRECTORY)?;
    let [at] = read_paths(ctx, mem, [(path, len)])?;
    // Trailing slashes name the directory to create: they are dropped, so "f/" on a file or a
    // symlink is EEXIST, not ENOTDIR (as wasmtime, and Linux's mkdirat).
    let keep = ctx.scratch[at.clone()].iter().rposition(|&b| b != b'/').map_or(at.len(), |i| i + 1);
    let found = resolve_name(ctx, dir, at.start..at.start + keep, false, LongPath::Resolved, ("path_create_directory", WRITE))?;
    match (found.ino, found.name) {
        (None, Some(name)) => {
            let now = ctx.clock.realtime_ns();
            ctx.fs.create(found.parent, &name, Node::Dir(Dir::default()), now)?;
            Ok(())
        }
        _ => Err(Errno::EXIST.into()),
    }
}

/// `path_filestat_get(fd, flags, path, path_len, filestat_ptr)`. Errors: `EBADF` (not a
/// directory fd), then the path's (a trap, `EILSEQ`), `ENAMETOOLONG` (a path of `PATH_MAX`
/// bytes or more, as wasmtime on Linux, or a name over `NAME_MAX`), `ENOENT`, `ENOTDIR`,
/// `ELOOP`, `EPERM` (escape), `ENOTCAPABLE`; a bad pointer traps.
pub fn path_filestat_get(ctx: &mut WasiCtx, mem: &mut dyn Memory, fd: u32, flags: u32, path: u32, len: u32, out: u32) -> Result<()> {
    let (dir, _) = dir_fd(ctx, fd, rights::PATH_FILESTAT_GET)?;
    let [at] = read_paths(ctx, mem, [(path, len)])?;
    let found = resolve_name(ctx, dir, at, flags & SYMLINK_FOLLOW != 0, LongPath::Refused, ("path_filestat_get", READ))?;
    let ino = found.ino.ok_or(Errno::NOENT)?;
    let stat = filestat(&ctx.fs, ino);
    crate::memory::check_align(out, 8)?;
    mem.write(out, &stat)
}

/// `path_filestat_set_times(fd, flags, path, path_len, atim, mtim, fst_flags)`.
/// Errors: `EINVAL` for conflicting flags, before anything else (as wasmtime); then as
/// `path_filestat_get`, but a long path is only `ENAMETOOLONG` with a trailing slash.
#[allow(clippy::too_many_arguments)]
pub fn path_filestat_set_times(ctx: &mut WasiCtx, mem: &mut dyn Memory, fd: u32, flags: u32, path: u32, len: u32, atim: u64, mtim: u64, fst: u32) -> Result<()> {
    check_fst_flags(fst)?;
    let found = lookup(ctx, mem, fd, rights::PATH_FILESTAT_SET_TIMES, path, len, flags & SYMLINK_FOLLOW != 0, ("path_filestat_set_times", WRITE))?;
    let ino = found.ino.ok_or(Errno::NOENT)?;
    set_times(ctx, ino, atim, mtim, fst)
}

/// `path_link(old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len)`: a hard link.
/// Errors, in wasmtime's order: `EBADF` (either fd not a directory), the paths' (a trap,
/// `EILSEQ`), `EINVAL` for `LOOKUP_SYMLINK_FOLLOW` (wasmtime does not follow for link), then
/// `ENOENT`, `EEXIST`, `EPERM` (a directory, or an escape), `ENOTDIR`, `ENAMETOOLONG`,
/// `ENOTCAPABLE`.
#[allow(clippy::too_many_arguments)]
pub fn path_link(ctx: &mut WasiCtx, mem: &mut dyn Memory, old_fd: u32, old_flags: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32) -> Result<()> {
    let follow = (old_flags & SYMLINK_FOLLOW != 0).then_some(Errno::INVAL);
    let (src, dst) = lookup2(
        ctx,
        mem,
        (old_fd, rights::PATH_LINK_SOURCE, old_path, old_len),
        (new_fd, rights::PATH_LINK_TARGET, new_path, new_len),
        follow,
        LongPath::RefusedWithSlash,
        ("path_link", WRITE),
    )?;
    let ino = src.ino.ok_or(Errno::NOENT)?;
    if matches!(ctx.fs.node(ino).node, Node::Dir(_)) {
        return Err(Errno::PERM.into());
    }
    let (None, Some(name)) = (dst.ino, dst.name) else { return Err(Errno::EXIST.into()) };
    if dst.dir_expected {
        return Err(Errno::NOENT.into());
    }
    let now = ctx.clock.realtime_ns();
    ctx.fs.link(dst.parent, &name, ino, now)
}

/// `path_readlink(fd, path, path_len, buf, buf_len, bufused_ptr)`: the target, truncated to
/// the buffer (as wasmtime). Errors: `EBADF` (not a directory fd), then the path's (a trap,
/// `EILSEQ`), `EINVAL` (not a symlink), `ENOENT`, `ENAMETOOLONG`, `ENOTCAPABLE`.
#[allow(clippy::too_many_arguments)]
pub fn path_readlink(ctx: &mut WasiCtx, mem: &mut dyn Memory, fd: u32, path: u32, len: u32, buf: u32, buf_len: u32, used: u32) -> Result<()> {
    let found = lookup(ctx, mem, fd, rights::PATH_READLINK, path, len, false, ("path_readlink", READ))?;
    let ino = found.ino.ok_or(Errno::NOENT)?;
    let Node::Symlink(target) = &ctx.fs.node(ino).node else { return Err(Errno::INVAL.into()) };
    let n = target.len().min(buf_len as usize);
    mem.write(buf, &target.as_bytes()[..n])?;
    write_u32(mem, used, n as u32)
}

/// `path_remove_directory(fd, path, path_len)`. Errors: `EBADF` (not a directory fd), then the
/// path's (a trap, `EILSEQ`), `ENOTEMPTY`, `ENOTDIR`, `ENOENT`, `ENAMETOOLONG`, `EINVAL`/`EBUSY`
/// for `.` or a preopen, `EPERM` (escape), `ENOTCAPABLE`.
pub fn path_remove_directory(ctx: &mut WasiCtx, mem: &mut dyn Memory, fd: u32, path: u32, len: u32) -> Result<()> {
    let found = lookup(ctx, mem, fd, rights::PATH_REMOVE_DIRECTORY, path, len, false, ("path_remove_directory", WRITE))?;
    if found.dir_expected && found.ino.is_some() {
        return Err(Errno::INVAL.into()); // "d/" names d's own "." (as wasmtime)
    }
    let (Some(ino), Some(name)) = (found.ino, found.name) else {
        return Err(if found.ino.is_some() { Errno::INVAL } else { Errno::NOENT }.into());
    };
    if !ctx.fs.dir(ino)?.is_empty() {
        return Err(Errno::NOTEMPTY.into());
    }
    if ctx.is_preopen(ino) {
        return Err(Errno::BUSY.into());
    }
    ctx.remove_entry(found.parent, &name)
}

/// `path_unlink_file(fd, path, path_len)`. Errors: `EBADF` (not a directory fd), then the
/// path's (a trap, `EILSEQ`), `EISDIR` (a directory), `ENOTDIR` (a trailing slash), `ENOENT`,
/// `ENAMETOOLONG`, `EPERM` (escape), `ENOTCAPABLE`.
pub fn path_unlink_file(ctx: &mut WasiCtx, mem: &mut dyn Memory, fd: u32, path: u32, len: u32) -> Result<()> {
    let found = lookup(ctx, mem, fd, rights::PATH_UNLINK_FILE, path, len, false, ("path_unlink_file", WRITE))?;
    let (Some(ino), Some(name)) = (found.ino, found.name) else {
        return Err(if found.ino.is_some() { Errno::ISDIR } else { Errno::NOENT }.into());
    };
    if matches!(ctx.fs.node(ino).node, Node::Dir(_)) {
        return Err(Errno::ISDIR.into());
    }
    if found.dir_expected {
        return Err(Errno::NOTDIR.into());
    }
    ctx.remove_entry(found.parent, &name)
}

/// `path_symlink(old_path, old_len, fd, new_path, new_len)`: a symlink holding `old_path` as
/// written (dangling targets are allowed; following an absolute one is refused).
/// Errors, in wasmtime's order (observed on Linux): `EBADF` (not a directory fd), the target's
/// then the new path's (a trap, `EILSEQ`), `EPERM` (an absolute target), the new path's
/// resolution (`ENOENT`, `ENOTDIR`, `ENAMETOOLONG`, `EPERM` for an escape, `EINVAL` for a NUL),
/// `ENOENT` (a missing name with a trailing slash), then the target's content: `ENOENT`
/// (empty), `EINVAL` (a NUL), `ENAMETOOLONG` (`PATH_MAX` bytes or more), then `EEXIST`.
pub fn path_symlink(ctx: &mut WasiCtx, mem: &mut dyn Memory, old_path: u32, old_len: u32, fd: u32, new_path: u32, new_len: u32) -> Result<()> {
    let (dir, _) = dir_fd(ctx, fd, rights::PATH_SYMLINK)?;
    let [target_at, at] = read_paths(ctx, mem, [(old_path, old_len), (new_path, new_len)])?;
    let target = &ctx.scratch[target_at.clone()];
    if target.first() == Some(&b'/') {
        return Err(Errno::PERM.into()); // an absolute target can never resolve inside
    }
    let target_err = if target.is_empty() {
        Some(Errno::NOENT)
    } else if target.contains(&0) {
        Some(Errno::INVAL)
    } else if target.len() >= PATH_MAX {
        Some(Errno::NAMETOOLONG)
    } else {
        None
    };
    let found = resolve_name(ctx, dir, at, false, LongPath::RefusedWithSlash, ("path_symlink", WRITE))?;
    if found.ino.is_none() && found.dir_expected {
        return Err(Errno::NOENT.into());
    }
    if let Some(e) = target_err {
        return Err(e.into());
    }
    let (None, Some(name)) = (found.ino, found.name) else { return Err(Errno::EXIST.into()) };
    let target = String::from_utf8_lossy(&ctx.scratch[target_at]).into_owned(); // checked UTF-8
    let now = ctx.clock.realtime_ns();
    ctx.fs.create(found.parent, &name, Node::Symlink(target), now)?;
    Ok(())
}

/// `path_rename(fd, old_path, old_len, new_fd, new_path, new_len)`: moves an entry, replacing
/// a file with a file or an empty directory with a directory.
/// Errors: `ENOENT`, `EISDIR` (a directory onto a file... as POSIX: file onto dir), `ENOTDIR`
/// (dir onto file, trailing slash on a file), `ENOTEMPTY`, `EINVAL` (a directory into itself),
/// `EBUSY` (a preopen), `EPERM` (escape), `ENAMETOOLONG`, `ENOTCAPABLE` — all after both fds
/// (`EBADF` unless directories) and both paths (a trap, `EILSEQ`) are checked, as wasmtime.
#[allow(clippy::too_many_arguments)]
pub fn path_rename(ctx: &mut WasiCtx, mem: &mut dyn Memory, fd: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32) -> Result<()> {
    let (src, dst) = lookup2(
        ctx,
        mem,
        (fd, rights::PATH_RENAME_SOURCE, old_path, old_len),
        (new_fd, rights::PATH_RENAME_TARGET, new_path, new_len),
        None,
        LongPath::Resolved,
        ("path_rename", WRITE),
    )?;
    if src.via_symlink {
        return Err(Errno::NOTDIR.into()); // "l/": a symlink is not a directory, dangling or not
    }
    let (Some(ino), Some(name)) = (src.ino, src.name) else {
        return Err(if src.ino.is_some() { Errno::BUSY } else { Errno::NOENT }.into());
    };
    let Some(new_name) = dst.name else { return Err(Errno::BUSY.into()) };
    let src_dir = matches!(ctx.fs.node(ino).node, Node::Dir(_));
    if !src_dir && (src.dir_expected || dst.dir_expected) {
        return Err(Errno::NOTDIR.into());
    }
    if ctx.is_preopen(ino) {
        return Err(Errno::BUSY.into());
    }
    if src_dir && ctx.fs.is_within(dst.parent, ino) {
        return Err(Errno::INVAL.into());
    }
    if let Some(target) = dst.ino {
        if target == ino {
            return Ok(());
        }
        match (&ctx.fs.node(target).node, src_dir) {
            (Node::Dir(d), true) if !d.is_empty() => return Err(Errno::NOTEMPTY.into()),
            (Node::Dir(_), true) => {}
            (Node::Dir(_), false) => return Err(Errno::ISDIR.into()),
            (_, true) => return Err(Errno::NOTDIR.into()),
            (_, false) => {}
        }
        ctx.remove_entry(dst.parent, &new_name)?;
    }
    let now = ctx.clock.realtime_ns();
    ctx.fs.rename(src.parent, &name, dst.parent, &new_name, now)
}

/// `fd_readdir(fd, buf, buf_len, cookie, bufused_ptr)`: `.`, `..`, then the entries; each a
/// 24-byte dirent (d_next u64, d_ino u64, d_namlen u32, d_type u8) and the name. Cookies are
/// stable while entries come and go. A buffer too small for the next entry is filled to the
/// brim with part of it and `bufused == buf_len` (as wasmtime), so libc retries larger.
/// Errors: `EBADF` (not a directory, a file included, as wasmtime), `ENOTCAPABLE`; a bad
/// pointer traps.
pub fn fd_readdir(ctx: &mut WasiCtx, mem: &mut dyn Memory, fd: u32, buf: u32, buf_len: u32, cookie: u64, used: u32) -> Result<()> {
    let (ino, _) = dir_fd(ctx, fd, rights::FD_READDIR)?;
    range_end(buf, buf_len)?;
    ctx.check_dir("fd_readdir", ino, READ)?;
    // The entries are laid out in host scratch space and copied to the guest at once: one
    // crossing for the whole buffer rather than two per entry.
    let dir = ctx.fs.dir(ino)?;
    let self_ino = ctx.fs.node(ino).ino;
    let parent_ino = ctx.fs.node(dir.parent).ino;
    let cap = buf_len as usize;
    let out = &mut ctx.scratch;
    out.clear();
    let mut put = |next: u64, d_ino: u64, kind: u8, name: &str| -> bool {
        let mut head = [0u8; 24];
        head[0..8].copy_from_slice(&next.to_le_bytes());
        head[8..16].copy_from_slice(&d_ino.to_le_bytes());
        head[16..20].copy_from_slice(&(name.len() as u32).to_le_bytes());
        head[20] = kind;
        for part in [&head[..], name.as_bytes()] {
            let n = (cap - out.len()).min(part.len());
            out.extend_from_slice(&part[..n]);
            if out.len() == cap {
                return false;
            }
        }
        true
    };
    let mut more = true;
    if cookie == 0 {
        more = put(1, self_ino, filetype::DIRECTORY, ".");
    }
    if more && cookie <= 1 {
        more = put(2, parent_ino, filetype::DIRECTORY, "..");
    }
    if more {
        for (seq, name, child) in dir.entries_from(cookie.saturating_sub(2)) {
            let n = ctx.fs.node(child);
            if !put(seq + 3, n.ino, n.filetype(), name) {
                break;
            }
        }
    }
    let at = out.len() as u32;
    mem.write(buf, out)?;
    write_u32(mem, used, at)
}
