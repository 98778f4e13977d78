//! Default rights per kind of fd, as wasmtime reports them.

use crate::types::rights::*;

/// stdin: read only (wasmtime: base = inheriting = `FD_READ`).
pub const STDIN: (Rights, Rights) = (FD_READ, FD_READ);

/// stdout and stderr: write only (wasmtime: base = inheriting = `FD_WRITE`).
pub const STDOUT: (Rights, Rights) = (FD_WRITE, FD_WRITE);

/// A preopened directory: the hard-coded set wasmtime reports, which userlands expect.
pub const PREOPEN_DIR_BASE: Rights = PATH_CREATE_DIRECTORY
    | PATH_CREATE_FILE
    | PATH_LINK_SOURCE
    | PATH_LINK_TARGET
    | PATH_OPEN
    | FD_READDIR
    | PATH_READLINK
    | PATH_RENAME_SOURCE
    | PATH_RENAME_TARGET
    | PATH_SYMLINK
    | PATH_REMOVE_DIRECTORY
    | PATH_UNLINK_FILE
    | PATH_FILESTAT_GET
    | PATH_FILESTAT_SET_TIMES
    | FD_FILESTAT_GET
    | FD_FILESTAT_SET_TIMES;

/// Rights a regular file can have.
pub const FILE_RIGHTS: Rights = FD_DATASYNC
    | FD_READ
    | FD_SEEK
    | FD_FDSTAT_SET_FLAGS
    | FD_SYNC
    | FD_TELL
    | FD_WRITE
    | FD_ADVISE
    | FD_ALLOCATE
    | FD_FILESTAT_GET
    | FD_FILESTAT_SET_SIZE
    | FD_FILESTAT_SET_TIMES
    | POLL_FD_READWRITE;

/// What files and directories opened through a preopen may get (as wasmtime reports it).
pub const PREOPEN_DIR_INHERITING: Rights = PREOPEN_DIR_BASE | FILE_RIGHTS;
