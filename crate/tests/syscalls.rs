//! The syscalls against native fakes: what a guest sees, errno for errno, as wasmtime answers.

use std::cell::RefCell;
use std::rc::Rc;
use wasip1_web::clocks::ManualClock;
use wasip1_web::memory::{Memory, VecMemory};
use wasip1_web::sleep::ManualSleeper;
use wasip1_web::random::SeededRng;
use wasip1_web::stdio::{BytesInput, VecOutput};
use wasip1_web::syscalls::{args, clock, fd, fs, poll, proc, sock};
use wasip1_web::types::{filetype, rights};
use wasip1_web::{Errno, Error, Trap, WasiCtx};

struct Guest {
    ctx: WasiCtx,
    mem: VecMemory,
    out: Rc<RefCell<Vec<u8>>>,
}

fn guest() -> Guest {
    guest_with_clock(Rc::new(ManualClock::default()))
}

fn services(clock: &Rc<ManualClock>) -> (Box<Rc<ManualClock>>, Box<SeededRng>, Box<ManualSleeper>) {
    (Box::new(clock.clone()), Box::new(SeededRng(7)), Box::new(ManualSleeper { clock: clock.clone(), ..Default::default() }))
}

fn guest_with_clock(clock: Rc<ManualClock>) -> Guest {
    let out = VecOutput::default();
    clock.realtime.set(1_700_000_000_000_000_000);
    clock.monotonic.set(42);
    let (c, r, s) = services(&clock);
    let ctx = WasiCtx::builder(c, r, s)
        .args(vec!["prog".into(), "a b".into()])
        .env(vec![("HOME".into(), "/".into()), ("X".into(), "1=2".into())])
        .stdin(Box::new(BytesInput::new(b"input".to_vec())))
        .stdout(Box::new(out.clone()))
        .preopen("/".into())
        .preopen("/data".into())
        .build()
        .unwrap();
    Guest { ctx, mem: VecMemory::new(4096), out: out.0 }
}

fn u32_at(m: &VecMemory, at: usize) -> u32 {
    u32::from_le_bytes(m.0[at..at + 4].try_into().unwrap())
}

fn u64_at(m: &VecMemory, at: usize) -> u64 {
    u64::from_le_bytes(m.0[at..at + 8].try_into().unwrap())
}

fn errno(e: Errno) -> Result<(), Error> {
    Err(Error::Errno(e))
}

#[test]
fn args_and_environ_are_laid_out_as_libc_expects() {
    let Guest { mut ctx, mut mem, .. } = guest();
    args::args_sizes_get(&mut ctx, &mut mem, 0, 4).unwrap();
    assert_eq!((u32_at(&mem, 0), u32_at(&mem, 4)), (2, 9));
    args::args_get(&mut ctx, &mut mem, 100, 200).unwrap();
    assert_eq!((u32_at(&mem, 100), u32_at(&mem, 104)), (200, 205));
    assert_eq!(&mem.0[200..209], b"prog\0a b\0");

    args::environ_sizes_get(&mut ctx, &mut mem, 0, 4).unwrap();
    assert_eq!((u32_at(&mem, 0), u32_at(&mem, 4)), (2, 13));
    args::environ_get(&mut ctx, &mut mem, 300, 400).unwrap();
    assert_eq!(&mem.0[400..413], b"HOME=/\0X=1=2\0");
    assert_eq!(u32_at(&mem, 304), 407);
}

#[test]
fn wild_pointers_trap() {
    let Guest { mut ctx, mut mem, .. } = guest();
    let oob = Error::Trap(Trap::OutOfBounds { ptr: 4092, len: 8 });
    assert_eq!(args::args_get(&mut ctx, &mut mem, 4092, 0), Err(oob));
    assert!(matches!(args::args_get(&mut ctx, &mut mem, 0, 4095), Err(Error::Trap(_))));
    assert!(matches!(clock::clock_time_get(&mut ctx, &mut mem, 1, 0, 4096), Err(Error::Trap(_))));
    assert_eq!(
        clock::clock_time_get(&mut ctx, &mut mem, 1, 0, 12),
        Err(Error::Trap(Trap::Misaligned { ptr: 12, align: 8 }))
    );
    // random_get past the end writes nothing at all.
    mem.0[4000..].fill(0xAA);
    assert!(matches!(proc::random_get(&mut ctx, &mut mem, 4000, 200), Err(Error::Trap(_))));
    assert!(mem.0[4000..].iter().all(|&b| b == 0xAA));
    assert_eq!(
        proc::random_get(&mut ctx, &mut mem, 0, u32::MAX),
        Err(Error::Trap(Trap::TooLong { len: u32::MAX, limit: 64 << 20 }))
    );
}

#[test]
fn empty_lists_leave_wild_pointers_alone() {
    let (c, r, s) = services(&Rc::new(ManualClock::default()));
    let mut ctx = WasiCtx::builder(c, r, s).build().unwrap();
    let mut mem = VecMemory::new(64);
    assert_eq!(args::environ_get(&mut ctx, &mut mem, 1 << 30, 3), Ok(()));
    assert_eq!(args::args_get(&mut ctx, &mut mem, 7, 1 << 30), Ok(()));
}

#[test]
fn clocks_answer_like_wasmtime() {
    let Guest { mut ctx, mut mem, .. } = guest();
    clock::clock_time_get(&mut ctx, &mut mem, 0, 0, 8).unwrap();
    assert_eq!(u64_at(&mem, 8), 1_700_000_000_000_000_000);
    clock::clock_time_get(&mut ctx, &mut mem, 1, 0, 8).unwrap();
    assert_eq!(u64_at(&mem, 8), 42);
    clock::clock_res_get(&mut ctx, &mut mem, 1, 16).unwrap();
    assert_eq!(u64_at(&mem, 16), 1_000);
    for cpu in [2, 3] {
        assert_eq!(clock::clock_time_get(&mut ctx, &mut mem, cpu, 0, 8), errno(Errno::BADF));
        assert_eq!(clock::clock_res_get(&mut ctx, &mut mem, cpu, 8), errno(Errno::BADF));
    }
    assert_eq!(
        clock::clock_time_get(&mut ctx, &mut mem, 4, 0, 8),
        Err(Error::Trap(Trap::InvalidEnum("Clockid", 4)))
    );
}

fn put_iovecs(mem: &mut VecMemory, at: u32, iovs: &[(u32, u32)]) {
    for (i, (buf, len)) in iovs.iter().enumerate() {
        let p = at + 8 * i as u32;
        mem.write(p, &buf.to_le_bytes()).unwrap();
        mem.write(p + 4, &len.to_le_bytes()).unwrap();
    }
}

