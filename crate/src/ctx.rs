//! The state of one guest: arguments, environment, fds and the services it reads.
//!
//! [`WasiCtx::builder`] documents every default: no arguments, no environment, empty stdin,
//! output discarded unless a sink is given, no preopens.

use crate::clocks::Clock;
use crate::errno::Result;
use crate::fd_table::FdTable;
use crate::memory::{check_align, check_range, Memory};
use crate::perms::check::{preopen_root, DeniedHook};
use crate::perms::{Denials, Policy};
use crate::sleep::Sleeper;
use crate::random::Rng;
use crate::stdio::{BytesInput, Input, Output};
use crate::trace::Trace;
use crate::vfs::{within, Dir, Ino, Node, Vfs};

/// A list of NUL-terminated strings laid out once, as `args_get`/`environ_get` hand them over.
#[derive(Debug, Default)]
pub struct StringList {
    /// All strings, each followed by a NUL.
    buf: Vec<u8>,
    /// Start offset of each string in `buf`.
    starts: Vec<u32>,
}

impl StringList {
    /// Lays out `items`. Errors name the first item that holds a NUL byte, which a C string
    /// cannot carry.
    pub fn new<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> core::result::Result<Self, String> {
        let mut list = StringList::default();
        for (i, s) in items.into_iter().enumerate() {
            let s = s.as_ref();
            if s.contains('\0') {
                return Err(format!("item {i} contains a NUL byte"));
            }
            list.starts.push(list.buf.len() as u32);
            list.buf.extend_from_slice(s.as_bytes());
            list.buf.push(0);
        }
        Ok(list)
    }

    /// The list whose strings `buf` holds, each already followed by its NUL (as `glue.js` packs
    /// `args` and `env`): no copy, one pass to find where each starts.
    pub fn from_packed(buf: Vec<u8>) -> Self {
        let mut starts = Vec::new();
        let mut at = 0;
        for (i, &b) in buf.iter().enumerate() {
            if b == 0 {
                starts.push(at as u32);
                at = i + 1;
            }
        }
        StringList { buf, starts }
    }

    /// `(count, total bytes including NULs)`, as `*_sizes_get` returns them.
    pub fn sizes(&self) -> (u32, u32) {
        (self.starts.len() as u32, self.buf.len() as u32)
    }

    /// Writes the pointer array at `ptrs` and the strings at `buf`. `scratch` is reused between
    /// calls so that no call allocates once it has grown.
    /// An empty list touches neither pointer (as wasmtime: no check, no trap).
    pub fn write(&self, mem: &mut dyn Memory, ptrs: u32, buf: u32, scratch: &mut Vec<u8>) -> Result<()> {
        if self.starts.is_empty() {
            return Ok(());
        }
        check_align(ptrs, 4)?;
        // Sized once, then filled with one 4-byte store per pointer. (A 4-byte
        // `extend_from_slice` or `copy_from_slice` per string is a call and a `memory.copy`
        // each at this crate's size-first opt-level: 2–3× slower in V8 whenever its wasm
        // inliner does not happen to inline them.)
        scratch.clear();
        scratch.resize(self.starts.len() * 4, 0);
        for (slot, &start) in scratch.chunks_exact_mut(4).zip(&self.starts) {
            if let Ok(slot) = <&mut [u8; 4]>::try_from(slot) {
                *slot = buf.wrapping_add(start).to_le_bytes();
            }
        }
        mem.write(ptrs, scratch)?;
        mem.write(buf, &self.buf)
    }

    /// The strings, without their NULs.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        let ends = self.starts.iter().skip(1).copied().chain(Some(self.buf.len() as u32));
        self.starts.iter().zip(ends).map(|(&s, e)| &self.buf[s as usize..e as usize - 1])
    }
}

/// `argv` and the environment, laid out when a guest first asks for either (see
/// [`WasiCtxBuilder::deferred`]).
pub type Deferred = Box<dyn FnOnce() -> (StringList, StringList)>;

