//! The fd table. The only accessor is [`FdTable::get`], which names the rights the operation
//! needs; an fd without them is refused there, once, for every syscall.

use crate::errno::{Errno, Result};
use crate::rights;
use crate::stdio::{Input, Output};
use crate::types::{filetype, rights::Rights, Fdstat};

/// What an fd refers to.
pub enum FdKind {
    /// An input stream (stdin).
    Input(Box<dyn Input>),
    /// An output stream (stdout, stderr).
    Output(Box<dyn Output>),
    /// A preopened directory, with the guest path it was preopened as.
    PreopenDir {
        /// The guest path (`fd_prestat_dir_name`).
        name: String,
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
}

impl FdEntry {
    /// The `fdstat` wasmtime reports for this fd. The streams report a character device: in a
    /// page they are the console or a callback, as a terminal is under wasmtime.
    pub fn fdstat(&self) -> Fdstat {
        let filetype = match self.kind {
            FdKind::Input(_) | FdKind::Output(_) => filetype::CHARACTER_DEVICE,
            FdKind::PreopenDir { .. } => filetype::DIRECTORY,
        };
        Fdstat {
            filetype,
            flags: self.flags,
            rights_base: self.rights_base,
            rights_inheriting: self.rights_inheriting,
        }
    }

    /// Every right an fd of this kind could ever hold. Asking for one outside this set is
    /// `EBADF` (reading stdout, writing a directory), as wasmtime answers; one inside it but
    /// narrowed away is `ENOTCAPABLE`.
    fn possible_rights(&self) -> Rights {
        match self.kind {
            FdKind::Input(_) => rights::STDIN.0,
            FdKind::Output(_) => rights::STDOUT.0,
            FdKind::PreopenDir { .. } => rights::PREOPEN_DIR_BASE,
        }
    }
}

/// The table of open fds, indexed by fd number.
#[derive(Default)]
pub struct FdTable {
    slots: Vec<Option<FdEntry>>,
}

impl FdTable {
    /// A table holding stdin, stdout and stderr as fds 0, 1 and 2.
    pub fn with_stdio(stdin: Box<dyn Input>, stdout: Box<dyn Output>, stderr: Box<dyn Output>) -> Self {
        let stream = |kind, (rights_base, rights_inheriting)| {
            Some(FdEntry { kind, rights_base, rights_inheriting, flags: 0 })
        };
        FdTable {
            slots: vec![
                stream(FdKind::Input(stdin), rights::STDIN),
                stream(FdKind::Output(stdout), rights::STDOUT),
                stream(FdKind::Output(stderr), rights::STDOUT),
            ],
        }
    }

    /// Appends a preopened directory at the next fd number and returns it.
    pub fn push_preopen(&mut self, name: String) -> u32 {
        self.slots.push(Some(FdEntry {
            kind: FdKind::PreopenDir { name },
            rights_base: rights::PREOPEN_DIR_BASE,
            rights_inheriting: rights::PREOPEN_DIR_INHERITING,
            flags: 0,
        }));
        (self.slots.len() - 1) as u32
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
        let slot = self.slots.get_mut(fd as usize).ok_or(Errno::BADF)?;
        let entry = slot.take().ok_or(Errno::BADF)?;
        while matches!(self.slots.last(), Some(None)) {
            self.slots.pop();
        }
        Ok(entry)
    }

    /// Whether any open input stream has data (or end of file) waiting.
    pub fn inputs_ready(&mut self) -> bool {
        self.slots.iter_mut().any(|s| match s {
            Some(FdEntry { kind: FdKind::Input(i), .. }) => i.ready(),
            _ => false,
        })
    }

    /// Every open stream, for flushing when the guest stops.
    pub fn outputs(&mut self) -> impl Iterator<Item = &mut Box<dyn Output>> {
        self.slots.iter_mut().filter_map(|s| match s {
            Some(FdEntry { kind: FdKind::Output(o), .. }) => Some(o),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stdio::{BytesInput, VecOutput};
    use crate::types::rights::{FD_READ, FD_WRITE, PATH_OPEN};

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
        let d = t.push_preopen("/".into());
        assert_eq!(d, 3);
        assert!(t.get(d, PATH_OPEN).is_ok());
        assert_eq!(t.get(d, FD_READ).err(), Some(Errno::BADF.into()));
        t.get(d, 0).unwrap().rights_base &= !PATH_OPEN;
        assert_eq!(t.get(d, PATH_OPEN).err(), Some(Errno::NOTCAPABLE.into()));
        assert_eq!(t.get(9, 0).err(), Some(Errno::BADF.into()));
    }

    #[test]
    fn close_frees_the_fd() {
        let mut t = table();
        assert!(t.close(2).is_ok());
        assert_eq!(t.get(2, 0).err(), Some(Errno::BADF.into()));
        assert_eq!(t.close(2).err(), Some(Errno::BADF.into()));
        assert_eq!(t.close(77).err(), Some(Errno::BADF.into()));
        assert!(t.get(1, FD_WRITE).is_ok());
    }
}
