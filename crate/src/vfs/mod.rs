//! The in-memory filesystem: an inode arena of files, directories and symlinks. Names live only
//! in directory entries, so hard links and link counts are real; inode numbers are never
//! reused. File contents grow geometrically (a `Vec`), so appends are amortised O(1).
//!
//! [`resolve`] walks paths one component at a time; the syscalls in `syscalls/fs.rs` act on
//! what it finds.

mod file;
mod resolve;

pub use file::{set_len_zeroed, FileData, FileStore};
pub use resolve::{resolve, resolve_at, Found, MAX_SYMLINKS, NAME_MAX, PATH_MAX};

use crate::errno::{Errno, Result, Trap};
use crate::types::filetype;

/// Whether guest-absolute path `path` lies within `root`, on whole components: `/data` is
/// within `/`, `/data` and `/data/` but not within `/dat`; everything absolute is within `/`.
/// The one prefix rule of the crate: preopens (`ctx`), `wasi.fs` (`host_fs`) and the
/// wasip1-perms grants (`perms`) all ask it.
pub fn within(path: &str, root: &str) -> bool {
    let root = root.trim_end_matches('/');
    path.starts_with(root) && matches!(path.as_bytes().get(root.len()), None | Some(b'/'))
}

/// An index into the inode arena.
pub type Ino = u32;

/// What an inode holds.
#[derive(Debug)]
pub enum Node {
    /// A regular file's bytes (in memory or in a backend's store).
    File(FileData),
    /// A directory.
    Dir(Dir),
    /// A symbolic link's target, as written.
    Symlink(String),
}

impl Node {
    /// A file in memory holding `bytes`.
    pub fn file(bytes: Vec<u8>) -> Node {
        Node::File(FileData::Mem(bytes))
    }
}

/// Directories kept elsewhere and changed in place (a host folder the terminal runner serves):
/// every change to the entries of a directory with an [`origin`](Dir::origin) is made by the
/// backend first, so the folder is live, not a copy; a directory's entries are listed when it
/// is first looked into, so a large tree is never read whole. Names are the backend's ids for
/// directories and files (a file's is [`FileStore::origin`]).
pub trait Backend {
    /// The entries of directory `dir`: name, node (a file with its store, a directory with its
    /// origin, unlisted; a symlink) and times.
    fn list(&mut self, dir: &str) -> Result<Vec<(String, Node, [u64; 3])>>;
    /// Creates `name` in `dir` as `node` says (an empty file, a directory, a symlink); returns
    /// the node to keep (with its store or origin).
    fn create(&mut self, dir: &str, name: &str, node: Node) -> Result<Node>;
    /// Removes entry `name` of `dir` (an empty directory when `is_dir`).
    fn remove(&mut self, dir: &str, name: &str, is_dir: bool) -> Result<()>;
    /// Renames `name` of `dir` to `to_name` of `to`.
    fn rename(&mut self, dir: &str, name: &str, to: &str, to_name: &str) -> Result<()>;
    /// Links the file `file` as `name` in `dir`.
    fn link(&mut self, file: &str, dir: &str, name: &str) -> Result<()>;
    /// Sets the access and modification times (ns) of the file or directory `id`.
    fn set_times(&mut self, id: &str, atim: u64, mtim: u64) -> Result<()>;
}

/// A directory: its entries by name, each with a sequence number that orders them for
/// `fd_readdir` and makes its cookies stable while entries come and go.
///
/// Two plain vectors rather than two B-trees (which cost 4 KB of the shipped wasm, gzipped):
/// `slots` holds the entries in sequence order (appended as created, so already sorted), and
/// `by_name` the positions of those slots sorted by name. A lookup is a binary search; an
/// insert appends and shifts `by_name` indices; a removal shifts both (a `memmove` of a few
/// bytes per entry: ~10 µs in a directory of 10,000 entries). A readdir from a cookie is a
/// binary search and then a slice.
#[derive(Debug, Default)]
pub struct Dir {
    slots: Vec<Entry>,
    by_name: Vec<u32>,
    next_seq: u64,
    /// The parent directory (itself for a root).
    pub parent: Ino,
    /// Its name in the parent (empty for a root). A directory has exactly one name — it cannot
    /// be hard-linked —, so this is the other half of `..`, not a file's name in its inode: it
    /// gives a directory's guest path (`Vfs::dir_path`) for the permission checks.
    pub name: String,
    /// For a directory of a [`Backend`] (a host folder): the backend's name for it. Changes to
    /// its entries are made in the backend first.
    pub origin: Option<Box<str>>,
    /// Whether its entries are still only in the backend (listed when first looked into).
    pub unlisted: bool,
}