/// The state of one guest.
pub struct WasiCtx {
    /// `argv` (read it after [`lists`](Self::lists)).
    pub args: StringList,
    /// The environment, as `KEY=VALUE` strings (read it after [`lists`](Self::lists)).
    pub env: StringList,
    /// `args` and `env` while they are still the host's to lay out.
    deferred: Option<Deferred>,
    /// Open fds.
    pub fds: FdTable,
    /// The clock `clock_time_get` reads.
    pub clock: Box<dyn Clock>,
    /// The source `random_get` draws from.
    pub rng: Box<dyn Rng>,
    /// How `poll_oneoff` waits.
    pub sleeper: Box<dyn Sleeper>,
    /// Scratch space reused by calls that lay out arrays (`args_get`).
    pub scratch: Vec<u8>,
    /// The `proc_exit` code, once the guest has exited.
    pub exit_code: Option<u32>,
    /// The syscall profile, when tracing is on.
    pub trace: Option<Trace>,
    /// The filesystem the preopens expose.
    pub fs: Vfs,
    /// Each preopen's guest path and root directory, in order.
    pub preopens: Vec<(String, Ino)>,
    /// The wasip1-perms policy; `None` for classic WASI (the preopens are the sandbox).
    pub policy: Option<Policy>,
    /// What the policy refused.
    pub denials: Denials,
    /// Told of each refusal as it happens.
    pub on_denied: Option<DeniedHook>,
    /// Each filesystem root and the guest-absolute path it is mounted at (for the checks).
    pub perm_roots: Vec<(Ino, String)>,
    /// Names of the variables the policy hides.
    pub hidden_env: Vec<String>,
    /// Whether the policy hides `argv[1..]` (and there were some).
    pub args_hidden: bool,
    /// `poll_oneoff` that answered `Pending`: its subscriptions pointer, their count and its
    /// start time (monotonic ns), so that the call made again keeps its deadlines.
    pub poll_resume: Option<(u32, u32, u64)>,
    /// Persists mounted backends (OPFS, a picked folder) at the guest's durability points;
    /// `None` when every preopen is in memory.
    pub persist: Option<Box<dyn Persist>>,
}

/// Makes a mounted backend match the tree: what the guest created, renamed, linked, removed
/// and timed since the last time. Answers [`Trap::Pending`](crate::errno::Trap::Pending) while
/// its driver does the work outside the host's frames, then `Ok` when the call is made again.
pub trait Persist {
    /// Persists the tree, or starts to.
    fn persist(&mut self) -> Result<()>;
}

impl WasiCtx {
    /// Starts a context with the given services; see [`WasiCtxBuilder`] for the defaults.
    pub fn builder(clock: Box<dyn Clock>, rng: Box<dyn Rng>, sleeper: Box<dyn Sleeper>) -> WasiCtxBuilder {
        WasiCtxBuilder {
            clock,
            rng,
            sleeper,
            args: Vec::new(),
            env: Vec::new(),
            packed: None,
            deferred: None,
            stdin: Box::new(BytesInput::default()),
            stdout: None,
            stderr: None,
            preopens: Vec::new(),
            trace: None,
            policy: None,
        }
    }

    /// Whether `ino` is the root of a preopen (which may not be removed or renamed).
    pub fn is_preopen(&self, ino: Ino) -> bool {
        self.preopens.iter().any(|&(_, root)| root == ino)
    }

    /// Removes entry `name` of directory `parent`; its inode goes once no name and no fd
    /// refers to it.
    pub fn remove_entry(&mut self, parent: Ino, name: &str) -> Result<()> {
        let now = self.clock.realtime_ns();
        let fds = &self.fds;
        self.fs.unlink(parent, name, now, |i| fds.holds(i))?;
        Ok(())
    }

    /// A durability point (`fd_sync`, `fd_datasync`, `fd_close`): when the tree changed and a
    /// mount persists it, the changes are on disk when this returns `Ok`.
    pub fn durable(&mut self) -> Result<()> {
        if self.fs.dirty {
            if let Some(p) = self.persist.as_mut() {
                p.persist()?;
                self.fs.dirty = false;
            }
        }
        Ok(())
    }

    /// Lays out `args` and `env` if the host deferred them; the `args_*` and `environ_*` calls
    /// ask first.
    pub fn lists(&mut self) {
        if let Some(lay_out) = self.deferred.take() {
            (self.args, self.env) = lay_out();
        }
    }

    /// Delivers whatever the output sinks still hold (a partial console line).
    pub fn flush(&mut self) {
        for out in self.fds.outputs() {
            out.flush();
        }
    }
}

/// Discards what is written; the default sink where none is given.
struct Discard;

