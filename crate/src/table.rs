//! The syscall table: every `wasi_snapshot_preview1` import with its exact wasm type, in witx
//! order. It depends on nothing, so the syscalls, the trampoline encoder (`abi`), the trace
//! and the JS boundary can all name a call by its index here without depending on each other.

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

/// The index of `name` in [`ALL`]; usable in constants.
pub const fn index_of(name: &str) -> usize {
    let mut i = 0;
    while i < ALL.len() {
        let a = ALL[i].name.as_bytes();
        let b = name.as_bytes();
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return i;
            }
        }
        i += 1;
    }
    panic!("not a preview1 syscall")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_of_finds_every_name() {
        for (i, s) in ALL.iter().enumerate() {
            assert_eq!(index_of(s.name), i);
        }
    }
}