/// One directory entry.
#[derive(Debug)]
struct Entry {
    seq: u64,
    name: String,
    ino: Ino,
}

impl Dir {
    /// A backend's directory `origin`, its entries not listed yet.
    pub fn unlisted(origin: &str) -> Dir {
        Dir { origin: Some(origin.into()), unlisted: true, ..Dir::default() }
    }

    /// Where `name` is in `by_name`: `Ok(i)` when present, `Err(i)` where it would go.
    fn find(&self, name: &str) -> core::result::Result<usize, usize> {
        self.by_name.binary_search_by(|&slot| self.slots[slot as usize].name.as_str().cmp(name))
    }

    /// The inode `name` refers to.
    pub fn get(&self, name: &str) -> Option<Ino> {
        self.find(name).ok().map(|i| self.slots[self.by_name[i] as usize].ino)
    }

    /// Whether it has no entries.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Adds `name` (replacing an entry of that name, which then counts as new: it comes last).
    fn insert(&mut self, name: &str, ino: Ino) {
        self.remove(name);
        let seq = self.next_seq;
        self.next_seq += 1;
        let at = self.find(name).unwrap_or_else(|i| i);
        self.by_name.insert(at, self.slots.len() as u32);
        self.slots.push(Entry { seq, name: name.to_owned(), ino });
    }

    fn remove(&mut self, name: &str) -> Option<Ino> {
        let i = self.find(name).ok()?;
        let slot = self.by_name.remove(i);
        for s in &mut self.by_name {
            if *s > slot {
                *s -= 1;
            }
        }
        Some(self.slots.remove(slot as usize).ino)
    }

    /// Entries with a sequence number of at least `from`, in order: `(seq, name, ino)`.
    pub fn entries_from(&self, from: u64) -> impl Iterator<Item = (u64, &str, Ino)> + '_ {
        let start = self.slots.partition_point(|e| e.seq < from);
        self.slots[start..].iter().map(|e| (e.seq, e.name.as_str(), e.ino))
    }
}

/// One inode.
#[derive(Debug)]
pub struct Inode {
    /// The contents.
    pub node: Node,
    /// Hard links to it (directory entries; a directory also counts its `.`).
    pub nlink: u64,
    /// Inode number reported to guests; unique for the life of the filesystem.
    pub ino: u64,
    /// Last access, modification, status change (ns since the Unix epoch).
    pub atim: u64,
    /// Last modification.
    pub mtim: u64,
    /// Last status change.
    pub ctim: u64,
}

impl Inode {
    /// The preview1 filetype.
    pub fn filetype(&self) -> u8 {
        match &self.node {
            Node::File(FileData::Store(s)) if HOST_DIRS => s.filetype(),
            Node::File(_) => filetype::REGULAR_FILE,
            Node::Dir(_) => filetype::DIRECTORY,
            Node::Symlink(_) => filetype::SYMBOLIC_LINK,
        }
    }

    /// The size in bytes: file length, target length, or the entry count of a directory.
    pub fn size(&self) -> u64 {
        match &self.node {
            Node::File(data) => data.len(),
            Node::Dir(d) => d.len() as u64,
            Node::Symlink(t) => t.len() as u64,
        }
    }
}

/// Whether this build has host folders ([`Backend`]): native builds (the tests) and the
/// terminal runner's browser build (feature `host-dirs`). Elsewhere every backend branch is
/// compiled away.
pub const HOST_DIRS: bool = cfg!(any(feature = "host-dirs", not(target_arch = "wasm32")));

/// A [`Backend`] (boxed, for [`Vfs`]'s `Debug`).
pub struct BackendBox(pub Box<dyn Backend>);

impl core::fmt::Debug for BackendBox {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Backend")
    }
}

/// The filesystem.
#[derive(Debug, Default)]
pub struct Vfs {
    nodes: Vec<Option<Inode>>,
    free: Vec<Ino>,
    next_ino: u64,
    /// The backend of the directories that have an origin.
    #[cfg(any(feature = "host-dirs", not(target_arch = "wasm32")))]
    pub backend: Option<BackendBox>,
    /// Set by every change (an inode taken mutably: names, links, times, sizes); cleared by
    /// whoever persists the tree (a mount's flush), which then knows whether there is work.
    pub dirty: bool,
}

