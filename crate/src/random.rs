//! Randomness behind a small trait: `crypto.getRandomValues` in `js/`, a seeded fake here.

use crate::errno::Result;
use crate::memory::{check_range, Memory};

/// Fills guest memory with random bytes.
pub trait Rng {
    /// Fills `len` bytes at guest address `ptr`; an out-of-bounds range is a trap and writes
    /// nothing.
    fn fill_guest(&mut self, mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<()>;
}

/// A deterministic xorshift generator; for tests only, never cryptographic.
#[derive(Debug)]
pub struct SeededRng(pub u64);

impl Rng for SeededRng {
    fn fill_guest(&mut self, mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<()> {
        // The whole range first, so an out-of-bounds range writes nothing.
        check_range(mem, ptr, len)?;
        let mut chunk = [0u8; 4096];
        let mut done = 0u32;
        while done < len {
            let n = (len - done).min(chunk.len() as u32) as usize;
            for b in &mut chunk[..n] {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                *b = self.0 as u8;
            }
            mem.write(ptr + done, &chunk[..n])?;
            done += n as u32;
        }
        Ok(())
    }
}
