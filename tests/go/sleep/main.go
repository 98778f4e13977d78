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
	"strconv"
	"time"
)

// repeated is `sleep MS TIMES`: MS ms TIMES times, a line each, then the total (as the Rust and
// C sleeps).
func repeated(ms, times int) {
	d := time.Duration(ms) * time.Millisecond
	start := time.Now()
	for i := 0; i < times; i++ {
		t := time.Now()
		time.Sleep(d)
		fmt.Printf("sleep %d: at least %d ms: %t\n", i, ms, time.Since(t) >= d)
	}
	fmt.Printf("total at least %d ms: %t\n", ms*times, time.Since(start) >= time.Duration(times)*d)
}

func main() {
	if len(os.Args) == 3 {
		ms, err1 := strconv.Atoi(os.Args[1])
		times, err2 := strconv.Atoi(os.Args[2])
		if err1 == nil && err2 == nil {
			repeated(ms, times)
			return
		}
	}
	fmt.Println("sleep start")
	start := time.Now()
	time.Sleep(50 * time.Millisecond)
	elapsed := time.Since(start)
	fmt.Printf("slept at least 50 ms: %t\n", elapsed >= 50*time.Millisecond)
	fmt.Fprintf(os.Stderr, "elapsed_us=%d\n", elapsed.Microseconds())
}