#[test]
fn fd_write_writes_the_first_non_empty_buffer() {
    let Guest { mut ctx, mut mem, out } = guest();
    mem.write(1000, b"hello world").unwrap();
    put_iovecs(&mut mem, 0, &[(1000, 0), (1000, 5), (1005, 6)]);
    fd::fd_write(&mut ctx, &mut mem, 1, 0, 3, 64).unwrap();
    assert_eq!(u32_at(&mem, 64), 5);
    assert_eq!(&out.borrow()[..], b"hello");
    // All-empty: nothing written, count 0.
    fd::fd_write(&mut ctx, &mut mem, 1, 0, 1, 64).unwrap();
    assert_eq!(u32_at(&mem, 64), 0);
    // Not writable / not open.
    assert_eq!(fd::fd_write(&mut ctx, &mut mem, 0, 0, 3, 64), errno(Errno::BADF));
    assert_eq!(fd::fd_write(&mut ctx, &mut mem, 3, 0, 3, 64), errno(Errno::BADF));
    assert_eq!(fd::fd_write(&mut ctx, &mut mem, 99, 0, 3, 64), errno(Errno::BADF));
    // A buffer past the end traps and nothing is written.
    put_iovecs(&mut mem, 0, &[(4090, 10)]);
    assert!(matches!(fd::fd_write(&mut ctx, &mut mem, 1, 0, 1, 64), Err(Error::Trap(_))));
    assert_eq!(&out.borrow()[..], b"hello");
}

#[test]
fn fd_read_reads_stdin_then_eof() {
    let Guest { mut ctx, mut mem, .. } = guest();
    put_iovecs(&mut mem, 0, &[(0, 0), (1000, 3)]);
    fd::fd_read(&mut ctx, &mut mem, 0, 0, 2, 64).unwrap();
    assert_eq!((u32_at(&mem, 64), &mem.0[1000..1003]), (3, &b"inp"[..]));
    fd::fd_read(&mut ctx, &mut mem, 0, 0, 2, 64).unwrap();
    assert_eq!((u32_at(&mem, 64), &mem.0[1000..1002]), (2, &b"ut"[..]));
    fd::fd_read(&mut ctx, &mut mem, 0, 0, 2, 64).unwrap();
    assert_eq!(u32_at(&mem, 64), 0);
    assert_eq!(fd::fd_read(&mut ctx, &mut mem, 1, 0, 2, 64), errno(Errno::BADF));
}

#[test]
fn fdstat_and_prestat_report_what_wasmtime_does() {
    let Guest { mut ctx, mut mem, .. } = guest();
    // Captured stdout is a pipe, not a terminal: wasmtime says `UNKNOWN` for those.
    fd::fd_fdstat_get(&mut ctx, &mut mem, 1, 0).unwrap();
    assert_eq!(mem.0[0], filetype::UNKNOWN);
    assert_eq!((u64_at(&mem, 8), u64_at(&mem, 16)), (rights::FD_WRITE, rights::FD_WRITE));
    fd::fd_fdstat_get(&mut ctx, &mut mem, 0, 0).unwrap();
    assert_eq!((u64_at(&mem, 8), u64_at(&mem, 16)), (rights::FD_READ, rights::FD_READ));
    fd::fd_fdstat_get(&mut ctx, &mut mem, 4, 0).unwrap();
    assert_eq!(mem.0[0], filetype::DIRECTORY);
    assert_eq!(fd::fd_fdstat_get(&mut ctx, &mut mem, 5, 0), errno(Errno::BADF));

    fd::fd_prestat_get(&mut ctx, &mut mem, 4, 32).unwrap();
    assert_eq!((mem.0[32], u32_at(&mem, 36)), (0, 5));
    assert_eq!(fd::fd_prestat_dir_name(&mut ctx, &mut mem, 4, 64, 4), errno(Errno::NAMETOOLONG));
    fd::fd_prestat_dir_name(&mut ctx, &mut mem, 4, 64, 5).unwrap();
    assert_eq!(&mem.0[64..69], b"/data");
    assert_eq!(fd::fd_prestat_get(&mut ctx, &mut mem, 1, 32), errno(Errno::BADF));
    assert_eq!(fd::fd_prestat_dir_name(&mut ctx, &mut mem, 1, 64, 9), errno(Errno::NOTDIR));
    assert_eq!(fd::fd_prestat_get(&mut ctx, &mut mem, 5, 32), errno(Errno::BADF));
}

#[test]
fn close_seek_flags_and_sockets() {
    let Guest { mut ctx, mut mem, .. } = guest();
    assert_eq!(fd::fd_seek(&mut ctx, &mut mem, 1, 0, 0, 0), errno(Errno::SPIPE));
    assert_eq!(fd::fd_tell(&mut ctx, &mut mem, 3, 0), errno(Errno::BADF));
    assert_eq!(fd::fd_fdstat_set_flags(&mut ctx, &mut mem, 1, 0), errno(Errno::BADF));
    assert_eq!(sock::sock_accept(&mut ctx, &mut mem, 1, 0, 0), errno(Errno::NOTSOCK));
    assert_eq!(sock::sock_shutdown(&mut ctx, &mut mem, 99, 2), errno(Errno::BADF));
    assert_eq!(proc::proc_raise(&mut ctx, &mut mem, 15), errno(Errno::NOTSUP));
    assert_eq!(proc::sched_yield(&mut ctx, &mut mem), Ok(()));
    fd::fd_close(&mut ctx, &mut mem, 3).unwrap();
    assert_eq!(fd::fd_prestat_get(&mut ctx, &mut mem, 3, 0), errno(Errno::BADF));
    assert_eq!(fd::fd_close(&mut ctx, &mut mem, 3), errno(Errno::BADF));
}

#[test]
fn proc_exit_ends_the_guest() {
    let Guest { mut ctx, mut mem, .. } = guest();
    assert_eq!(proc::proc_exit(&mut ctx, &mut mem, 125), Err(Error::Trap(Trap::Exit(125))));
    assert_eq!(ctx.exit_code, Some(125));
    assert_eq!(
        proc::proc_exit(&mut ctx, &mut mem, 126),
        Err(Error::Trap(Trap::InvalidExitStatus(126)))
    );
}

#[test]
fn random_get_fills_the_whole_buffer() {
    let Guest { mut ctx, mut mem, .. } = guest();
    proc::random_get(&mut ctx, &mut mem, 0, 4096).unwrap();
    let zeros = mem.0.iter().filter(|&&b| b == 0).count();
    assert!(zeros < 64, "{zeros} zero bytes in 4096 random ones");
}

#[test]
fn bad_options_are_refused_with_the_field() {
    let b = || {
        let (c, r, s) = services(&Rc::new(ManualClock::default()));
        WasiCtx::builder(c, r, s)
    };
    let e = b().env(vec![("A=B".into(), "1".into())]).build().err().unwrap();
    assert!(e.starts_with("env:"), "{e}");
    let e = b().args(vec!["a\0b".into()]).build().err().unwrap();
    assert!(e.starts_with("args:"), "{e}");
    let e = b().preopen("/x".into()).preopen("/x".into()).build().err().unwrap();
    assert!(e.contains("twice"), "{e}");
}

// ---- poll_oneoff -------------------------------------------------------------------------

const SUBS: u32 = 1024;
const EVENTS: u32 = 2048;
const NEVENTS: u32 = 4000;

