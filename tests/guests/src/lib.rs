//! Shared helpers for the guest programs in `src/bin/`.
//!
//! Each binary checks one behaviour of a WASI preview1 host. The raw imports below are
//! declared by hand (no `wasi` crate) so a guest can hand the host exactly the pointers
//! and lengths it wants to test, including invalid ones.

/// Raw `wasi_snapshot_preview1` imports. Pointers and `u32`s are `i32`, `u64`s are `i64`,
/// every call returns the errno as `i32`, exactly as in the preview1 witx.
pub mod wasi {
    #[link(wasm_import_module = "wasi_snapshot_preview1")]
    extern "C" {
        pub fn args_get(argv: i32, argv_buf: i32) -> i32;
        pub fn args_sizes_get(argc: i32, argv_buf_size: i32) -> i32;
        pub fn environ_get(environ: i32, environ_buf: i32) -> i32;
        pub fn environ_sizes_get(count: i32, buf_size: i32) -> i32;
        pub fn clock_res_get(id: i32, resolution: i32) -> i32;
        pub fn clock_time_get(id: i32, precision: i64, time: i32) -> i32;
        pub fn fd_close(fd: i32) -> i32;
        pub fn fd_fdstat_get(fd: i32, stat: i32) -> i32;
        pub fn fd_prestat_get(fd: i32, prestat: i32) -> i32;
        pub fn fd_prestat_dir_name(fd: i32, path: i32, path_len: i32) -> i32;
        pub fn fd_read(fd: i32, iovs: i32, iovs_len: i32, nread: i32) -> i32;
        pub fn fd_write(fd: i32, iovs: i32, iovs_len: i32, nwritten: i32) -> i32;
        pub fn poll_oneoff(in_: i32, out: i32, nsubscriptions: i32, nevents: i32) -> i32;
        pub fn proc_raise(sig: i32) -> i32;
        pub fn sched_yield() -> i32;
        pub fn random_get(buf: i32, buf_len: i32) -> i32;
        pub fn sock_accept(fd: i32, flags: i32, result_fd: i32) -> i32;
        pub fn sock_recv(
            fd: i32,
            ri_data: i32,
            ri_data_len: i32,
            ri_flags: i32,
            ro_datalen: i32,
            ro_flags: i32,
        ) -> i32;
        pub fn sock_send(
            fd: i32,
            si_data: i32,
            si_data_len: i32,
            si_flags: i32,
            so_datalen: i32,
        ) -> i32;
        pub fn sock_shutdown(fd: i32, how: i32) -> i32;
    }
}

/// A preview1 `ciovec`/`iovec`: `{ buf: u32, buf_len: u32 }`, 8 bytes, align 4.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct IoVec {
    /// Guest address of the bytes.
    pub buf: u32,
    /// Number of bytes.
    pub buf_len: u32,
}

const _: () = assert!(core::mem::size_of::<IoVec>() == 8);

/// The guest address of something the host only reads, as the `i32` the imports take.
pub fn addr<T: ?Sized>(p: *const T) -> i32 {
    p as *const u8 as usize as i32
}

/// The guest address of something the host writes (taken from a `&mut`, so the compiler
/// does not assume the value is unchanged after the call).
pub fn addr_mut<T: ?Sized>(p: *mut T) -> i32 {
    p as *mut u8 as usize as i32
}

/// Current linear memory size in bytes: the first address that is out of bounds.
pub fn memory_bytes() -> u32 {
    (core::arch::wasm32::memory_size(0) * 65536) as u32
}

/// Fills `buf` with the raw `random_get` import; returns the errno.
pub fn random_fill(buf: &mut [u8]) -> i32 {
    unsafe { wasi::random_get(addr_mut(buf.as_mut_ptr()), buf.len() as i32) }
}

/// Escapes bytes the same way the C and Go `hello` guests do: printable ASCII other than
/// `\` as is, `\n` and `\\` as two characters, every other byte as `\xNN` (lower-case hex).
pub fn escape(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'\n' => s.push_str("\\n"),
            b'\\' => s.push_str("\\\\"),
            0x20..=0x7e => s.push(b as char),
            _ => s.push_str(&format!("\\x{b:02x}")),
        }
    }
    s
}

