//! The filesystem calls, which need the VFS (a later release). Until then each returns
//! `ENOSYS` — never a fake success. The boundary wires every one of these, so the import
//! object is complete.

use crate::ctx::WasiCtx;
use crate::errno::{Errno, Result};
use crate::memory::Memory;

/// Names of the calls that return `ENOSYS` in this release.
pub const NOT_YET: [&str; 21] = [
    "fd_advise",
    "fd_allocate",
    "fd_datasync",
    "fd_fdstat_set_rights",
    "fd_filestat_set_size",
    "fd_filestat_set_times",
    "fd_pread",
    "fd_pwrite",
    "fd_readdir",
    "fd_renumber",
    "fd_sync",
    "path_create_directory",
    "path_filestat_get",
    "path_filestat_set_times",
    "path_link",
    "path_open",
    "path_readlink",
    "path_remove_directory",
    "path_rename",
    "path_symlink",
    "path_unlink_file",
];

/// Any call in [`NOT_YET`]. Errors: always `ENOSYS`.
pub fn not_yet(_ctx: &mut WasiCtx, _mem: &mut dyn Memory) -> Result<()> {
    Err(Errno::NOSYS.into())
}
