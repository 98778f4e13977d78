//! `threads`: the wasi-threads guest (issue 13), one binary with a subcommand as argv[1].
//!
//! Built for `wasm32-wasip1-threads`, where `std::thread` is wasi-libc's `pthread_create`,
//! which calls the `wasi.thread-spawn` import (the host starts a new instance on the shared
//! memory and calls its `wasi_thread_start`). Also built natively, so that the deterministic
//! subcommands (`sync`, `files`) have reference output to compare with.
//!
//! | subcommand               | does                                                         |
//! | ------------------------ | ------------------------------------------------------------ |
//! | `sync`                   | Mutex, RwLock, Condvar, mpsc, Barrier, scope, thread_local!, park, OnceLock; deterministic lines and `checksum <u64>` |
//! | `files <dir>`            | a file written by a thread, a `File` moved into a thread, 4 threads appending; `ok ...` lines |
//! | `stdout`                 | 8 threads x 1000 lines `t<k> <i>` (one `fd_write` each), then `done` |
//! | `exit`                   | 2 sleeping threads, 1 spinning, 1 calling `exit(3)` after ~50 ms; main joins forever |
//! | `trap`                   | a spawned thread hits `unreachable` (natively: abort) while main joins |
//! | `spawn-limit [stack_kib]`| threads that stay alive until a spawn fails; `spawned <n>`, the error, `joined <n>` |
//! | `spawn-bench <n>`        | spawn + join an empty thread n times; `us_per_spawn <f>` |
//! | `write-bench <n>`        | n 16-byte writes to stderr from main, then from a thread; `ns_main <f>`, `ns_thread <f>` |
//! | `cpu <threads> <work>`   | `work` million hash steps over `threads` threads; `result <u64>` (same for any thread count), `ms <f>` |
//!
//! Exits 0 except for `exit` (3), `trap` (a trap / abort) and bad arguments (2).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Barrier, Condvar, Mutex, OnceLock, RwLock};
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str).unwrap_or("") {
        "sync" => sync(),
        "files" => files(args.get(2).map(String::as_str).unwrap_or_else(|| usage())),
        "stdout" => stdout_lines(),
        "exit" => exit_from_thread(),
        "trap" => trap_in_thread(),
        "spin" => spin_forever(),
        "spawn-limit" => spawn_limit(args.get(2).map(|_| num(&args, 2)).unwrap_or(64) as usize),
        "spawn-bench" => spawn_bench(num(&args, 2)),
        "write-bench" => write_bench(num(&args, 2)),
        "cpu" => cpu(num(&args, 2), num(&args, 3)),
        _ => usage(),
    }
}

fn usage() -> ! {
    eprintln!(
        "usage: threads sync | files <dir> | stdout | exit | trap | spawn-limit [stack_kib] | \
         spin | spawn-bench <n> | write-bench <n> | cpu <threads> <work>"
    );
    std::process::exit(2)
}

fn num(args: &[String], i: usize) -> u64 {
    match args.get(i).and_then(|s| s.parse().ok()) {
        Some(n) => n,
        None => usage(),
    }
}

/// splitmix64's output function: a cheap, well-mixed hash of a u64.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// An order-dependent checksum: only ever fed values in a deterministic order.
struct Checksum(u64);

impl Checksum {
    fn add(&mut self, v: u64) {
        self.0 = mix(self.0 ^ v);
    }
}

// ---- sync -------------------------------------------------------------------------------

thread_local! {
    static COUNT: Cell<u64> = const { Cell::new(0) };
    static DROPPER: RefCell<Option<Dropper>> = const { RefCell::new(None) };
}

/// Sum of the values of every `Dropper` dropped (thread-local destructors run at thread exit).
static DROPPED: AtomicU64 = AtomicU64::new(0);

struct Dropper(u64);

impl Drop for Dropper {
    fn drop(&mut self) {
        DROPPED.fetch_add(self.0, Ordering::SeqCst);
    }
}