impl Output for Discard {
    fn write(&mut self, mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<()> {
        // Still an access to guest memory: a wild pointer traps as it would anywhere else.
        check_range(mem, ptr, len)
    }
}

/// Configures a [`WasiCtx`]. Defaults: no args, no env, empty stdin (immediate EOF), stdout and
/// stderr discarded, no preopens, no tracing.
pub struct WasiCtxBuilder {
    clock: Box<dyn Clock>,
    rng: Box<dyn Rng>,
    sleeper: Box<dyn Sleeper>,
    args: Vec<String>,
    env: Vec<(String, String)>,
    packed: Option<(StringList, StringList)>,
    deferred: Option<Deferred>,
    stdin: Box<dyn Input>,
    stdout: Option<Box<dyn Output>>,
    stderr: Option<Box<dyn Output>>,
    preopens: Vec<String>,
    trace: Option<usize>,
    policy: Option<Policy>,
}

impl WasiCtxBuilder {
    /// Turns on the syscall profile, keeping the last `log` calls (0: counters only).
    pub fn trace(mut self, log: usize) -> Self {
        self.trace = Some(log);
        self
    }
    /// Sets `argv` (argv[0] is the program name).
    pub fn args(mut self, args: Vec<String>) -> Self {
        self.args = args;
        self
    }
    /// Sets the environment, in order.
    pub fn env(mut self, env: Vec<(String, String)>) -> Self {
        self.env = env;
        self
    }
    /// Sets `argv` and the environment at once from lists laid out already (see
    /// [`StringList::from_packed`]; the JS boundary packs them so that a thousand strings cost
    /// one transfer). The caller has checked them: no NUL inside an item, every environment
    /// item `NAME=value` with a non-empty name.
    pub fn packed(mut self, args: StringList, env: StringList) -> Self {
        self.packed = Some((args, env));
        self
    }
    /// Sets `argv` and the environment as [`packed`](Self::packed) does, but laid out by
    /// `lay_out` only when a guest first asks for them (a guest given a thousand of each that
    /// never reads them does not pay for them). Under a policy, which picks among them, they
    /// are laid out at [`build`](Self::build).
    pub fn deferred(mut self, lay_out: Deferred) -> Self {
        self.deferred = Some(lay_out);
        self
    }
    /// Sets what fd 0 reads.
    pub fn stdin(mut self, input: Box<dyn Input>) -> Self {
        self.stdin = input;
        self
    }
    /// Sets where fd 1 writes.
    pub fn stdout(mut self, out: Box<dyn Output>) -> Self {
        self.stdout = Some(out);
        self
    }
    /// Sets where fd 2 writes.
    pub fn stderr(mut self, out: Box<dyn Output>) -> Self {
        self.stderr = Some(out);
        self
    }
    /// Sets the wasip1-perms policy (default: none, classic WASI). Variables it hides are left
    /// out of the environment, and `argv` is cut to `argv[0]` unless it grants the arguments.
    pub fn policy(mut self, policy: Option<Policy>) -> Self {
        self.policy = policy;
        self
    }
    /// Adds a preopened directory; preopens get fds 3, 4, … in the order added.
    pub fn preopen(mut self, guest_path: String) -> Self {
        self.preopens.push(guest_path);
        self
    }

