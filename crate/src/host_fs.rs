//! The host's view of the guest filesystem (`wasi.fs` in JS): guest-absolute paths such as
//! `/data/out.txt`, resolved from the preopen whose path is the longest prefix of them (whole
//! components), with the guest's own rules (no escape above that preopen, symlinks followed).

use crate::ctx::WasiCtx;
use crate::errno::{Errno, Result};
use crate::vfs::{resolve, within, Dir, FileData, Found, Ino, Node};

/// What `stat` reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostStat {
    /// `"file"`, `"directory"` or `"symlink"`.
    pub kind: &'static str,
    /// Size in bytes (entries for a directory).
    pub size: u64,
    /// Hard links.
    pub nlink: u64,
    /// Inode number, as the guest sees it.
    pub ino: u64,
    /// Access, modification and status-change times, ns since the Unix epoch.
    pub times: [u64; 3],
}

impl WasiCtx {
    /// Resolves a guest-absolute path. Errors: `EINVAL` for a relative path, `ENOENT` when no
    /// preopen covers it, then the resolver's, and `ENAMETOOLONG` for a last name over
    /// `NAME_MAX` bytes.
    fn host_lookup(&self, path: &str, follow: bool) -> Result<Found> {
        if !path.starts_with('/') {
            return Err(Errno::INVAL.into());
        }
        let (root_path, root) = self
            .preopens
            .iter()
            .filter(|(p, _)| within(path, p))
            .max_by_key(|(p, _)| p.len())
            .ok_or(Errno::NOENT)?;
        // `get`, not indexing: `within` matched whole components, so this never fails, and a
        // str index that could fail ships core's panic formatting of chars (2 KB of tables).
        let rest = path.get(root_path.trim_end_matches('/').len()..).unwrap_or_default().trim_start_matches('/');
        let found = resolve(&self.fs, *root, if rest.is_empty() { "." } else { rest }, follow)?;
        // The guest's own limit on names (NAME_MAX): the host cannot make one it could not.
        if found.name_too_long() {
            return Err(Errno::NAMETOOLONG.into());
        }
        Ok(found)
    }

    fn host_existing(&self, path: &str) -> Result<Ino> {
        Ok(self.host_lookup(path, true)?.ino.ok_or(Errno::NOENT)?)
    }

