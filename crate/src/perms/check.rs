//! The permission checks on a guest's context: where a resolved path really is, whether the
//! policy grants the access, and the record of each refusal.
//!
//! Every check runs after path resolution and before the operation changes anything, so a
//! refused call returns `EACCES` and has no effect. A lookup that fails is judged by the
//! directory it reached: beyond a grant the answer is `EACCES` whatever the resolver said, so a
//! guest cannot probe what exists outside what it may see.

use super::{access_name, Access, Denial, Policy, READ, WRITE};
use crate::ctx::WasiCtx;
use crate::errno::{Errno, Error, Result};
use crate::vfs::{Found, Ino};

/// What an fd opened under a policy may still do, and the path it was opened as (for the
/// record of a refusal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Granted {
    /// The accesses the policy grants on the file.
    pub access: Access,
    /// Its guest-absolute path when opened.
    pub path: String,
}

/// Where a guest path given for a preopen sits in the manifest's namespace: absolute and
/// lexically normal. A relative preopen name counts from `/` (`.` is `/`, `data` is `/data`).
pub fn preopen_root(name: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in name.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    let mut out = String::new();
    for p in parts {
        out.push('/');
        out.push_str(p);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// The host's hook, told of each refusal as it happens (`onDenied` in JS).
pub type DeniedHook = Box<dyn FnMut(&Denial)>;

impl WasiCtx {
    /// The guest-absolute path of directory `dir`, or `None` once it has been removed.
    pub fn dir_guest_path(&self, dir: Ino) -> Option<String> {
        let mut rest = String::new();
        let root = self.fs.dir_path(dir, &mut rest)?;
        let (_, base) = self.perm_roots.iter().find(|(r, _)| *r == root)?;
        Some(if base == "/" {
            if rest.is_empty() { "/".into() } else { rest }
        } else {
            format!("{base}{rest}")
        })
    }

    /// The guest-absolute path of what `found` names (for a followed symlink, its target's).
    fn found_path(&self, found: &Found) -> Option<String> {
        match (&found.name, found.ino) {
            (Some(name), _) => {
                let mut p = self.dir_guest_path(found.parent)?;
                if !p.ends_with('/') {
                    p.push('/');
                }
                p.push_str(name);
                Some(p)
            }
            (None, Some(dir)) => self.dir_guest_path(dir),
            (None, None) => None,
        }
    }

    /// Records a refusal, tells the host's hook, and gives the `EACCES` to return.
    pub fn deny(&mut self, syscall: &'static str, subject: &str, access: &'static str) -> Error {
        let now = self.clock.realtime_ns();
        if let Some(i) = self.denials.record(syscall, subject, access, now) {
            if let Some(hook) = &mut self.on_denied {
                hook(&self.denials.list[i]);
            }
        }
        Errno::ACCES.into()
    }

    /// The policy, if any. Always `None` in the browser's lean build (no `full` feature), which
    /// cannot make one: a constant there, so that it drops every check behind this.
    #[inline(always)]
    pub(crate) fn policy(&self) -> Option<&Policy> {
        self.policy.as_ref().filter(|_| cfg!(feature = "full"))
    }

    /// Checks `access` on `path` (`None`: a removed directory, never granted).
    fn check_path(&mut self, syscall: &'static str, path: Option<String>, access: Access) -> Result<()> {
        let Some(policy) = self.policy() else { return Ok(()) };
        match path {
            Some(p) if policy.allows_path(&p, access) => Ok(()),
            Some(p) => Err(self.deny(syscall, &p, access_name(access))),
            None => Err(self.deny(syscall, "(a removed directory)", access_name(access))),
        }
    }

    /// Checks `access` on what a successful lookup found.
    pub fn check_found(&mut self, syscall: &'static str, found: &Found, access: Access) -> Result<()> {
        if self.policy().is_none() {
            return Ok(());
        }
        let path = self.found_path(found);
        self.check_path(syscall, path, access)
    }

    /// The error to return for a lookup that failed with `err` in directory `reached`: `err`
    /// when the policy grants `access` there, `EACCES` otherwise.
    pub fn check_failed_lookup(&mut self, syscall: &'static str, reached: Ino, access: Access, err: Error) -> Error {
        if self.policy().is_none() {
            return err;
        }
        let path = self.dir_guest_path(reached);
        self.check_path(syscall, path, access).err().unwrap_or(err)
    }

    /// Checks `access` on directory `dir` itself (`fd_readdir`, `fd_filestat_set_times`).
    pub fn check_dir(&mut self, syscall: &'static str, dir: Ino, access: Access) -> Result<()> {
        if self.policy().is_none() {
            return Ok(());
        }
        let path = self.dir_guest_path(dir);
        self.check_path(syscall, path, access)
    }

    /// What the policy grants on what `found` names, for an fd opened there; `None` without
    /// a policy.
    pub fn grant_for(&self, found: &Found) -> Option<Granted> {
        let policy = self.policy()?;
        let path = self.found_path(found)?;
        let access = [READ, WRITE].into_iter().filter(|&a| policy.allows_path(&path, a)).fold(0, |s, a| s | a);
        Some(Granted { access, path })
    }

    /// Records, for a call that lays out the environment, each variable the policy hides.
    pub fn note_hidden_env(&mut self, syscall: &'static str) {
        if self.policy().is_none() {
            return;
        }
        for i in 0..self.hidden_env.len() {
            let name = std::mem::take(&mut self.hidden_env[i]);
            self.deny(syscall, &name, "env");
            self.hidden_env[i] = name;
        }
    }

    /// Records, for a call that lays out the arguments, that the policy hides `argv[1..]`.
    pub fn note_hidden_args(&mut self, syscall: &'static str) {
        if self.args_hidden && self.policy().is_some() {
            self.deny(syscall, "argv", "args");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preopen_names_map_to_absolute_paths() {
        assert_eq!(preopen_root("/"), "/");
        assert_eq!(preopen_root("."), "/");
        assert_eq!(preopen_root("/data/"), "/data");
        assert_eq!(preopen_root("data"), "/data");
        assert_eq!(preopen_root("./a//b/../c"), "/a/c");
    }
}
