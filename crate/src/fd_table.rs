//! The fd table. The only accessor is [`FdTable::get`], which names the rights the operation
//! needs; an fd without them is refused there, once, for every syscall.
//!
//! Numbering follows wasmtime: a new fd takes the highest freed number, else one past the
//! highest slot; `fd_renumber` moves an fd onto another open one.

use crate::errno::{Errno, Result};
use crate::rights;
use crate::stdio::{Input, Output};
use crate::types::{filetype, rights::*, Fdstat};
use crate::perms::check::Granted;
use crate::perms::{READ, WRITE};
use crate::vfs::Ino;

/// What an fd refers to.
pub enum FdKind {
    /// An input stream (stdin).
    Input(Box<dyn Input>),
    /// An output stream (stdout, stderr).
    Output(Box<dyn Output>),
    /// A directory; `preopen` is the guest path it was preopened as.
    Dir {
        /// The directory's inode.
        ino: Ino,
        /// The guest path of a preopen (`fd_prestat_dir_name`), `None` for one opened later.
        preopen: Option<String>,
    },
    /// A regular file (or, opened without following, a symlink).
    File {
        /// The inode.
        ino: Ino,
        /// The position for `fd_read`/`fd_write`/`fd_seek`.
        pos: u64,
        /// Writes go to the end.
        append: bool,
    },
}

/// One open fd.
pub struct FdEntry {
    /// What it refers to.
    pub kind: FdKind,
    /// Rights of this fd.
    pub rights_base: Rights,
    /// Rights handed on to fds opened through it.
    pub rights_inheriting: Rights,
    /// `fdflags`.
    pub flags: u16,
    /// What a wasip1-perms policy grants on the file it was opened as; `None` when no policy
    /// restricts it (no policy, stdio, preopens and directories — checked by path instead).
    pub granted: Option<Box<Granted>>,
}

pub use crate::rights::FILE_RIGHTS;

/// The rights wasmtime reports for a directory opened with `path_open` (observed: all but
/// `FD_SEEK`, `FD_WRITE`, `PATH_FILESTAT_SET_SIZE` and `FD_FILESTAT_SET_SIZE`).
pub const OPENED_DIR_RIGHTS: Rights = ALL & !(FD_SEEK | FD_WRITE | PATH_FILESTAT_SET_SIZE | FD_FILESTAT_SET_SIZE);

/// Rights a directory can have.
pub const DIR_RIGHTS: Rights = rights::PREOPEN_DIR_BASE | FD_FDSTAT_SET_FLAGS | FD_SYNC | FD_DATASYNC | FD_ADVISE;

impl FdEntry {
    /// The `fdstat` of this fd.
    pub fn fdstat(&self) -> Fdstat {
        let filetype = match &self.kind {
            // A pipe or file is `UNKNOWN` (as wasmtime reports a stream that is not a tty).
            FdKind::Input(i) if i.is_terminal() => filetype::CHARACTER_DEVICE,
            FdKind::Output(o) if o.is_terminal() => filetype::CHARACTER_DEVICE,
            FdKind::Input(_) | FdKind::Output(_) => filetype::UNKNOWN,
            FdKind::Dir { .. } => filetype::DIRECTORY,
            FdKind::File { .. } => filetype::REGULAR_FILE,
        };
        // wasmtime reports rights made up from the access mode, not those asked for.
        let (rights_base, rights_inheriting) = match self.kind {
            FdKind::File { .. } => {
                let mut r = ALL;
                if self.rights_base & FD_READ == 0 {
                    r &= !(FD_READ | FD_READDIR);
                }
                if self.rights_base & FD_WRITE == 0 {
                    r &= !FD_WRITE;
                }
                // A policy's grant narrows them further: no write rights without `write`.
                if let Some(g) = &self.granted {
                    if g.access & READ == 0 {
                        r &= !(FD_READ | FD_READDIR);
                    }
                    if g.access & WRITE == 0 {
                        r &= !(FD_WRITE | FD_DATASYNC | FD_ALLOCATE | FD_FILESTAT_SET_SIZE | FD_FILESTAT_SET_TIMES);
                    }
                }
                (r, r)
            }
            FdKind::Dir { preopen: None, .. } => (OPENED_DIR_RIGHTS, OPENED_DIR_RIGHTS),
            _ => (self.rights_base, self.rights_inheriting),
        };
        Fdstat { filetype, flags: self.flags, rights_base, rights_inheriting }
    }

