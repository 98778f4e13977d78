//! The raw syscall exports, `wasip1_<name>(slot, ...)`: what the trampoline module (see
//! [`crate::abi`]) calls for each preview1 import.
//!
//! Each export looks up its Wasi by slot, runs the core syscall against the guest memory of
//! that slot, and returns the errno — or `SIGNAL` after leaving the exit, trap or callback
//! exception in glue.js for the trampoline to throw.

use super::glue;
use super::services::JsMemory;
use super::Global;
use crate::ctx::WasiCtx;
use crate::errno::{Error, Result, Trap};
use crate::memory::Memory;
use crate::syscalls::{args, clock, fd, fs, poll, proc, sock, ALL};
use crate::table::index_of;
use std::cell::RefCell;
use std::rc::Rc;

use crate::abi::SIGNAL;

/// What a raw export returns when the call must wait ([`Trap::Pending`]): under `startAsync`
/// the import suspends the guest until the wait is over and makes the call again.
const PENDING: u32 = SIGNAL + 2;

/// What a raw export returns for a slot that is not registered (there is no state left to hold
/// a trap). Cannot happen while the import object that carries the slot is alive; kept as a
/// clear error rather than a panic.
const FREED: u32 = SIGNAL + 1;

/// The live guest contexts, by slot index. An entry lives as long as any of its import
/// functions: glue.js calls [`wasip1web_release`] once they are all garbage-collected, so a
/// guest that still holds its imports keeps its context even after the `Wasi` wrapper is freed
/// (a reactor whose `Wasi` went out of scope keeps working). A slot id is
/// `index | generation << 16`; freed indices are reused from a free list.
pub struct Registry {
    slots: Vec<(u32, Option<Rc<RefCell<WasiCtx>>>)>,
    free: Vec<u32>,
}

/// Slot indices are 16 bits: this many contexts may be alive at once.
const MAX_LIVE: usize = 1 << 16;

static REGISTRY: Global<RefCell<Registry>> = Global(RefCell::new(Registry { slots: Vec::new(), free: Vec::new() }));

/// Reserves a slot for a context that [`fill`] will provide, and returns its id. Errors when
/// 65 536 contexts are alive (each still reachable through a guest's imports).
pub fn reserve() -> core::result::Result<u32, String> {
    {
        let mut r = REGISTRY.0.borrow_mut();
        let index = match r.free.pop() {
            Some(i) => i as usize,
            None if r.slots.len() < MAX_LIVE => {
                r.slots.push((0, None));
                r.slots.len() - 1
            }
            None => return Err(format!("{MAX_LIVE} Wasi contexts are alive; free some first")),
        };
        let entry = &mut r.slots[index];
        entry.0 = (entry.0 + 1) & 0xffff;
        Ok(index as u32 | entry.0 << 16)
    }
}

/// Puts the context for a reserved slot in place.
pub fn fill(slot: u32, ctx: Rc<RefCell<WasiCtx>>) {
    REGISTRY.0.borrow_mut().slots[(slot & 0xffff) as usize].1 = Some(ctx);
}

/// Delivers what the stdio sinks hold, as a command's run ends.
pub fn flush_outputs(ctx: &RefCell<WasiCtx>) {
    if let Ok(mut ctx) = ctx.try_borrow_mut() {
        ctx.flush();
    }
}

/// Ends a command's run under `startAsync` or wasi-threads (called by glue.js once the guest's
/// promise settles): lets go of the guest's memory and flushes the stdio sinks. (`start` does
/// the same: glue.js `run` lets go of the memory, then it calls [`flush_outputs`].)
#[no_mangle]
pub extern "C" fn wasip1web_finish(slot: u32) {
    glue::unbind_memory(slot);
    if let Some(ctx) = lookup(slot) {
        flush_outputs(&ctx);
    }
}

/// Forgets a context once its import object has been garbage-collected (called by glue.js).
#[no_mangle]
pub extern "C" fn wasip1web_release(slot: u32) {
    unregister(slot);
}

/// Forgets a context (or a reserved slot) and frees its index.
pub fn unregister(slot: u32) {
    let mut r = REGISTRY.0.borrow_mut();
    let index = slot & 0xffff;
    if let Some(entry) = r.slots.get_mut(index as usize) {
        if entry.0 == slot >> 16 {
            // Retire the generation too, so a second release of this id is a no-op. (The
            // context is dropped after the registry's borrow ends: dropping it may call out.)
            entry.0 = (entry.0 + 1) & 0xffff;
            let ctx = entry.1.take();
            r.free.push(index);
            drop(r);
            drop(ctx);
        }
    }
}