fn clock_sub(mem: &mut VecMemory, i: u32, userdata: u64, id: u32, timeout: u64, abstime: bool) {
    let at = SUBS + 48 * i;
    let mut b = [0u8; 48];
    b[0..8].copy_from_slice(&userdata.to_le_bytes());
    b[8] = 0;
    b[16..20].copy_from_slice(&id.to_le_bytes());
    b[24..32].copy_from_slice(&timeout.to_le_bytes());
    b[40] = abstime as u8;
    mem.write(at, &b).unwrap();
}

fn fd_sub(mem: &mut VecMemory, i: u32, userdata: u64, tag: u8, fd: u32) {
    let mut b = [0u8; 48];
    b[0..8].copy_from_slice(&userdata.to_le_bytes());
    b[8] = tag;
    b[16..20].copy_from_slice(&fd.to_le_bytes());
    mem.write(SUBS + 48 * i, &b).unwrap();
}

/// (userdata, error, type, nbytes) of the first `n` events.
fn events(mem: &VecMemory, n: u32) -> Vec<(u64, u16, u8, u64)> {
    (0..n as usize)
        .map(|i| {
            let at = EVENTS as usize + 32 * i;
            let e = &mem.0[at..at + 32];
            (u64::from_le_bytes(e[0..8].try_into().unwrap()), u16::from_le_bytes([e[8], e[9]]), e[10], u64::from_le_bytes(e[16..24].try_into().unwrap()))
        })
        .collect()
}

fn poll(g: &mut Guest, n: u32) -> Result<(), Error> {
    g.mem.write(NEVENTS, &u32::MAX.to_le_bytes()).unwrap();
    poll::poll_oneoff(&mut g.ctx, &mut g.mem, SUBS, EVENTS, n, NEVENTS)
}

#[test]
fn poll_one_relative_clock_sleeps() {
    let clock = Rc::new(ManualClock::default());
    let mut g = guest_with_clock(clock.clone());
    clock_sub(&mut g.mem, 0, 7, 1, 10_000_000, false);
    poll(&mut g, 1).unwrap();
    assert_eq!(clock.monotonic.get(), 42 + 10_000_000);
    assert_eq!(u32_at(&g.mem, NEVENTS as usize), 1);
    assert_eq!(events(&g.mem, 1), [(7, 0, 0, 0)]);
}

#[test]
fn poll_fires_only_the_earliest_clock() {
    let clock = Rc::new(ManualClock::default());
    let mut g = guest_with_clock(clock.clone());
    clock_sub(&mut g.mem, 0, 1, 1, 10_000_000, false);
    clock_sub(&mut g.mem, 1, 2, 1, 1_000_000_000, false);
    poll(&mut g, 2).unwrap();
    assert_eq!(clock.monotonic.get(), 42 + 10_000_000);
    assert_eq!(u32_at(&g.mem, NEVENTS as usize), 1);
    assert_eq!(events(&g.mem, 1), [(1, 0, 0, 0)]);
}

#[test]
fn poll_abstime_past_fires_at_once() {
    let clock = Rc::new(ManualClock::default());
    let mut g = guest_with_clock(clock.clone());
    clock_sub(&mut g.mem, 0, 1, 1, 42 + 5_000_000, true);
    clock_sub(&mut g.mem, 1, 2, 1, 10, true); // already past
    poll(&mut g, 2).unwrap();
    assert_eq!(clock.monotonic.get(), 42, "no wait: one deadline has passed");
    assert_eq!(events(&g.mem, u32_at(&g.mem, NEVENTS as usize)), [(2, 0, 0, 0)]);
}

#[test]
fn poll_ready_fds_do_not_wait() {
    let clock = Rc::new(ManualClock::default());
    let mut g = guest_with_clock(clock.clone());
    clock_sub(&mut g.mem, 0, 1, 1, 1_000_000_000, false);
    fd_sub(&mut g.mem, 1, 2, 2, 1); // fd_write on stdout
    fd_sub(&mut g.mem, 2, 3, 1, 0); // fd_read on stdin (bytes given: ready)
    poll(&mut g, 3).unwrap();
    assert_eq!(clock.monotonic.get(), 42);
    assert_eq!(u32_at(&g.mem, NEVENTS as usize), 2);
    assert_eq!(events(&g.mem, 2), [(2, 0, 2, 1), (3, 0, 1, 1)]);
}

#[test]
fn poll_errors_are_for_the_whole_call() {
    let mut g = guest();
    assert_eq!(poll(&mut g, 0), errno(Errno::INVAL));
    clock_sub(&mut g.mem, 0, 1, 1, 1_000, false);
    fd_sub(&mut g.mem, 1, 2, 1, 99);
    assert_eq!(poll(&mut g, 2), errno(Errno::BADF));
    fd_sub(&mut g.mem, 1, 2, 1, 1); // reading stdout
    assert_eq!(poll(&mut g, 2), errno(Errno::BADF));
    fd_sub(&mut g.mem, 1, 2, 2, 0); // writing stdin
    assert_eq!(poll(&mut g, 2), errno(Errno::BADF));
    clock_sub(&mut g.mem, 1, 2, 2, 1_000, false); // CPU-time clock among others
    assert_eq!(poll(&mut g, 2), errno(Errno::INVAL));
    assert_eq!(u32_at(&g.mem, NEVENTS as usize), u32::MAX, "nevents untouched on error");
    clock_sub(&mut g.mem, 1, 2, 7, 1_000, false);
    assert_eq!(poll(&mut g, 2), errno(Errno::INVAL));
    fd_sub(&mut g.mem, 1, 2, 5, 0);
    assert_eq!(poll(&mut g, 2), errno(Errno::INVAL));
    clock_sub(&mut g.mem, 0, 9, 2, 1_000, false);
    assert_eq!(poll(&mut g, 1), errno(Errno::INVAL));
    assert_eq!(u32_at(&g.mem, NEVENTS as usize), u32::MAX, "nevents untouched on error");
}

#[test]
fn host_fs_reads_what_the_guest_sees() {
    let (c, r, s) = services(&Rc::new(ManualClock::default()));
    let mut ctx = WasiCtx::builder(c, r, s).preopen("/".into()).preopen("/data".into()).build().unwrap();
    ctx.host_mkdir("/data/out").unwrap();
    ctx.host_write_file("/data/out/a.txt", b"hello").unwrap();
    assert_eq!(&*ctx.host_read_file("/data/out/a.txt").unwrap(), b"hello");
    // "/data" is a directory of "/": the same file through either preopen.
    let direct = ctx.host_read_file("/data/out/a.txt").unwrap().into_owned();
    assert_eq!(direct, ctx.host_read_file("/data/./out/../out/a.txt").unwrap().into_owned());
    assert_eq!(ctx.host_read_dir("/").unwrap(), ["data"]);
    assert_eq!(ctx.host_read_dir("/data/out").unwrap(), ["a.txt"]);
    let st = ctx.host_stat("/data/out/a.txt").unwrap();
    assert_eq!((st.kind, st.size, st.nlink), ("file", 5, 1));
    assert_eq!(ctx.host_stat("/data").unwrap().kind, "directory");
    assert_eq!(ctx.host_remove("/data/out").unwrap_err(), Errno::NOTEMPTY.into());
    ctx.host_remove("/data/out/a.txt").unwrap();
    assert_eq!(ctx.host_read_file("/data/out/a.txt").unwrap_err(), Errno::NOENT.into());
    assert_eq!(ctx.host_remove("/data").unwrap_err(), Errno::BUSY.into());
    assert_eq!(ctx.host_read_file("relative").unwrap_err(), Errno::INVAL.into());
    assert_eq!(ctx.host_read_file("/data/..").unwrap_err(), Errno::PERM.into(), "no escape above the preopen");
    assert_eq!(ctx.host_mkdir("/data/out").unwrap_err(), Errno::EXIST.into());
    let long = format!("/data/{}", "n".repeat(256));
    assert_eq!(ctx.host_write_file(&long, &[]).unwrap_err(), Errno::NAMETOOLONG.into(), "NAME_MAX, as for the guest");
    assert_eq!(ctx.host_mkdir(&long).unwrap_err(), Errno::NAMETOOLONG.into());
    ctx.host_write_file(&format!("/data/{}", "n".repeat(255)), &[]).unwrap();
}