impl Vfs {
    /// An empty filesystem (no roots yet).
    pub fn new() -> Self {
        Vfs {
            nodes: Vec::new(),
            free: Vec::new(),
            next_ino: 1,
            #[cfg(any(feature = "host-dirs", not(target_arch = "wasm32")))]
            backend: None,
            dirty: false,
        }
    }

    fn alloc(&mut self, node: Node, now: u64) -> Ino {
        let inode = Inode { node, nlink: 0, ino: self.next_ino, atim: now, mtim: now, ctim: now };
        self.next_ino += 1;
        match self.free.pop() {
            Some(i) => {
                self.nodes[i as usize] = Some(inode);
                i
            }
            None => {
                self.nodes.push(Some(inode));
                (self.nodes.len() - 1) as Ino
            }
        }
    }

    /// A new root directory (a preopen's), its own parent.
    pub fn new_root(&mut self, now: u64) -> Ino {
        let ino = self.alloc(Node::Dir(Dir::default()), now);
        let n = self.node_mut(ino);
        n.nlink = 2;
        if let Node::Dir(d) = &mut n.node {
            d.parent = ino;
        }
        ino
    }

    /// The inode at `ino`.
    pub fn node(&self, ino: Ino) -> &Inode {
        self.nodes[ino as usize].as_ref().expect("live inode")
    }

    /// The inode at `ino`, mutably.
    pub fn node_mut(&mut self, ino: Ino) -> &mut Inode {
        self.dirty = true;
        self.nodes[ino as usize].as_mut().expect("live inode")
    }

    /// The bytes of file `ino`; `EBADF` for anything else.
    pub fn file(&self, ino: Ino) -> Result<&FileData> {
        match &self.node(ino).node {
            Node::File(d) => Ok(d),
            _ => Err(Errno::BADF.into()),
        }
    }

    /// The bytes of file `ino`, to read or write through (a read is not a change: this does not
    /// set [`Vfs::dirty`]; a write updates the times, which does); `EBADF` for anything else.
    pub fn file_mut(&mut self, ino: Ino) -> Result<&mut FileData> {
        match self.nodes[ino as usize].as_mut().map(|n| &mut n.node) {
            Some(Node::File(d)) => Ok(d),
            _ => Err(Errno::BADF.into()),
        }
    }

    /// The directory at `ino`, or `ENOTDIR`.
    /// Answers [`Trap::Unlisted`] for a backend's directory not listed yet (see [`Vfs::list`]).
    pub fn dir(&self, ino: Ino) -> Result<&Dir> {
        match &self.node(ino).node {
            Node::Dir(d) if HOST_DIRS && d.unlisted => Err(Trap::Unlisted(ino).into()),
            Node::Dir(d) => Ok(d),
            _ => Err(Errno::NOTDIR.into()),
        }
    }

    /// Whether `ino` is a directory (listed or not).
    pub fn is_dir(&self, ino: Ino) -> bool {
        matches!(self.node(ino).node, Node::Dir(_))
    }

    /// The backend and the origin of directory `ino`, when it has one. (Always `None` in a
    /// browser build without the `host-dirs` feature: every backend branch then compiles away.)
    fn backed(&mut self, ino: Ino) -> Option<(&mut dyn Backend, Box<str>)> {
        #[cfg(any(feature = "host-dirs", not(target_arch = "wasm32")))]
        {
            let origin = match &self.node(ino).node {
                Node::Dir(d) => d.origin.clone()?,
                _ => return None,
            };
            Some((self.backend.as_mut()?.0.as_mut(), origin))
        }
        #[cfg(not(any(feature = "host-dirs", not(target_arch = "wasm32"))))]
        {
            let _ = ino;
            None
        }
    }

