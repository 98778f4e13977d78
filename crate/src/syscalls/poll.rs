//! `poll_oneoff`: wait for clocks and fds, as wasmtime does.

use crate::clocks::check_id;
use crate::ctx::WasiCtx;
use crate::errno::{Errno, Result, Trap};
use crate::fd_table::FdKind;
use crate::memory::{check_align, write_u32, Memory};
use crate::sleep::Waited;
use crate::types::{clock, encode_event, eventtype, EVENT_SIZE, SUBSCRIPTION_CLOCK_ABSTIME, SUBSCRIPTION_SIZE};

/// One decoded subscription.
enum Sub {
    Clock { id: u32, timeout: u64, abstime: bool },
    FdRead(u32),
    FdWrite(u32),
}

fn read_sub(mem: &mut dyn Memory, subs: u32, i: u32) -> Result<(u64, Sub)> {
    let at = i
        .checked_mul(SUBSCRIPTION_SIZE)
        .and_then(|o| subs.checked_add(o))
        .ok_or(Trap::OutOfBounds { ptr: subs, len: i as u64 * SUBSCRIPTION_SIZE as u64 })?;
    let mut b = [0u8; SUBSCRIPTION_SIZE as usize];
    mem.read(at, &mut b)?;
    let u64_at = |o: usize| u64::from_le_bytes(b[o..o + 8].try_into().unwrap());
    let u32_at = |o: usize| u32::from_le_bytes(b[o..o + 4].try_into().unwrap());
    let sub = match b[8] {
        eventtype::CLOCK => {
            // An unknown clock id or flag bit is EINVAL here (wiggle's decoding error), where
            // clock_time_get traps on an unknown id.
            let id = u32_at(16);
            let flags = u16::from_le_bytes([b[40], b[41]]);
            if id > clock::THREAD_CPUTIME_ID || flags & !SUBSCRIPTION_CLOCK_ABSTIME != 0 {
                return Err(Errno::INVAL.into());
            }
            Sub::Clock { id, timeout: u64_at(24), abstime: flags & SUBSCRIPTION_CLOCK_ABSTIME != 0 }
        }
        eventtype::FD_READ => Sub::FdRead(u32_at(16)),
        eventtype::FD_WRITE => Sub::FdWrite(u32_at(16)),
        _ => return Err(Errno::INVAL.into()), // an unknown tag, as wasmtime

    };
    Ok((u64_at(0), sub))
}

/// What a subscription is waiting for, once validated.
enum Wait {
    /// A monotonic deadline, in nanoseconds.
    Until(u64),
    /// An fd; `true` when it is ready.
    Fd(bool),
}

/// How far the realtime clock is ahead of the monotonic one, read the first time a call needs
/// it. Realtime first: the estimate is never more than the truth, so a realtime instant minus
/// it is a monotonic deadline no earlier than the instant.
fn realtime_lead(ctx: &WasiCtx, lead: &mut Option<u64>) -> u64 {
    *lead.get_or_insert_with(|| {
        let real = ctx.clock.realtime_ns();
        real.saturating_sub(ctx.clock.monotonic_ns())
    })
}

fn check(ctx: &mut WasiCtx, sub: &Sub, now: u64, lead: &mut Option<u64>) -> Result<Wait> {
    Ok(match *sub {
        Sub::Clock { id, timeout, abstime } => {
            let realtime = match check_id(id) {
                Ok(realtime) => realtime,
                Err(_) => return Err(Errno::INVAL.into()), // the CPU-time clocks
            };
            Wait::Until(match (realtime, abstime) {
                (false, true) => timeout,
                (_, false) => now.saturating_add(timeout),
                // A realtime instant, as a monotonic one. (Not from `now`, the start of the
                // first call: a call made again later keeps its instant.)
                (true, true) => timeout.saturating_sub(realtime_lead(ctx, lead)),
            })
        }
        Sub::FdRead(fd) => match &mut ctx.fds.get(fd, 0)?.kind {
            FdKind::Input(input) => Wait::Fd(input.ready()),
            _ => return Err(Errno::BADF.into()),
        },
        Sub::FdWrite(fd) => match ctx.fds.get(fd, 0)?.kind {
            FdKind::Output(_) => Wait::Fd(true),
            _ => return Err(Errno::BADF.into()),
        },
    })
}

