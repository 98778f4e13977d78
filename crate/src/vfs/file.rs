//! A file's bytes, wherever they live: the seam between the syscalls and a storage backend.
//!
//! The in-memory tree keeps a file's bytes in a `Vec` ([`FileData::Mem`]), read and written in
//! place (the fast path: one copy between guest memory and the vector). Any other backend —
//! OPFS, a folder the user picked, a runner's host folder — implements [`FileStore`] and is
//! reached through [`FileData::Store`]: reads and writes go through a bounded bounce buffer, so
//! a read of 4 KiB from a 100 MB file reads 4 KiB. Names, links, modes, times and readdir
//! cookies stay in the inode tree for every backend; only the bytes move.

use crate::errno::{Errno, Result};
use crate::memory::{check_range, Memory};

/// The bytes of a file kept outside the host's memory. Reads and writes go straight between
/// the store and guest memory (a browser store copies into the guest's `WebAssembly.Memory`
/// itself), so nothing is staged in the host and a read of 4 KiB reads 4 KiB.
pub trait FileStore {
    /// The file's length in bytes.
    fn len(&self) -> u64;
    /// Copies up to `len` bytes from byte `at` to guest memory at `ptr` (`len` bytes there are
    /// known to be guest memory); returns how many (0 at or past the end).
    fn read_to(&mut self, at: u64, mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<u32>;
    /// Writes the `len` guest bytes at `ptr` at byte `at`, growing the file (zero-filled).
    fn write_from(&mut self, at: u64, mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<()>;
    /// Replaces the whole contents with `data` (the host's `writeFile`).
    fn replace(&mut self, data: &[u8]) -> Result<()>;
    /// All the bytes (the host's `readFile`).
    fn contents(&mut self) -> Result<Vec<u8>>;
    /// Truncates or zero-extends the file to `len` bytes.
    fn set_len(&mut self, len: u64) -> Result<()>;
    /// Makes what was written durable (`fd_sync`, `fd_datasync`, close).
    fn sync(&mut self) -> Result<()>;
    /// Its [`Backend`](super::Backend)'s name for it, when a backend keeps its directory
    /// entries too (a hard link is then made there).
    fn origin(&self) -> Option<&str> {
        None
    }
    /// The preview1 filetype it reports: a regular file, or a host folder's character device
    /// (`/dev/null` under `--dir /`).
    fn filetype(&self) -> u8 {
        crate::types::filetype::REGULAR_FILE
    }
}

/// A file's bytes: in memory, or in a [`FileStore`].
pub enum FileData {
    /// In memory; the capacity grows geometrically, so appends are amortised O(1).
    Mem(Vec<u8>),
    /// Elsewhere.
    Store(Box<dyn FileStore>),
}

impl core::fmt::Debug for FileData {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(if matches!(self, FileData::Mem(_)) { "Mem" } else { "Store" })
    }
}

impl FileData {
    /// The length in bytes.
    pub fn len(&self) -> u64 {
        match self {
            FileData::Mem(v) => v.len() as u64,
            FileData::Store(s) => s.len(),
        }
    }

    /// Whether it holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Copies up to `len` bytes from `at` (clamped to the end) to guest `ptr`; returns the
    /// count.
    pub fn read_to(&mut self, at: u64, mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<u32> {
        match self {
            FileData::Mem(v) => {
                // Clamped as u64 first: `at as usize` would wrap on wasm32.
                let start = at.min(v.len() as u64) as usize;
                let n = (v.len() - start).min(len as usize);
                mem.write(ptr, &v[start..start + n])?;
                Ok(n as u32)
            }
            FileData::Store(s) => {
                check_range(mem, ptr, len)?;
                s.read_to(at, mem, ptr, len)
            }
        }
    }

    /// Writes the `len` guest bytes at `ptr` at `at`, growing the file (zero-filled) as
    /// needed. A wild guest pointer traps before anything is written.
    pub fn write_from(&mut self, at: u64, mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<()> {
        let end = at.checked_add(len as u64).filter(|&e| e <= isize::MAX as u64).ok_or(Errno::FBIG)?;
        match self {
            FileData::Mem(v) => {
                let old = v.len();
                if (end as usize) > old {
                    set_len_zeroed(v, end as usize);
                }
                if let Err(e) = mem.read(ptr, &mut v[at as usize..end as usize]) {
                    v.truncate(old); // a failed copy wrote nothing: undo the growth
                    return Err(e);
                }
                Ok(())
            }
            FileData::Store(s) => {
                check_range(mem, ptr, len)?;
                s.write_from(at, mem, ptr, len)
            }
        }
    }

    /// Truncates or zero-extends to `len` bytes.
    pub fn set_len(&mut self, len: u64) -> Result<()> {
        match self {
            FileData::Mem(v) => {
                let len = usize::try_from(len).ok().filter(|&l| l <= isize::MAX as usize).ok_or(Errno::FBIG)?;
                set_len_zeroed(v, len);
                Ok(())
            }
            FileData::Store(s) => s.set_len(len),
        }
    }

    /// Makes what was written durable (a no-op in memory).
    pub fn sync(&mut self) -> Result<()> {
        match self {
            FileData::Mem(_) => Ok(()),
            FileData::Store(s) => s.sync(),
        }
    }

    /// All the bytes (a copy from a store).
    pub fn contents(&mut self) -> Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            FileData::Mem(v) => Ok(std::borrow::Cow::Borrowed(v)),
            FileData::Store(s) => s.contents().map(std::borrow::Cow::Owned),
        }
    }