fn lookup(slot: u32) -> Option<Rc<RefCell<WasiCtx>>> {
    let r = REGISTRY.0.borrow();
    let (generation, ctx) = r.slots.get((slot & 0xffff) as usize)?;
    if *generation == slot >> 16 { ctx.clone() } else { None }
}

/// Runs `f`, and again after listing each backend directory it needed ([`Trap::Unlisted`]: a
/// host folder is read one directory at a time, as the guest looks into it).
/// (Without the `host-dirs` feature no directory is ever unlisted: just `f`.)
#[inline(always)]
pub(super) fn listing<T>(ctx: &mut WasiCtx, mut f: impl FnMut(&mut WasiCtx) -> Result<T>) -> Result<T> {
    #[cfg(feature = "host-dirs")]
    loop {
        match f(ctx) {
            Err(Error::Trap(Trap::Unlisted(dir))) => ctx.fs.list(dir)?,
            r => return r,
        }
    }
    #[cfg(not(feature = "host-dirs"))]
    f(ctx)
}

/// Runs syscall number `call` for `slot`; `args` are the raw arguments, for the trace.
///
/// One copy for all 46 exports (the syscall comes in as a `dyn` closure): each export is then
/// its syscall plus a call here, where a generic `dispatch` put a copy of this body in every
/// export (3.6 KB gzipped in all). The indirect call costs about a nanosecond.
#[inline(never)]
fn dispatch(slot: u32, call: usize, args: &[u64], f: &mut dyn FnMut(&mut WasiCtx, &mut dyn Memory) -> Result<()>) -> u32 {
    let name = ALL[call].name;
    let Some(ctx) = lookup(slot) else { return FREED };
    let Ok(mut ctx) = ctx.try_borrow_mut() else {
        glue::set_trap(slot, &format!("{name}: re-entrant call into a busy Wasi (from a host callback?)"));
        return SIGNAL;
    };
    #[cfg(feature = "trace")]
    let start = if ctx.trace.is_some() { glue::now() } else { 0.0 };
    let result = listing(&mut ctx, |c| f(c, &mut JsMemory(slot)));
    // A call that must wait is made again; the trace counts it once, when it ends.
    #[cfg(feature = "trace")]
    if let Some(trace) = ctx.trace.as_mut().filter(|_| result != Err(Error::Trap(Trap::Pending))) {
        let errno = match &result {
            Ok(()) => Some(0),
            Err(Error::Errno(e)) => Some(e.0),
            Err(Error::Trap(_)) => None,
        };
        trace.record(call, args, errno, ((glue::now() - start) * 1e6) as u64);
    }
    #[cfg(not(feature = "trace"))]
    let _ = args;
    match result {
        Ok(()) => 0,
        Err(Error::Errno(e)) => e.0 as u32,
        Err(Error::Trap(Trap::Exit(code))) => {
            glue::set_exit(slot, code);
            SIGNAL
        }
        Err(Error::Trap(Trap::HostCallback)) => SIGNAL,
        Err(Error::Trap(Trap::Pending)) => PENDING,
        Err(Error::Trap(t)) => {
            glue::set_trap(slot, &format!("{name}: {t}"));
            SIGNAL
        }
    }
}

macro_rules! exports {
    ($($export:ident => $module:ident :: $func:ident ($($arg:ident : $ty:ty),*);)*) => {$(
        #[no_mangle]
        extern "C" fn $export(slot: u32 $(, $arg: $ty)*) -> u32 {
            const CALL: usize = index_of(stringify!($export).split_at(7).1);
            dispatch(slot, CALL, &[$($arg as u64),*], &mut |ctx, mem| $module::$func(ctx, mem $(, $arg)*))
        }
    )*};
}

