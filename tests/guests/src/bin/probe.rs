//! `probe`: the errno (and shape) of many small calls, printed one per line.
//!
//! Checks `fd_fdstat_get` on stdio (file type, flags, rights), the preopen listing
//! (`fd_prestat_get` / `fd_prestat_dir_name` from fd 3 up), `clock_res_get` and
//! `clock_time_get` for clock ids 0..=3 (the invalid id 4 makes wasmtime trap, so it lives
//! in the `wild` guest as `clock_*_bad_id`), `proc_raise`, `sched_yield`, the
//! four `sock_*` calls on a non-socket and a bad fd, `fd_close`/`fd_write` on a bad fd,
//! reading stdout, writing stdin, and writing stderr after closing it. The output is
//! deterministic (no times or random values), so a host's output can be diffed against
//! wasmtime's.

use guests::{addr, addr_mut, wasi, IoVec};

fn main() {
    unsafe {
        for fd in 0..3 {
            let mut st = [0u64; 3]; // 24 bytes, align 8
            let e = wasi::fd_fdstat_get(fd, addr_mut(st.as_mut_ptr()));
            let filetype = st[0] as u8;
            let flags = (st[0] >> 16) as u16;
            println!(
                "fdstat {fd}: errno={e} filetype={filetype} flags={flags} \
                 rights_base={:#x} rights_inh={:#x}",
                st[1], st[2]
            );
        }

        let mut fd = 3;
        loop {
            let mut pre = [0u32; 2]; // u8 tag @0, u32 name_len @4
            let e = wasi::fd_prestat_get(fd, addr_mut(pre.as_mut_ptr()));
            if e != 0 {
                println!("prestat {fd}: errno={e}");
                break;
            }
            let tag = pre[0] as u8;
            let len = pre[1];
            let mut name = vec![0u8; len as usize];
            let e2 = wasi::fd_prestat_dir_name(fd, addr_mut(name.as_mut_ptr()), len as i32);
            println!(
                "prestat {fd}: errno=0 tag={tag} name_len={len} dir_name_errno={e2} name={:?}",
                String::from_utf8_lossy(&name)
            );
            fd += 1;
        }

        for id in 0..4 {
            let mut res = 0u64;
            let e = wasi::clock_res_get(id, addr_mut(&mut res));
            println!("clock_res_get {id}: errno={e} res>0={}", res > 0);
        }
        for id in 0..4 {
            let mut t = 0u64;
            let e = wasi::clock_time_get(id, 1, addr_mut(&mut t));
            println!("clock_time_get {id}: errno={e}");
        }

        println!("proc_raise 15: errno={}", wasi::proc_raise(15));
        println!("sched_yield: errno={}", wasi::sched_yield());

        let mut data = [0u8; 16];
        let iov = IoVec {
            buf: addr_mut(data.as_mut_ptr()) as u32,
            buf_len: data.len() as u32,
        };
        for fd in [1, 99] {
            let mut out_fd = 0u32;
            let e = wasi::sock_accept(fd, 0, addr_mut(&mut out_fd));
            println!("sock_accept {fd}: errno={e}");
            let (mut n, mut flags) = (0u32, 0u16);
            let e = wasi::sock_recv(fd, addr(&iov), 1, 0, addr_mut(&mut n), addr_mut(&mut flags));
            println!("sock_recv {fd}: errno={e}");
            let e = wasi::sock_send(fd, addr(&iov), 1, 0, addr_mut(&mut n));
            println!("sock_send {fd}: errno={e}");
            println!("sock_shutdown {fd}: errno={}", wasi::sock_shutdown(fd, 2));
        }

        println!("fd_close 99: errno={}", wasi::fd_close(99));
        let msg = b"probe\n";
        let wiov = IoVec {
            buf: addr(msg) as u32,
            buf_len: msg.len() as u32,
        };
        let mut n = 0u32;
        println!(
            "fd_write 99: errno={}",
            wasi::fd_write(99, addr(&wiov), 1, addr_mut(&mut n))
        );
        println!(
            "fd_read 1: errno={}",
            wasi::fd_read(1, addr(&iov), 1, addr_mut(&mut n))
        );
        println!(
            "fd_write 0: errno={}",
            wasi::fd_write(0, addr(&wiov), 1, addr_mut(&mut n))
        );

        println!("fd_close 2: errno={}", wasi::fd_close(2));
        println!(
            "fd_write 2 after close: errno={}",
            wasi::fd_write(2, addr(&wiov), 1, addr_mut(&mut n))
        );
    }
}