    /// The contents of a file. Errors: `ENOENT`, `EISDIR`, resolver errors, a store's errors.
    pub fn host_read_file(&mut self, path: &str) -> Result<std::borrow::Cow<'_, [u8]>> {
        let ino = self.host_existing(path)?;
        match self.fs.file_mut(ino) {
            Ok(data) => data.contents(),
            _ => Err(Errno::ISDIR.into()),
        }
    }

    /// Creates or replaces a file's contents. Errors: `ENOENT` (missing directory), `EISDIR`.
    pub fn host_write_file(&mut self, path: &str, data: &[u8]) -> Result<()> {
        let found = self.host_lookup(path, true)?;
        let now = self.clock.realtime_ns();
        match (found.ino, found.name) {
            (Some(ino), _) => match &mut self.fs.node_mut(ino).node {
                Node::File(old) => {
                    old.replace(data.to_vec())?;
                    let n = self.fs.node_mut(ino);
                    n.mtim = now;
                    n.ctim = now;
                    Ok(())
                }
                _ => Err(Errno::ISDIR.into()),
            },
            (None, Some(name)) if !found.dir_expected => {
                self.fs.create(found.parent, &name, Node::file(data.to_vec()), now)?;
                Ok(())
            }
            _ => Err(Errno::ISDIR.into()),
        }
    }

    /// Entry names of a directory, in directory order (without `.` and `..`).
    /// Errors: `ENOENT`, `ENOTDIR`.
    pub fn host_read_dir(&self, path: &str) -> Result<Vec<String>> {
        let dir = self.fs.dir(self.host_existing(path)?)?;
        Ok(dir.entries_from(0).map(|(_, name, _)| name.to_owned()).collect())
    }

    /// Creates a directory. Errors: `EEXIST`, `ENOENT` (missing parent).
    pub fn host_mkdir(&mut self, path: &str) -> Result<()> {
        let found = self.host_lookup(path, false)?;
        let (None, Some(name)) = (found.ino, found.name) else { return Err(Errno::EXIST.into()) };
        let now = self.clock.realtime_ns();
        self.fs.create(found.parent, &name, Node::Dir(Dir::default()), now)?;
        Ok(())
    }

    /// Type, size, links, inode number and times of what `path` names (symlinks followed).
    pub fn host_stat(&self, path: &str) -> Result<HostStat> {
        Ok(stat_of(self.fs.node(self.host_existing(path)?)))
    }

    /// Removes a file, a symlink or an empty directory. Errors: `ENOENT`, `ENOTEMPTY`,
    /// `EBUSY` for a preopen itself.
    pub fn host_remove(&mut self, path: &str) -> Result<()> {
        let found = self.host_lookup(path, false)?;
        let (Some(ino), Some(name)) = (found.ino, found.name) else {
            return Err(if found.ino.is_some() { Errno::BUSY } else { Errno::NOENT }.into());
        };
        if self.is_preopen(ino) {
            return Err(Errno::BUSY.into());
        }
        if let Ok(d) = self.fs.dir(ino) {
            if !d.is_empty() {
                return Err(Errno::NOTEMPTY.into());
            }
        }
        self.remove_entry(found.parent, &name)
    }

    /// Makes `path` a file holding `data` (a store, for a mount): a file there keeps its name,
    /// links and times and gets the new bytes; otherwise one is created. Returns its inode
    /// number. Errors: `EISDIR` and the resolver's.
    pub fn host_attach(&mut self, path: &str, data: FileData) -> Result<u64> {
        let found = self.host_lookup(path, false)?;
        let ino = match (found.ino, found.name) {
            (Some(ino), _) => match self.fs.file_mut(ino) {
                Ok(old) => {
                    *old = data;
                    ino
                }
                _ => return Err(Errno::ISDIR.into()),
            },
            (None, Some(name)) => self.fs.create(found.parent, &name, Node::File(data), self.clock.realtime_ns())?,
            _ => return Err(Errno::ISDIR.into()),
        };
        Ok(self.fs.node(ino).ino)
    }

    /// Each entry of a directory with what a mount persists: `(name, node, inode number,
    /// [atim, mtim, ctim])`. (No sizes: a store's size may cost a round trip.) Errors:
    /// `ENOENT`, `ENOTDIR`.
    pub fn host_scan(&self, path: &str) -> Result<Vec<(&str, &Node, u64, [u64; 3])>> {
        let dir = self.fs.dir(self.host_existing(path)?)?;
        Ok(dir
            .entries_from(0)
            .map(|(_, name, ino)| {
                let n = self.fs.node(ino);
                (name, &n.node, n.ino, [n.atim, n.mtim, n.ctim])
            })
            .collect())
    }

    /// Gives the file `existing` a second name `new` (a hard link). Errors: `EEXIST`,
    /// `EPERM` for a directory, and the resolver's.
    pub fn host_link(&mut self, existing: &str, new: &str) -> Result<()> {
        let ino = self.host_lookup(existing, false)?.ino.ok_or(Errno::NOENT)?;
        if self.fs.is_dir(ino) {
            return Err(Errno::PERM.into());
        }
        let found = self.host_lookup(new, false)?;
        let (None, Some(name)) = (found.ino, found.name) else { return Err(Errno::EXIST.into()) };
        self.fs.link(found.parent, &name, ino, self.clock.realtime_ns())
    }

    /// Creates a symbolic link at `path` to `target` (kept as written). Errors: `EEXIST`.
    pub fn host_symlink(&mut self, target: &str, path: &str) -> Result<()> {
        let found = self.host_lookup(path, false)?;
        let (None, Some(name)) = (found.ino, found.name) else { return Err(Errno::EXIST.into()) };
        self.fs.create(found.parent, &name, Node::Symlink(target.to_owned()), self.clock.realtime_ns())?;
        Ok(())
    }

    /// Sets access, modification and status-change times (ns) of what `path` names, not
    /// following a final symlink.
    pub fn host_set_times(&mut self, path: &str, [atim, mtim, ctim]: [u64; 3]) -> Result<()> {
        let ino = self.host_lookup(path, false)?.ino.ok_or(Errno::NOENT)?;
        self.fs.set_times(ino, atim, mtim, ctim)
    }
}

fn stat_of(n: &crate::vfs::Inode) -> HostStat {
    let kind = match n.node {
        Node::File(_) => "file",
        Node::Dir(_) => "directory",
        Node::Symlink(_) => "symlink",
    };
    HostStat { kind, size: n.size(), nlink: n.nlink, ino: n.ino, times: [n.atim, n.mtim, n.ctim] }
}