/// Puts `bytes` at guest address `at` and returns `(at, len)` for a path argument.
fn put_path(g: &mut Guest, at: u32, bytes: &[u8]) -> (u32, u32) {
    g.mem.write(at, bytes).unwrap();
    (at, bytes.len() as u32)
}

#[test]
fn path_errors_come_in_wasmtimes_order() {
    let mut g = guest();
    let root = 3;
    let (f, flen) = put_path(&mut g, 100, b"f");
    let (bad, blen) = put_path(&mut g, 110, b"a\xff");
    const FD_OUT: u32 = 200;
    // A file to use as a "directory" fd.
    fs::path_open(&mut g.ctx, &mut g.mem, root, 0, f, flen, 1, rights::FD_READ | rights::FD_WRITE, 0, 0, FD_OUT).unwrap();
    let file = u32_at(&g.mem, FD_OUT as usize);
    // The fd first (a file is EBADF) for every call but path_open...
    assert_eq!(fs::path_create_directory(&mut g.ctx, &mut g.mem, file, f, flen), errno(Errno::BADF));
    assert_eq!(fs::path_create_directory(&mut g.ctx, &mut g.mem, 99, bad, blen), errno(Errno::BADF));
    assert_eq!(fs::path_create_directory(&mut g.ctx, &mut g.mem, 99, 4090, 100), errno(Errno::BADF), "no trap before the fd");
    assert_eq!(fs::fd_readdir(&mut g.ctx, &mut g.mem, file, 0, 64, 0, 300), errno(Errno::BADF));
    // ...which reads its path first, then says ENOTDIR for a file, then EINVAL for CREAT|DIRECTORY.
    assert_eq!(fs::path_open(&mut g.ctx, &mut g.mem, 99, 0, bad, blen, 0, 0, 0, 0, FD_OUT), errno(Errno::ILSEQ));
    assert_eq!(fs::path_open(&mut g.ctx, &mut g.mem, file, 0, f, flen, 0, 0, 0, 0, FD_OUT), errno(Errno::NOTDIR));
    assert_eq!(fs::path_open(&mut g.ctx, &mut g.mem, 99, 0, f, flen, 3, 0, 0, 0, FD_OUT), errno(Errno::BADF));
    assert_eq!(fs::path_open(&mut g.ctx, &mut g.mem, root, 0, f, flen, 3, 0, 0, 0, FD_OUT), errno(Errno::INVAL));
    // Two-path calls: both fds, both paths, then link's FOLLOW.
    assert_eq!(fs::path_rename(&mut g.ctx, &mut g.mem, root, bad, blen, 99, f, flen), errno(Errno::BADF));
    assert_eq!(fs::path_rename(&mut g.ctx, &mut g.mem, root, f, flen, root, bad, blen), errno(Errno::ILSEQ));
    assert_eq!(fs::path_link(&mut g.ctx, &mut g.mem, root, 1, f, flen, root, bad, blen), errno(Errno::ILSEQ));
    assert_eq!(fs::path_link(&mut g.ctx, &mut g.mem, root, 1, f, flen, root, f, flen), errno(Errno::INVAL));
    // fst_flags before the fd; set_rights on stdio.
    assert_eq!(fd::fd_filestat_set_times(&mut g.ctx, &mut g.mem, 99, 0, 0, 1 | 2), errno(Errno::INVAL));
    assert_eq!(fs::path_filestat_set_times(&mut g.ctx, &mut g.mem, 99, 0, bad, blen, 0, 0, 4 | 8), errno(Errno::INVAL));
    assert_eq!(fd::fd_fdstat_set_rights(&mut g.ctx, &mut g.mem, 1, 0, 0), errno(Errno::BADF));
    assert_eq!(fd::fd_fdstat_set_rights(&mut g.ctx, &mut g.mem, file, 0, 0), errno(Errno::NOTSUP));
}

#[test]
fn long_names_and_paths_as_wasmtime_on_linux() {
    let mut g = guest();
    let root = 3;
    let long = "n".repeat(256);
    let (p, len) = put_path(&mut g, 0, long.as_bytes());
    assert_eq!(fs::path_create_directory(&mut g.ctx, &mut g.mem, root, p, len), errno(Errno::NAMETOOLONG));
    assert_eq!(fs::path_open(&mut g.ctx, &mut g.mem, root, 0, p, len, 1, 0, 0, 0, 1000), errno(Errno::NAMETOOLONG));
    let (p, len) = put_path(&mut g, 0, format!("{long}/").as_bytes());
    assert_eq!(fs::path_open(&mut g.ctx, &mut g.mem, root, 0, p, len, 1, 0, 0, 0, 1000), errno(Errno::ISDIR), "the slash first");
    let (p, len) = put_path(&mut g, 0, "n".repeat(255).as_bytes());
    fs::path_create_directory(&mut g.ctx, &mut g.mem, root, p, len).unwrap();
    // 4096 bytes: refused whole by path_open and path_filestat_get, resolved by mkdir.
    let mut g = Guest { mem: VecMemory::new(16384), ..g };
    let path = format!("{}/x", "./".repeat(2047));
    assert_eq!(path.len(), 4096);
    let (p, len) = put_path(&mut g, 0, path.as_bytes());
    assert_eq!(fs::path_filestat_get(&mut g.ctx, &mut g.mem, root, 0, p, len, 8192), errno(Errno::NAMETOOLONG));
    fs::path_create_directory(&mut g.ctx, &mut g.mem, root, p, len).unwrap();
    let (p, len) = put_path(&mut g, 0, format!("{path}/").as_bytes());
    assert_eq!(fs::path_remove_directory(&mut g.ctx, &mut g.mem, root, p, len), errno(Errno::NAMETOOLONG), "with a slash");
    // A symlink target of PATH_MAX bytes: after the new path, before EEXIST.
    let (t, tlen) = put_path(&mut g, 0, "t".repeat(4096).as_bytes());
    let (x, xlen) = put_path(&mut g, 5000, b"x");
    assert_eq!(fs::path_symlink(&mut g.ctx, &mut g.mem, t, tlen, root, x, xlen), errno(Errno::NAMETOOLONG));
    // A trailing slash after a file: mkdir says EEXIST, O_CREAT says EISDIR.
    let (f, flen) = put_path(&mut g, 0, b"f");
    fs::path_open(&mut g.ctx, &mut g.mem, root, 0, f, flen, 1, 0, 0, 0, 8192).unwrap();
    let (f, flen) = put_path(&mut g, 0, b"f/");
    assert_eq!(fs::path_create_directory(&mut g.ctx, &mut g.mem, root, f, flen), errno(Errno::EXIST));
    assert_eq!(fs::path_open(&mut g.ctx, &mut g.mem, root, 0, f, flen, 1, 0, 0, 0, 8192), errno(Errno::ISDIR));
}