/// Raw preview1 filesystem calls and small wrappers for the `fs_*` guests.
///
/// Every wrapper returns `Result<_, i32>` with the raw errno as the error, and `show`
/// prints one line per operation: `<label>: ok[ <result>]` or `<label>: errno=<NAME>`.
/// Paths are `impl AsRef<[u8]>`, so a test can pass any bytes (NUL, not UTF-8) as is.
pub mod fs {
    use super::{addr, addr_mut, IoVec};

    /// The preview1 filesystem imports (declared apart from `super::wasi` so those stay as
    /// they are).
    pub mod raw {
        #[link(wasm_import_module = "wasi_snapshot_preview1")]
        extern "C" {
            pub fn fd_advise(fd: i32, offset: i64, len: i64, advice: i32) -> i32;
            pub fn fd_allocate(fd: i32, offset: i64, len: i64) -> i32;
            pub fn fd_datasync(fd: i32) -> i32;
            pub fn fd_sync(fd: i32) -> i32;
            pub fn fd_fdstat_set_flags(fd: i32, flags: i32) -> i32;
            pub fn fd_fdstat_set_rights(fd: i32, base: i64, inheriting: i64) -> i32;
            pub fn fd_filestat_get(fd: i32, buf: i32) -> i32;
            pub fn fd_filestat_set_size(fd: i32, size: i64) -> i32;
            pub fn fd_filestat_set_times(fd: i32, atim: i64, mtim: i64, fst_flags: i32) -> i32;
            pub fn fd_pread(fd: i32, iovs: i32, iovs_len: i32, offset: i64, nread: i32) -> i32;
            pub fn fd_pwrite(fd: i32, iovs: i32, iovs_len: i32, offset: i64, nw: i32) -> i32;
            pub fn fd_readdir(fd: i32, buf: i32, buf_len: i32, cookie: i64, bufused: i32)
                -> i32;
            pub fn fd_renumber(fd: i32, to: i32) -> i32;
            pub fn fd_seek(fd: i32, offset: i64, whence: i32, newoffset: i32) -> i32;
            pub fn fd_tell(fd: i32, offset: i32) -> i32;
            pub fn path_create_directory(fd: i32, path: i32, path_len: i32) -> i32;
            pub fn path_filestat_get(fd: i32, flags: i32, path: i32, path_len: i32, buf: i32)
                -> i32;
            pub fn path_filestat_set_times(
                fd: i32,
                flags: i32,
                path: i32,
                path_len: i32,
                atim: i64,
                mtim: i64,
                fst_flags: i32,
            ) -> i32;
            pub fn path_link(
                old_fd: i32,
                old_flags: i32,
                old_path: i32,
                old_path_len: i32,
                new_fd: i32,
                new_path: i32,
                new_path_len: i32,
            ) -> i32;
            pub fn path_open(
                fd: i32,
                dirflags: i32,
                path: i32,
                path_len: i32,
                oflags: i32,
                rights_base: i64,
                rights_inheriting: i64,
                fdflags: i32,
                opened_fd: i32,
            ) -> i32;
            pub fn path_readlink(
                fd: i32,
                path: i32,
                path_len: i32,
                buf: i32,
                buf_len: i32,
                bufused: i32,
            ) -> i32;
            pub fn path_remove_directory(fd: i32, path: i32, path_len: i32) -> i32;
            pub fn path_rename(
                fd: i32,
                old_path: i32,
                old_path_len: i32,
                new_fd: i32,
                new_path: i32,
                new_path_len: i32,
            ) -> i32;
            pub fn path_symlink(
                old_path: i32,
                old_path_len: i32,
                fd: i32,
                new_path: i32,
                new_path_len: i32,
            ) -> i32;
            pub fn path_unlink_file(fd: i32, path: i32, path_len: i32) -> i32;
        }
    }

    /// File types (`filetype`).
    pub const FT_DIR: u8 = 3;
    /// Regular file.
    pub const FT_REG: u8 = 4;
    /// Symbolic link.
    pub const FT_SYMLINK: u8 = 7;