    /// Reads the entries of a backend's directory not listed yet (what a call that answered
    /// [`Trap::Unlisted`] needs before it is made again).
    pub fn list(&mut self, ino: Ino) -> Result<()> {
        let Some((backend, origin)) = self.backed(ino) else { return Err(Errno::IO.into()) };
        let entries = backend.list(&origin)?;
        if let Node::Dir(d) = &mut self.node_mut(ino).node {
            d.unlisted = false;
        }
        for (name, node, [atim, mtim, ctim]) in entries {
            if self.dir(ino)?.get(&name).is_some() {
                continue;
            }
            let is_dir = matches!(node, Node::Dir(_));
            let child = self.alloc(node, 0);
            let n = self.node_mut(child);
            (n.atim, n.mtim, n.ctim) = (atim, mtim, ctim);
            n.nlink = if is_dir { 2 } else { 1 };
            if let Node::Dir(d) = &mut n.node {
                d.parent = ino;
                d.name = name.clone();
            }
            self.dir_mut(ino)?.insert(&name, child);
            if is_dir {
                self.node_mut(ino).nlink += 1;
            }
        }
        Ok(())
    }

    fn dir_mut(&mut self, ino: Ino) -> Result<&mut Dir> {
        match &mut self.node_mut(ino).node {
            Node::Dir(d) => Ok(d),
            _ => Err(Errno::NOTDIR.into()),
        }
    }

    /// Directory `parent`, to add an entry to. Errors: `ENOTDIR`; `ENOENT` for a directory
    /// that was removed (an fd may still hold it), as Linux, and so wasmtime; `EEXIST` when
    /// `name` is taken.
    fn dir_to_add_to(&self, parent: Ino, name: &str) -> Result<&Dir> {
        let dir = self.dir(parent)?;
        if self.node(parent).nlink == 0 {
            return Err(Errno::NOENT.into());
        }
        if dir.get(name).is_some() {
            return Err(Errno::EXIST.into());
        }
        Ok(dir)
    }

    /// Creates `node` as `name` in directory `parent`. Errors: `EEXIST`, `ENOTDIR`, `ENOENT`
    /// (`parent` was removed).
    pub fn create(&mut self, parent: Ino, name: &str, mut node: Node, now: u64) -> Result<Ino> {
        self.dir_to_add_to(parent, name)?;
        if let Some((backend, origin)) = self.backed(parent) {
            node = backend.create(&origin, name, node)?;
        }
        let is_dir = matches!(node, Node::Dir(_));
        let ino = self.alloc(node, now);
        if let Node::Dir(d) = &mut self.node_mut(ino).node {
            d.parent = parent;
            d.name = name.to_owned();
        }
        self.node_mut(ino).nlink = if is_dir { 2 } else { 1 };
        self.dir_mut(parent)?.insert(name, ino);
        let p = self.node_mut(parent);
        if is_dir {
            p.nlink += 1;
        }
        p.mtim = now;
        p.ctim = now;
        Ok(ino)
    }

    /// Adds a hard link `name` in `parent` to the file or symlink `ino`. Errors: as
    /// [`Vfs::create`].
    pub fn link(&mut self, parent: Ino, name: &str, ino: Ino, now: u64) -> Result<()> {
        self.dir_to_add_to(parent, name)?;
        let file = match &self.node(ino).node {
            Node::File(FileData::Store(s)) if HOST_DIRS => s.origin().map(Box::<str>::from),
            _ => None,
        };
        match (self.backed(parent), file) {
            (Some((backend, origin)), Some(file)) => backend.link(&file, &origin, name)?,
            (None, None) => {}
            _ => return Err(Errno::XDEV.into()),
        }
        self.dir_mut(parent)?.insert(name, ino);
        let n = self.node_mut(ino);
        n.nlink += 1;
        n.ctim = now;
        let p = self.node_mut(parent);
        p.mtim = now;
        p.ctim = now;
        Ok(())
    }

    /// Removes the entry `name` of `parent` and frees its inode when no link remains and no
    /// fd holds it (`open` tells). Returns the inode.
    pub fn unlink(&mut self, parent: Ino, name: &str, now: u64, open: impl Fn(Ino) -> bool) -> Result<Ino> {
        let ino = self.dir(parent)?.get(name).ok_or(Errno::NOENT)?;
        let is_dir = matches!(self.node(ino).node, Node::Dir(_));
        if let Some((backend, origin)) = self.backed(parent) {
            backend.remove(&origin, name, is_dir)?;
        }
        self.dir_mut(parent)?.remove(name);
        let p = self.node_mut(parent);
        p.mtim = now;
        p.ctim = now;
        if is_dir {
            p.nlink -= 1;
        }
        let n = self.node_mut(ino);
        n.nlink = if is_dir { 0 } else { n.nlink - 1 };
        n.ctim = now;
        if n.nlink == 0 && !open(ino) {
            self.release(ino);
        }
        Ok(ino)
    }

