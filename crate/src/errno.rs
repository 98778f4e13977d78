//! Error values: the preview1 `errno` a syscall returns to the guest, and the [`Trap`]s that
//! end the guest instead (out-of-bounds pointers, `proc_exit`, a host callback that threw).
//!
//! Every syscall returns [`Result<T>`]; `?` carries both kinds up to the boundary, which turns
//! an [`Errno`] into the call's return value and a [`Trap`] into a thrown JS exception.

use core::fmt;

/// A preview1 `errno` value (`u16` on the wire).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Errno(pub u16);

macro_rules! errnos {
    ($($name:ident = $val:literal, $text:literal;)*) => {
        impl Errno {
            $(#[doc = $text] pub const $name: Errno = Errno($val);)*

            /// The WASI name of this errno (`"EBADF"`), or `"E?"` for an unknown value.
            pub fn name(self) -> &'static str {
                match self.0 { $($val => concat!("E", stringify!($name)),)* _ => "E?" }
            }
        }
    };
}

errnos! {
    SUCCESS = 0, "No error occurred.";
    TOOBIG = 1, "Argument list too long.";
    ACCES = 2, "Permission denied.";
    ADDRINUSE = 3, "Address in use.";
    ADDRNOTAVAIL = 4, "Address not available.";
    AFNOSUPPORT = 5, "Address family not supported.";
    AGAIN = 6, "Resource unavailable, or operation would block.";
    ALREADY = 7, "Connection already in progress.";
    BADF = 8, "Bad file descriptor.";
    BADMSG = 9, "Bad message.";
    BUSY = 10, "Device or resource busy.";
    CANCELED = 11, "Operation canceled.";
    CHILD = 12, "No child processes.";
    CONNABORTED = 13, "Connection aborted.";
    CONNREFUSED = 14, "Connection refused.";
    CONNRESET = 15, "Connection reset.";
    DEADLK = 16, "Resource deadlock would occur.";
    DESTADDRREQ = 17, "Destination address required.";
    DOM = 18, "Mathematics argument out of domain of function.";
    DQUOT = 19, "Reserved.";
    EXIST = 20, "File exists.";
    FAULT = 21, "Bad address.";
    FBIG = 22, "File too large.";
    HOSTUNREACH = 23, "Host is unreachable.";
    IDRM = 24, "Identifier removed.";
    ILSEQ = 25, "Illegal byte sequence.";
    INPROGRESS = 26, "Operation in progress.";
    INTR = 27, "Interrupted function.";
    INVAL = 28, "Invalid argument.";
    IO = 29, "I/O error.";
    ISCONN = 30, "Socket is connected.";
    ISDIR = 31, "Is a directory.";
    LOOP = 32, "Too many levels of symbolic links.";
    MFILE = 33, "File descriptor value too large.";
    MLINK = 34, "Too many links.";
    MSGSIZE = 35, "Message too large.";
    MULTIHOP = 36, "Reserved.";
    NAMETOOLONG = 37, "Filename too long.";
    NETDOWN = 38, "Network is down.";
    NETRESET = 39, "Connection aborted by network.";
    NETUNREACH = 40, "Network unreachable.";
    NFILE = 41, "Too many files open in system.";
    NOBUFS = 42, "No buffer space available.";
    NODEV = 43, "No such device.";
    NOENT = 44, "No such file or directory.";
    NOEXEC = 45, "Executable file format error.";
    NOLCK = 46, "No locks available.";
    NOLINK = 47, "Reserved.";
    NOMEM = 48, "Not enough space.";
    NOMSG = 49, "No message of the desired type.";
    NOPROTOOPT = 50, "Protocol not available.";
    NOSPC = 51, "No space left on device.";
    NOSYS = 52, "Function not supported.";
    NOTCONN = 53, "The socket is not connected.";
    NOTDIR = 54, "Not a directory or a symbolic link to a directory.";
    NOTEMPTY = 55, "Directory not empty.";
    NOTRECOVERABLE = 56, "State not recoverable.";
    NOTSOCK = 57, "Not a socket.";
    NOTSUP = 58, "Not supported, or operation not supported on socket.";
    NOTTY = 59, "Inappropriate I/O control operation.";
    NXIO = 60, "No such device or address.";
    OVERFLOW = 61, "Value too large to be stored in data type.";
    OWNERDEAD = 62, "Previous owner died.";
    PERM = 63, "Operation not permitted.";
    PIPE = 64, "Broken pipe.";
    PROTO = 65, "Protocol error.";
    PROTONOSUPPORT = 66, "Protocol not supported.";
    PROTOTYPE = 67, "Protocol wrong type for socket.";
    RANGE = 68, "Result too large.";
    ROFS = 69, "Read-only file system.";
    SPIPE = 70, "Invalid seek.";
    SRCH = 71, "No such process.";
    STALE = 72, "Reserved.";
    TIMEDOUT = 73, "Connection timed out.";
    TXTBSY = 74, "Text file busy.";
    XDEV = 75, "Cross-device link.";
    NOTCAPABLE = 76, "Extension: Capabilities insufficient.";
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.name(), self.0)
    }
}