    /// `oflags`.
    pub const O_CREAT: i32 = 1;
    /// Fail unless a directory.
    pub const O_DIRECTORY: i32 = 2;
    /// Fail if it exists.
    pub const O_EXCL: i32 = 4;
    /// Truncate to 0.
    pub const O_TRUNC: i32 = 8;
    /// `fdflags`: append.
    pub const FDFLAG_APPEND: i32 = 1;
    /// `lookupflags`: follow a final symlink.
    pub const FOLLOW: i32 = 1;

    /// Rights bits used by the tests.
    pub const R_FD_DATASYNC: u64 = 1 << 0;
    /// fd_read.
    pub const R_FD_READ: u64 = 1 << 1;
    /// fd_seek.
    pub const R_FD_SEEK: u64 = 1 << 2;
    /// fd_sync.
    pub const R_FD_SYNC: u64 = 1 << 4;
    /// fd_tell.
    pub const R_FD_TELL: u64 = 1 << 5;
    /// fd_write.
    pub const R_FD_WRITE: u64 = 1 << 6;
    /// fd_readdir.
    pub const R_FD_READDIR: u64 = 1 << 14;
    /// fd_filestat_get.
    pub const R_FD_FILESTAT_GET: u64 = 1 << 21;
    /// Every right preview1 defines (bits 0..=29).
    pub const RIGHTS_ALL: u64 = (1 << 30) - 1;

    /// Rights to open a directory with: all but read/write/sync/datasync, any of which
    /// makes wasmtime open the directory for writing and fail with EISDIR.
    pub const DIR_RIGHTS: u64 = RIGHTS_ALL & !(R_FD_READ | R_FD_WRITE | R_FD_SYNC | R_FD_DATASYNC);

    /// `fstflags`.
    pub const ATIM: i32 = 1;
    /// Set atim to now.
    pub const ATIM_NOW: i32 = 2;
    /// Set mtim.
    pub const MTIM: i32 = 4;
    /// Set mtim to now.
    pub const MTIM_NOW: i32 = 8;

    const ERRNO_NAMES: [&str; 77] = [
        "SUCCESS", "2BIG", "ACCES", "ADDRINUSE", "ADDRNOTAVAIL", "AFNOSUPPORT", "AGAIN",
        "ALREADY", "BADF", "BADMSG", "BUSY", "CANCELED", "CHILD", "CONNABORTED",
        "CONNREFUSED", "CONNRESET", "DEADLK", "DESTADDRREQ", "DOM", "DQUOT", "EXIST", "FAULT",
        "FBIG", "HOSTUNREACH", "IDRM", "ILSEQ", "INPROGRESS", "INTR", "INVAL", "IO", "ISCONN",
        "ISDIR", "LOOP", "MFILE", "MLINK", "MSGSIZE", "MULTIHOP", "NAMETOOLONG", "NETDOWN",
        "NETRESET", "NETUNREACH", "NFILE", "NOBUFS", "NODEV", "NOENT", "NOEXEC", "NOLCK",
        "NOLINK", "NOMEM", "NOMSG", "NOPROTOOPT", "NOSPC", "NOSYS", "NOTCONN", "NOTDIR",
        "NOTEMPTY", "NOTRECOVERABLE", "NOTSOCK", "NOTSUP", "NOTTY", "NXIO", "OVERFLOW",
        "OWNERDEAD", "PERM", "PIPE", "PROTO", "PROTONOSUPPORT", "PROTOTYPE", "RANGE", "ROFS",
        "SPIPE", "SRCH", "STALE", "TIMEDOUT", "TXTBSY", "XDEV", "NOTCAPABLE",
    ];

    /// `E<NAME>` for a preview1 errno (`ENOENT`), or the number when it is not one.
    pub fn errno_name(e: i32) -> String {
        match ERRNO_NAMES.get(e as usize) {
            Some(n) if e > 0 => format!("E{n}"),
            _ => e.to_string(),
        }
    }

    /// Prints `<label>: ok` (plus ` <result>` when it is not empty) or `<label>: errno=E...`.
    pub fn show(label: &str, r: Result<String, i32>) {
        match r {
            Ok(s) if s.is_empty() => println!("{label}: ok"),
            Ok(s) => println!("{label}: ok {s}"),
            Err(e) => println!("{label}: errno={}", errno_name(e)),
        }
    }

