//! preview1 constants, flag sets and wire layouts (`wasi_snapshot_preview1.witx`).
//!
//! Wire structs are encoded by hand into little-endian byte arrays; the offsets below are the
//! witx layout, and the `const` assertions at the bottom pin the sizes.

/// `clockid`: the clocks a guest may read.
pub mod clock {
    /// Wall-clock time since the Unix epoch.
    pub const REALTIME: u32 = 0;
    /// A clock that never goes back; its origin is arbitrary.
    pub const MONOTONIC: u32 = 1;
    /// CPU time of the process (wasmtime does not support it: EBADF).
    pub const PROCESS_CPUTIME_ID: u32 = 2;
    /// CPU time of the thread (wasmtime does not support it: EBADF).
    pub const THREAD_CPUTIME_ID: u32 = 3;
}

/// `filetype`: the type of the file an fd refers to.
pub mod filetype {
    /// The type could not be determined.
    pub const UNKNOWN: u8 = 0;
    /// A block device.
    pub const BLOCK_DEVICE: u8 = 1;
    /// A character device (a terminal, the browser console).
    pub const CHARACTER_DEVICE: u8 = 2;
    /// A directory.
    pub const DIRECTORY: u8 = 3;
    /// A regular file.
    pub const REGULAR_FILE: u8 = 4;
    /// A datagram socket.
    pub const SOCKET_DGRAM: u8 = 5;
    /// A stream socket.
    pub const SOCKET_STREAM: u8 = 6;
    /// A symbolic link.
    pub const SYMBOLIC_LINK: u8 = 7;
}

/// `fdflags`: flags of an open file description.
pub mod fdflags {
    /// Writes append to the end of the file.
    pub const APPEND: u16 = 1 << 0;
    /// Write data synchronously (data only).
    pub const DSYNC: u16 = 1 << 1;
    /// Non-blocking mode.
    pub const NONBLOCK: u16 = 1 << 2;
    /// Synchronized read I/O.
    pub const RSYNC: u16 = 1 << 3;
    /// Write data and metadata synchronously.
    pub const SYNC: u16 = 1 << 4;
    /// The three sync flags.
    pub const SYNC_ALL: u16 = DSYNC | RSYNC | SYNC;
}

/// `preopentype`: the tag of a `prestat`.
pub mod preopentype {
    /// A pre-opened directory.
    pub const DIR: u8 = 0;
}

/// `rights`: what an fd may be used for. Checked when the fd is looked up.
pub mod rights {
    /// A set of rights.
    pub type Rights = u64;
    #[allow(missing_docs)]
    pub const FD_DATASYNC: Rights = 1 << 0;
    #[allow(missing_docs)]
    pub const FD_READ: Rights = 1 << 1;
    #[allow(missing_docs)]
    pub const FD_SEEK: Rights = 1 << 2;
    #[allow(missing_docs)]
    pub const FD_FDSTAT_SET_FLAGS: Rights = 1 << 3;
    #[allow(missing_docs)]
    pub const FD_SYNC: Rights = 1 << 4;
    #[allow(missing_docs)]
    pub const FD_TELL: Rights = 1 << 5;
    #[allow(missing_docs)]
    pub const FD_WRITE: Rights = 1 << 6;
    #[allow(missing_docs)]
    pub const FD_ADVISE: Rights = 1 << 7;
    #[allow(missing_docs)]
    pub const FD_ALLOCATE: Rights = 1 << 8;
    #[allow(missing_docs)]
    pub const PATH_CREATE_DIRECTORY: Rights = 1 << 9;
    #[allow(missing_docs)]
    pub const PATH_CREATE_FILE: Rights = 1 << 10;
    #[allow(missing_docs)]
    pub const PATH_LINK_SOURCE: Rights = 1 << 11;
    #[allow(missing_docs)]
    pub const PATH_LINK_TARGET: Rights = 1 << 12;
    #[allow(missing_docs)]
    pub const PATH_OPEN: Rights = 1 << 13;
    #[allow(missing_docs)]
    pub const FD_READDIR: Rights = 1 << 14;
    #[allow(missing_docs)]
    pub const PATH_READLINK: Rights = 1 << 15;
    #[allow(missing_docs)]
    pub const PATH_RENAME_SOURCE: Rights = 1 << 16;
    #[allow(missing_docs)]
    pub const PATH_RENAME_TARGET: Rights = 1 << 17;
    #[allow(missing_docs)]
    pub const PATH_FILESTAT_GET: Rights = 1 << 18;
    #[allow(missing_docs)]
    pub const PATH_FILESTAT_SET_SIZE: Rights = 1 << 19;
    #[allow(missing_docs)]
    pub const PATH_FILESTAT_SET_TIMES: Rights = 1 << 20;
    #[allow(missing_docs)]
    pub const FD_FILESTAT_GET: Rights = 1 << 21;
    #[allow(missing_docs)]
    pub const FD_FILESTAT_SET_SIZE: Rights = 1 << 22;
    #[allow(missing_docs)]
    pub const FD_FILESTAT_SET_TIMES: Rights = 1 << 23;
    #[allow(missing_docs)]
    pub const PATH_SYMLINK: Rights = 1 << 24;
    #[allow(missing_docs)]
    pub const PATH_REMOVE_DIRECTORY: Rights = 1 << 25;
    #[allow(missing_docs)]
    pub const PATH_UNLINK_FILE: Rights = 1 << 26;
    #[allow(missing_docs)]
    pub const POLL_FD_READWRITE: Rights = 1 << 27;
    #[allow(missing_docs)]
    pub const SOCK_SHUTDOWN: Rights = 1 << 28;
    #[allow(missing_docs)]
    pub const SOCK_ACCEPT: Rights = 1 << 29;
    /// Every right defined by preview1.
    pub const ALL: Rights = (1 << 30) - 1;
}

