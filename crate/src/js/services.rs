//! The browser's services behind the core's traits: guest memory through `glue.js`, the
//! `performance` clock, `crypto.getRandomValues`, and stdio sinks (a JS callback, or the
//! console line by line).

use super::{glue, Global};
use std::cell::OnceCell;
use crate::clocks::Clock;
use crate::errno::{Result, Trap};
use crate::memory::{check_range, range_end, Memory};
use crate::random::Rng;
use crate::sleep::{Sleeper, Waited};
use crate::stdio::{Input, LineBuffer, Output};

fn status(code: i32, ptr: u32, len: u32) -> Result<()> {
    match code {
        glue::OK => Ok(()),
        glue::NO_MEMORY => Err(Trap::NoMemory.into()),
        glue::PENDING => Err(Trap::Pending.into()),
        glue::OUT_OF_BOUNDS => Err(Trap::OutOfBounds { ptr, len: len as u64 }.into()),
        _ => Err(Trap::HostCallback.into()),
    }
}

/// The guest memory of the Wasi in `slot`.
pub struct JsMemory(pub u32);

impl Memory for JsMemory {
    fn read(&mut self, ptr: u32, buf: &mut [u8]) -> Result<()> {
        let len = buf.len() as u32;
        range_end(ptr, len)?;
        status(glue::g_read(self.0 as i32, ptr as i32, buf.as_mut_ptr() as i32, len as i32), ptr, len)
    }

    fn write(&mut self, ptr: u32, data: &[u8]) -> Result<()> {
        let len = data.len() as u32;
        range_end(ptr, len)?;
        status(glue::g_write(self.0 as i32, ptr as i32, data.as_ptr() as i32, len as i32), ptr, len)
    }
}

/// `performance.now()` for monotonic time, `performance.timeOrigin + now()` for realtime.
pub struct PerformanceClock {
    origin_ms: f64,
    res_ns: u64,
}

/// The time origin and the resolution browsers give (5 µs when cross-origin isolated, 100 µs
/// otherwise): fixed for the life of the page or worker, so read once.
static CLOCK_BASE: Global<OnceCell<(f64, u64)>> = Global(OnceCell::new());

impl PerformanceClock {
    /// The clock of this page or worker.
    pub fn new() -> Self {
        let (origin_ms, res_ns) =
            *CLOCK_BASE.0.get_or_init(|| (glue::time_origin(), if glue::cross_origin_isolated() { 5_000 } else { 100_000 }));
        PerformanceClock { origin_ms, res_ns }
    }
}

fn ms_to_ns(ms: f64) -> u64 {
    let whole = ms.floor();
    (whole as u64) * 1_000_000 + ((ms - whole) * 1e6) as u64
}

impl Clock for PerformanceClock {
    fn realtime_ns(&self) -> u64 {
        ms_to_ns(self.origin_ms + glue::now())
    }
    fn monotonic_ns(&self) -> u64 {
        ms_to_ns(glue::now())
    }
    fn realtime_res_ns(&self) -> u64 {
        self.res_ns
    }
    fn monotonic_res_ns(&self) -> u64 {
        self.res_ns
    }
}

/// `crypto.getRandomValues` into guest memory (pooled for small requests; see glue.js).
pub struct CryptoRng(pub u32);