    /// A raw errno as a `Result`: 0 is `Ok`.
    pub fn check(e: i32) -> Result<(), i32> {
        if e == 0 {
            Ok(())
        } else {
            Err(e)
        }
    }

    /// The fd of the preopen named `name` (searched from fd 3 up); panics when missing.
    pub fn preopen(name: &str) -> i32 {
        for fd in 3..64 {
            let mut pre = [0u32; 2];
            if unsafe { super::wasi::fd_prestat_get(fd, addr_mut(pre.as_mut_ptr())) } != 0 {
                continue;
            }
            let mut buf = vec![0u8; pre[1] as usize];
            let e = unsafe {
                super::wasi::fd_prestat_dir_name(fd, addr_mut(buf.as_mut_ptr()), buf.len() as i32)
            };
            if e == 0 && buf == name.as_bytes() {
                return fd;
            }
        }
        panic!("no preopen named {name}");
    }

    /// `filestat` without the fields that vary between runs (dev, ino, times are kept
    /// raw for the tests that set them).
    #[derive(Clone, Copy, Debug, Default)]
    pub struct Filestat {
        /// File type.
        pub filetype: u8,
        /// Link count.
        pub nlink: u64,
        /// Size in bytes.
        pub size: u64,
        /// Access time (ns).
        pub atim: u64,
        /// Modification time (ns).
        pub mtim: u64,
        /// Status change time (ns).
        pub ctim: u64,
    }

    impl Filestat {
        fn from_bytes(b: &[u8; 64]) -> Self {
            let u = |o: usize| u64::from_le_bytes(b[o..o + 8].try_into().unwrap());
            Filestat { filetype: b[16], nlink: u(24), size: u(32), atim: u(40), mtim: u(48), ctim: u(56) }
        }

        /// `filetype=<t> nlink=<n> size=<s>`: the deterministic part.
        pub fn brief(&self) -> String {
            format!("filetype={} nlink={} size={}", self.filetype, self.nlink, self.size)
        }
    }