/// `iovec`/`ciovec`: `{ buf: u32, buf_len: u32 }`, 8 bytes, align 4.
pub const IOVEC_SIZE: u32 = 8;

/// `fdstat`: filetype u8 @0, flags u16 @2, rights_base u64 @8, rights_inheriting u64 @16.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fdstat {
    /// `filetype`.
    pub filetype: u8,
    /// `fdflags`.
    pub flags: u16,
    /// Rights of this fd.
    pub rights_base: u64,
    /// Rights handed to fds opened through this one.
    pub rights_inheriting: u64,
}

impl Fdstat {
    /// Size on the wire.
    pub const SIZE: usize = 24;
    /// Alignment on the wire.
    pub const ALIGN: u32 = 8;

    /// Encodes into the witx layout (padding bytes zeroed).
    pub fn encode(&self) -> [u8; Self::SIZE] {
        let mut b = [0u8; Self::SIZE];
        b[0] = self.filetype;
        b[2..4].copy_from_slice(&self.flags.to_le_bytes());
        b[8..16].copy_from_slice(&self.rights_base.to_le_bytes());
        b[16..24].copy_from_slice(&self.rights_inheriting.to_le_bytes());
        b
    }
}

/// `prestat`: tag u8 @0, `pr_name_len` u32 @4. 8 bytes, align 4.
pub fn encode_prestat_dir(name_len: u32) -> [u8; 8] {
    let mut b = [0u8; 8];
    b[0] = preopentype::DIR;
    b[4..8].copy_from_slice(&name_len.to_le_bytes());
    b
}

/// Alignment of `prestat`.
pub const PRESTAT_ALIGN: u32 = 4;

const _: () = assert!(Fdstat::SIZE == 24 && IOVEC_SIZE == 8);

/// `eventtype`: what a subscription waits for.
pub mod eventtype {
    /// A clock reaching a time.
    pub const CLOCK: u8 = 0;
    /// An fd becoming readable.
    pub const FD_READ: u8 = 1;
    /// An fd becoming writable.
    pub const FD_WRITE: u8 = 2;
}

/// `subclockflags`: the timeout is an absolute time of the clock, not a duration.
pub const SUBSCRIPTION_CLOCK_ABSTIME: u16 = 1;

/// `subscription`: userdata u64 @0, tag u8 @8, union @16 — clock {id u32 @16, timeout u64 @24,
/// precision u64 @32, flags u16 @40}, fd_readwrite {fd u32 @16}. 48 bytes, align 8.
pub const SUBSCRIPTION_SIZE: u32 = 48;

/// `event`: userdata u64 @0, error u16 @8, type u8 @10, fd_readwrite {nbytes u64 @16,
/// flags u16 @24}. 32 bytes, align 8.
pub fn encode_event(userdata: u64, error: u16, kind: u8, nbytes: u64) -> [u8; 32] {
    let mut b = [0u8; 32];
    b[0..8].copy_from_slice(&userdata.to_le_bytes());
    b[8..10].copy_from_slice(&error.to_le_bytes());
    b[10] = kind;
    b[16..24].copy_from_slice(&nbytes.to_le_bytes());
    b
}

/// Size of an `event`.
pub const EVENT_SIZE: u32 = 32;
