//! Standard streams behind small traits: what fd 0 reads and where fds 1 and 2 write.
//!
//! The browser sinks (a JS callback, or the console line by line) live in `js/`; the byte-buffer
//! ones here serve as defaults and as test fakes.

use crate::errno::Result;
use crate::memory::Memory;

/// Where a guest's writes to an output stream go.
pub trait Output {
    /// Consumes `len` bytes at guest address `ptr` (all of them, or a trap).
    fn write(&mut self, mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<()>;
    /// Delivers anything held back (a partial console line). Called when the guest stops.
    fn flush(&mut self) {}
    /// Whether this stream is a terminal (`fd_fdstat_get` says character device, so `isatty`
    /// is true) rather than a pipe or a file (filetype unknown, as wasmtime reports those).
    fn is_terminal(&self) -> bool {
        false
    }
}

/// What a guest's reads from an input stream return.
pub trait Input {
    /// Copies at most `len` bytes to guest address `ptr`; returns how many (0 is end of file).
    fn read(&mut self, mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<u32>;
    /// Whether a read would return without waiting (data is buffered, or end of file).
    fn ready(&mut self) -> bool {
        true
    }
    /// Whether this stream is a terminal (see [`Output::is_terminal`]).
    fn is_terminal(&self) -> bool {
        false
    }
}

/// A fixed sequence of bytes, then end of file: a pipe, not a terminal.
#[derive(Debug, Default)]
pub struct BytesInput {
    data: Vec<u8>,
    pos: usize,
    terminal: bool,
}

impl BytesInput {
    /// Input that reads `data`, then EOF.
    pub fn new(data: Vec<u8>) -> Self {
        BytesInput { data, pos: 0, terminal: false }
    }

    /// The same input, said to be a terminal (or not) to the guest.
    pub fn terminal(mut self, terminal: bool) -> Self {
        self.terminal = terminal;
        self
    }
}

impl Input for BytesInput {
    fn read(&mut self, mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<u32> {
        let rest = &self.data[self.pos..];
        let n = rest.len().min(len as usize);
        mem.write(ptr, &rest[..n])?;
        self.pos += n;
        Ok(n as u32)
    }

    fn is_terminal(&self) -> bool {
        self.terminal
    }
}

/// Collects everything written; for tests.
#[derive(Debug, Default, Clone)]
pub struct VecOutput(pub std::rc::Rc<core::cell::RefCell<Vec<u8>>>);

impl Output for VecOutput {
    fn write(&mut self, mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<()> {
        let mut out = self.0.borrow_mut();
        let at = out.len();
        out.resize(at + len as usize, 0);
        let r = mem.read(ptr, &mut out[at..]);
        if r.is_err() {
            out.truncate(at);
        }
        r
    }
}

/// Splits a byte stream into lines for a line-oriented sink (the console). Holds at most one
/// partial line; a line is handed out without its `\n`.
#[derive(Debug, Default)]
pub struct LineBuffer {
    pending: Vec<u8>,
}

impl LineBuffer {
    /// Appends `data` and calls `emit` once per completed line.
    pub fn push(&mut self, data: &[u8], mut emit: impl FnMut(&[u8])) {
        let mut rest = data;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            if self.pending.is_empty() {
                emit(&rest[..i]);
            } else {
                self.pending.extend_from_slice(&rest[..i]);
                emit(&self.pending);
                self.pending.clear();
            }
            rest = &rest[i + 1..];
        }
        self.pending.extend_from_slice(rest);
    }

    /// Hands out the partial line, if any.
    pub fn flush(&mut self, mut emit: impl FnMut(&[u8])) {
        if !self.pending.is_empty() {
            emit(&self.pending);
            self.pending.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::VecMemory;

    #[test]
    fn bytes_input_reads_then_eof() {
        let mut m = VecMemory::new(16);
        let mut i = BytesInput::new(b"hello".to_vec());
        assert_eq!(i.read(&mut m, 0, 3).unwrap(), 3);
        assert_eq!(i.read(&mut m, 3, 10).unwrap(), 2);
        assert_eq!(i.read(&mut m, 0, 10).unwrap(), 0);
        assert_eq!(&m.0[..5], b"hello");
    }

    #[test]
    fn line_buffer_splits_and_keeps_partials() {
        let mut lb = LineBuffer::default();
        let mut lines = Vec::new();
        lb.push(b"ab\ncd", |l| lines.push(l.to_vec()));
        lb.push(b"e\n\nf", |l| lines.push(l.to_vec()));
        assert_eq!(lines, [b"ab".to_vec(), b"cde".to_vec(), b"".to_vec()]);
        lb.flush(|l| lines.push(l.to_vec()));
        assert_eq!(lines.last().unwrap(), b"f");
    }
}
