// Command hello is the Go twin of tests/guests/src/bin/hello.rs.
//
// It checks args, environment, reading stdin to EOF, the monotonic and realtime clocks,
// random_get (crypto/rand), stdout/stderr and the exit code (EXIT_CODE via os.Exit, else a
// normal return). Its stdout is byte-identical to the Rust and C hellos for the same input:
//
//	argv[<i>]=<arg>          one line per argument, argv[0] included
//	<K>=<V>                  one line per variable, sorted by name (bytewise)
//	stdin=<n> bytes: <esc>   printable ASCII but '\' as is, \n, \\, else \xNN
//	monotonic: ok
//	realtime: ok
//	random: ok
//
// and "to stderr\n" on stderr.
package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

// 2020-01-01T00:00:00Z.
const y2020 = 1577836800

func escape(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		switch {
		case c == '\n':
			s.WriteString(`\n`)
		case c == '\\':
			s.WriteString(`\\`)
		case c >= 0x20 && c <= 0x7e:
			s.WriteByte(c)
		default:
			fmt.Fprintf(&s, `\x%02x`, c)
		}
	}
	return s.String()
}

func name(kv string) string {
	if i := strings.IndexByte(kv, '='); i >= 0 {
		return kv[:i]
	}
	return kv
}

func main() {
	out := bufio.NewWriter(os.Stdout)

	for i, a := range os.Args {
		fmt.Fprintf(out, "argv[%d]=%s\n", i, a)
	}

	env := os.Environ()
	sort.SliceStable(env, func(i, j int) bool { return name(env[i]) < name(env[j]) })
	for _, kv := range env {
		fmt.Fprintln(out, kv)
	}

	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintf(out, "stdin: FAIL %v\n", err)
	}
	fmt.Fprintf(out, "stdin=%d bytes: %s\n", len(input), escape(input))

	t0 := time.Now()
	acc := uint64(0)
	for i := uint64(0); i < 100000; i++ {
		acc = acc*31 + i
	}
	t1 := time.Now()
	if !t1.Before(t0) { // uses the monotonic readings
		fmt.Fprintln(out, "monotonic: ok")
	} else {
		fmt.Fprintf(out, "monotonic: FAIL later < earlier (acc %d)\n", acc)
	}

	if now := time.Now().Unix(); now > y2020 {
		fmt.Fprintln(out, "realtime: ok")
	} else {
		fmt.Fprintf(out, "realtime: FAIL %ds since epoch\n", now)
	}

	a, b := make([]byte, 32), make([]byte, 32)
	_, ea := rand.Read(a)
	_, eb := rand.Read(b)
	if ea == nil && eb == nil && !bytes.Equal(a, make([]byte, 32)) && !bytes.Equal(a, b) {
		fmt.Fprintln(out, "random: ok")
	} else {
		fmt.Fprintf(out, "random: FAIL %v %v a=%x b=%x\n", ea, eb, a, b)
	}

	out.Flush()
	fmt.Fprintln(os.Stderr, "to stderr")

	if s, ok := os.LookupEnv("EXIT_CODE"); ok {
		if code, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32); err == nil {
			os.Exit(int(code))
		}
	}
}