/// `poll_oneoff(in, out, nsubscriptions, nevents_ptr)`: validates every subscription, waits
/// until at least one is ready, then writes one event per ready subscription, in subscription
/// order, and their count. Clock subscriptions take the monotonic or realtime clock, relative or
/// `SUBSCRIPTION_CLOCK_ABSTIME` (a realtime instant becomes a wait on the monotonic clock);
/// `fd_read` takes stdin (ready when data is buffered or at end of file), `fd_write` stdout and
/// stderr (always ready). Events carry `nbytes` 0 for clocks and 1 for fds, as wasmtime.
///
/// Errors (for the whole call, as wasmtime; nothing is written): `EINVAL` for no
/// subscriptions, a CPU-time or unknown clock, unknown clock flags or an unknown tag; `EBADF`
/// for an fd that is not open or cannot be polled that way. A bad pointer traps.
/// When the sleeper cannot wait here it answers [`Trap::Pending`] before writing anything; the
/// same call made again goes on from the first call's start time.
/// (The wasmtime CLI, which may block its thread, sleeps for a lone relative clock without
/// validating it and reports `nbytes` 1; embeddings that may not block, like the one the tests
/// compare with, take the general path, as here.)
pub fn poll_oneoff(ctx: &mut WasiCtx, mem: &mut dyn Memory, subs: u32, events: u32, n: u32, nevents: u32) -> Result<()> {
    if n == 0 {
        return Err(Errno::INVAL.into());
    }
    check_align(subs, 8)?;
    check_align(events, 8)?;
    // Validate everything first, finding the earliest deadline and whether an fd is ready.
    // A call made again after answering `Pending` keeps the start of the first one, so a
    // relative timeout does not restart.
    let start = match ctx.poll_resume.take() {
        Some((s, count, at)) if (s, count) == (subs, n) => at,
        _ => ctx.clock.monotonic_ns(),
    };
    let mut lead = None;
    let mut earliest = u64::MAX;
    let mut fd_ready = false;
    let mut reads = false;
    for i in 0..n {
        let (_, sub) = read_sub(mem, subs, i)?;
        reads |= matches!(sub, Sub::FdRead(_));
        match check(ctx, &sub, start, &mut lead)? {
            Wait::Until(t) => earliest = earliest.min(t),
            Wait::Fd(ready) => fd_ready |= ready,
        }
    }
    if !fd_ready {
        loop {
            let now = ctx.clock.monotonic_ns();
            if now >= earliest {
                break;
            }
            if ctx.sleeper.wait(&*ctx.clock, earliest, reads) == Waited::Later {
                ctx.poll_resume = Some((subs, n, start));
                return Err(Trap::Pending.into());
            }
            if reads && ctx.fds.inputs_ready() {
                break;
            }
        }
    }
    // Write an event for each ready subscription.
    let now = ctx.clock.monotonic_ns();
    let mut count = 0u32;
    for i in 0..n {
        let (userdata, sub) = read_sub(mem, subs, i)?;
        let event = match check(ctx, &sub, start, &mut lead)? {
            Wait::Until(t) if t <= now => encode_event(userdata, 0, eventtype::CLOCK, 0),
            Wait::Fd(true) => {
                let kind = if matches!(sub, Sub::FdRead(_)) { eventtype::FD_READ } else { eventtype::FD_WRITE };
                encode_event(userdata, 0, kind, 1)
            }
            _ => continue,
        };
        mem.write(events + count * EVENT_SIZE, &event)?;
        count += 1;
    }
    write_u32(mem, nevents, count)
}