    /// Replaces all the bytes.
    pub fn replace(&mut self, data: Vec<u8>) -> Result<()> {
        match self {
            FileData::Mem(v) => {
                *v = data;
                Ok(())
            }
            FileData::Store(s) => s.replace(&data),
        }
    }
}

/// Sets `data`'s length to `len`, zero-filling any growth with one bulk fill (`Vec::resize`
/// fills byte by byte at this crate's size-first optimisation level: 1.7 GB/s in the
/// benchmark, where a bulk fill runs at memory speed). Capacity grows geometrically.
pub fn set_len_zeroed(data: &mut Vec<u8>, len: usize) {
    let old = data.len();
    if len <= old {
        data.truncate(len);
        return;
    }
    data.reserve(len - old);
    // SAFETY: `reserve` made room for `len` bytes; the new ones are written before `set_len`.
    unsafe {
        std::ptr::write_bytes(data.as_mut_ptr().add(old), 0, len - old);
        data.set_len(len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::VecMemory;

    use std::cell::RefCell;
    use std::rc::Rc;

    /// What a [`Counting`] store was asked for.
    #[derive(Default)]
    struct Asked {
        read: u64,
        written: u64,
    }

    /// A store of `len` sevens that counts the bytes it is asked to read and write.
    struct Counting {
        len: u64,
        asked: Rc<RefCell<Asked>>,
    }

    impl FileStore for Counting {
        fn len(&self) -> u64 {
            self.len
        }
        fn read_to(&mut self, at: u64, mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<u32> {
            let n = (self.len.saturating_sub(at) as usize).min(len as usize);
            mem.write(ptr, &vec![7; n])?;
            self.asked.borrow_mut().read += n as u64;
            Ok(n as u32)
        }
        fn write_from(&mut self, at: u64, _mem: &mut dyn Memory, _ptr: u32, len: u32) -> Result<()> {
            self.len = self.len.max(at + len as u64);
            self.asked.borrow_mut().written += len as u64;
            Ok(())
        }
        fn replace(&mut self, data: &[u8]) -> Result<()> {
            self.len = data.len() as u64;
            Ok(())
        }
        fn contents(&mut self) -> Result<Vec<u8>> {
            Ok(vec![7; self.len as usize])
        }
        fn set_len(&mut self, len: u64) -> Result<()> {
            self.len = len;
            Ok(())
        }
        fn sync(&mut self) -> Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_store_is_read_and_written_only_where_asked() {
        // 100 MB "on disk": reading 4 KiB in the middle reads 4 KiB.
        let asked = Rc::new(RefCell::new(Asked::default()));
        let mut f = FileData::Store(Box::new(Counting { len: 100 << 20, asked: asked.clone() }));
        let mut mem = VecMemory::new(64 * 1024);
        assert_eq!(f.read_to(50 << 20, &mut mem, 16, 4096), Ok(4096));
        assert_eq!(asked.borrow().read, 4096);
        assert_eq!(mem.0[16..16 + 4096], [7; 4096]);
        f.write_from((100 << 20) - 10, &mut mem, 0, 40_000).unwrap();
        assert_eq!(asked.borrow().written, 40_000);
        assert_eq!(f.len(), (100 << 20) - 10 + 40_000);
        // A wild pointer traps before the store is asked anything.
        assert!(f.write_from(0, &mut mem, 60_000, 10_000).is_err());
        assert!(f.read_to(0, &mut mem, 60_000, 10_000).is_err());
        assert_eq!((asked.borrow().read, asked.borrow().written), (4096, 40_000));
    }

    #[test]
    fn memory_reads_clamp_and_writes_grow() {
        let mut f = FileData::Mem(b"hello".to_vec());
        let mut mem = VecMemory::new(64);
        assert_eq!(f.read_to(3, &mut mem, 0, 10), Ok(2));
        assert_eq!(&mem.0[..2], b"lo");
        assert_eq!(f.read_to(1 << 32, &mut mem, 0, 10), Ok(0), "an offset past 2^32 is past the end");
        mem.0[8..10].copy_from_slice(b"!!");
        f.write_from(7, &mut mem, 8, 2).unwrap();
        assert_eq!(&*f.contents().unwrap(), b"hello\0\0!!");
        assert!(f.write_from(20, &mut mem, 60, 10).is_err());
        assert_eq!(f.len(), 9, "a failed copy does not grow the file");
        f.set_len(2).unwrap();
        assert_eq!(f.len(), 2);
    }
}