impl Rng for CryptoRng {
    fn fill_guest(&mut self, _mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<()> {
        range_end(ptr, len)?;
        status(glue::g_random(self.0 as i32, ptr as i32, len as i32), ptr, len)
    }
}

/// Hands each write to a JS callback as a fresh `Uint8Array`.
pub struct CallbackOutput {
    /// The Wasi's slot.
    pub slot: u32,
    /// 1 for stdout, 2 for stderr (the callback registered in glue.js).
    pub fd: u32,
    /// Whether the guest is told it writes to a terminal.
    pub terminal: bool,
}

impl Output for CallbackOutput {
    fn write(&mut self, _mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<()> {
        status(glue::emit(self.slot as i32, self.fd as i32, ptr as i32, len as i32), ptr, len)
    }

    fn is_terminal(&self) -> bool {
        self.terminal
    }
}

const CONSOLE_CHUNK: usize = 64 * 1024;

/// Writes complete lines to `console.log` (stdout) or `console.error` (stderr).
pub struct ConsoleOutput {
    lines: LineBuffer,
    error: bool,
    terminal: bool,
    scratch: Vec<u8>,
}

impl ConsoleOutput {
    /// A console sink; `error` selects `console.error`; `terminal`: what the guest is told.
    pub fn new(error: bool, terminal: bool) -> Self {
        ConsoleOutput { lines: LineBuffer::default(), error, terminal, scratch: Vec::new() }
    }
}

fn log_line(error: bool, line: &[u8]) {
    let text = wasm_bindgen::JsValue::from_str(&String::from_utf8_lossy(line));
    if error {
        web_sys::console::error_1(&text);
    } else {
        web_sys::console::log_1(&text);
    }
}

impl Output for ConsoleOutput {
    fn write(&mut self, mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<()> {
        // Check the whole range first (nothing is logged for a wild pointer), then copy in
        // bounded chunks: the guest's length never sizes an allocation.
        check_range(mem, ptr, len)?;
        self.scratch.resize(CONSOLE_CHUNK.min(len as usize), 0);
        let error = self.error;
        let mut done = 0;
        while done < len {
            let n = (len - done).min(CONSOLE_CHUNK as u32);
            let chunk = &mut self.scratch[..n as usize];
            mem.read(ptr + done, chunk)?;
            self.lines.push(chunk, |l| log_line(error, l));
            done += n;
        }
        Ok(())
    }

    fn flush(&mut self) {
        let error = self.error;
        self.lines.flush(|l| log_line(error, l));
    }

    fn is_terminal(&self) -> bool {
        self.terminal
    }
}

/// stdin from a JS callback (see glue.js `stdin_pull`): called for more data when what it gave
/// before is used up; null, undefined or an empty chunk is end of file.
pub struct CallbackInput {
    /// The Wasi's slot.
    pub slot: u32,
    /// Whether the guest is told it reads a terminal.
    pub terminal: bool,
}

impl Input for CallbackInput {
    fn read(&mut self, _mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<u32> {
        range_end(ptr, len)?;
        let n = glue::stdin_pull(self.slot as i32, ptr as i32, len as i32);
        if n < 0 {
            status(-1 - n, ptr, len)?;
        }
        Ok(n as u32)
    }

    fn ready(&mut self) -> bool {
        glue::stdin_ready(self.slot as i32)
    }

    fn is_terminal(&self) -> bool {
        self.terminal
    }
}

/// Waits with `Atomics.wait` in a worker, by spinning on the clock on a page's main thread; under
/// `startAsync` (JSPI) it leaves the wait to glue.js, which suspends the guest on a timer.
pub struct BrowserSleeper(u32);

impl BrowserSleeper {
    /// The sleeper of the Wasi in `slot`.
    pub fn new(slot: u32) -> Self {
        BrowserSleeper(slot)
    }
}

impl Sleeper for BrowserSleeper {
    fn wait(&mut self, _clock: &dyn Clock, deadline_ns: u64, wake_on_input: bool) -> Waited {
        if glue::wait_until(self.0 as i32, deadline_ns as f64 / 1e6, wake_on_input) {
            Waited::Here
        } else {
            Waited::Later
        }
    }
}

/// A file whose bytes are in a JS store (a `FileSystemSyncAccessHandle` wrapped by the
/// package's mounts): reads and writes go between the store and the guest's memory in
/// `glue.js`, with no copy through the host.
pub struct JsStore {
    /// The store object.
    pub obj: wasm_bindgen::JsValue,
    /// The Wasi whose guest memory reads and writes reach.
    pub slot: u32,
    /// A host backend's id for the file ([`FileStore::origin`](crate::vfs::FileStore::origin)).
    #[cfg_attr(not(feature = "host-dirs"), allow(dead_code))]
    pub origin: Option<String>,
    /// Whether it is a host's character device.
    #[cfg_attr(not(feature = "host-dirs"), allow(dead_code))]
    pub device: bool,
}

impl JsStore {
    /// Operation `op` of `store_op` in glue.js; a negative answer is an errno.
    fn op(&self, op: i32, at: u64, ptr: u32, len: u32) -> Result<u64> {
        let r = glue::store_op(&self.obj, self.slot as i32, op, at as f64, ptr as i32, len as i32);
        if r < 0.0 {
            Err(crate::errno::Errno(-r as u16).into())
        } else {
            Ok(r as u64)
        }
    }
}

impl crate::vfs::FileStore for JsStore {
    fn len(&self) -> u64 {
        self.op(0, 0, 0, 0).unwrap_or(0)
    }
    fn read_to(&mut self, at: u64, _mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<u32> {
        self.op(1, at, ptr, len).map(|n| n as u32)
    }
    fn write_from(&mut self, at: u64, _mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<()> {
        self.op(2, at, ptr, len).map(drop)
    }
    fn set_len(&mut self, len: u64) -> Result<()> {
        self.op(3, len, 0, 0).map(drop)
    }
    fn sync(&mut self) -> Result<()> {
        self.op(4, 0, 0, 0).map(drop)
    }
    fn replace(&mut self, data: &[u8]) -> Result<()> {
        self.op(5, 0, data.as_ptr() as u32, data.len() as u32).map(drop)
    }
    fn contents(&mut self) -> Result<Vec<u8>> {
        let len = usize::try_from(self.len()).map_err(|_| crate::errno::Errno::FBIG)?;
        let mut out = vec![0u8; len];
        self.op(6, 0, out.as_mut_ptr() as u32, len as u32)?;
        Ok(out)
    }
    #[cfg(feature = "host-dirs")]
    fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }
    #[cfg(feature = "host-dirs")]
    fn filetype(&self) -> u8 {
        use crate::types::filetype::{CHARACTER_DEVICE, REGULAR_FILE};
        if self.device {
            CHARACTER_DEVICE
        } else {
            REGULAR_FILE
        }
    }
}

#[cfg(feature = "host-dirs")]
/// A host folder through the package's backend object (the terminal runner's `--dir`: its
/// methods are synchronous requests to the runner's server). Errors come back as errno numbers;
/// listings and created entries as text: eight fields per entry, all separated by NULs (which
/// no name or path holds) — name, kind (0 file, 1 directory, 2 symlink), id, size,
/// atim, mtim, ctim (ns), symlink target (kind 3: a character device, as a file).
pub struct JsBackend {
    /// The backend object.
    pub obj: wasm_bindgen::JsValue,
    /// The Wasi whose guest memory its files' reads and writes reach.
    pub slot: u32,
}

#[cfg(feature = "host-dirs")]
impl JsBackend {
    fn call(&self, op: &str, a: &str, b: &str, c: &str, d: &str) -> Result<Option<String>> {
        let r = glue::backend_call(&self.obj, op, a, b, c, d);
        match r.as_f64() {
            Some(0.0) => Ok(None),
            Some(e) => Err(crate::errno::Errno(e as u16).into()),
            None => Ok(r.as_string()),
        }
    }

