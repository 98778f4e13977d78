//! `poll`: raw `poll_oneoff` calls, one case per run, selected by `argv[1]`.
//!
//! Checks the preview1 wire layouts and what a host writes back. A subscription is 48 bytes
//! (align 8): userdata u64 @0, tag u8 @8 (0 clock, 1 fd_read, 2 fd_write), then the union
//! @16: clock {id u32 @16, timeout u64 @24, precision u64 @32, flags u16 @40 (1 = ABSTIME)}
//! or fd_readwrite {fd u32 @16}. An event is 32 bytes (align 8): userdata u64 @0, error u16
//! @8, type u8 @10, fd_readwrite {nbytes u64 @16, flags u16 @24}.
//!
//! Before each call `nevents` and every event slot are filled with 0xFF bytes (so an
//! unwritten `nevents` prints as 4294967295). Each call prints
//!
//! ```text
//! <label>: errno=<e> nevents=<n>
//! event userdata=<u> error=<e> type=<t> nbytes=<n> flags=<f>    for slots 0..nevents
//! slot <i>: untouched | slot <i>: written userdata=...          for the remaining slots
//! ```
//!
//! where `<label>` is the case, or `<case>/<part>` for a case that makes several calls.
//! Some cases add `<label>: waited>=<n>ms: true` or `<label>: waited<<n>ms: true` lines
//! (`false` on a host that waits too little or too long). Only deterministic facts go to
//! stdout (which events, never how long); the measured wait of every call goes to stderr
//! as `<label>: elapsed_us=<n>`.
//!
//! Cases: zero, one_relative, two_clocks, abstime, realtime_rel, realtime_abs,
//! realtime_abs_past, realtime_abs_alone (unguarded: see below), realtime_abs_short, stdout_write,
//! stdin_read (run with a non-empty stdin), stdin_read_eof (run with an empty stdin),
//! stdin_later (stdin from a source whose line comes after ~300 ms),
//! bad_fd, wrong_kind, cputime_clock, bad_clock_id, bad_tag, many. An unknown case prints
//! `unknown case` to stderr and exits 2. Several cases guard an fd subscription with a
//! monotonic 1 s clock so a host that never reports the fd still returns.
//!
//! `realtime_abs_alone` is a single realtime ABSTIME subscription 10 ms in the future, with
//! no guard clock: the call must return after about 10 ms. Older wasmtimes computed the wait
//! as `now - deadline` (wrapping to centuries in release builds); this was fixed in
//! wasmtime PR #13566 (backported to 46.0.0), and wasmtime 50 returns after about 10 ms.

use guests::{addr, addr_mut, wasi};
use std::io::Write;

const REALTIME: u32 = 0;
const MONOTONIC: u32 = 1;
const PROCESS_CPUTIME: u32 = 2;

const TAG_CLOCK: u8 = 0;
const TAG_FD_READ: u8 = 1;
const TAG_FD_WRITE: u8 = 2;

const ABSTIME: u16 = 1;

const MS: u64 = 1_000_000;
const SEC: u64 = 1_000_000_000;

/// A preview1 `subscription`, built byte by byte so the layout is explicit.
#[repr(C, align(8))]
#[derive(Clone, Copy)]
struct Sub([u8; 48]);

const _: () = assert!(core::mem::size_of::<Sub>() == 48);

impl Sub {
    fn new(userdata: u64, tag: u8) -> Sub {
        let mut s = Sub([0; 48]);
        s.0[0..8].copy_from_slice(&userdata.to_le_bytes());
        s.0[8] = tag;
        s
    }

    fn clock(userdata: u64, id: u32, timeout: u64, flags: u16) -> Sub {
        let mut s = Sub::new(userdata, TAG_CLOCK);
        s.0[16..20].copy_from_slice(&id.to_le_bytes());
        s.0[24..32].copy_from_slice(&timeout.to_le_bytes());
        s.0[32..40].copy_from_slice(&0u64.to_le_bytes()); // precision
        s.0[40..42].copy_from_slice(&flags.to_le_bytes());
        s
    }

    fn rel(userdata: u64, id: u32, timeout: u64) -> Sub {
        Sub::clock(userdata, id, timeout, 0)
    }

    fn abs(userdata: u64, id: u32, deadline: u64) -> Sub {
        Sub::clock(userdata, id, deadline, ABSTIME)
    }

    fn fd(userdata: u64, tag: u8, fd: u32) -> Sub {
        let mut s = Sub::new(userdata, tag);
        s.0[16..20].copy_from_slice(&fd.to_le_bytes());
        s
    }
}

/// A preview1 `event`, decoded field by field.
#[repr(C, align(8))]
#[derive(Clone, Copy)]
struct Event([u8; 32]);

const _: () = assert!(core::mem::size_of::<Event>() == 32);