#[test]
fn stdio_is_a_terminal_only_when_the_stream_says_so() {
    // Bytes given up front are a pipe (wasmtime with piped input: filetype UNKNOWN, so isatty
    // is false); the same bytes said to be a terminal are a character device.
    let Guest { mut ctx, mut mem, .. } = guest();
    fd::fd_fdstat_get(&mut ctx, &mut mem, 0, 0).unwrap();
    assert_eq!(mem.0[0], filetype::UNKNOWN);
    fd::fd_filestat_get(&mut ctx, &mut mem, 0, 64).unwrap();
    assert_eq!(mem.0[64 + 16], filetype::UNKNOWN);
    let clock = Rc::new(ManualClock::default());
    let (c, r, s) = services(&clock);
    let mut tty = WasiCtx::builder(c, r, s).stdin(Box::new(BytesInput::new(b"x".to_vec()).terminal(true))).build().unwrap();
    fd::fd_fdstat_get(&mut tty, &mut mem, 0, 0).unwrap();
    assert_eq!(mem.0[0], filetype::CHARACTER_DEVICE);
    fd::fd_filestat_get(&mut tty, &mut mem, 0, 64).unwrap();
    assert_eq!(mem.0[64 + 16], filetype::CHARACTER_DEVICE);
}

#[test]
fn sync_fdflags_given_at_open_are_reported_and_kept() {
    use wasip1_web::types::fdflags::{APPEND, DSYNC, RSYNC, SYNC};
    let mut g = guest();
    let (f, flen) = (3000, 1);
    g.mem.0[f as usize] = b'f';
    fs::path_open(&mut g.ctx, &mut g.mem, 3, 0, f, flen, 1, rights::FD_READ | rights::FD_WRITE, 0, (SYNC | DSYNC | RSYNC) as u32, 100).unwrap();
    let fd = u32_at(&g.mem, 100);
    fd::fd_fdstat_get(&mut g.ctx, &mut g.mem, fd, 0).unwrap();
    assert_eq!(u16::from_le_bytes([g.mem.0[2], g.mem.0[3]]), SYNC | DSYNC | RSYNC);
    // fd_fdstat_set_flags may not set them (EINVAL, as wasmtime) and does not clear them.
    assert_eq!(fd::fd_fdstat_set_flags(&mut g.ctx, &mut g.mem, fd, SYNC as u32), errno(Errno::INVAL));
    fd::fd_fdstat_set_flags(&mut g.ctx, &mut g.mem, fd, APPEND as u32).unwrap();
    fd::fd_fdstat_get(&mut g.ctx, &mut g.mem, fd, 0).unwrap();
    assert_eq!(u16::from_le_bytes([g.mem.0[2], g.mem.0[3]]), APPEND | SYNC | DSYNC | RSYNC);
}

#[test]
fn positioned_io_past_the_largest_offset_and_negative_advice_are_einval() {
    let mut g = guest();
    let (f, flen) = (3000, 1);
    g.mem.0[f as usize] = b'f';
    fs::path_open(&mut g.ctx, &mut g.mem, 3, 0, f, flen, 1, rights::FD_READ | rights::FD_WRITE, 0, 0, 100).unwrap();
    let fd = u32_at(&g.mem, 100);
    put_iovecs(&mut g.mem, 0, &[(1000, 4)]);
    let max = i64::MAX as u64;
    fd::fd_pread(&mut g.ctx, &mut g.mem, fd, 0, 1, max - 4, 64).unwrap();
    assert_eq!(fd::fd_pread(&mut g.ctx, &mut g.mem, fd, 0, 1, max - 3, 64), errno(Errno::INVAL));
    assert_eq!(fd::fd_pread(&mut g.ctx, &mut g.mem, fd, 0, 1, 1 << 63, 64), errno(Errno::INVAL));
    assert_eq!(fd::fd_pwrite(&mut g.ctx, &mut g.mem, fd, 0, 1, max - 3, 64), errno(Errno::INVAL));
    fd::fd_advise(&mut g.ctx, &mut g.mem, fd, u64::MAX, 0, 0).unwrap();
    assert_eq!(fd::fd_advise(&mut g.ctx, &mut g.mem, fd, 0, u64::MAX, 0), errno(Errno::INVAL));
}

