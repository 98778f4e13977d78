// clock: N (argv[1], default 100000) reads of the monotonic clock (time.Since, which reads only
// the runtime's monotonic clock), 16 random bytes (crypto/rand: random_get) every 100th
// iteration; the clock must never go backwards.
// Prints "clock <N> random <calls> monotonic ok" (or "... BACKWARDS", exit 1).
package main

import (
	"crypto/rand"
	"fmt"
	"os"
	"strconv"
	"time"
)

func main() {
	n := 100000
	if len(os.Args) > 1 {
		var err error
		if n, err = strconv.Atoi(os.Args[1]); err != nil {
			fmt.Fprintln(os.Stderr, "clock:", err)
			os.Exit(1)
		}
	}
	start := time.Now()
	var last time.Duration
	randoms := 0
	ok := true
	buf := make([]byte, 16)
	for i := 0; i < n; i++ {
		now := time.Since(start)
		if now < last {
			ok = false
		}
		last = now
		if i%100 == 0 {
			rand.Read(buf) // never fails (Go 1.24+: a failure crashes the program)
			randoms++
		}
	}
	verdict := "ok"
	if !ok {
		verdict = "BACKWARDS"
	}
	fmt.Printf("clock %d random %d monotonic %s\n", n, randoms, verdict)
	if !ok {
		os.Exit(1)
	}
}
