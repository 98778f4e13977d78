//! The syscall profile: per syscall, the number of calls, the errors by errno and the total
//! time; optionally the last N calls in a ring buffer. Recording a call allocates nothing
//! (the ring is allocated once; an errno's counter is added the first time it occurs).

use crate::table::ALL;

/// Counters for one syscall.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stats {
    /// Calls made.
    pub calls: u64,
    /// Non-zero errnos returned, with their counts, in order of first occurrence.
    pub errors: Vec<(u16, u64)>,
    /// Total time spent in the host, in nanoseconds.
    pub time_ns: u64,
}

/// One logged call.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Entry {
    /// Index of the syscall in [`ALL`].
    pub call: u8,
    /// The arguments, as raw values (the first `ALL[call].arity()` are meaningful).
    pub args: [u64; 9],
    /// The errno returned, or `None` when the call ended the guest (exit or trap).
    pub errno: Option<u16>,
    /// Time spent in the host, in nanoseconds.
    pub duration_ns: u64,
}

/// The profile of one guest.
#[derive(Debug)]
pub struct Trace {
    stats: Vec<Stats>,
    ring: Vec<Entry>,
    capacity: usize,
    next: usize,
}

impl Trace {
    /// A profile that also keeps the last `log` calls (0: none).
    pub fn new(log: usize) -> Self {
        Trace { stats: vec![Stats::default(); ALL.len()], ring: Vec::with_capacity(log), capacity: log, next: 0 }
    }

    /// Records a call of syscall number `call` (its index in [`ALL`]).
    pub fn record(&mut self, call: usize, args: &[u64], errno: Option<u16>, duration_ns: u64) {
        let s = &mut self.stats[call];
        s.calls += 1;
        s.time_ns += duration_ns;
        if let Some(e) = errno.filter(|&e| e != 0) {
            match s.errors.iter_mut().find(|(x, _)| *x == e) {
                Some((_, n)) => *n += 1,
                None => s.errors.push((e, 1)),
            }
        }
        if self.capacity == 0 {
            return;
        }
        let mut entry = Entry { call: call as u8, args: [0; 9], errno, duration_ns };
        let n = args.len().min(9);
        entry.args[..n].copy_from_slice(&args[..n]);
        if self.ring.len() < self.capacity {
            self.ring.push(entry);
        } else {
            self.ring[self.next] = entry;
        }
        self.next = (self.next + 1) % self.capacity;
    }

    /// The syscalls called at least once, with their counters, in witx order.
    pub fn summary(&self) -> impl Iterator<Item = (&'static str, &Stats)> {
        ALL.iter().zip(&self.stats).filter(|(_, s)| s.calls > 0).map(|(sig, s)| (sig.name, s))
    }

    /// The logged calls, oldest first.
    pub fn log(&self) -> impl Iterator<Item = &Entry> {
        let split = if self.ring.len() < self.capacity { 0 } else { self.next };
        self.ring[split..].iter().chain(&self.ring[..split])
    }
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::index_of;

    #[test]
    fn counts_errors_and_time() {
        let mut t = Trace::new(0);
        let w = index_of("fd_write");
        let c = index_of("fd_close");
        t.record(w, &[1, 0, 1, 8], Some(0), 100);
        t.record(w, &[1, 0, 1, 8], Some(0), 50);
        t.record(c, &[99], Some(8), 10);
        t.record(c, &[98], Some(8), 10);
        t.record(c, &[97], Some(76), 10);
        let s: Vec<_> = t.summary().collect();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].0, "fd_close"); // witx order: fd_close before fd_write
        assert_eq!((s[0].1.calls, &s[0].1.errors[..], s[0].1.time_ns), (3, &[(8, 2), (76, 1)][..], 30));
        assert_eq!((s[1].0, s[1].1.calls, s[1].1.errors.len(), s[1].1.time_ns), ("fd_write", 2, 0, 150));
        assert_eq!(t.log().count(), 0);
    }

    #[test]
    fn ring_keeps_the_last_n_oldest_first() {
        let mut t = Trace::new(3);
        let y = index_of("sched_yield");
        for i in 0..5u64 {
            t.record(y, &[], Some(0), i);
        }
        let d: Vec<u64> = t.log().map(|e| e.duration_ns).collect();
        assert_eq!(d, [2, 3, 4]);
        let mut t = Trace::new(3);
        t.record(index_of("proc_exit"), &[7], None, 1);
        let e = t.log().next().unwrap();
        assert_eq!((e.args[0], e.errno), (7, None));
    }
}