    /// `fdstat`.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct Fdstat {
        /// File type.
        pub filetype: u8,
        /// fdflags.
        pub flags: u16,
        /// Base rights.
        pub base: u64,
        /// Inheriting rights.
        pub inheriting: u64,
    }

    impl Fdstat {
        /// `filetype=<t> flags=<f> base=0x.. inheriting=0x..`.
        pub fn brief(&self) -> String {
            format!(
                "filetype={} flags={} base={:#x} inheriting={:#x}",
                self.filetype, self.flags, self.base, self.inheriting
            )
        }
    }

    /// path_open.
    pub fn open(
        dir: i32,
        lookup: i32,
        path: impl AsRef<[u8]>,
        oflags: i32,
        base: u64,
        inheriting: u64,
        fdflags: i32,
    ) -> Result<i32, i32> {
        let mut fd = -1i32;
        check(unsafe {
            raw::path_open(
                dir,
                lookup,
                addr(path.as_ref().as_ptr()),
                path.as_ref().len() as i32,
                oflags,
                base as i64,
                inheriting as i64,
                fdflags,
                addr_mut(&mut fd),
            )
        })?;
        Ok(fd)
    }

    /// path_open with all rights and no fdflags, following symlinks.
    pub fn open_all(dir: i32, path: impl AsRef<[u8]>, oflags: i32) -> Result<i32, i32> {
        open(dir, FOLLOW, path, oflags, RIGHTS_ALL, RIGHTS_ALL, 0)
    }

    /// path_open of a directory (O_DIRECTORY, `DIR_RIGHTS`, following symlinks).
    pub fn open_dir(dir: i32, path: impl AsRef<[u8]>) -> Result<i32, i32> {
        open(dir, FOLLOW, path, O_DIRECTORY, DIR_RIGHTS, RIGHTS_ALL, 0)
    }

    /// fd_close.
    pub fn close(fd: i32) -> Result<(), i32> {
        check(unsafe { super::wasi::fd_close(fd) })
    }

    /// fd_fdstat_get.
    pub fn fdstat(fd: i32) -> Result<Fdstat, i32> {
        let mut b = [0u64; 3];
        check(unsafe { super::wasi::fd_fdstat_get(fd, addr_mut(b.as_mut_ptr())) })?;
        Ok(Fdstat {
            filetype: b[0] as u8,
            flags: (b[0] >> 16) as u16,
            base: b[1],
            inheriting: b[2],
        })
    }

    /// fd_filestat_get.
    pub fn filestat(fd: i32) -> Result<Filestat, i32> {
        let mut b = [0u8; 64];
        check(unsafe { raw::fd_filestat_get(fd, addr_mut(b.as_mut_ptr())) })?;
        Ok(Filestat::from_bytes(&b))
    }

    /// path_filestat_get.
    pub fn path_filestat(dir: i32, lookup: i32, path: impl AsRef<[u8]>) -> Result<Filestat, i32> {
        let mut b = [0u8; 64];
        check(unsafe {
            raw::path_filestat_get(
                dir,
                lookup,
                addr(path.as_ref().as_ptr()),
                path.as_ref().len() as i32,
                addr_mut(b.as_mut_ptr()),
            )
        })?;
        Ok(Filestat::from_bytes(&b))
    }

    /// fd_write of one buffer; the count written.
    pub fn write(fd: i32, data: &[u8]) -> Result<u32, i32> {
        let iov = IoVec { buf: addr(data.as_ptr()) as u32, buf_len: data.len() as u32 };
        let mut n = 0u32;
        check(unsafe { super::wasi::fd_write(fd, addr(&iov), 1, addr_mut(&mut n)) })?;
        Ok(n)
    }

    /// fd_read of up to `max` bytes.
    pub fn read(fd: i32, max: usize) -> Result<Vec<u8>, i32> {
        let mut buf = vec![0u8; max];
        let iov = IoVec { buf: addr_mut(buf.as_mut_ptr()) as u32, buf_len: max as u32 };
        let mut n = 0u32;
        check(unsafe { super::wasi::fd_read(fd, addr(&iov), 1, addr_mut(&mut n)) })?;
        buf.truncate(n as usize);
        Ok(buf)
    }

    /// fd_pread of up to `max` bytes at `offset`.
    pub fn pread(fd: i32, max: usize, offset: u64) -> Result<Vec<u8>, i32> {
        let mut buf = vec![0u8; max];
        let iov = IoVec { buf: addr_mut(buf.as_mut_ptr()) as u32, buf_len: max as u32 };
        let mut n = 0u32;
        check(unsafe { raw::fd_pread(fd, addr(&iov), 1, offset as i64, addr_mut(&mut n)) })?;
        buf.truncate(n as usize);
        Ok(buf)
    }

    /// fd_pwrite of one buffer at `offset`.
    pub fn pwrite(fd: i32, data: &[u8], offset: u64) -> Result<u32, i32> {
        let iov = IoVec { buf: addr(data.as_ptr()) as u32, buf_len: data.len() as u32 };
        let mut n = 0u32;
        check(unsafe { raw::fd_pwrite(fd, addr(&iov), 1, offset as i64, addr_mut(&mut n)) })?;
        Ok(n)
    }

    /// fd_seek; the new offset.
    pub fn seek(fd: i32, offset: i64, whence: i32) -> Result<u64, i32> {
        let mut n = 0u64;
        check(unsafe { raw::fd_seek(fd, offset, whence, addr_mut(&mut n)) })?;
        Ok(n)
    }

    /// fd_tell.
    pub fn tell(fd: i32) -> Result<u64, i32> {
        let mut n = 0u64;
        check(unsafe { raw::fd_tell(fd, addr_mut(&mut n)) })?;
        Ok(n)
    }

    /// path_create_directory.
    pub fn mkdir(dir: i32, path: impl AsRef<[u8]>) -> Result<(), i32> {
        check(unsafe { raw::path_create_directory(dir, addr(path.as_ref().as_ptr()), path.as_ref().len() as i32) })
    }

    /// path_remove_directory.
    pub fn rmdir(dir: i32, path: impl AsRef<[u8]>) -> Result<(), i32> {
        check(unsafe { raw::path_remove_directory(dir, addr(path.as_ref().as_ptr()), path.as_ref().len() as i32) })
    }

    /// path_unlink_file.
    pub fn unlink(dir: i32, path: impl AsRef<[u8]>) -> Result<(), i32> {
        check(unsafe { raw::path_unlink_file(dir, addr(path.as_ref().as_ptr()), path.as_ref().len() as i32) })
    }

    /// path_symlink: a link at `dir`/`path` whose contents are `target`.
    pub fn symlink(target: impl AsRef<[u8]>, dir: i32, path: impl AsRef<[u8]>) -> Result<(), i32> {
        check(unsafe {
            raw::path_symlink(
                addr(target.as_ref().as_ptr()),
                target.as_ref().len() as i32,
                dir,
                addr(path.as_ref().as_ptr()),
                path.as_ref().len() as i32,
            )
        })
    }

    /// path_readlink into a `buf_len`-byte buffer; the bytes up to bufused.
    pub fn readlink(dir: i32, path: impl AsRef<[u8]>, buf_len: usize) -> Result<Vec<u8>, i32> {
        let mut buf = vec![0u8; buf_len];
        let mut used = 0u32;
        check(unsafe {
            raw::path_readlink(
                dir,
                addr(path.as_ref().as_ptr()),
                path.as_ref().len() as i32,
                addr_mut(buf.as_mut_ptr()),
                buf_len as i32,
                addr_mut(&mut used),
            )
        })?;
        buf.truncate(used as usize);
        Ok(buf)
    }

    /// path_link.
    pub fn link(old_dir: i32, lookup: i32, old: impl AsRef<[u8]>, new_dir: i32, new: impl AsRef<[u8]>) -> Result<(), i32> {
        check(unsafe {
            raw::path_link(
                old_dir,
                lookup,
                addr(old.as_ref().as_ptr()),
                old.as_ref().len() as i32,
                new_dir,
                addr(new.as_ref().as_ptr()),
                new.as_ref().len() as i32,
            )
        })
    }

    /// path_rename.
    pub fn rename(old_dir: i32, old: impl AsRef<[u8]>, new_dir: i32, new: impl AsRef<[u8]>) -> Result<(), i32> {
        check(unsafe {
            raw::path_rename(
                old_dir,
                addr(old.as_ref().as_ptr()),
                old.as_ref().len() as i32,
                new_dir,
                addr(new.as_ref().as_ptr()),
                new.as_ref().len() as i32,
            )
        })
    }

    /// fd_readdir into a `buf_len`-byte buffer from `cookie`; the bytes up to bufused.
    pub fn readdir(fd: i32, buf_len: usize, cookie: u64) -> Result<Vec<u8>, i32> {
        let mut buf = vec![0u8; buf_len];
        let mut used = 0u32;
        check(unsafe {
            raw::fd_readdir(
                fd,
                addr_mut(buf.as_mut_ptr()),
                buf_len as i32,
                cookie as i64,
                addr_mut(&mut used),
            )
        })?;
        buf.truncate(used as usize);
        Ok(buf)
    }

    /// One `dirent` (24-byte header then the name) as parsed from a readdir buffer.
    #[derive(Clone, Debug)]
    pub struct Dirent {
        /// Cookie of the next entry.
        pub next: u64,
        /// d_namlen as written.
        pub namlen: u32,
        /// d_type.
        pub d_type: u8,
        /// The name bytes present in the buffer (may be cut short).
        pub name: Vec<u8>,
        /// Whether the header itself was complete.
        pub whole_header: bool,
    }

    /// Splits a readdir buffer into entries; the last may be partial.
    pub fn parse_dirents(buf: &[u8]) -> Vec<Dirent> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < buf.len() {
            if buf.len() - i < 24 {
                out.push(Dirent {
                    next: 0,
                    namlen: 0,
                    d_type: 0,
                    name: Vec::new(),
                    whole_header: false,
                });
                break;
            }
            let h = &buf[i..i + 24];
            let next = u64::from_le_bytes(h[0..8].try_into().unwrap());
            let namlen = u32::from_le_bytes(h[16..20].try_into().unwrap());
            let end = (i + 24 + namlen as usize).min(buf.len());
            out.push(Dirent {
                next,
                namlen,
                d_type: h[20],
                name: buf[i + 24..end].to_vec(),
                whole_header: true,
            });
            i = i + 24 + namlen as usize;
        }
        out
    }

    /// Every entry of directory `fd` read with a large buffer: (name, d_type), sorted.
    pub fn list(fd: i32) -> Result<Vec<(String, u8)>, i32> {
        let buf = readdir(fd, 64 * 1024, 0)?;
        let mut v: Vec<(String, u8)> = parse_dirents(&buf)
            .into_iter()
            .map(|d| (String::from_utf8_lossy(&d.name).into_owned(), d.d_type))
            .collect();
        v.sort();
        Ok(v)
    }

    /// Sorted names of directory `dir`/`path` (opened and closed here), `.` and `..` left
    /// out, as `[a,b]`.
    pub fn names(dir: i32, path: impl AsRef<[u8]>) -> Result<String, i32> {
        let fd = open_dir(dir, path)?;
        let v = list(fd);
        close(fd)?;
        let v: Vec<String> =
            v?.into_iter().map(|(n, _)| n).filter(|n| n != "." && n != "..").collect();
        Ok(format!("[{}]", v.join(",")))
    }

    /// Creates (or truncates) `dir`/`path` holding `data`.
    pub fn put(dir: i32, path: impl AsRef<[u8]>, data: &[u8]) -> Result<(), i32> {
        let fd = open_all(dir, path, O_CREAT | O_TRUNC)?;
        let r = write(fd, data);
        close(fd)?;
        r.map(|_| ())
    }

    /// The whole contents of `dir`/`path` (at most 4 KiB), escaped.
    pub fn get(dir: i32, path: impl AsRef<[u8]>) -> Result<String, i32> {
        let fd = open(dir, FOLLOW, path, 0, R_FD_READ, 0, 0)?;
        let r = read(fd, 4096);
        close(fd)?;
        Ok(format!("\"{}\"", super::escape(&r?)))
    }

    /// `()` results as an empty string for `show`.
    pub fn unit(r: Result<(), i32>) -> Result<String, i32> {
        r.map(|()| String::new())
    }
}

