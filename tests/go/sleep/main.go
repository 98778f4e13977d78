// Command sleep is the Go twin of tests/guests/src/bin/sleep.rs.
//
// It checks that time.Sleep(50 * time.Millisecond) waits at least that long, measured with
// time.Since (the monotonic clock). Go's wasip1 runtime sleeps with poll_oneoff on a
// relative monotonic clock subscription when no goroutine is runnable. Stdout is
// byte-identical to the Rust and C sleeps:
//
//	sleep start
//	slept at least 50 ms: true
//
// and stderr is one line "elapsed_us=<n>" (decimal microseconds). Exits 0.
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	fmt.Println("sleep start")
	start := time.Now()
	time.Sleep(50 * time.Millisecond)
	elapsed := time.Since(start)
	fmt.Printf("slept at least 50 ms: %t\n", elapsed >= 50*time.Millisecond)
	fmt.Fprintf(os.Stderr, "elapsed_us=%d\n", elapsed.Microseconds())
}