    /// The entries of a listing (eight fields each, see above) as nodes, with names and times.
    fn entries(&self, text: Option<String>) -> Result<Vec<(String, crate::vfs::Node, [u64; 3])>> {
        use crate::vfs::{Dir, FileData, Node};
        let text = text.unwrap_or_default();
        let fields: Vec<&str> = if text.is_empty() { Vec::new() } else { text.split('\0').collect() };
        if fields.len() % 8 != 0 {
            return Err(crate::errno::Errno::IO.into());
        }
        Ok(fields
            .chunks(8)
            .map(|f| {
                let n = |i: usize| f[i].parse::<u64>().unwrap_or(0);
                let node = match f[1] {
                    "1" => Node::Dir(Dir::unlisted(f[2])),
                    "2" => Node::Symlink(f[7].to_owned()),
                    _ => Node::File(FileData::Store(Box::new(JsStore {
                        obj: glue::backend_store(&self.obj, f[2], n(3) as f64),
                        slot: self.slot,
                        origin: Some(f[2].to_owned()),
                        device: f[1] == "3",
                    }))),
                };
                (f[0].to_owned(), node, [n(4), n(5), n(6)])
            })
            .collect())
    }
}

#[cfg(feature = "host-dirs")]
impl crate::vfs::Backend for JsBackend {
    fn list(&mut self, dir: &str) -> Result<Vec<(String, crate::vfs::Node, [u64; 3])>> {
        self.entries(self.call("list", dir, "", "", "")?)
    }
    fn create(&mut self, dir: &str, name: &str, node: crate::vfs::Node) -> Result<crate::vfs::Node> {
        use crate::vfs::Node;
        let (kind, target) = match &node {
            Node::File(_) => ("0", ""),
            Node::Dir(_) => ("1", ""),
            Node::Symlink(t) => ("2", t.as_str()),
        };
        let made = self.entries(self.call("create", dir, name, kind, target)?)?;
        let (_, mut made, _) = made.into_iter().next().ok_or(crate::errno::Errno::IO)?;
        if let Node::Dir(d) = &mut made {
            d.unlisted = false; // new: empty
        }
        Ok(made)
    }
    fn remove(&mut self, dir: &str, name: &str, is_dir: bool) -> Result<()> {
        self.call("remove", dir, name, if is_dir { "1" } else { "" }, "").map(drop)
    }
    fn rename(&mut self, dir: &str, name: &str, to: &str, to_name: &str) -> Result<()> {
        self.call("rename", dir, name, to, to_name).map(drop)
    }
    fn link(&mut self, file: &str, dir: &str, name: &str) -> Result<()> {
        self.call("link", file, dir, name, "").map(drop)
    }
    fn set_times(&mut self, id: &str, atim: u64, mtim: u64) -> Result<()> {
        self.call("setTimes", id, &atim.to_string(), &mtim.to_string(), "").map(drop)
    }
}

/// Persists the mounts through the package's callback (`js/mount.js`), which returns a
/// promise: the call waits for it under `startAsync`, then is made again.
pub struct JsPersist {
    /// The Wasi.
    pub slot: u32,
    /// Persists every mount; returns a promise.
    pub callback: js_sys::Function,
}

impl crate::ctx::Persist for JsPersist {
    fn persist(&mut self) -> Result<()> {
        match glue::persist(self.slot, &self.callback) {
            0 => Ok(()),
            -1 => Err(Trap::Pending.into()),
            e => Err(crate::errno::Errno(e as u16).into()),
        }
    }
}
