//! Waiting, behind a small trait: in a dedicated worker the browser blocks with
//! `Atomics.wait`; on a page's main thread, where blocking is forbidden, it spins on the clock
//! until the deadline (never longer). [`ManualSleeper`] is the native fake.

use crate::clocks::{Clock, ManualClock};
use std::rc::Rc;

/// What a [`Sleeper`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waited {
    /// It waited here (perhaps not all the way: the caller re-checks).
    Here,
    /// It cannot wait inside the host (a page under JSPI): the call answers
    /// [`Trap::Pending`](crate::errno::Trap::Pending) and its driver waits, then calls again.
    Later,
}

/// Waits until a monotonic time.
pub trait Sleeper {
    /// Returns when `clock.monotonic_ns() >= deadline_ns`, or earlier when `wake_on_input` is
    /// set and input (stdin) may have arrived, or at once with [`Waited::Later`] when the wait
    /// must happen outside the host. May return early; the caller re-checks.
    fn wait(&mut self, clock: &dyn Clock, deadline_ns: u64, wake_on_input: bool) -> Waited;
}

/// A sleeper that moves a [`ManualClock`] to the deadline at once; for tests. It records the
/// deadlines it was asked to wait for.
#[derive(Debug, Default)]
pub struct ManualSleeper {
    /// The clock to move (shared with the context's clock).
    pub clock: Rc<ManualClock>,
    /// Every deadline waited for, in order.
    pub waits: Vec<u64>,
    /// How many of the next waits answer [`Waited::Later`] (as a driver under JSPI does),
    /// each moving the clock on by `step_ns`.
    pub later: u32,
    /// See `later`.
    pub step_ns: u64,
}

impl Sleeper for ManualSleeper {
    fn wait(&mut self, _clock: &dyn Clock, deadline_ns: u64, _wake_on_input: bool) -> Waited {
        self.waits.push(deadline_ns);
        if self.later > 0 {
            // Time passes meanwhile, as it does while a real driver waits.
            self.later -= 1;
            self.clock.monotonic.set(self.clock.monotonic.get() + self.step_ns);
            self.clock.realtime.set(self.clock.realtime.get() + self.step_ns);
            return Waited::Later;
        }
        if self.clock.monotonic.get() < deadline_ns {
            let d = deadline_ns - self.clock.monotonic.get();
            self.clock.monotonic.set(deadline_ns);
            self.clock.realtime.set(self.clock.realtime.get() + d);
        }
        Waited::Here
    }
}

impl Clock for Rc<ManualClock> {
    fn realtime_ns(&self) -> u64 {
        (**self).realtime_ns()
    }
    fn monotonic_ns(&self) -> u64 {
        (**self).monotonic_ns()
    }
    fn realtime_res_ns(&self) -> u64 {
        (**self).realtime_res_ns()
    }
    fn monotonic_res_ns(&self) -> u64 {
        (**self).monotonic_res_ns()
    }
}