    /// Builds the context. Errors say which argument or variable is unusable: a NUL byte
    /// anywhere, an `=` or an empty name in an environment key, two preopens with one path.
    pub fn build(mut self) -> core::result::Result<WasiCtx, String> {
        // Deferred lists are left for later (the context takes them over) unless a policy
        // must pick among them now.
        if let Some(lay_out) = self.deferred.take_if(|_| self.policy.is_some()) {
            self.packed = Some(lay_out());
        }
        if let Some((args, env)) = self.packed.take() {
            if self.policy.is_none() {
                return self.finish(args, env, false, Vec::new());
            }
            // A policy picks among them by name: the general path below.
            let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
            self.args = args.iter().map(text).collect();
            self.env = env.iter().map(text).filter_map(|kv| kv.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned()))).collect();
        }
        // Checked as given, then cut down to what the policy shows.
        let args = StringList::new(&self.args).map_err(|e| format!("args: {e}"))?;
        for (k, _) in &self.env {
            if k.is_empty() || k.contains('=') {
                return Err(format!("env: invalid variable name \"{k}\" (empty or containing '=')"));
            }
        }
        let env = StringList::new(self.env.iter().map(|(k, v)| format!("{k}={v}")))
            .map_err(|e| format!("env: {e}"))?;
        let (mut args_hidden, mut hidden_env) = (false, Vec::new());
        let (args, env) = match &self.policy {
            None => (args, env),
            Some(p) => {
                let shown_args = if p.allows_args() { &self.args[..] } else { &self.args[..self.args.len().min(1)] };
                args_hidden = shown_args.len() < self.args.len();
                let (shown, hidden): (Vec<_>, Vec<_>) = self.env.iter().partition(|(k, _)| p.allows_env(k.as_bytes()));
                hidden_env = hidden.into_iter().map(|(k, _)| k.clone()).collect();
                (
                    StringList::new(shown_args).map_err(|e| format!("args: {e}"))?,
                    StringList::new(shown.iter().map(|(k, v)| format!("{k}={v}"))).map_err(|e| format!("env: {e}"))?,
                )
            }
        };
        self.finish(args, env, args_hidden, hidden_env)
    }

    /// The rest of [`build`](Self::build), once `argv` and the environment are laid out.
    fn finish(self, args: StringList, env: StringList, args_hidden: bool, hidden_env: Vec<String>) -> core::result::Result<WasiCtx, String> {
        let mut fds = FdTable::with_stdio(
            self.stdin,
            self.stdout.unwrap_or_else(|| Box::new(Discard)),
            self.stderr.unwrap_or_else(|| Box::new(Discard)),
        );
        for (i, p) in self.preopens.iter().enumerate() {
            if p.is_empty() || p.contains('\0') {
                return Err(format!("preopens: invalid guest path \"{p}\""));
            }
            if self.preopens[..i].contains(p) {
                return Err(format!("preopens: \"{p}\" is given twice"));
            }
        }
        // Each preopen is a directory of the one filesystem. One given inside another (`/data`
        // after `/`) is that directory of it, created if missing: the two never alias.
        // (A clock read costs a call out to the host: none without preopens.)
        let now = if self.preopens.is_empty() { 0 } else { self.clock.realtime_ns() };
        let mut fs = Vfs::new();
        let mut roots: Vec<(String, Ino)> = Vec::new();
        for p in self.preopens {
            let outer = roots.iter().filter(|(r, _)| within(&p, r)).max_by_key(|(r, _)| r.len()).map(|(r, i)| (r.clone(), *i));
            let ino = match outer {
                None => fs.new_root(now),
                Some((r, mut dir)) => {
                    for comp in p.get(r.len()..).unwrap_or_default().split('/').filter(|c| !c.is_empty() && *c != ".") {
                        dir = match fs.dir(dir).ok().and_then(|d| d.get(comp)) {
                            Some(i) if fs.dir(i).is_ok() => i,
                            Some(_) => return Err(format!("preopens: \"{p}\" lies under a file of \"{r}\"")),
                            None => fs.create(dir, comp, Node::Dir(Dir::default()), now).map_err(|_| "preopens".to_string())?,
                        };
                    }
                    dir
                }
            };
            fds.push_preopen(p.clone(), ino);
            roots.push((p, ino));
        }
        Ok(WasiCtx {
            args,
            env,
            deferred: self.deferred,
            fds,
            clock: self.clock,
            rng: self.rng,
            sleeper: self.sleeper,
            scratch: Vec::new(),
            exit_code: None,
            trace: self.trace.map(Trace::new),
            perm_roots: roots.iter().filter(|(_, i)| fs.dir(*i).is_ok_and(|d| d.parent == *i)).map(|(p, i)| (*i, preopen_root(p))).collect(),
            fs,
            preopens: roots,
            policy: self.policy,
            denials: Denials::default(),
            on_denied: None,
            hidden_env,
            args_hidden,
            poll_resume: None,
            persist: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::VecMemory;

    #[test]
    fn string_list_layout() {
        let l = StringList::new(["ab", "", "c"]).unwrap();
        assert_eq!(l.sizes(), (3, 6));
        let mut m = VecMemory::new(64);
        let mut scratch = Vec::new();
        l.write(&mut m, 0, 32, &mut scratch).unwrap();
        let ptr = |i: usize| u32::from_le_bytes(m.0[i * 4..i * 4 + 4].try_into().unwrap());
        assert_eq!([ptr(0), ptr(1), ptr(2)], [32, 35, 36]);
        assert_eq!(&m.0[32..38], b"ab\0\0c\0");
        assert_eq!(l.iter().collect::<Vec<_>>(), [&b"ab"[..], b"", b"c"]);
    }

    #[test]
    fn nul_bytes_are_refused_with_the_item() {
        let e = StringList::new(["ok", "b\0d"]).unwrap_err();
        assert!(e.contains("item 1"), "{e}");
    }
}