    /// Moves entry `name` of `parent` to `new_name` in `new_parent` (which must not exist; the
    /// caller removes a replaced target first). Errors: `ENOENT` (no such entry, or
    /// `new_parent` was removed), `ENOTDIR`.
    pub fn rename(&mut self, parent: Ino, name: &str, new_parent: Ino, new_name: &str, now: u64) -> Result<()> {
        self.dir_to_add_to(new_parent, new_name)?;
        self.dir(parent)?.get(name).ok_or(Errno::NOENT)?;
        let to = self.backed(new_parent).map(|(_, o)| o);
        match (self.backed(parent), to) {
            (Some((backend, origin)), Some(to)) => backend.rename(&origin, name, &to, new_name)?,
            (None, None) => {}
            _ => return Err(Errno::XDEV.into()),
        }
        let ino = self.dir_mut(parent)?.remove(name).ok_or(Errno::NOENT)?;
        self.dir_mut(new_parent)?.insert(new_name, ino);
        if let Node::Dir(d) = &mut self.node_mut(ino).node {
            d.parent = new_parent;
            d.name = new_name.to_owned();
            self.node_mut(parent).nlink -= 1;
            self.node_mut(new_parent).nlink += 1;
        }
        for p in [parent, new_parent] {
            let p = self.node_mut(p);
            p.mtim = now;
            p.ctim = now;
        }
        self.node_mut(ino).ctim = now;
        Ok(())
    }

    /// Sets the access and modification times of `ino` (in its backend first, when it has
    /// one), and its status-change time to `ctim` (the syscalls: now).
    pub fn set_times(&mut self, ino: Ino, atim: u64, mtim: u64, ctim: u64) -> Result<()> {
        let id: Option<Box<str>> = match &self.node(ino).node {
            Node::Dir(d) if HOST_DIRS => d.origin.clone(),
            Node::File(FileData::Store(s)) if HOST_DIRS => s.origin().map(Into::into),
            _ => None,
        };
        #[cfg(any(feature = "host-dirs", not(target_arch = "wasm32")))]
        if let (Some(id), Some(b)) = (id, self.backend.as_mut()) {
            b.0.set_times(&id, atim, mtim)?;
        }
        #[cfg(not(any(feature = "host-dirs", not(target_arch = "wasm32"))))]
        let _ = id;
        let n = self.node_mut(ino);
        (n.atim, n.mtim, n.ctim) = (atim, mtim, ctim);
        Ok(())
    }

    /// Frees an inode no name and no fd refers to any more.
    pub fn release(&mut self, ino: Ino) {
        if self.nodes[ino as usize].as_ref().is_some_and(|n| n.nlink == 0) {
            self.nodes[ino as usize] = None;
            self.free.push(ino);
        }
    }

    /// The names from directory `ino`'s root down to it, appended to `out` each after a `/`,
    /// and that root; `None` for a directory removed while open (no path leads to it).
    pub fn dir_path(&self, mut ino: Ino, out: &mut String) -> Option<Ino> {
        let mut names: Vec<&str> = Vec::new();
        loop {
            let n = self.node(ino);
            let Node::Dir(d) = &n.node else { return None };
            if n.nlink == 0 {
                return None;
            }
            if d.parent == ino {
                break;
            }
            names.push(&d.name);
            ino = d.parent;
        }
        for name in names.iter().rev() {
            out.push('/');
            out.push_str(name);
        }
        Some(ino)
    }