#[test]
fn args_and_env_packed_by_the_boundary_read_as_given() {
    use wasip1_web::ctx::StringList;
    let clock = Rc::new(ManualClock::default());
    let (c, r, s) = services(&clock);
    let args = StringList::from_packed(b"prog\0a b\0\0".to_vec());
    let env = StringList::from_packed(b"HOME=/\0X=1=2\0".to_vec());
    let mut ctx = WasiCtx::builder(c, r, s).packed(args, env).build().unwrap();
    let mut mem = VecMemory::new(4096);
    args::args_sizes_get(&mut ctx, &mut mem, 0, 4).unwrap();
    assert_eq!((u32_at(&mem, 0), u32_at(&mem, 4)), (3, 10));
    args::environ_get(&mut ctx, &mut mem, 100, 200).unwrap();
    assert_eq!(&mem.0[200..213], b"HOME=/\0X=1=2\0");
    // Under a policy the packed lists are picked from by name, as the unpacked ones are.
    let (c, r, s) = services(&clock);
    let manifest = wasip1_web::perms::Manifest::parse(r#"{"version":1,"env":["X"]}"#).unwrap();
    let policy = wasip1_web::perms::Policy::new(Some(manifest), None, false);
    let mut ctx = WasiCtx::builder(c, r, s)
        .packed(StringList::from_packed(b"prog\0secret\0".to_vec()), StringList::from_packed(b"HOME=/\0X=1=2\0".to_vec()))
        .policy(policy)
        .build()
        .unwrap();
    args::environ_sizes_get(&mut ctx, &mut mem, 0, 4).unwrap();
    assert_eq!((u32_at(&mem, 0), u32_at(&mem, 4)), (1, 6));
    args::args_sizes_get(&mut ctx, &mut mem, 0, 4).unwrap();
    assert_eq!(u32_at(&mem, 0), 1, "args hidden: only argv[0]");
}

#[test]
fn deferred_args_and_env_are_laid_out_at_the_first_call_that_reads_them() {
    use std::cell::Cell;
    use wasip1_web::ctx::StringList;
    let clock = Rc::new(ManualClock::default());
    let laid_out = Rc::new(Cell::new(0));
    let lists = |n: &Rc<Cell<u32>>| {
        let n = n.clone();
        Box::new(move || {
            n.set(n.get() + 1);
            (StringList::from_packed(b"prog\0a b\0".to_vec()), StringList::from_packed(b"HOME=/\0X=1=2\0".to_vec()))
        })
    };
    let (c, r, s) = services(&clock);
    let mut ctx = WasiCtx::builder(c, r, s).deferred(lists(&laid_out)).build().unwrap();
    let mut mem = VecMemory::new(4096);
    // Other calls leave them alone: a guest that never reads them never pays for them.
    clock::clock_time_get(&mut ctx, &mut mem, 1, 0, 0).unwrap();
    assert_eq!(laid_out.get(), 0);
    args::environ_sizes_get(&mut ctx, &mut mem, 0, 4).unwrap();
    assert_eq!((u32_at(&mem, 0), u32_at(&mem, 4)), (2, 13));
    args::args_get(&mut ctx, &mut mem, 100, 200).unwrap();
    assert_eq!(&mem.0[200..209], b"prog\0a b\0");
    args::environ_get(&mut ctx, &mut mem, 100, 300).unwrap();
    assert_eq!(&mem.0[300..313], b"HOME=/\0X=1=2\0");
    assert_eq!(laid_out.get(), 1, "laid out once");
    // Under a policy, which picks among them by name, they are laid out when it is built.
    let (c, r, s) = services(&clock);
    let manifest = wasip1_web::perms::Manifest::parse(r#"{"version":1,"env":["X"]}"#).unwrap();
    let policy = wasip1_web::perms::Policy::new(Some(manifest), None, false);
    let mut ctx = WasiCtx::builder(c, r, s).deferred(lists(&laid_out)).policy(policy).build().unwrap();
    assert_eq!(laid_out.get(), 2);
    args::environ_sizes_get(&mut ctx, &mut mem, 0, 4).unwrap();
    assert_eq!((u32_at(&mem, 0), u32_at(&mem, 4)), (1, 6));
    args::args_sizes_get(&mut ctx, &mut mem, 0, 4).unwrap();
    assert_eq!(u32_at(&mem, 0), 1, "args hidden: only argv[0]");
}

/// A context whose sleeper cannot wait inside the host (a page under JSPI) twice, `step_ns`
/// passing on both clocks each time; its clock (monotonic at 42) and a guest memory.
fn elsewhere_waits(step_ns: u64) -> (Rc<ManualClock>, WasiCtx, VecMemory) {
    let clock = Rc::new(ManualClock::default());
    clock.realtime.set(1_700_000_000_000_000_000);
    clock.monotonic.set(42);
    let sleeper = ManualSleeper { clock: clock.clone(), later: 2, step_ns, ..Default::default() };
    let ctx = WasiCtx::builder(Box::new(clock.clone()), Box::new(SeededRng(7)), Box::new(sleeper)).build().unwrap();
    (clock, ctx, VecMemory::new(8192))
}

#[test]
fn poll_that_must_wait_elsewhere_answers_pending_and_keeps_its_deadline() {
    // A sleeper that cannot wait inside the host (a page under JSPI) twice, 3 ms passing each
    // time: poll_oneoff answers Pending, writes nothing, and the call made again still ends at
    // the first call's start + 10 ms (a relative timeout does not restart).
    let (clock, mut ctx, mut mem) = elsewhere_waits(3_000_000);
    clock_sub(&mut mem, 0, 7, 1, 10_000_000, false);
    for _ in 0..2 {
        mem.write(NEVENTS, &u32::MAX.to_le_bytes()).unwrap();
        assert_eq!(poll::poll_oneoff(&mut ctx, &mut mem, SUBS, EVENTS, 1, NEVENTS), Err(Error::Trap(Trap::Pending)));
        assert_eq!(u32_at(&mem, NEVENTS as usize), u32::MAX, "nothing written");
    }
    assert_eq!(clock.monotonic.get(), 42 + 6_000_000);
    poll::poll_oneoff(&mut ctx, &mut mem, SUBS, EVENTS, 1, NEVENTS).unwrap();
    assert_eq!(clock.monotonic.get(), 42 + 10_000_000, "the first call's deadline");
    assert_eq!(events(&mem, 1), [(7, 0, 0, 0)]);
    // A different poll afterwards starts afresh.
    clock_sub(&mut mem, 0, 8, 1, 1_000_000, false);
    poll::poll_oneoff(&mut ctx, &mut mem, SUBS, EVENTS, 1, NEVENTS).unwrap();
    assert_eq!(clock.monotonic.get(), 42 + 11_000_000);
}

#[test]
fn poll_made_again_keeps_its_realtime_instant() {
    // A realtime ABSTIME 5 ms ahead, on a sleeper that twice cannot wait here (1 ms passing
    // each time, on both clocks): the call made again ends at the instant, not before it.
    let (clock, mut ctx, mut mem) = elsewhere_waits(1_000_000);
    let instant = clock.realtime.get() + 5_000_000;
    clock_sub(&mut mem, 0, 7, 0, instant, true);
    let mut pending = 0;
    while poll::poll_oneoff(&mut ctx, &mut mem, SUBS, EVENTS, 1, NEVENTS) == Err(Error::Trap(Trap::Pending)) {
        pending += 1;
    }
    assert_eq!(pending, 2);
    assert!(clock.realtime.get() >= instant, "returned {} ns before its instant", instant - clock.realtime.get());
    assert_eq!(clock.monotonic.get(), 42 + 5_000_000);
    assert_eq!(events(&mem, u32_at(&mem, NEVENTS as usize)), [(7, 0, 0, 0)]);
}

#[test]
fn a_file_in_a_store_is_read_only_where_the_guest_reads() {
    // The backend seam: a 100 MB file in a store (here a counting fake; OPFS, a picked folder
    // or a runner's host folder in the browser). fd_pread of 4 KiB reads 4 KiB of it, and a
    // write goes through to the store.
    use std::cell::Cell;
    use wasip1_web::vfs::{FileData, FileStore, Node};
    struct Store {
        len: u64,
        read: Rc<Cell<u64>>,
        synced: Rc<Cell<bool>>,
    }
    impl FileStore for Store {
        fn len(&self) -> u64 {
            self.len
        }
        fn read_to(&mut self, at: u64, mem: &mut dyn Memory, ptr: u32, len: u32) -> Result<u32, Error> {
            let n = (self.len.saturating_sub(at) as usize).min(len as usize);
            let bytes: Vec<u8> = (0..n).map(|i| ((at + i as u64) % 251) as u8).collect();
            mem.write(ptr, &bytes)?;
            self.read.set(self.read.get() + n as u64);
            Ok(n as u32)
        }
        fn write_from(&mut self, at: u64, _mem: &mut dyn Memory, _ptr: u32, len: u32) -> Result<(), Error> {
            self.len = self.len.max(at + len as u64);
            Ok(())
        }
        fn replace(&mut self, data: &[u8]) -> Result<(), Error> {
            self.len = data.len() as u64;
            Ok(())
        }
        fn contents(&mut self) -> Result<Vec<u8>, Error> {
            Err(Errno::FBIG.into())
        }
        fn set_len(&mut self, len: u64) -> Result<(), Error> {
            self.len = len;
            Ok(())
        }
        fn sync(&mut self) -> Result<(), Error> {
            self.synced.set(true);
            Ok(())
        }
    }
    let mut g = guest();
    let read = Rc::new(Cell::new(0));
    let synced = Rc::new(Cell::new(false));
    let root = g.ctx.preopens[1].1;
    g.ctx.fs.create(root, "big", Node::File(FileData::Store(Box::new(Store { len: 100 << 20, read: read.clone(), synced: synced.clone() }))), 0).unwrap();
    let (p, plen) = put_path(&mut g, 100, b"big");
    fs::path_open(&mut g.ctx, &mut g.mem, 4, 0, p, plen, 0, rights::FD_READ | rights::FD_WRITE, 0, 0, 200).unwrap();
    let fd = u32_at(&g.mem, 200);
    put_iovecs(&mut g.mem, 0, &[(1000, 3000)]);
    fd::fd_pread(&mut g.ctx, &mut g.mem, fd, 0, 1, 50 << 20, 64).unwrap();
    assert_eq!(u32_at(&g.mem, 64), 3000);
    assert_eq!(read.get(), 3000, "only the bytes asked for were read");
    assert_eq!(g.mem.0[1000], ((50u64 << 20) % 251) as u8);
    fd::fd_filestat_get(&mut g.ctx, &mut g.mem, fd, 512).unwrap();
    assert_eq!(u64_at(&g.mem, 512 + 32), 100 << 20, "the size is the store's");
    fd::fd_sync(&mut g.ctx, &mut g.mem, fd).unwrap();
    assert!(synced.get(), "fd_sync reaches the store");
}

#[test]
fn durability_points_wait_for_the_mounts_to_persist_then_go_on() {
    // A mount's Persist answers Pending once (its driver persists meanwhile), then Ok. fd_close
    // and fd_sync are durability points: they answer Pending with nothing done, and go on
    // when called again; with nothing changed since, nothing is persisted.
    use std::cell::Cell;
    use wasip1_web::ctx::Persist;
    struct Mount {
        calls: Rc<Cell<u32>>,
        fail: Option<Errno>,
    }
    impl Persist for Mount {
        fn persist(&mut self) -> Result<(), Error> {
            self.calls.set(self.calls.get() + 1);
            match (self.calls.get() % 2, self.fail) {
                (1, _) => Err(Trap::Pending.into()),
                (_, Some(e)) => Err(e.into()),
                _ => Ok(()),
            }
        }
    }
    let mut g = guest();
    let calls = Rc::new(Cell::new(0));
    g.ctx.persist = Some(Box::new(Mount { calls: calls.clone(), fail: None }));
    let (p, plen) = put_path(&mut g, 100, b"new.txt");
    fs::path_open(&mut g.ctx, &mut g.mem, 4, 0, p, plen, 1, rights::FD_WRITE | rights::FD_SYNC, 0, 0, 200).unwrap();
    let fd = u32_at(&g.mem, 200);
    assert_eq!(fd::fd_sync(&mut g.ctx, &mut g.mem, fd), Err(Trap::Pending.into()));
    assert_eq!(fd::fd_sync(&mut g.ctx, &mut g.mem, fd), Ok(()));
    assert_eq!(calls.get(), 2);
    // Nothing changed since: no persisting.
    assert_eq!(fd::fd_sync(&mut g.ctx, &mut g.mem, fd), Ok(()));
    assert_eq!(calls.get(), 2);
    // A write changes the tree: the close waits, with the fd still open, then closes.
    put_iovecs(&mut g.mem, 0, &[(1000, 5)]);
    fd::fd_write(&mut g.ctx, &mut g.mem, fd, 0, 1, 64).unwrap();
    assert_eq!(fd::fd_close(&mut g.ctx, &mut g.mem, fd), Err(Trap::Pending.into()));
    fd::fd_fdstat_get(&mut g.ctx, &mut g.mem, fd, 512).expect("still open while it waits");
    assert_eq!(fd::fd_close(&mut g.ctx, &mut g.mem, fd), Ok(()));
    assert_eq!(fd::fd_close(&mut g.ctx, &mut g.mem, fd), Err(Errno::BADF.into()));
    // Persisting that fails: the close still closes, and reports it.
    g.ctx.persist = Some(Box::new(Mount { calls: calls.clone(), fail: Some(Errno::NOSPC) }));
    calls.set(0);
    fs::path_open(&mut g.ctx, &mut g.mem, 4, 0, p, plen, 0, rights::FD_WRITE, 0, 0, 200).unwrap();
    let fd = u32_at(&g.mem, 200);
    fd::fd_write(&mut g.ctx, &mut g.mem, fd, 0, 1, 64).unwrap();
    assert_eq!(fd::fd_close(&mut g.ctx, &mut g.mem, fd), Err(Trap::Pending.into()));
    assert_eq!(fd::fd_close(&mut g.ctx, &mut g.mem, fd), Err(Errno::NOSPC.into()));
    assert_eq!(fd::fd_close(&mut g.ctx, &mut g.mem, fd), Err(Errno::BADF.into()));
}

#[test]
#[cfg(any(feature = "host-dirs", not(target_arch = "wasm32")))]
fn a_backend_folder_is_listed_as_looked_into_and_changed_there_first() {
    // The terminal runner's host folders: a fake host here (paths are the ids). Directories are
    // listed when first looked into (a call answers Unlisted, is made again after the listing,
    // as the browser's dispatcher does); creates, renames and removes reach the host before the
    // tree, and one the host refuses leaves the tree as it was.
    use std::cell::Cell;
    use std::collections::BTreeMap;
    use wasip1_web::vfs::{Backend, BackendBox, Dir, FileData, FileStore, Node};
    struct HostFile(String);
    impl FileStore for HostFile {
        fn len(&self) -> u64 {
            7
        }
        fn read_to(&mut self, _: u64, _: &mut dyn Memory, _: u32, _: u32) -> Result<u32, Error> {
            Ok(0)
        }
        fn write_from(&mut self, _: u64, _: &mut dyn Memory, _: u32, _: u32) -> Result<(), Error> {
            Ok(())
        }
        fn replace(&mut self, _: &[u8]) -> Result<(), Error> {
            Ok(())
        }
        fn contents(&mut self) -> Result<Vec<u8>, Error> {
            Ok(Vec::new())
        }
        fn set_len(&mut self, _: u64) -> Result<(), Error> {
            Ok(())
        }
        fn sync(&mut self) -> Result<(), Error> {
            Ok(())
        }
        fn origin(&self) -> Option<&str> {
            Some(&self.0)
        }
    }
    // Ids stay with a file or directory across renames (the runner's are `dev:ino`): here the
    // path it was first listed or created at.
    struct Host {
        tree: Rc<RefCell<BTreeMap<String, (bool, String)>>>, // path -> (is a directory, id)
        lists: Rc<Cell<u32>>,
    }
    fn node(id: &str, is_dir: bool) -> Node {
        if is_dir {
            Node::Dir(Dir::unlisted(id))
        } else {
            Node::File(FileData::Store(Box::new(HostFile(id.into()))))
        }
    }
    impl Host {
        fn path_of(&self, id: &str) -> Result<String, Error> {
            let tree = self.tree.borrow();
            tree.iter()
                .find(|(_, (_, i))| i == id)
                .map(|(p, _)| p.clone())
                .ok_or(Errno::BADF.into())
        }
    }
    impl Backend for Host {
        fn list(&mut self, dir: &str) -> Result<Vec<(String, Node, [u64; 3])>, Error> {
            self.lists.set(self.lists.get() + 1);
            let prefix = format!("{}/", self.path_of(dir)?);
            let tree = self.tree.borrow();
            Ok(tree
                .iter()
                .filter_map(|(p, (d, id))| {
                    p.strip_prefix(&prefix)
                        .filter(|n| !n.contains('/'))
                        .map(|n| (n.to_owned(), node(id, *d), [1, 2, 3]))
                })
                .collect())
        }
        fn create(&mut self, dir: &str, name: &str, n: Node) -> Result<Node, Error> {
            if name == "denied" {
                return Err(Errno::ACCES.into());
            }
            let path = format!("{}/{name}", self.path_of(dir)?);
            let is_dir = matches!(n, Node::Dir(_));
            self.tree
                .borrow_mut()
                .insert(path.clone(), (is_dir, path.clone()));
            Ok(match node(&path, is_dir) {
                Node::Dir(mut d) => {
                    d.unlisted = false;
                    Node::Dir(d)
                }
                other => other,
            })
        }
        fn remove(&mut self, dir: &str, name: &str, _: bool) -> Result<(), Error> {
            let path = format!("{}/{name}", self.path_of(dir)?);
            self.tree
                .borrow_mut()
                .remove(&path)
                .map(drop)
                .ok_or(Errno::NOENT.into())
        }
        fn rename(&mut self, dir: &str, name: &str, to: &str, to_name: &str) -> Result<(), Error> {
            let (from, to) = (
                format!("{}/{name}", self.path_of(dir)?),
                format!("{}/{to_name}", self.path_of(to)?),
            );
            let entry = self.tree.borrow_mut().remove(&from).ok_or(Errno::NOENT)?;
            self.tree.borrow_mut().insert(to, entry);
            Ok(())
        }
        fn link(&mut self, file: &str, dir: &str, name: &str) -> Result<(), Error> {
            self.path_of(file)?;
            let path = format!("{}/{name}", self.path_of(dir)?);
            self.tree
                .borrow_mut()
                .insert(path, (false, file.to_owned()));
            Ok(())
        }
        fn set_times(&mut self, _: &str, _: u64, _: u64) -> Result<(), Error> {
            Ok(())
        }
    }
    let tree: BTreeMap<String, (bool, String)> = [
        ("/h", true),
        ("/h/sub", true),
        ("/h/sub/f.txt", false),
        ("/h/sub/d", true),
        ("/h/sub/d/deep", false),
    ]
    .into_iter()
    .map(|(p, d)| (p.to_owned(), (d, p.to_owned())))
    .collect();
    let tree = Rc::new(RefCell::new(tree));
    let lists = Rc::new(Cell::new(0));
    let mut g = guest();
    g.ctx.fs.backend = Some(BackendBox(Box::new(Host {
        tree: tree.clone(),
        lists: lists.clone(),
    })));
    let root = g.ctx.preopens[1].1; // "/data", fd 4
    if let Node::Dir(d) = &mut g.ctx.fs.node_mut(root).node {
        d.origin = Some("/h".into());
        d.unlisted = true;
    }
    // What the dispatcher does with Unlisted.
    fn call(
        g: &mut Guest,
        f: impl Fn(&mut WasiCtx, &mut VecMemory) -> Result<(), Error>,
    ) -> Result<(), Error> {
        loop {
            match f(&mut g.ctx, &mut g.mem) {
                Err(Error::Trap(Trap::Unlisted(dir))) => g.ctx.fs.list(dir)?,
                r => return r,
            }
        }
    }
    let (p, plen) = put_path(&mut g, 100, b"sub/f.txt");
    call(&mut g, |c, m| {
        fs::path_filestat_get(c, m, 4, 0, p, plen, 512)
    })
    .unwrap();
    assert_eq!(u64_at(&g.mem, 512 + 32), 7, "the host file's size");
    assert_eq!(
        lists.get(),
        2,
        "/h and /h/sub were listed; /h/sub/d was not"
    );
    // A directory made in the guest is made on the host.
    let (p, plen) = put_path(&mut g, 100, b"sub/new");
    call(&mut g, |c, m| fs::path_create_directory(c, m, 4, p, plen)).unwrap();
    assert_eq!(tree.borrow().get("/h/sub/new").map(|e| e.0), Some(true));
    // The host refuses: nothing in the tree either.
    let (p, plen) = put_path(&mut g, 100, b"sub/denied");
    assert_eq!(
        call(&mut g, |c, m| fs::path_open(
            c,
            m,
            4,
            0,
            p,
            plen,
            1,
            rights::FD_WRITE,
            0,
            0,
            200
        )),
        errno(Errno::ACCES)
    );
    assert_eq!(
        call(&mut g, |c, m| fs::path_filestat_get(
            c, m, 4, 0, p, plen, 512
        )),
        errno(Errno::NOENT)
    );
    // A rename into a directory not listed yet: listed, then renamed on the host.
    let (a, alen) = put_path(&mut g, 100, b"sub/f.txt");
    let (b, blen) = put_path(&mut g, 200, b"sub/d/g.txt");
    call(&mut g, |c, m| fs::path_rename(c, m, 4, a, alen, 4, b, blen)).unwrap();
    assert!(
        tree.borrow().contains_key("/h/sub/d/g.txt") && !tree.borrow().contains_key("/h/sub/f.txt")
    );
    assert!(
        tree.borrow().contains_key("/h/sub/d/deep"),
        "the listed directory kept its entries"
    );
    // Out of the host folder into memory: EXDEV, as between two file systems.
    let (c2, c2len) = put_path(&mut g, 300, b"moved.txt");
    assert_eq!(
        call(&mut g, |c, m| fs::path_rename(
            c, m, 4, b, blen, 3, c2, c2len
        )),
        errno(Errno::XDEV)
    );
    // A hard link and an unlink, on the host.
    let (l, llen) = put_path(&mut g, 300, b"sub/link.txt");
    call(&mut g, |c, m| {
        fs::path_link(c, m, 4, 0, b, blen, 4, l, llen)
    })
    .unwrap();
    assert_eq!(
        tree.borrow().get("/h/sub/link.txt").map(|e| e.1.as_str()),
        Some("/h/sub/f.txt"),
        "a link to the renamed file, by its id"
    );
    call(&mut g, |c, m| fs::path_unlink_file(c, m, 4, b, blen)).unwrap();
    assert!(!tree.borrow().contains_key("/h/sub/d/g.txt"));
}