exports! {
    wasip1_args_get => args::args_get(argv: u32, buf: u32);
    wasip1_args_sizes_get => args::args_sizes_get(count: u32, size: u32);
    wasip1_environ_get => args::environ_get(environ: u32, buf: u32);
    wasip1_environ_sizes_get => args::environ_sizes_get(count: u32, size: u32);
    wasip1_clock_res_get => clock::clock_res_get(id: u32, ptr: u32);
    wasip1_clock_time_get => clock::clock_time_get(id: u32, precision: u64, ptr: u32);
    wasip1_fd_advise => fd::fd_advise(fd: u32, offset: u64, len: u64, advice: u32);
    wasip1_fd_allocate => fd::fd_allocate(fd: u32, offset: u64, len: u64);
    wasip1_fd_close => fd::fd_close(fd: u32);
    wasip1_fd_datasync => fd::fd_sync(fd: u32);
    wasip1_fd_fdstat_set_rights => fd::fd_fdstat_set_rights(fd: u32, base: u64, inheriting: u64);
    wasip1_fd_filestat_set_size => fd::fd_filestat_set_size(fd: u32, size: u64);
    wasip1_fd_filestat_set_times => fd::fd_filestat_set_times(fd: u32, atim: u64, mtim: u64, flags: u32);
    wasip1_fd_pread => fd::fd_pread(fd: u32, iovs: u32, iovs_len: u32, offset: u64, nread: u32);
    wasip1_fd_pwrite => fd::fd_pwrite(fd: u32, iovs: u32, iovs_len: u32, offset: u64, nwritten: u32);
    wasip1_fd_readdir => fs::fd_readdir(fd: u32, buf: u32, buf_len: u32, cookie: u64, bufused: u32);
    wasip1_fd_renumber => fd::fd_renumber(fd: u32, to: u32);
    wasip1_fd_sync => fd::fd_sync(fd: u32);
    wasip1_fd_fdstat_get => fd::fd_fdstat_get(fd: u32, ptr: u32);
    wasip1_fd_fdstat_set_flags => fd::fd_fdstat_set_flags(fd: u32, flags: u32);
    wasip1_fd_filestat_get => fd::fd_filestat_get(fd: u32, ptr: u32);
    wasip1_fd_prestat_get => fd::fd_prestat_get(fd: u32, ptr: u32);
    wasip1_fd_prestat_dir_name => fd::fd_prestat_dir_name(fd: u32, path: u32, len: u32);
    wasip1_fd_read => fd::fd_read(fd: u32, iovs: u32, iovs_len: u32, nread: u32);
    wasip1_fd_seek => fd::fd_seek(fd: u32, offset: u64, whence: u32, ptr: u32);
    wasip1_fd_tell => fd::fd_tell(fd: u32, ptr: u32);
    wasip1_fd_write => fd::fd_write(fd: u32, iovs: u32, iovs_len: u32, nwritten: u32);
    wasip1_path_create_directory => fs::path_create_directory(fd: u32, path: u32, path_len: u32);
    wasip1_path_filestat_get => fs::path_filestat_get(fd: u32, flags: u32, path: u32, path_len: u32, buf: u32);
    wasip1_path_filestat_set_times => fs::path_filestat_set_times(fd: u32, flags: u32, path: u32, path_len: u32, atim: u64, mtim: u64, fst: u32);
    wasip1_path_link => fs::path_link(old_fd: u32, old_flags: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32);
    wasip1_path_open => fs::path_open(fd: u32, dirflags: u32, path: u32, path_len: u32, oflags: u32, base: u64, inheriting: u64, fdflags: u32, out: u32);
    wasip1_path_readlink => fs::path_readlink(fd: u32, path: u32, path_len: u32, buf: u32, buf_len: u32, bufused: u32);
    wasip1_path_remove_directory => fs::path_remove_directory(fd: u32, path: u32, path_len: u32);
    wasip1_path_rename => fs::path_rename(fd: u32, old_path: u32, old_len: u32, new_fd: u32, new_path: u32, new_len: u32);
    wasip1_path_symlink => fs::path_symlink(old_path: u32, old_len: u32, fd: u32, new_path: u32, new_len: u32);
    wasip1_path_unlink_file => fs::path_unlink_file(fd: u32, path: u32, path_len: u32);
    wasip1_proc_exit => proc::proc_exit(code: u32);
    wasip1_proc_raise => proc::proc_raise(signal: u32);
    wasip1_sched_yield => proc::sched_yield();
    wasip1_random_get => proc::random_get(buf: u32, len: u32);
    wasip1_poll_oneoff => poll::poll_oneoff(subs: u32, events: u32, nsubs: u32, nevents: u32);
    wasip1_sock_accept => sock::sock_accept(fd: u32, flags: u32, out: u32);
    wasip1_sock_recv => sock::sock_recv(fd: u32, data: u32, data_len: u32, flags: u32, out_len: u32, out_flags: u32);
    wasip1_sock_send => sock::sock_send(fd: u32, data: u32, data_len: u32, flags: u32, out_len: u32);
    wasip1_sock_shutdown => sock::sock_shutdown(fd: u32, how: u32);
}
