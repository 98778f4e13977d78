//! `repl`: an interactive read-eval-print loop over stdin.
//!
//! Checks that stdin can be read one line at a time (each `fd_read` may return as soon as a
//! line is available) and that each answer reaches stdout before the next line is read.
//! For every input line (`std::io::stdin().lines()`, so `\n` or `\r\n` is stripped and a
//! final line without `\n` still counts) it prints `> ` plus the line uppercased
//! (`str::to_uppercase`) and flushes; at EOF it prints `bye` and exits 0. Input that is
//! not UTF-8 ends the loop with `error: <message>` on stderr and exit code 1. The C twin is
//! `tests/c/repl.c` (identical stdout for ASCII input). Example, stdin `hi\nthere\n`:
//!
//! ```text
//! > HI
//! > THERE
//! bye
//! ```

use std::io::Write;

fn main() {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lines() {
        match line {
            Ok(line) => {
                writeln!(out, "> {}", line.to_uppercase()).unwrap();
                out.flush().unwrap();
            }
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(1);
            }
        }
    }
    writeln!(out, "bye").unwrap();
    out.flush().unwrap();
}