    /// Every right an fd of this kind could ever hold. Asking for one outside this set is
    /// `EBADF` (reading stdout, writing a directory), as wasmtime answers; so is reading or
    /// writing a file opened without that right (wasmtime: the stream is not open that way).
    /// Any other right narrowed away is `ENOTCAPABLE`.
    fn possible_rights(&self) -> Rights {
        match self.kind {
            FdKind::Input(_) => rights::STDIN.0,
            FdKind::Output(_) => rights::STDOUT.0,
            FdKind::Dir { .. } => DIR_RIGHTS,
            FdKind::File { .. } => (FILE_RIGHTS & !(FD_READ | FD_WRITE)) | (self.rights_base & (FD_READ | FD_WRITE)),
        }
    }

    /// The inode of a file or directory fd.
    pub fn ino(&self) -> Option<Ino> {
        match self.kind {
            FdKind::Dir { ino, .. } | FdKind::File { ino, .. } => Some(ino),
            _ => None,
        }
    }
}

/// The table of open fds: a slot per number up to the highest in use, and the freed numbers
/// (the highest is reused first).
#[derive(Default)]
pub struct FdTable {
    slots: Vec<Option<FdEntry>>,
    free: Vec<u32>,
}

impl FdTable {
    /// A table holding stdin, stdout and stderr as fds 0, 1 and 2.
    pub fn with_stdio(stdin: Box<dyn Input>, stdout: Box<dyn Output>, stderr: Box<dyn Output>) -> Self {
        let mut t = FdTable::default();
        let stream = |kind, (rights_base, rights_inheriting)| FdEntry { kind, rights_base, rights_inheriting, flags: 0, granted: None };
        t.push(stream(FdKind::Input(stdin), rights::STDIN));
        t.push(stream(FdKind::Output(stdout), rights::STDOUT));
        t.push(stream(FdKind::Output(stderr), rights::STDOUT));
        t
    }

    /// Adds an fd at the number wasmtime would choose and returns it.
    pub fn push(&mut self, entry: FdEntry) -> u32 {
        let highest = self.free.iter().enumerate().max_by_key(|&(_, fd)| *fd).map(|(i, _)| i);
        let fd = highest.map_or(self.slots.len() as u32, |i| self.free.swap_remove(i));
        if fd as usize == self.slots.len() {
            self.slots.push(None);
        }
        self.slots[fd as usize] = Some(entry);
        fd
    }

    /// Appends a preopened directory and returns its fd.
    pub fn push_preopen(&mut self, name: String, ino: Ino) -> u32 {
        self.push(FdEntry {
            kind: FdKind::Dir { ino, preopen: Some(name) },
            rights_base: rights::PREOPEN_DIR_BASE,
            rights_inheriting: rights::PREOPEN_DIR_INHERITING,
            flags: 0,
            granted: None,
        })
    }

    /// The entry for `fd`, if it holds every right in `needed`.
    ///
    /// Errors: `EBADF` for an fd that is not open or whose kind can never do the operation
    /// (reading stdout), as wasmtime answers; `ENOTCAPABLE` for a right narrowed away.
    pub fn get(&mut self, fd: u32, needed: Rights) -> Result<&mut FdEntry> {
        let entry = self.slots.get_mut(fd as usize).and_then(Option::as_mut).ok_or(Errno::BADF)?;
        if needed & !entry.possible_rights() != 0 {
            return Err(Errno::BADF.into());
        }
        if needed & !entry.rights_base != 0 {
            return Err(Errno::NOTCAPABLE.into());
        }
        Ok(entry)
    }