/// Every call that takes a directory fd, made on one fd, for the guests that check what each
/// returns for a bad fd or a bad path.
pub mod each {
    use super::fs::*;
    use super::{addr, addr_mut};

    /// Runs every `path_*` call (each side of path_link and path_rename on its own) and
    /// fd_readdir with `dir` as the directory fd and `path` as the path under test; `sb` is a
    /// good directory holding a file `f`, used for the other side of the two-path calls.
    /// Prints `<ctx>: <call>: ok|errno=E...` for each.
    pub fn path_calls(ctx: &str, dir: i32, path: &[u8], sb: i32) {
        let fd = |r: Result<i32, i32>| {
            r.map(|fd| {
                let _ = close(fd);
                String::from("opened")
            })
        };
        let p = path;
        show(&format!("{ctx}: path_open"), fd(open(dir, FOLLOW, p, 0, R_FD_READ, 0, 0)));
        show(&format!("{ctx}: path_open CREAT"), fd(open_all(dir, p, O_CREAT)));
        show(&format!("{ctx}: path_open DIRECTORY"), fd(open_dir(dir, p)));
        show(&format!("{ctx}: path_create_directory"), unit(mkdir(dir, p)));
        // A directory's size is the host's (4096 on ext4 under wasmtime): left out.
        show(&format!("{ctx}: path_filestat_get"), path_filestat(dir, FOLLOW, p).map(|s| match s.filetype {
            FT_DIR => format!("filetype={} nlink={}", s.filetype, s.nlink),
            _ => s.brief(),
        }));
        show(&format!("{ctx}: path_filestat_set_times"), unit(check(unsafe {
            raw::path_filestat_set_times(dir, 0, addr(p.as_ptr()), p.len() as i32, 0, 0, ATIM_NOW)
        })));
        show(&format!("{ctx}: path_link old"), unit(link(dir, 0, p, sb, "h")));
        show(&format!("{ctx}: path_link new"), unit(link(sb, 0, "f", dir, p)));
        show(&format!("{ctx}: path_readlink"), readlink(dir, p, 64).map(|t| super::escape(&t)));
        show(&format!("{ctx}: path_remove_directory"), unit(rmdir(dir, p)));
        show(&format!("{ctx}: path_rename old"), unit(rename(dir, p, sb, "g")));
        show(&format!("{ctx}: path_rename new"), unit(rename(sb, "f", dir, p)));
        show(&format!("{ctx}: path_symlink"), unit(symlink("f", dir, p)));
        show(&format!("{ctx}: path_unlink_file"), unit(unlink(dir, p)));
        show(&format!("{ctx}: fd_readdir"), readdir(dir, 256, 0).map(|b| format!("bufused={}", b.len())));
    }

