//! The preview1 syscalls: decode arguments, call the core, write results, return an errno.
//!
//! Every function takes the guest's [`WasiCtx`] and its [`Memory`] plus the raw wasm arguments
//! (`u32` for pointers, sizes and enums; `u64` for 64-bit values), and returns `Ok(())` for
//! `ESUCCESS`, `Err(Error::Errno(_))` for any other errno, or `Err(Error::Trap(_))` to end the
//! guest. The boundary in `js/` maps these onto the import object; [`ALL`] lists all 46.
//!
//! [`WasiCtx`]: crate::ctx::WasiCtx
//! [`Memory`]: crate::memory::Memory

pub mod args;
pub mod clock;
pub mod fd;
pub mod fs;
pub mod proc;
pub mod sock;

/// Name and parameter count of every `wasi_snapshot_preview1` import, in witx order.
pub const ALL: [(&str, u32); 46] = [
    ("args_get", 2),
    ("args_sizes_get", 2),
    ("environ_get", 2),
    ("environ_sizes_get", 2),
    ("clock_res_get", 2),
    ("clock_time_get", 3),
    ("fd_advise", 4),
    ("fd_allocate", 3),
    ("fd_close", 1),
    ("fd_datasync", 1),
    ("fd_fdstat_get", 2),
    ("fd_fdstat_set_flags", 2),
    ("fd_fdstat_set_rights", 3),
    ("fd_filestat_get", 2),
    ("fd_filestat_set_size", 2),
    ("fd_filestat_set_times", 4),
    ("fd_pread", 5),
    ("fd_prestat_get", 2),
    ("fd_prestat_dir_name", 3),
    ("fd_pwrite", 5),
    ("fd_read", 4),
    ("fd_readdir", 5),
    ("fd_renumber", 2),
    ("fd_seek", 4),
    ("fd_sync", 1),
    ("fd_tell", 2),
    ("fd_write", 4),
    ("path_create_directory", 3),
    ("path_filestat_get", 5),
    ("path_filestat_set_times", 7),
    ("path_link", 7),
    ("path_open", 9),
    ("path_readlink", 6),
    ("path_remove_directory", 3),
    ("path_rename", 6),
    ("path_symlink", 5),
    ("path_unlink_file", 3),
    ("poll_oneoff", 4),
    ("proc_exit", 1),
    ("proc_raise", 1),
    ("sched_yield", 0),
    ("random_get", 2),
    ("sock_accept", 3),
    ("sock_recv", 6),
    ("sock_send", 5),
    ("sock_shutdown", 2),
];
