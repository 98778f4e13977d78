//! Path resolution, one component at a time, from a directory fd's inode.
//!
//! The directory the walk starts from is its boundary, as in wasmtime (cap-std): `..` never
//! climbs above it and an absolute path or symlink target is refused. Symlinks met along the
//! way are expanded in place, [`MAX_SYMLINKS`] at most. The last component is returned with its
//! parent, so the syscall can act on it (create, unlink, rename) without following it.

use super::{Ino, Node, Vfs};
use crate::errno::{Errno, Result};

/// How many symlinks one resolution may expand before `ELOOP`.
pub const MAX_SYMLINKS: u32 = 40;

/// The errno for a path that would leave the directory it is resolved from.
pub const ESCAPE: Errno = Errno::PERM;

/// The longest name a directory entry may have, in bytes: Linux's `NAME_MAX`, which is where
/// wasmtime's host directory refuses longer ones (`ENAMETOOLONG`).
pub const NAME_MAX: usize = 255;

/// Linux's `PATH_MAX` (bytes, its NUL included): wasmtime hands some paths to one host call
/// whole, and those of this length or more are `ENAMETOOLONG` there.
pub const PATH_MAX: usize = 4096;

/// What a path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The directory holding the last component.
    pub parent: Ino,
    /// The last component; `None` when the path names a directory by `.` or `..`.
    pub name: Option<String>,
    /// The inode named, if it exists (a final symlink followed only when asked).
    pub ino: Option<Ino>,
    /// The path ended in `/`: it must name a directory.
    pub dir_expected: bool,
    /// The path's last component was a symlink, followed (asked to, or for a trailing `/`):
    /// `parent`/`name` are then the target's, not the link's.
    pub via_symlink: bool,
}

impl Found {
    /// Whether the last component is longer than [`NAME_MAX`]: no such entry can exist, and
    /// creating, removing or looking it up is `ENAMETOOLONG` (as wasmtime on Linux).
    pub fn name_too_long(&self) -> bool {
        self.name.as_ref().is_some_and(|n| n.len() > NAME_MAX)
    }
}

/// Resolves `path` from directory `start`. `follow`: whether a final symlink is followed.
///
/// Errors: `ENOENT` (empty path, or a missing directory on the way), `ENAMETOOLONG` (a missing
/// directory on the way whose name is over [`NAME_MAX`] bytes), `ENOTDIR` (a file used as a
/// directory, or a trailing `/` after a file), `ELOOP` (more than [`MAX_SYMLINKS`] symlinks),
/// [`ESCAPE`] (absolute paths, `..` above `start`, absolute symlink targets), `EINVAL` for a
/// NUL byte. A last component over [`NAME_MAX`] bytes is returned as missing; the caller
/// decides (see `Found::name_too_long`).
#[inline]
pub fn resolve(fs: &Vfs, start: Ino, path: &str, follow: bool) -> Result<Found> {
    resolve_at(fs, start, path, follow, &mut 0)
}