    /// Runs every `fd_*` call that takes a file or stream on `fd` (after the ones that only
    /// read or move nothing, the ones that would change a file: set_size 0, an empty pwrite
    /// at 0 and an empty write). Filetypes are left out: stdio's differs in a browser (see the
    /// README). Prints `<ctx>: <call>: ok [result]|errno=E...` for each.
    pub fn fd_calls(ctx: &str, fd: i32) {
        let text = |r: Result<Vec<u8>, i32>| r.map(|b| format!("\"{}\"", super::escape(&b)));
        show(&format!("{ctx}: fd_fdstat_get"), fdstat(fd).map(|s| format!("flags={}", s.flags)));
        show(&format!("{ctx}: fd_filestat_get"), filestat(fd).map(|s| match s.filetype {
            FT_DIR => String::from("(a directory)"), // its size is the host's under wasmtime
            _ => format!("size={}", s.size),
        }));
        let mut pre = [0u32; 2];
        show(&format!("{ctx}: fd_prestat_get"), unit(check(unsafe {
            super::wasi::fd_prestat_get(fd, addr_mut(pre.as_mut_ptr()))
        })).map(|_| format!("len={}", pre[1])));
        let mut name = [0u8; 64];
        show(&format!("{ctx}: fd_prestat_dir_name"), unit(check(unsafe {
            super::wasi::fd_prestat_dir_name(fd, addr_mut(name.as_mut_ptr()), 64)
        })));
        show(&format!("{ctx}: fd_read 0"), text(read(fd, 0)));
        show(&format!("{ctx}: fd_pread 4 @0"), text(pread(fd, 4, 0)));
        show(&format!("{ctx}: fd_seek 0 CUR"), seek(fd, 0, 1).map(|n| n.to_string()));
        show(&format!("{ctx}: fd_seek 0 SET"), seek(fd, 0, 0).map(|n| n.to_string()));
        show(&format!("{ctx}: fd_seek -1 SET"), seek(fd, -1, 0).map(|n| n.to_string()));
        show(&format!("{ctx}: fd_tell"), tell(fd).map(|n| n.to_string()));
        show(&format!("{ctx}: fd_advise"), unit(check(unsafe { raw::fd_advise(fd, 0, 0, 0) })));
        show(&format!("{ctx}: fd_allocate"), unit(check(unsafe { raw::fd_allocate(fd, 0, 1) })));
        show(&format!("{ctx}: fd_sync"), unit(check(unsafe { raw::fd_sync(fd) })));
        show(&format!("{ctx}: fd_datasync"), unit(check(unsafe { raw::fd_datasync(fd) })));
        show(&format!("{ctx}: fd_fdstat_set_flags 0"), unit(check(unsafe { raw::fd_fdstat_set_flags(fd, 0) })));
        show(&format!("{ctx}: fd_fdstat_set_rights"), unit(check(unsafe {
            raw::fd_fdstat_set_rights(fd, 0, 0)
        })));
        show(&format!("{ctx}: fd_filestat_set_times"), unit(check(unsafe {
            raw::fd_filestat_set_times(fd, 0, 0, ATIM_NOW)
        })));
        show(&format!("{ctx}: fd_readdir"), readdir(fd, 256, 0).map(|b| format!("bufused={}", b.len())));
        show(&format!("{ctx}: fd_filestat_set_size 0"), unit(check(unsafe { raw::fd_filestat_set_size(fd, 0) })));
        show(&format!("{ctx}: fd_pwrite 0 bytes @0"), pwrite(fd, b"", 0).map(|n| n.to_string()));
        show(&format!("{ctx}: fd_write 0 bytes"), write(fd, b"").map(|n| n.to_string()));
    }
}
