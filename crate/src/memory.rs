//! Guest memory access. Guest pointers are untrusted offsets: every access is bounds-checked by
//! the [`Memory`] implementation and an out-of-bounds one is a [`Trap`], as in wasmtime.
//!
//! The browser implementation (in `js/`) re-derives its view of the guest's `WebAssembly.Memory`
//! whenever the buffer was detached by `memory.grow`, and copies; it never keeps a view into the
//! polyfill's own memory. [`VecMemory`] is the native stand-in for tests.

use crate::errno::{Result, Trap};

/// A guest's linear memory, seen from the host.
pub trait Memory {
    /// Copies `buf.len()` bytes from guest address `ptr` into `buf`.
    fn read(&mut self, ptr: u32, buf: &mut [u8]) -> Result<()>;
    /// Copies `data` to guest address `ptr`.
    fn write(&mut self, ptr: u32, data: &[u8]) -> Result<()>;
}

/// Fails with [`Trap::Misaligned`] unless `ptr` is a multiple of `align` (a power of two).
/// wasmtime traps on misaligned pointers to typed values; so do we.
pub fn check_align(ptr: u32, align: u32) -> Result<()> {
    if ptr & (align - 1) == 0 {
        Ok(())
    } else {
        Err(Trap::Misaligned { ptr, align }.into())
    }
}

/// The end of the range `ptr .. ptr + len`, or the trap for a range that wraps past 4 GiB.
pub fn range_end(ptr: u32, len: u32) -> Result<u64> {
    let end = ptr as u64 + len as u64;
    if end > 1 << 32 {
        return Err(Trap::OutOfBounds { ptr, len: len as u64 }.into());
    }
    Ok(end)
}

/// Checks that all of `ptr .. ptr + len` is guest memory before any of it is used: the range
/// must not wrap, and its last byte must be readable. A sink that then copies the range in
/// chunks can trap on a wild pointer before it has consumed anything.
pub fn check_range(mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<()> {
    range_end(ptr, len)?;
    if len > 0 {
        mem.read(ptr + (len - 1), &mut [0u8])?;
    }
    Ok(())
}

/// Reads an aligned little-endian `u32`.
pub fn read_u32(mem: &mut dyn Memory, ptr: u32) -> Result<u32> {
    check_align(ptr, 4)?;
    let mut b = [0u8; 4];
    mem.read(ptr, &mut b)?;
    Ok(u32::from_le_bytes(b))
}

/// Writes an aligned little-endian `u32`.
pub fn write_u32(mem: &mut dyn Memory, ptr: u32, v: u32) -> Result<()> {
    check_align(ptr, 4)?;
    mem.write(ptr, &v.to_le_bytes())
}

/// Writes an aligned little-endian `u64`.
pub fn write_u64(mem: &mut dyn Memory, ptr: u32, v: u64) -> Result<()> {
    check_align(ptr, 8)?;
    mem.write(ptr, &v.to_le_bytes())
}

/// Reads the `(buf, buf_len)` pair of iovec number `i` of the array at `iovs`.
pub fn read_iovec(mem: &mut dyn Memory, iovs: u32, i: u32) -> Result<(u32, u32)> {
    check_align(iovs, 4)?;
    let at = i
        .checked_mul(crate::types::IOVEC_SIZE)
        .and_then(|off| iovs.checked_add(off))
        .ok_or(Trap::OutOfBounds { ptr: iovs, len: i as u64 * 8 })?;
    let mut b = [0u8; 8];
    mem.read(at, &mut b)?;
    let buf = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let len = u32::from_le_bytes([b[4], b[5], b[6], b[7]]);
    Ok((buf, len))
}

/// The first iovec with a non-zero length, as wasmtime's preview1 uses for reads and writes
/// (a vectored call transfers only that one buffer; libc loops on the short count).
pub fn first_non_empty_iovec(mem: &mut dyn Memory, iovs: u32, n: u32) -> Result<Option<(u32, u32)>> {
    for i in 0..n {
        let (buf, len) = read_iovec(mem, iovs, i)?;
        if len != 0 {
            range_end(buf, len)?;
            return Ok(Some((buf, len)));
        }
    }
    Ok(None)
}

/// A guest memory backed by a `Vec`, for native tests.
#[derive(Clone, Debug, Default)]
pub struct VecMemory(pub Vec<u8>);

impl VecMemory {
    /// A zeroed memory of `len` bytes.
    pub fn new(len: usize) -> Self {
        VecMemory(vec![0; len])
    }

    fn range(&self, ptr: u32, len: usize) -> Result<core::ops::Range<usize>> {
        let start = ptr as usize;
        match start.checked_add(len) {
            Some(end) if end <= self.0.len() => Ok(start..end),
            _ => Err(Trap::OutOfBounds { ptr, len: len as u64 }.into()),
        }
    }
}

impl Memory for VecMemory {
    fn read(&mut self, ptr: u32, buf: &mut [u8]) -> Result<()> {
        let r = self.range(ptr, buf.len())?;
        buf.copy_from_slice(&self.0[r]);
        Ok(())
    }

    fn write(&mut self, ptr: u32, data: &[u8]) -> Result<()> {
        let r = self.range(ptr, data.len())?;
        self.0[r].copy_from_slice(data);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errno::Error;

    #[test]
    fn out_of_bounds_is_a_trap_not_a_clamp() {
        let mut m = VecMemory::new(16);
        assert!(m.write(12, &[1, 2, 3, 4]).is_ok());
        assert_eq!(
            m.write(13, &[1, 2, 3, 4]),
            Err(Error::Trap(Trap::OutOfBounds { ptr: 13, len: 4 }))
        );
        assert_eq!(m.0[12..16], [1, 2, 3, 4]);
        let mut b = [0u8; 4];
        assert!(m.read(u32::MAX, &mut b).is_err());
    }

    #[test]
    fn misaligned_typed_access_traps() {
        let mut m = VecMemory::new(16);
        assert_eq!(
            write_u64(&mut m, 4, 1),
            Err(Error::Trap(Trap::Misaligned { ptr: 4, align: 8 }))
        );
        assert!(write_u64(&mut m, 8, 1).is_ok());
    }

    #[test]
    fn first_non_empty_iovec_skips_empty_ones() {
        let mut m = VecMemory::new(64);
        // iovec[0] = (100, 0) — empty and even out of bounds, never touched; iovec[1] = (40, 3)
        m.write(0, &[100, 0, 0, 0, 0, 0, 0, 0, 40, 0, 0, 0, 3, 0, 0, 0]).unwrap();
        assert_eq!(first_non_empty_iovec(&mut m, 0, 2).unwrap(), Some((40, 3)));
        assert_eq!(first_non_empty_iovec(&mut m, 0, 1).unwrap(), None);
        assert!(first_non_empty_iovec(&mut m, 60, 1).is_err());
    }
}
