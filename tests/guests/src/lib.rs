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
