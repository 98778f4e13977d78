//! `wild`: one wild guest pointer per run, selected by `argv[1]`.
//!
//! Checks what the host does when a syscall is handed a pointer or length outside linear
//! memory (or misaligned). The preview1 rule, which wasmtime follows, is that the call
//! traps; a host that instead returns an errno makes the guest print
//! `<case>: errno=<n>`. Before the call the guest prints `<case>: calling`, so stdout
//! shows how far it got. `fd_write_ok` is the control case and must print `errno=0`.
//!
//! Cases: fd_write_iovs, fd_write_buf, fd_write_nwritten, args_get, args_get_buf,
//! environ_get, random_get, random_get_len, clock_time_get, clock_time_get_unaligned,
//! clock_time_get_bad_id, clock_res_get_bad_id (clock id 4: not a pointer, but an invalid
//! enum value, which wasmtime also turns into a trap), fd_write_ok. `args_get*` and `environ_get` need at least one argument / variable, or the
//! host has nothing to write and may never touch the pointer.

use guests::{addr, addr_mut, memory_bytes, wasi, IoVec};
use std::io::Write;

fn main() {
    let case = std::env::args().nth(1).unwrap_or_default();
    let end = memory_bytes(); // first out-of-bounds address
    let msg = b"wild: fd_write_ok\n";
    let mut nwritten = 0u32;
    let mut argc = 0u32;
    let mut buf_size = 0u32;
    let mut time = [0u64; 2];

    println!("{case}: calling");
    std::io::stdout().flush().unwrap();

    let errno = unsafe {
        match case.as_str() {
            "fd_write_iovs" => wasi::fd_write(1, 0xFFFF_FFF0u32 as i32, 1, addr_mut(&mut nwritten)),
            "fd_write_buf" => {
                let iov = IoVec {
                    buf: end,
                    buf_len: 16,
                };
                wasi::fd_write(1, addr(&iov), 1, addr_mut(&mut nwritten))
            }
            "fd_write_nwritten" => {
                let iov = IoVec {
                    buf: addr(msg) as u32,
                    buf_len: msg.len() as u32,
                };
                wasi::fd_write(1, addr(&iov), 1, end as i32)
            }
            "args_get" => {
                wasi::args_sizes_get(addr_mut(&mut argc), addr_mut(&mut buf_size));
                let mut strings = vec![0u8; buf_size as usize];
                wasi::args_get(end as i32, addr_mut(strings.as_mut_ptr()))
            }
            "args_get_buf" => {
                wasi::args_sizes_get(addr_mut(&mut argc), addr_mut(&mut buf_size));
                let mut ptrs = vec![0u32; argc as usize];
                wasi::args_get(addr_mut(ptrs.as_mut_ptr()), end as i32)
            }
            "environ_get" => {
                wasi::environ_sizes_get(addr_mut(&mut argc), addr_mut(&mut buf_size));
                let mut strings = vec![0u8; buf_size as usize];
                wasi::environ_get(end as i32, addr_mut(strings.as_mut_ptr()))
            }
            "random_get" => wasi::random_get(end as i32, 16),
            "random_get_len" => wasi::random_get(0x100, 0xFFFF_FFFFu32 as i32),
            "clock_time_get" => wasi::clock_time_get(1, 1, end as i32),
            "clock_time_get_unaligned" => {
                let p = addr_mut(time.as_mut_ptr()) + 1;
                wasi::clock_time_get(1, 1, p)
            }
            "clock_time_get_bad_id" => wasi::clock_time_get(4, 1, addr_mut(time.as_mut_ptr())),
            "clock_res_get_bad_id" => wasi::clock_res_get(4, addr_mut(time.as_mut_ptr())),
            "fd_write_ok" => {
                let iov = IoVec {
                    buf: addr(msg) as u32,
                    buf_len: msg.len() as u32,
                };
                wasi::fd_write(1, addr(&iov), 1, addr_mut(&mut nwritten))
            }
            _ => {
                println!("unknown case {case:?}");
                std::process::exit(2);
            }
        }
    };
    println!("{case}: errno={errno}");
}