impl Event {
    const UNTOUCHED: Event = Event([0xFF; 32]);

    fn u64_at(&self, at: usize) -> u64 {
        u64::from_le_bytes(self.0[at..at + 8].try_into().unwrap())
    }

    fn u16_at(&self, at: usize) -> u16 {
        u16::from_le_bytes(self.0[at..at + 2].try_into().unwrap())
    }

    fn fields(&self) -> String {
        format!(
            "userdata={} error={} type={} nbytes={} flags={}",
            self.u64_at(0),
            self.u16_at(8),
            self.0[10],
            self.u64_at(16),
            self.u16_at(24)
        )
    }
}

/// `clock_time_get(id)`; panics (with the errno) if the host refuses.
fn now(id: u32) -> u64 {
    let mut t = 0u64;
    let e = unsafe { wasi::clock_time_get(id as i32, 1, addr_mut(&mut t)) };
    assert_eq!(e, 0, "clock_time_get({id})");
    t
}

/// Calls `poll_oneoff(subs, events[slots], subs.len())` and prints the result (see the
/// module docs); returns how long it took (monotonic ns). `slots` is normally `subs.len()`.
fn call(label: &str, subs: &[Sub], slots: usize) -> u64 {
    let mut events = vec![Event::UNTOUCHED; slots];
    let mut nevents = u32::MAX;
    let start = now(MONOTONIC);
    let errno = unsafe {
        wasi::poll_oneoff(
            addr(subs.as_ptr()),
            addr_mut(events.as_mut_ptr()),
            subs.len() as i32,
            addr_mut(&mut nevents),
        )
    };
    let waited = now(MONOTONIC) - start;
    println!("{label}: errno={errno} nevents={nevents}");
    // An unwritten (sentinel) or impossible count shows every slot as a leftover.
    let shown = if nevents as usize <= slots { nevents as usize } else { 0 };
    for ev in &events[..shown] {
        println!("event {}", ev.fields());
    }
    for (i, ev) in events.iter().enumerate().skip(shown) {
        if ev.0 == Event::UNTOUCHED.0 {
            println!("slot {i}: untouched");
        } else {
            println!("slot {i}: written {}", ev.fields());
        }
    }
    std::io::stdout().flush().unwrap();
    eprintln!("{label}: elapsed_us={}", waited / 1000);
    waited
}

/// Monotonic ns since `t0`. A case whose instant is "a clock's now + x" times its wait from
/// before that read (`t0`): the call owes x from the read, not from call()'s own start, which
/// comes a little later and would make an exact host look early.
fn since(t0: u64) -> u64 {
    now(MONOTONIC) - t0
}

/// Prints `<label>: waited>=<ms>ms: <bool>`.
fn waited_at_least(label: &str, waited: u64, ns: u64) {
    println!("{label}: waited>={}ms: {}", ns / MS, waited >= ns);
}

/// Prints `<label>: waited<<ms>ms: <bool>`.
fn waited_less(label: &str, waited: u64, ns: u64) {
    println!("{label}: waited<{}ms: {}", ns / MS, waited < ns);
}

