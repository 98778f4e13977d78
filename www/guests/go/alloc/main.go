// alloc: the binary-trees benchmark on Go's garbage collector (run with GODEBUG=gctrace=1 to see
// it work on stderr). Max depth argv[1] (default 14, at least 6).
// Prints "alloc depth <d> check <sum>": the node counts of the stretch tree, of every short-lived
// tree and of the long-lived tree, added up.
package main

import (
	"fmt"
	"os"
	"strconv"
)

type node struct{ left, right *node }

func bottomUp(depth int) *node {
	if depth == 0 {
		return &node{}
	}
	return &node{bottomUp(depth - 1), bottomUp(depth - 1)}
}

func (n *node) check() int {
	if n.left == nil {
		return 1
	}
	return 1 + n.left.check() + n.right.check()
}

func main() {
	const minDepth = 4
	maxDepth := 14
	if len(os.Args) > 1 {
		var err error
		if maxDepth, err = strconv.Atoi(os.Args[1]); err != nil {
			fmt.Fprintln(os.Stderr, "alloc:", err)
			os.Exit(1)
		}
	}
	maxDepth = max(maxDepth, minDepth+2)

	sum := bottomUp(maxDepth + 1).check()
	longLived := bottomUp(maxDepth)
	for d := minDepth; d <= maxDepth; d += 2 {
		iterations := 1 << (maxDepth - d + minDepth)
		for i := 0; i < iterations; i++ {
			sum += bottomUp(d).check()
		}
	}
	sum += longLived.check()
	fmt.Printf("alloc depth %d check %d\n", maxDepth, sum)
}
