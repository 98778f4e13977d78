// files: N files (argv[1], default 200) of 4096 bytes in /data/w through package os: write them,
// read each back and check it, list the directory, stat each, delete them all.
// Prints "files <N> bytes <total read> listed <entries>"; any failure: a message, exit 1.
package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
)

const size = 4096

func content(i int) []byte {
	b := make([]byte, size)
	for j := range b {
		b[j] = byte((i + j) % 251)
	}
	return b
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "files:", err)
		os.Exit(1)
	}
}

func main() {
	n := 200
	if len(os.Args) > 1 {
		var err error
		n, err = strconv.Atoi(os.Args[1])
		check(err)
	}
	path := func(i int) string { return fmt.Sprintf("/data/w/f%d.txt", i) }

	check(os.Mkdir("/data/w", 0o755))
	for i := 0; i < n; i++ {
		check(os.WriteFile(path(i), content(i), 0o644))
	}
	total := 0
	for i := 0; i < n; i++ {
		got, err := os.ReadFile(path(i))
		check(err)
		total += len(got)
		if !bytes.Equal(got, content(i)) {
			check(fmt.Errorf("content of %s differs", path(i)))
		}
	}
	entries, err := os.ReadDir("/data/w")
	check(err)
	listed := 0
	for _, e := range entries {
		if e.Name() != "." && e.Name() != ".." {
			listed++
		}
	}
	for i := 0; i < n; i++ {
		st, err := os.Stat(path(i))
		check(err)
		if st.Size() != size {
			check(fmt.Errorf("size of %s is %d", path(i), st.Size()))
		}
	}
	for i := 0; i < n; i++ {
		check(os.Remove(path(i)))
	}
	check(os.Remove("/data/w"))
	fmt.Printf("files %d bytes %d listed %d\n", n, total, listed)
}