    /// Closes `fd` and returns its entry. Errors: `EBADF` if it is not open.
    pub fn close(&mut self, fd: u32) -> Result<FdEntry> {
        let entry = self.slots.get_mut(fd as usize).and_then(Option::take).ok_or(Errno::BADF)?;
        self.free.push(fd);
        Ok(entry)
    }

    /// Moves `from` onto `to`, closing what `to` held, and returns that. Errors: `EBADF` unless
    /// both are open (as wasmtime).
    pub fn renumber(&mut self, from: u32, to: u32) -> Result<Option<FdEntry>> {
        let open = |fd: u32| self.slots.get(fd as usize).is_some_and(Option::is_some);
        if !open(from) || !open(to) {
            return Err(Errno::BADF.into());
        }
        if from == to {
            return Ok(None);
        }
        let entry = self.slots[from as usize].take();
        self.free.push(from);
        Ok(std::mem::replace(&mut self.slots[to as usize], entry))
    }

    /// Whether any open fd refers to inode `ino`.
    pub fn holds(&self, ino: Ino) -> bool {
        self.slots.iter().flatten().any(|e| e.ino() == Some(ino))
    }

    /// Whether any open input stream has data (or end of file) waiting.
    pub fn inputs_ready(&mut self) -> bool {
        self.slots.iter_mut().flatten().any(|e| match &mut e.kind {
            FdKind::Input(i) => i.ready(),
            _ => false,
        })
    }

    /// Every open output stream, for flushing when the guest stops.
    pub fn outputs(&mut self) -> impl Iterator<Item = &mut Box<dyn Output>> {
        self.slots.iter_mut().flatten().filter_map(|e| match &mut e.kind {
            FdKind::Output(o) => Some(o),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stdio::{BytesInput, VecOutput};

    fn table() -> FdTable {
        FdTable::with_stdio(
            Box::new(BytesInput::default()),
            Box::new(VecOutput::default()),
            Box::new(VecOutput::default()),
        )
    }

    #[test]
    fn rights_are_checked_at_lookup() {
        let mut t = table();
        assert!(t.get(0, FD_READ).is_ok());
        assert!(t.get(1, FD_WRITE).is_ok());
        assert_eq!(t.get(1, FD_READ).err(), Some(Errno::BADF.into()));
        assert_eq!(t.get(0, FD_WRITE).err(), Some(Errno::BADF.into()));
        let d = t.push_preopen("/".into(), 0);
        assert_eq!(d, 3);
        assert!(t.get(d, PATH_OPEN).is_ok());
        assert_eq!(t.get(d, FD_READ).err(), Some(Errno::BADF.into()));
        t.get(d, 0).unwrap().rights_base &= !PATH_OPEN;
        assert_eq!(t.get(d, PATH_OPEN).err(), Some(Errno::NOTCAPABLE.into()));
        assert_eq!(t.get(9, 0).err(), Some(Errno::BADF.into()));
    }

    #[test]
    fn numbering_and_renumber_follow_wasmtime() {
        let mut t = table();
        let file = |t: &mut FdTable| {
            t.push(FdEntry { kind: FdKind::File { ino: 0, pos: 0, append: false }, rights_base: FILE_RIGHTS, rights_inheriting: 0, flags: 0, granted: None })
        };
        let (a, b, c) = (file(&mut t), file(&mut t), file(&mut t));
        assert_eq!((a, b, c), (3, 4, 5));
        t.close(a).unwrap();
        t.close(b).unwrap();
        assert_eq!(file(&mut t), 4, "the highest freed number first");
        assert_eq!(file(&mut t), 3);
        assert_eq!(file(&mut t), 6);
        assert_eq!(t.renumber(6, 100).err(), Some(Errno::BADF.into()), "the target must be open");
        assert!(t.renumber(6, 5).unwrap().is_some(), "what was at 5 is closed");
        assert_eq!(t.get(6, 0).err(), Some(Errno::BADF.into()));
        assert!(t.get(5, 0).is_ok());
        assert_eq!(t.renumber(77, 5).err(), Some(Errno::BADF.into()));
        assert_eq!(t.close(2).map(|_| ()), Ok(()));
        assert_eq!(t.close(2).err(), Some(Errno::BADF.into()));
    }
}
