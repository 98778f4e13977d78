// Command timers checks goroutines, timers, tickers and select under a wasip1 host.
//
// Go's wasip1 runtime runs every goroutine on one thread and, when none is runnable,
// waits for the earliest timer with one poll_oneoff clock subscription, so this exercises
// many short relative sleeps of different lengths. The printed order only depends on the
// timers firing in deadline order (deadlines are >= 10 ms apart), so stdout is
// deterministic:
//
//	got b
//	got c
//	got a
//	tick 1
//	tick 2
//	tick 3
//	timeout
//	done
//
// Three goroutines sleep 30/10/20 ms (a/b/c) and send their names; main collects them with
// a select that also has a 2 s time.After (printing "collect timeout" if it fires). Then
// a 5 ms ticker is read exactly 3 times, then a select between time.After(15ms) and a
// channel that never sends prints "timeout". Nothing is printed to stderr.
package main

import (
	"fmt"
	"time"
)

func main() {
	names := make(chan string)
	for _, g := range []struct {
		name string
		ms   int
	}{{"a", 30}, {"b", 10}, {"c", 20}} {
		go func(name string, ms int) {
			time.Sleep(time.Duration(ms) * time.Millisecond)
			names <- name
		}(g.name, g.ms)
	}
	deadline := time.After(2 * time.Second)
	for i := 0; i < 3; i++ {
		select {
		case n := <-names:
			fmt.Println("got", n)
		case <-deadline:
			fmt.Println("collect timeout")
			return
		}
	}

	ticker := time.NewTicker(5 * time.Millisecond)
	for i := 1; i <= 3; i++ {
		<-ticker.C
		fmt.Println("tick", i)
	}
	ticker.Stop()

	never := make(chan struct{})
	select {
	case <-never:
		fmt.Println("never")
	case <-time.After(15 * time.Millisecond):
		fmt.Println("timeout")
	}
	fmt.Println("done")
}
