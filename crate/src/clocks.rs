//! Clocks behind a small trait: the browser's `performance` clock in `js/`, a manual fake here.

use crate::errno::{Errno, Result, Trap};
use crate::types::clock;
use core::cell::Cell;

/// A source of time for `clock_time_get` / `clock_res_get`.
pub trait Clock {
    /// Nanoseconds since the Unix epoch.
    fn realtime_ns(&self) -> u64;
    /// Nanoseconds since an arbitrary origin; never decreases.
    fn monotonic_ns(&self) -> u64;
    /// Resolution of `realtime_ns`, in nanoseconds.
    fn realtime_res_ns(&self) -> u64;
    /// Resolution of `monotonic_ns`, in nanoseconds.
    fn monotonic_res_ns(&self) -> u64;
}

/// Whether a `clockid` names the realtime (true) or monotonic (false) clock; otherwise what
/// wasmtime does: `EBADF` for the CPU-time clocks, which it does not implement, and a trap for
/// an id preview1 does not define (wiggle refuses the enum value).
pub fn check_id(id: u32) -> Result<bool> {
    match id {
        clock::REALTIME => Ok(true),
        clock::MONOTONIC => Ok(false),
        clock::PROCESS_CPUTIME_ID | clock::THREAD_CPUTIME_ID => Err(Errno::BADF.into()),
        _ => Err(Trap::InvalidEnum("Clockid", id).into()),
    }
}

/// A clock that only moves when told to; for tests.
#[derive(Debug, Default)]
pub struct ManualClock {
    /// Current realtime value.
    pub realtime: Cell<u64>,
    /// Current monotonic value.
    pub monotonic: Cell<u64>,
}

impl Clock for ManualClock {
    fn realtime_ns(&self) -> u64 {
        self.realtime.get()
    }
    fn monotonic_ns(&self) -> u64 {
        self.monotonic.get()
    }
    fn realtime_res_ns(&self) -> u64 {
        1_000
    }
    fn monotonic_res_ns(&self) -> u64 {
        1_000
    }
}
