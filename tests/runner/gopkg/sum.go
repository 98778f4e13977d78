// Package gopkg is tested in the browser through `wasip1-web run` as `go test -exec`
// (tests/e2e/runner.test.mjs).
package gopkg

// Sum adds its arguments.
func Sum(xs ...int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}