    /// Whether `ino` is `ancestor` or lies below it.
    pub fn is_within(&self, mut ino: Ino, ancestor: Ino) -> bool {
        loop {
            if ino == ancestor {
                return true;
            }
            let parent = match &self.node(ino).node {
                Node::Dir(d) => d.parent,
                _ => return false,
            };
            if parent == ino {
                return false;
            }
            ino = parent;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_matches_whole_components() {
        assert!(within("/data/x", "/data"));
        assert!(within("/data", "/data"));
        assert!(within("/data/x", "/data/"));
        assert!(within("/data", "/"));
        assert!(!within("/database", "/data"));
        assert!(!within("/", "/data"));
    }

    #[test]
    fn link_counts_and_inode_reuse() {
        let mut fs = Vfs::new();
        let root = fs.new_root(0);
        let f = fs.create(root, "f", Node::file(b"x".to_vec()), 1).unwrap();
        let d = fs.create(root, "d", Node::Dir(Dir::default()), 1).unwrap();
        assert_eq!(fs.node(root).nlink, 3);
        assert_eq!(fs.node(d).nlink, 2);
        fs.link(d, "g", f, 2).unwrap();
        assert_eq!(fs.node(f).nlink, 2);
        let ino_number = fs.node(f).ino;
        fs.unlink(root, "f", 3, |_| false).unwrap();
        assert_eq!(fs.node(f).nlink, 1);
        assert_eq!(fs.node(f).ino, ino_number, "still the same file through its other name");
        fs.unlink(d, "g", 4, |_| false).unwrap();
        // The arena slot is reused, the inode number never is.
        let h = fs.create(root, "h", Node::file(Vec::new()), 5).unwrap();
        assert_eq!(h, f);
        assert_ne!(fs.node(h).ino, ino_number);
        assert_eq!(fs.create(root, "h", Node::file(Vec::new()), 5).unwrap_err(), Errno::EXIST.into());
    }

    #[test]
    fn open_files_outlive_their_last_name() {
        let mut fs = Vfs::new();
        let root = fs.new_root(0);
        let f = fs.create(root, "f", Node::file(b"data".to_vec()), 1).unwrap();
        fs.unlink(root, "f", 2, |i| i == f).unwrap();
        assert_eq!(fs.node(f).size(), 4);
        fs.release(f);
        assert!(fs.nodes[f as usize].is_none());
    }

    #[test]
    fn directories_know_their_path() {
        let mut fs = Vfs::new();
        let root = fs.new_root(0);
        let a = fs.create(root, "a", Node::Dir(Dir::default()), 1).unwrap();
        let b = fs.create(a, "b", Node::Dir(Dir::default()), 1).unwrap();
        let path = |fs: &Vfs, d| {
            let mut s = String::new();
            fs.dir_path(d, &mut s).map(|r| (s, r))
        };
        assert_eq!(path(&fs, b), Some(("/a/b".into(), root)));
        assert_eq!(path(&fs, root), Some((String::new(), root)));
        fs.rename(a, "b", root, "c", 2).unwrap();
        assert_eq!(path(&fs, b), Some(("/c".into(), root)), "a rename moves the path");
        fs.unlink(root, "c", 3, |i| i == b).unwrap();
        assert_eq!(path(&fs, b), None, "removed while open: no path");
    }

    #[test]
    fn nothing_is_added_to_a_removed_directory() {
        let mut fs = Vfs::new();
        let root = fs.new_root(0);
        let d = fs.create(root, "d", Node::Dir(Dir::default()), 0).unwrap();
        fs.create(root, "f", Node::file(Vec::new()), 0).unwrap();
        fs.unlink(root, "d", 0, |ino| ino == d).unwrap(); // an fd still holds it
        assert_eq!(fs.create(d, "x", Node::file(Vec::new()), 0).unwrap_err(), Errno::NOENT.into());
        let f = fs.dir(root).unwrap().get("f").unwrap();
        assert_eq!(fs.link(d, "x", f, 0).unwrap_err(), Errno::NOENT.into());
        assert_eq!(fs.rename(root, "f", d, "x", 0).unwrap_err(), Errno::NOENT.into());
        assert_eq!(fs.dir(root).unwrap().get("f"), Some(f), "a refused rename leaves the entry");
    }

    #[test]
    fn readdir_order_is_stable_under_mutation() {
        let mut fs = Vfs::new();
        let root = fs.new_root(0);
        for n in ["a", "b", "c"] {
            fs.create(root, n, Node::file(Vec::new()), 1).unwrap();
        }
        let seq_b = fs.dir(root).unwrap().entries_from(0).nth(1).unwrap().0;
        fs.unlink(root, "a", 2, |_| false).unwrap();
        fs.create(root, "d", Node::file(Vec::new()), 3).unwrap();
        let names: Vec<&str> = fs.dir(root).unwrap().entries_from(seq_b).map(|e| e.1).collect();
        assert_eq!(names, ["b", "c", "d"]);
    }
}