/// Something that ends the guest's run instead of returning an errno to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trap {
    /// The guest called `proc_exit(code)`.
    Exit(u32),
    /// A guest pointer/length pair reaches outside linear memory (wasmtime traps here too).
    OutOfBounds {
        /// The syscall whose argument was out of bounds is added by the boundary.
        ptr: u32,
        /// Length of the access in bytes.
        len: u64,
    },
    /// A guest pointer is not aligned for the type it points to (wasmtime traps here too).
    Misaligned {
        /// The pointer.
        ptr: u32,
        /// The alignment the pointed-to type needs.
        align: u32,
    },
    /// An enum argument outside its type (a clock id of 4): wiggle rejects it with a trap.
    InvalidEnum(&'static str, u32),
    /// A flags argument with bits its type does not define: wiggle refuses it with a trap.
    InvalidFlags(&'static str),
    /// A length over what wasmtime accepts (`random_get` of more than 64 MiB).
    TooLong {
        /// The length asked for.
        len: u32,
        /// The largest length accepted.
        limit: u32,
    },
    /// `proc_exit` with a status of 126 or more, which wasmtime refuses with a trap.
    InvalidExitStatus(u32),
    /// Not an end: the call must wait (a sleep, stdin that is not there yet) and its driver
    /// waits outside the host's own frames — a JSPI suspension under `startAsync` — then makes
    /// the same call again. Nothing was written to the guest when a call answers this.
    Pending,
    /// Not an end: directory `.0` is a backend's whose entries were not read yet (a host folder
    /// is listed one directory at a time, when first looked into). The dispatcher has the
    /// directory read and makes the same call again; nothing was changed when a call answers this.
    Unlisted(u32),
    /// A host callback (stdout, stderr, stdin) threw; the exception is rethrown to the host.
    HostCallback,
    /// The guest memory is not bound yet (an import was called before `start`/`initialize`).
    NoMemory,
}

/// The trap message wasmtime gives for `proc_exit` with a status of 126 or more.
pub const INVALID_EXIT_STATUS: &str = "exit with invalid exit status outside of [0..126)";

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trap::Exit(code) => write!(f, "proc_exit({code})"),
            Trap::OutOfBounds { ptr, len } => {
                write!(f, "out-of-bounds guest pointer {ptr:#x} (length {len})")
            }
            Trap::Misaligned { ptr, align } => {
                write!(f, "misaligned guest pointer {ptr:#x} (needs alignment {align})")
            }
            Trap::InvalidEnum(ty, v) => write!(f, "invalid enum value {ty} ({v})"),
            Trap::InvalidFlags(ty) => write!(f, "invalid flag value {ty}"),
            Trap::TooLong { len, limit } => write!(f, "requested len {len} exceeds limit {limit}"),
            Trap::InvalidExitStatus(code) => write!(
                f,
                "proc_exit({code}): {}",
                INVALID_EXIT_STATUS
            ),
            Trap::HostCallback => f.write_str("a host callback threw"),
            Trap::Pending => f.write_str("the call must wait"),
            Trap::Unlisted(_) => f.write_str("a directory must be listed first"),
            Trap::NoMemory => f.write_str(
                "no guest memory: call wasi.start(instance) or wasi.initialize(instance) first; \
                 a command's imports stop working once its _start has finished",
            ),
        }
    }
}

/// Either an errno for the guest or a trap that ends it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// Returned to the guest as the syscall's result.
    Errno(Errno),
    /// Ends the guest's run.
    Trap(Trap),
}

impl From<Errno> for Error {
    fn from(e: Errno) -> Self {
        Error::Errno(e)
    }
}

impl From<Trap> for Error {
    fn from(t: Trap) -> Self {
        Error::Trap(t)
    }
}

/// The result of every syscall and memory access in the core.
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_spec() {
        assert_eq!(Errno::BADF.name(), "EBADF");
        assert_eq!(Errno::NOTCAPABLE.0, 76);
        assert_eq!(Errno::NOSYS.name(), "ENOSYS");
        assert_eq!(Errno(999).name(), "E?");
    }
}
