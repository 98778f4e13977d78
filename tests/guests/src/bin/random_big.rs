//! `random_big`: one `random_get` call for exactly 1 MiB.
//!
//! Checks that a host fills large buffers completely (browsers' `getRandomValues` takes
//! at most 65 536 bytes per call, so the host must chunk): every byte value must occur a
//! plausible number of times (expected 4096 each; accepted 3000..=5200).

const LEN: usize = 1 << 20;

fn main() {
    let mut buf = vec![0u8; LEN];
    let errno = guests::random_fill(&mut buf);
    let mut hist = [0u32; 256];
    for &b in &buf {
        hist[b as usize] += 1;
    }
    let min = *hist.iter().min().unwrap();
    let max = *hist.iter().max().unwrap();
    // The last 64 KiB alone must also look random: catches a host that fills only the
    // first chunk.
    let tail_zeros = buf[LEN - 65536..].iter().filter(|&&b| b == 0).count();
    if errno == 0 && (3000..=5200).contains(&min) && (3000..=5200).contains(&max) {
        println!("random_big: ok");
    } else {
        let worst = (0..256).max_by_key(|&i| hist[i].abs_diff(4096)).unwrap();
        println!(
            "random_big: FAIL errno={errno} min={min} max={max} worst=0x{worst:02x}:{} \
             zeros_in_last_64k={tail_zeros}",
            hist[worst]
        );
    }
}