fn sync() {
    let mut sum = Checksum(0);

    // Mutex: 8 threads x 10,000 increments of one counter, and each pushes its own tally.
    let counter = Arc::new(Mutex::new(0u64));
    let tallies = Arc::new(Mutex::new(Vec::new()));
    let handles: Vec<_> = (0..8u64)
        .map(|k| {
            let (counter, tallies) = (Arc::clone(&counter), Arc::clone(&tallies));
            thread::spawn(move || {
                let mut mine = 0u64;
                for i in 0..10_000u64 {
                    *counter.lock().unwrap() += 1;
                    mine += mix(k * 10_000 + i) & 0xffff;
                }
                tallies.lock().unwrap().push((k, mine));
            })
        })
        .collect();
    handles.into_iter().for_each(|h| h.join().unwrap());
    let total = *counter.lock().unwrap();
    let mut tallies = tallies.lock().unwrap().clone();
    tallies.sort();
    println!("mutex: counter {total}, tallies from {} threads", tallies.len());
    sum.add(total);
    tallies.iter().for_each(|&(k, t)| sum.add(k << 48 ^ t));

    // RwLock: 4 readers sum a shared table while one writer (joined first) doubled it.
    let table = Arc::new(RwLock::new((1..=100u64).collect::<Vec<_>>()));
    {
        let table = Arc::clone(&table);
        thread::spawn(move || table.write().unwrap().iter_mut().for_each(|v| *v *= 2)).join().unwrap();
    }
    let reads: Vec<u64> = (0..4)
        .map(|_| {
            let table = Arc::clone(&table);
            thread::spawn(move || table.read().unwrap().iter().sum::<u64>())
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().unwrap())
        .collect();
    println!("rwlock: readers saw {reads:?}");
    reads.iter().for_each(|&r| sum.add(r));

    // Condvar (1): three threads take strict turns, 100 rounds each; the log is 0,1,2,0,1,2...
    let turns = Arc::new((Mutex::new((0u64, Vec::new())), Condvar::new()));
    let handles: Vec<_> = (0..3u64)
        .map(|id| {
            let turns = Arc::clone(&turns);
            thread::spawn(move || {
                let (lock, cv) = &*turns;
                for _ in 0..100 {
                    let mut st = cv.wait_while(lock.lock().unwrap(), |st| st.0 % 3 != id).unwrap();
                    st.0 += 1;
                    st.1.push(id);
                    cv.notify_all();
                }
            })
        })
        .collect();
    handles.into_iter().for_each(|h| h.join().unwrap());
    let log = std::mem::take(&mut turns.0.lock().unwrap().1);
    let in_turn = log.iter().enumerate().all(|(i, &id)| id == i as u64 % 3);
    println!("condvar turns: {} entries, in turn {in_turn}", log.len());
    sum.add(log.len() as u64);
    sum.add(in_turn as u64);

    // Condvar (2): a bounded queue (capacity 4), one producer and one consumer, 1000 items.
    let queue = Arc::new((Mutex::new(VecDeque::new()), Condvar::new(), Condvar::new()));
    let producer = {
        let queue = Arc::clone(&queue);
        thread::spawn(move || {
            let (lock, not_empty, not_full) = &*queue;
            for i in 0..1000u64 {
                let mut q = not_full.wait_while(lock.lock().unwrap(), |q| q.len() >= 4).unwrap();
                q.push_back(Some(i));
                not_empty.notify_one();
            }
            let mut q = not_full.wait_while(lock.lock().unwrap(), |q| q.len() >= 4).unwrap();
            q.push_back(None);
            not_empty.notify_one();
        })
    };
    let consumer = {
        let queue = Arc::clone(&queue);
        thread::spawn(move || {
            let (lock, not_empty, not_full) = &*queue;
            let (mut n, mut total, mut in_order, mut max_len) = (0u64, 0u64, true, 0usize);
            loop {
                let mut q = not_empty.wait_while(lock.lock().unwrap(), |q| q.is_empty()).unwrap();
                max_len = max_len.max(q.len());
                let item = q.pop_front().unwrap();
                not_full.notify_one();
                drop(q);
                match item {
                    Some(i) => {
                        in_order &= i == n;
                        n += 1;
                        total += i;
                    }
                    None => return (n, total, in_order, max_len <= 4),
                }
            }
        })
    };
    producer.join().unwrap();
    let (n, total, in_order, bounded) = consumer.join().unwrap();
    println!("condvar queue: {n} items, sum {total}, in order {in_order}, bounded {bounded}");
    [n, total, in_order as u64, bounded as u64].iter().for_each(|&v| sum.add(v));

    // mpsc (1): 4 producers x 500 messages to one receiver; FIFO per sender.
    let (tx, rx) = mpsc::channel::<(u64, u64)>();
    let handles: Vec<_> = (0..4u64)
        .map(|k| {
            let tx = tx.clone();
            thread::spawn(move || (0..500u64).for_each(|i| tx.send((k, i * i)).unwrap()))
        })
        .collect();
    drop(tx);
    let mut next = [0u64; 4];
    let (mut count, mut fifo, mut total) = (0u64, true, 0u64);
    for (k, sq) in rx {
        let i = &mut next[k as usize];
        fifo &= sq == *i * *i;
        *i += 1;
        count += 1;
        total += k * 1_000_000 + sq;
    }
    handles.into_iter().for_each(|h| h.join().unwrap());
    println!("mpsc: {count} messages, fifo per sender {fifo}, sum {total}");
    [count, fifo as u64, total].iter().for_each(|&v| sum.add(v));

    // mpsc (2): a rendezvous channel (sync_channel(0)) carrying requests, another the replies.
    let (req_tx, req_rx) = mpsc::sync_channel::<u64>(0);
    let (rep_tx, rep_rx) = mpsc::sync_channel::<u64>(0);
    let server = thread::spawn(move || {
        let mut served = 0u64;
        for n in req_rx {
            rep_tx.send(mix(n) % 1000).unwrap();
            served += 1;
        }
        served
    });
    let mut replies = 0u64;
    for n in 0..200u64 {
        req_tx.send(n).unwrap();
        replies += rep_rx.recv().unwrap();
    }
    drop(req_tx);
    let served = server.join().unwrap();
    println!("sync_channel: served {served}, replies sum {replies}");
    sum.add(served);
    sum.add(replies);

    // Barrier: 6 threads, 3 phases; in each, every slot is written before anyone reads it.
    const N: usize = 6;
    let barrier = Arc::new(Barrier::new(N));
    let slots: Arc<Vec<AtomicU64>> = Arc::new((0..N).map(|_| AtomicU64::new(u64::MAX)).collect());
    let handles: Vec<_> = (0..N)
        .map(|i| {
            let (barrier, slots) = (Arc::clone(&barrier), Arc::clone(&slots));
            thread::spawn(move || {
                let (mut leaders, mut consistent, mut seen) = (0u64, true, 0u64);
                for phase in 0..3u64 {
                    slots[i].store(phase * 100 + i as u64, Ordering::SeqCst);
                    leaders += barrier.wait().is_leader() as u64;
                    for (j, slot) in slots.iter().enumerate() {
                        let v = slot.load(Ordering::SeqCst);
                        consistent &= v == phase * 100 + j as u64;
                        seen += v;
                    }
                    leaders += barrier.wait().is_leader() as u64;
                }
                (leaders, consistent, seen)
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let leaders: u64 = results.iter().map(|r| r.0).sum();
    let consistent = results.iter().all(|r| r.1);
    let seen = results[0].2;
    let same = results.iter().all(|r| r.2 == seen);
    println!("barrier: 3 phases x {N} threads, leaders {leaders}, consistent {consistent}, every thread saw {seen} {same}");
    [leaders, consistent as u64, seen, same as u64].iter().for_each(|&v| sum.add(v));

    // thread::scope: borrowed chunks summed, disjoint &mut chunks squared in place, a nested spawn.
    let mut data: Vec<u64> = (0..10_000).collect();
    let chunk_sums: Vec<u64> = thread::scope(|s| {
        let hs: Vec<_> = data.chunks(2500).map(|c| s.spawn(move || c.iter().sum::<u64>())).collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    thread::scope(|s| {
        for chunk in data.chunks_mut(2500) {
            s.spawn(move || chunk.iter_mut().for_each(|v| *v *= *v));
        }
    });
    let squares: u64 = data.iter().sum();
    let nested = AtomicUsize::new(0);
    thread::scope(|s| {
        s.spawn(|| {
            s.spawn(|| nested.fetch_add(1, Ordering::SeqCst));
            nested.fetch_add(1, Ordering::SeqCst);
        });
    });
    let nested = nested.into_inner();
    println!("scope: chunk sums {chunk_sums:?}, squares {squares}, nested {nested}");
    chunk_sums.iter().for_each(|&v| sum.add(v));
    sum.add(squares);
    sum.add(nested as u64);

    // thread_local!: per-thread counters; main's is untouched; destructors run at thread exit.
    COUNT.with(|c| c.set(7));
    let counts: Vec<u64> = (1..=4u64)
        .map(|k| {
            thread::spawn(move || {
                DROPPER.with(|d| *d.borrow_mut() = Some(Dropper(k)));
                for _ in 0..k * 100 {
                    COUNT.with(|c| c.set(c.get() + 1));
                }
                COUNT.with(Cell::get)
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().unwrap())
        .collect();
    let main_count = COUNT.with(Cell::get);
    let dropped = DROPPED.load(Ordering::SeqCst);
    println!("thread_local: threads counted {counts:?}, main still {main_count}, destructors summed {dropped}");
    counts.iter().for_each(|&v| sum.add(v));
    sum.add(main_count);
    sum.add(dropped);

    // park/unpark, a named thread, and a OnceLock raced by 8 threads.
    let flag = Arc::new(AtomicBool::new(false));
    let parked = {
        let flag = Arc::clone(&flag);
        thread::Builder::new()
            .name("parker".into())
            .spawn(move || {
                while !flag.load(Ordering::SeqCst) {
                    thread::park();
                }
                thread::current().name().unwrap_or("?").to_string()
            })
            .unwrap()
    };
    flag.store(true, Ordering::SeqCst);
    parked.thread().unpark();
    let name = parked.join().unwrap();
    static ONCE: OnceLock<u64> = OnceLock::new();
    static INITS: AtomicU64 = AtomicU64::new(0);
    let values: Vec<u64> = (0..8)
        .map(|_| {
            thread::spawn(|| {
                *ONCE.get_or_init(|| {
                    INITS.fetch_add(1, Ordering::SeqCst);
                    42
                })
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().unwrap())
        .collect();
    let inits = INITS.load(Ordering::SeqCst);
    let agreed = values.iter().all(|&v| v == 42);
    println!("park: woke thread {name:?}; once_lock: {inits} init, all saw 42 {agreed}");
    sum.add(name.len() as u64);
    sum.add(inits);
    sum.add(agreed as u64);

    println!("checksum {}", sum.0);
}

// ---- files ------------------------------------------------------------------------------

fn files(dir: &str) {
    let dir = dir.trim_end_matches('/');
    let dir = if dir.is_empty() { "/" } else { dir };
    let path = |name: &str| format!("{dir}/{name}");

    // A spawned thread writes a file; main reads it after the join.
    let a = path("threads-a.txt");
    {
        let a = a.clone();
        thread::spawn(move || fs::write(a, "written by a spawned thread\n").unwrap()).join().unwrap();
    }
    let text = fs::read_to_string(&a).unwrap();
    print!("a: {text}");
    println!("ok a {}", text.len());

    // A File opened by main is moved into a thread, written there, handed back and read by main.
    let b = path("threads-b.txt");
    let file = OpenOptions::new().read(true).write(true).create(true).truncate(true).open(&b).unwrap();
    let mut file = thread::spawn(move || {
        let mut file = file;
        file.write_all(b"written through a File moved into a thread\n").unwrap();
        file
    })
    .join()
    .unwrap();
    // ...and, by reference, from a scoped thread while main still owns it.
    thread::scope(|s| {
        s.spawn(|| (&file).write_all(b"and through &File from a scoped thread\n").unwrap());
    });
    file.seek(SeekFrom::Start(0)).unwrap();
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    drop(file);
    print!("b: {text}");
    let on_disk = fs::metadata(&b).unwrap().len();
    println!("ok b {} {}", text.len(), on_disk);

    // Four threads, each with its own append-mode handle, append 1000 lines of 16 bytes.
    let c = path("threads-append.txt");
    File::create(&c).unwrap();
    let handles: Vec<_> = (0..4u64)
        .map(|k| {
            let c = c.clone();
            thread::spawn(move || {
                let mut f = OpenOptions::new().append(true).open(c).unwrap();
                for i in 0..1000u64 {
                    let line = format!("t{k} {i:012}\n");
                    debug_assert_eq!(line.len(), 16);
                    f.write_all(line.as_bytes()).unwrap();
                }
            })
        })
        .collect();
    handles.into_iter().for_each(|h| h.join().unwrap());
    let bytes = fs::read(&c).unwrap();
    let mut next = [0u64; 4];
    let mut intact = bytes.len() % 16 == 0;
    for line in bytes.chunks(16) {
        let ok = (|| {
            let s = std::str::from_utf8(line).ok()?.strip_prefix('t')?.strip_suffix('\n')?;
            let (k, i) = s.split_once(' ')?;
            let (k, i): (usize, u64) = (k.parse().ok()?, i.parse().ok()?);
            (k < 4 && i == next[k] && s.len() == 14).then(|| next[k] += 1)
        })();
        intact &= ok.is_some();
    }
    let complete = next == [1000; 4];
    println!(
        "ok append {} (expected {}), lines intact and in order per thread {}, all 4x1000 present {}",
        bytes.len(),
        4 * 1000 * 16,
        intact,
        complete
    );

    for p in [&a, &b, &c] {
        fs::remove_file(p).unwrap();
    }
    println!("ok removed 3");
}

// ---- stdout -----------------------------------------------------------------------------

fn stdout_lines() {
    let handles: Vec<_> = (0..8)
        .map(|k| {
            thread::spawn(move || {
                let out = io::stdout();
                let mut line = Vec::with_capacity(16);
                for i in 0..1000 {
                    line.clear();
                    writeln!(line, "t{k} {i}").unwrap();
                    // A whole line into an empty LineWriter goes straight out: one fd_write.
                    out.lock().write_all(&line).unwrap();
                }
            })
        })
        .collect();
    handles.into_iter().for_each(|h| h.join().unwrap());
    println!("done");
}

// ---- exit / trap ------------------------------------------------------------------------

fn exit_from_thread() {
    let mut handles = Vec::new();
    for _ in 0..2 {
        handles.push(thread::spawn(|| thread::sleep(Duration::from_secs(10))));
    }
    static SPINS: AtomicU64 = AtomicU64::new(0);
    handles.push(thread::spawn(|| loop {
        SPINS.fetch_add(1, Ordering::Relaxed);
        std::hint::spin_loop();
    }));
    handles.push(thread::spawn(|| {
        thread::sleep(Duration::from_millis(50));
        println!("exiting with 3");
        std::process::exit(3)
    }));
    println!("started 4 threads");
    for h in handles {
        h.join().unwrap();
    }
    println!("unreachable: every thread was joined");
}

/// Two threads spin forever and the main thread joins them: only the host can end this run.
fn spin_forever() {
    static SPINS: AtomicU64 = AtomicU64::new(0);
    let handles: Vec<_> = (0..2)
        .map(|_| {
            thread::spawn(|| loop {
                SPINS.fetch_add(1, Ordering::Relaxed);
                std::hint::spin_loop();
            })
        })
        .collect();
    println!("spinning");
    for h in handles {
        h.join().unwrap();
    }
}

fn trap_in_thread() {
    println!("main: spawning a thread that traps, then joining it");
    let h = thread::spawn(|| {
        println!("thread: trapping");
        #[cfg(target_arch = "wasm32")]
        core::arch::wasm32::unreachable();
        #[cfg(not(target_arch = "wasm32"))]
        std::process::abort();
    });
    h.join().unwrap();
    println!("unreachable: the trapping thread was joined");
}

// ---- spawn-limit ------------------------------------------------------------------------

fn spawn_limit(stack_kib: usize) {
    // Natively the OS would go on for a long while: stop at 10,000. On wasm the 1 GiB maximum
    // memory bounds it anyway (each thread's stack is malloc'd from the shared memory).
    let cap = if cfg!(target_arch = "wasm32") { usize::MAX } else { 10_000 };
    let gate = Arc::new((Mutex::new(false), Condvar::new()));
    let started = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();
    let mut error = None;
    while handles.len() < cap {
        let (gate, started) = (Arc::clone(&gate), Arc::clone(&started));
        let spawned = thread::Builder::new().stack_size(stack_kib * 1024).spawn(move || {
            started.fetch_add(1, Ordering::SeqCst);
            let (lock, cv) = &*gate;
            drop(cv.wait_while(lock.lock().unwrap(), |open| !*open).unwrap());
        });
        match spawned {
            Ok(h) => handles.push(h),
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    println!("spawned {}", handles.len());
    match &error {
        Some(e) => println!("spawn error: kind {:?}, raw os error {:?}, message {e}", e.kind(), e.raw_os_error()),
        None => println!("spawn error: none within {} attempts", handles.len()),
    }
    {
        let (lock, cv) = &*gate;
        *lock.lock().unwrap() = true;
        cv.notify_all();
    }
    let n = handles.len();
    handles.into_iter().for_each(|h| h.join().unwrap());
    println!("joined {n} (all started: {})", started.load(Ordering::SeqCst) == n);
}

// ---- benchmarks -------------------------------------------------------------------------

fn spawn_bench(n: u64) {
    let n = n.max(1);
    let t = Instant::now();
    for _ in 0..n {
        thread::spawn(|| {}).join().unwrap();
    }
    let us = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("us_per_spawn {us:.2}");
}

fn write_bench(n: u64) {
    let n = n.max(1);
    fn run(n: u64) -> f64 {
        // stderr is unbuffered: each write_all of 16 bytes is one fd_write.
        let buf = *b"0123456789abcde\n";
        let mut err = io::stderr().lock();
        let t = Instant::now();
        for _ in 0..n {
            err.write_all(&buf).unwrap();
        }
        t.elapsed().as_secs_f64() * 1e9 / n as f64
    }
    let main = run(n);
    let spawned = thread::spawn(move || run(n)).join().unwrap();
    println!("ns_main {main:.1}");
    println!("ns_thread {spawned:.1}");
}

fn cpu(threads: u64, work: u64) {
    if threads == 0 {
        usage();
    }
    let steps = work * 1_000_000;
    let t = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|k| {
            let (lo, hi) = (steps * k / threads, steps * (k + 1) / threads);
            thread::spawn(move || (lo..hi).fold(0u64, |acc, i| acc.wrapping_add(mix(i))))
        })
        .collect();
    let result = handles.into_iter().fold(0u64, |acc, h| acc.wrapping_add(h.join().unwrap()));
    let ms = t.elapsed().as_secs_f64() * 1e3;
    println!("result {result}");
    println!("ms {ms:.1}");
}