/// [`resolve`], also telling in `reached` the directory the walk was in when it ended: on an
/// error, where the path stopped resolving (the permission checks judge a failed lookup by
/// where it got to, so that a refused guest cannot learn what exists beyond its grants).
pub fn resolve_at(fs: &Vfs, start: Ino, path: &str, follow: bool, reached: &mut Ino) -> Result<Found> {
    *reached = start;
    if path.is_empty() {
        return Err(Errno::NOENT.into());
    }
    if path.contains('\0') {
        return Err(Errno::INVAL.into());
    }
    if path.starts_with('/') {
        return Err(ESCAPE.into());
    }
    let dir_expected = path.ends_with('/');
    // Components come from the path itself, lazily; symlink targets push theirs on `pending`
    // (last first), which is walked before the rest of the path. Both borrow (from `path` and
    // from `fs`, which does not change while a path resolves), and `pending` and `below` stay
    // unallocated until a symlink or a subdirectory appears: a plain name allocates nothing.
    let mut parts = path.split('/').filter(|c| !c.is_empty()).peekable();
    let mut pending: Vec<&str> = Vec::new();
    let mut below: Vec<Ino> = Vec::new(); // directories entered below `start`
    let mut links = 0u32;
    let mut via_symlink = false;
    while let Some(comp) = pending.pop().or_else(|| parts.next()) {
        let last = pending.is_empty() && parts.peek().is_none();
        let cur = below.last().copied().unwrap_or(start);
        *reached = cur;
        match comp {
            "." => {}
            ".." => {
                if below.pop().is_none() {
                    return Err(ESCAPE.into());
                }
            }
            name => {
                let Some(ino) = fs.dir(cur)?.get(name) else {
                    if last {
                        return Ok(Found { parent: cur, name: Some(name.to_owned()), ino: None, dir_expected, via_symlink });
                    }
                    return Err(if name.len() > NAME_MAX { Errno::NAMETOOLONG } else { Errno::NOENT }.into());
                };
                match &fs.node(ino).node {
                    Node::Dir(_) if !last => below.push(ino),
                    Node::Symlink(target) if !last || follow || dir_expected => {
                        links += 1;
                        via_symlink |= last;
                        if links > MAX_SYMLINKS {
                            return Err(Errno::LOOP.into());
                        }
                        if target.starts_with('/') {
                            return Err(ESCAPE.into());
                        }
                        if target.is_empty() {
                            return Err(Errno::NOENT.into());
                        }
                        // The target's components come before what is left of the path.
                        if target.ends_with('/') && last {
                            pending.push(".");
                        }
                        pending.extend(target.split('/').filter(|c| !c.is_empty()).rev());
                    }
                    Node::File(_) if !last => return Err(Errno::NOTDIR.into()),
                    node => {
                        if dir_expected && !matches!(node, Node::Dir(_)) {
                            return Err(Errno::NOTDIR.into());
                        }
                        return Ok(Found { parent: cur, name: Some(name.to_owned()), ino: Some(ino), dir_expected, via_symlink });
                    }
                }
            }
        }
    }
    // The path ended on `.` or `..` (or a symlink to a directory): it names a directory itself.
    let dir = below.last().copied().unwrap_or(start);
    let parent = match &fs.node(dir).node {
        Node::Dir(d) => d.parent,
        _ => dir,
    };
    Ok(Found { parent, name: None, ino: Some(dir), dir_expected: true, via_symlink })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vfs::Dir;

    fn tree() -> (Vfs, Ino, Ino, Ino) {
        let mut fs = Vfs::new();
        let root = fs.new_root(0);
        let a = fs.create(root, "a", Node::Dir(Dir::default()), 0).unwrap();
        let f = fs.create(a, "f", Node::file(b"x".to_vec()), 0).unwrap();
        fs.create(root, "to_a", Node::Symlink("a".into()), 0).unwrap();
        fs.create(root, "to_f", Node::Symlink("a/f".into()), 0).unwrap();
        fs.create(root, "loop1", Node::Symlink("loop2".into()), 0).unwrap();
        fs.create(root, "loop2", Node::Symlink("loop1".into()), 0).unwrap();
        fs.create(root, "out", Node::Symlink("../x".into()), 0).unwrap();
        fs.create(root, "abs", Node::Symlink("/etc".into()), 0).unwrap();
        fs.create(root, "dangling", Node::Symlink("nope".into()), 0).unwrap();
        (fs, root, a, f)
    }

    fn found(fs: &Vfs, start: Ino, p: &str, follow: bool) -> Result<(Option<String>, Option<Ino>)> {
        resolve(fs, start, p, follow).map(|f| (f.name, f.ino))
    }

    #[test]
    fn walks_components() {
        let (fs, root, a, f) = tree();
        assert_eq!(found(&fs, root, "a/f", false).unwrap().1, Some(f));
        assert_eq!(found(&fs, root, "a//./f", false).unwrap().1, Some(f));
        assert_eq!(found(&fs, root, "a/../a/f", false).unwrap().1, Some(f));
        assert_eq!(found(&fs, root, "a/new", false).unwrap(), (Some("new".into()), None));
        assert_eq!(found(&fs, root, ".", false).unwrap(), (None, Some(root)));
        assert_eq!(found(&fs, root, "a/", false).unwrap().1, Some(a));
        assert_eq!(found(&fs, root, "", false).unwrap_err(), Errno::NOENT.into());
        assert_eq!(found(&fs, root, "b/f", false).unwrap_err(), Errno::NOENT.into());
    }

    #[test]
    fn trailing_slashes_and_files() {
        let (fs, root, ..) = tree();
        assert_eq!(found(&fs, root, "a/f/", false).unwrap_err(), Errno::NOTDIR.into());
        assert_eq!(found(&fs, root, "a/f/x", false).unwrap_err(), Errno::NOTDIR.into());
        assert!(resolve(&fs, root, "a/new/", false).unwrap().dir_expected);
    }

    #[test]
    fn never_leaves_the_start() {
        let (fs, root, a, _) = tree();
        assert_eq!(found(&fs, root, "..", false).unwrap_err(), ESCAPE.into());
        assert_eq!(found(&fs, root, "a/../..", false).unwrap_err(), ESCAPE.into());
        assert_eq!(found(&fs, root, "/etc", false).unwrap_err(), ESCAPE.into());
        // The boundary is the fd's own directory, not the preopen it came from.
        assert_eq!(found(&fs, a, "..", false).unwrap_err(), ESCAPE.into());
        assert_eq!(found(&fs, root, "out", true).unwrap_err(), ESCAPE.into());
        assert_eq!(found(&fs, root, "abs", true).unwrap_err(), ESCAPE.into());
        assert_eq!(found(&fs, root, "a\0b", false).unwrap_err(), Errno::INVAL.into());
    }

    #[test]
    fn names_over_name_max() {
        let (fs, root, ..) = tree();
        let long = "n".repeat(NAME_MAX + 1);
        let last = resolve(&fs, root, &long, false).unwrap();
        assert!(last.ino.is_none() && last.name_too_long(), "a long last name is missing, and flagged");
        assert!(!resolve(&fs, root, &"n".repeat(NAME_MAX), false).unwrap().name_too_long());
        assert_eq!(found(&fs, root, &format!("{long}/f"), false).unwrap_err(), Errno::NAMETOOLONG.into());
        // What comes first on the way decides: a missing directory, a file.
        assert_eq!(found(&fs, root, &format!("missing/{long}/f"), false).unwrap_err(), Errno::NOENT.into());
        assert_eq!(found(&fs, root, &format!("a/f/{long}/x"), false).unwrap_err(), Errno::NOTDIR.into());
    }

    #[test]
    fn symlinks_followed_within_a_budget() {
        let (fs, root, a, f) = tree();
        assert_eq!(found(&fs, root, "to_a/f", false).unwrap().1, Some(f));
        assert_eq!(found(&fs, root, "to_f", true).unwrap().1, Some(f));
        let link = fs.dir(root).unwrap().get("to_f");
        assert_eq!(found(&fs, root, "to_f", false).unwrap().1, link, "not followed: the link itself");
        assert_eq!(found(&fs, root, "to_a/", false).unwrap().1, Some(a), "a trailing slash follows");
        assert_eq!(found(&fs, root, "loop1", true).unwrap_err(), Errno::LOOP.into());
        assert_eq!(found(&fs, root, "loop1/x", false).unwrap_err(), Errno::LOOP.into());
        assert_eq!(found(&fs, root, "dangling", true).unwrap(), (Some("nope".into()), None));
    }
}