fn main() {
    let case = std::env::args().nth(1).unwrap_or_default();
    let c = case.as_str();
    match c {
        // nsubscriptions = 0: nothing could ever wake the call.
        "zero" => {
            call(c, &[], 1);
        }
        "one_relative" => {
            let o = call(c, &[Sub::rel(7, MONOTONIC, 10 * MS)], 1);
            waited_at_least(c, o, 10 * MS);
        }
        // Only the earlier clock fires; the call returns as soon as one event is ready.
        "two_clocks" => {
            let subs = [Sub::rel(1, MONOTONIC, 10 * MS), Sub::rel(2, MONOTONIC, SEC)];
            let o = call(c, &subs, 2);
            waited_at_least(c, o, 10 * MS);
            waited_less(c, o, 500 * MS);
        }
        // A future (now + 100 ms, a wide margin) and a past monotonic ABSTIME deadline in
        // one call: only the past one is reported. Then a deadline now + 10 ms alone.
        "abstime" => {
            let t = now(MONOTONIC);
            let subs = [
                Sub::abs(1, MONOTONIC, t + 100 * MS),
                Sub::abs(2, MONOTONIC, t.saturating_sub(MS)),
            ];
            let o = call(&format!("{c}/future+past"), &subs, 2);
            waited_less(&format!("{c}/future+past"), o, 50 * MS);
            let label = format!("{c}/future");
            let t0 = now(MONOTONIC);
            call(&label, &[Sub::abs(1, MONOTONIC, now(MONOTONIC) + 10 * MS)], 1);
            waited_at_least(&label, since(t0), 10 * MS);
        }
        "realtime_rel" => {
            let o = call(c, &[Sub::rel(3, REALTIME, 10 * MS)], 1);
            waited_at_least(c, o, 10 * MS);
        }
        // A realtime deadline 10 ms ahead, guarded by a monotonic 1 s clock: a correct host
        // reports userdata 1 after about 10 ms.
        "realtime_abs" => {
            let t0 = now(MONOTONIC);
            let subs = [
                Sub::abs(1, REALTIME, now(REALTIME) + 10 * MS),
                Sub::rel(2, MONOTONIC, SEC),
            ];
            call(c, &subs, 2);
            let o = since(t0);
            waited_at_least(c, o, 10 * MS);
            waited_less(c, o, 500 * MS);
        }
        "realtime_abs_past" => {
            let o = call(c, &[Sub::abs(1, REALTIME, now(REALTIME) - SEC)], 1);
            waited_less(c, o, 500 * MS);
        }
        "realtime_abs_alone" => {
            let t0 = now(MONOTONIC);
            call(c, &[Sub::abs(1, REALTIME, now(REALTIME) + 10 * MS)], 1);
            let o = since(t0);
            waited_at_least(c, o, 10 * MS);
            waited_less(c, o, 500 * MS);
        }
        // Ten instants 2 ms ahead (a host may wake in steps shorter than that): each call
        // returns once the realtime clock has reached its instant, never before.
        "realtime_abs_short" => {
            let mut reached = 0;
            for _ in 0..10 {
                let instant = now(REALTIME) + 2 * MS;
                call(c, &[Sub::abs(1, REALTIME, instant)], 1);
                reached += (now(REALTIME) >= instant) as u32;
            }
            println!("{c}: reached its instant: {reached} of 10");
        }
        // stdout is always writable: only the fd event, long before the clock.
        "stdout_write" => {
            let subs = [Sub::fd(1, TAG_FD_WRITE, 1), Sub::rel(2, MONOTONIC, SEC)];
            let o = call(c, &subs, 2);
            waited_less(c, o, 500 * MS);
        }
        "stdin_read" | "stdin_read_eof" => {
            let subs = [Sub::fd(1, TAG_FD_READ, 0), Sub::rel(2, MONOTONIC, SEC)];
            let o = call(c, &subs, 2);
            waited_less(c, o, 500 * MS);
        }
        // stdin whose data comes later (an async source under startAsync; tests/e2e/jspi.test.mjs):
        // a short wait times out, a long one ends when the line arrives, which is then read.
        "stdin_later" => {
            let subs = [Sub::fd(1, TAG_FD_READ, 0), Sub::rel(2, MONOTONIC, 50 * MS)];
            let o = call("stdin_later/short", &subs, 2);
            waited_at_least("stdin_later/short", o, 50 * MS);
            let subs = [Sub::fd(1, TAG_FD_READ, 0), Sub::rel(2, MONOTONIC, 5 * SEC)];
            let o = call("stdin_later/long", &subs, 2);
            waited_less("stdin_later/long", o, 4 * SEC);
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).unwrap();
            println!("stdin_later: read {line:?}");
        }
        "bad_fd" => {
            let subs = [Sub::fd(1, TAG_FD_READ, 99), Sub::rel(2, MONOTONIC, SEC)];
            call(c, &subs, 2);
        }
        "wrong_kind" => {
            let subs = [Sub::fd(1, TAG_FD_READ, 1), Sub::rel(2, MONOTONIC, SEC)];
            call(&format!("{c}/read_stdout"), &subs, 2);
            let subs = [Sub::fd(1, TAG_FD_WRITE, 0), Sub::rel(2, MONOTONIC, SEC)];
            call(&format!("{c}/write_stdin"), &subs, 2);
        }
        "cputime_clock" => {
            let subs = [
                Sub::rel(1, MONOTONIC, 10 * MS),
                Sub::rel(2, PROCESS_CPUTIME, 10 * MS),
            ];
            call(&format!("{c}/pair"), &subs, 2);
            call(&format!("{c}/alone"), &[Sub::rel(2, PROCESS_CPUTIME, 10 * MS)], 1);
        }
        "bad_clock_id" => {
            call(c, &[Sub::rel(1, 7, 10 * MS)], 1);
        }
        "bad_tag" => {
            let mut s = Sub::rel(1, MONOTONIC, 10 * MS);
            s.0[8] = 5;
            call(c, &[s], 1);
        }
        // Several clocks and an always-ready fd: which events, in what order.
        "many" => {
            let subs = [
                Sub::rel(1, MONOTONIC, SEC),
                Sub::rel(2, MONOTONIC, 5 * MS),
                Sub::rel(3, MONOTONIC, SEC),
                Sub::fd(4, TAG_FD_WRITE, 2),
            ];
            let o = call(c, &subs, 4);
            waited_less(c, o, 500 * MS);
        }
        _ => {
            eprintln!("unknown case {case:?}");
            std::process::exit(2);
        }
    }
}
