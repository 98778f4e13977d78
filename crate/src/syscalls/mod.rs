//! The preview1 syscalls: decode arguments, call the core, write results, return an errno.
//!
//! Every function takes the guest's [`WasiCtx`] and its [`Memory`] plus the raw wasm arguments
//! (`u32` for pointers, sizes and enums; `u64` for 64-bit values), and returns `Ok(())` for
//! `ESUCCESS`, `Err(Error::Errno(_))` for any other errno, or `Err(Error::Trap(_))` to end the
//! guest. The boundary in `js/` maps these onto the import object; [`ALL`] lists all 46 with
//! their exact wasm types.
//!
//! [`WasiCtx`]: crate::ctx::WasiCtx
//! [`Memory`]: crate::memory::Memory

pub mod args;
pub mod clock;
pub mod fd;
pub mod fs;
pub mod poll;
pub mod proc;
pub mod sock;

/// A syscall's wasm signature: its name, its parameter types (`i` for i32, `I` for i64), and
/// whether it returns an errno (every call but `proc_exit`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    /// The import name.
    pub name: &'static str,
    /// One letter per parameter: `i` is i32, `I` is i64.
    pub params: &'static str,
    /// Whether the call returns an errno (an i32).
    pub returns: bool,
}

impl Signature {
    /// Number of parameters.
    pub fn arity(&self) -> u32 {
        self.params.len() as u32
    }
}

const fn sig(name: &'static str, params: &'static str) -> Signature {
    Signature { name, params, returns: true }
}

/// Every `wasi_snapshot_preview1` import with its exact wasm type, in witx order.
pub const ALL: [Signature; 46] = [
    sig("args_get", "ii"),
    sig("args_sizes_get", "ii"),
    sig("environ_get", "ii"),
    sig("environ_sizes_get", "ii"),
    sig("clock_res_get", "ii"),
    sig("clock_time_get", "iIi"),
    sig("fd_advise", "iIIi"),
    sig("fd_allocate", "iII"),
    sig("fd_close", "i"),
    sig("fd_datasync", "i"),
    sig("fd_fdstat_get", "ii"),
    sig("fd_fdstat_set_flags", "ii"),
    sig("fd_fdstat_set_rights", "iII"),
    sig("fd_filestat_get", "ii"),
    sig("fd_filestat_set_size", "iI"),
    sig("fd_filestat_set_times", "iIIi"),
    sig("fd_pread", "iiiIi"),
    sig("fd_prestat_get", "ii"),
    sig("fd_prestat_dir_name", "iii"),
    sig("fd_pwrite", "iiiIi"),
    sig("fd_read", "iiii"),
    sig("fd_readdir", "iiiIi"),
    sig("fd_renumber", "ii"),
    sig("fd_seek", "iIii"),
    sig("fd_sync", "i"),
    sig("fd_tell", "ii"),
    sig("fd_write", "iiii"),
    sig("path_create_directory", "iii"),
    sig("path_filestat_get", "iiiii"),
    sig("path_filestat_set_times", "iiiiIIi"),
    sig("path_link", "iiiiiii"),
    sig("path_open", "iiiiiIIii"),
    sig("path_readlink", "iiiiii"),
    sig("path_remove_directory", "iii"),
    sig("path_rename", "iiiiii"),
    sig("path_symlink", "iiiii"),
    sig("path_unlink_file", "iii"),
    sig("poll_oneoff", "iiii"),
    Signature { name: "proc_exit", params: "i", returns: false },
    sig("proc_raise", "i"),
    sig("sched_yield", ""),
    sig("random_get", "ii"),
    sig("sock_accept", "iii"),
    sig("sock_recv", "iiiiii"),
    sig("sock_send", "iiiii"),
    sig("sock_shutdown", "ii"),
];
