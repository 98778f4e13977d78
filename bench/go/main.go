// Command benchgo times Go's os file API on the /sandbox preopen (GOOS=wasip1), for
// bench/run.mjs: os.WriteFile, os.ReadFile, os.Stat and os.ReadDir, in that order, each
// over many iterations timed with time.Now. Expects an empty /sandbox.
//
//	benchgo [budget-ms]
//
// Each operation runs once untimed, then in batches of 1, 2, 4, ... iterations until a
// batch takes at least budget-ms (default 20); prints that batch's mean:
//
//	go WriteFile <ns> ns/op <iterations>
//
// or, when the operation fails, "go <op> fails <error>" (and goes on with the next).
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

const (
	dir      = "/sandbox"
	fileSize = 4096 // bytes written and read per WriteFile / ReadFile
	dirFiles = 100  // entries of the directory ReadDir lists
)

func bench(name string, budget time.Duration, op func() error) {
	if err := op(); err != nil {
		fmt.Printf("go %s fails %v\n", name, err)
		return
	}
	for n := 1; ; n *= 2 {
		start := time.Now()
		for i := 0; i < n; i++ {
			if err := op(); err != nil {
				fmt.Printf("go %s fails %v\n", name, err)
				return
			}
		}
		d := time.Since(start)
		if d >= budget || n >= 1<<24 {
			fmt.Printf("go %s %.1f ns/op %d\n", name, float64(d.Nanoseconds())/float64(n), n)
			return
		}
	}
}

func main() {
	budget := 20 * time.Millisecond
	if len(os.Args) > 1 {
		if ms, err := strconv.Atoi(os.Args[1]); err == nil && ms > 0 {
			budget = time.Duration(ms) * time.Millisecond
		}
	}
	data := make([]byte, fileSize)
	for i := range data {
		data[i] = byte('a' + i%26)
	}
	path := dir + "/file.txt"

	bench("WriteFile", budget, func() error { return os.WriteFile(path, data, 0o644) })
	bench("ReadFile", budget, func() error {
		b, err := os.ReadFile(path)
		if err == nil && len(b) != fileSize {
			err = fmt.Errorf("read %d bytes, want %d", len(b), fileSize)
		}
		return err
	})
	bench("Stat", budget, func() error {
		fi, err := os.Stat(path)
		if err == nil && fi.Size() != fileSize {
			err = fmt.Errorf("size %d, want %d", fi.Size(), fileSize)
		}
		return err
	})

	sub := dir + "/dir"
	setup := os.Mkdir(sub, 0o755)
	for i := 0; setup == nil && i < dirFiles; i++ {
		setup = os.WriteFile(fmt.Sprintf("%s/entry-%03d.txt", sub, i), nil, 0o644)
	}
	if setup != nil {
		fmt.Printf("go ReadDir fails setting up %s: %v\n", sub, setup)
		return
	}
	bench("ReadDir", budget, func() error {
		entries, err := os.ReadDir(sub)
		if err == nil && len(entries) != dirFiles {
			err = fmt.Errorf("%d entries, want %d", len(entries), dirFiles)
		}
		return err
	})
}
