//! The syscalls against native fakes: what a guest sees, errno for errno, as wasmtime answers.

use std::cell::RefCell;
use std::rc::Rc;
use wasip1_web::clocks::ManualClock;
use wasip1_web::memory::{Memory, VecMemory};
use wasip1_web::random::SeededRng;
use wasip1_web::stdio::{BytesInput, VecOutput};
use wasip1_web::syscalls::{args, clock, fd, fs, proc, sock};
use wasip1_web::types::{filetype, rights};
use wasip1_web::{Errno, Error, Trap, WasiCtx};

struct Guest {
    ctx: WasiCtx,
    mem: VecMemory,
    out: Rc<RefCell<Vec<u8>>>,
}

fn guest() -> Guest {
    let out = VecOutput::default();
    let clock = ManualClock::default();
    clock.realtime.set(1_700_000_000_000_000_000);
    clock.monotonic.set(42);
    let ctx = WasiCtx::builder(Box::new(clock), Box::new(SeededRng(7)))
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
    let mut ctx = WasiCtx::builder(Box::new(ManualClock::default()), Box::new(SeededRng(1))).build().unwrap();
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
    fd::fd_fdstat_get(&mut ctx, &mut mem, 1, 0).unwrap();
    assert_eq!(mem.0[0], filetype::CHARACTER_DEVICE);
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
    assert_eq!(fs::not_yet(&mut ctx, &mut mem), errno(Errno::NOSYS));
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
    let b = || WasiCtx::builder(Box::new(ManualClock::default()), Box::new(SeededRng(1)));
    let e = b().env(vec![("A=B".into(), "1".into())]).build().err().unwrap();
    assert!(e.starts_with("env:"), "{e}");
    let e = b().args(vec!["a\0b".into()]).build().err().unwrap();
    assert!(e.starts_with("args:"), "{e}");
    let e = b().preopen("/x".into()).preopen("/x".into()).build().err().unwrap();
    assert!(e.contains("twice"), "{e}");
}
