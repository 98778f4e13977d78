// json: parses /data/doc.json (argv[1] times, default 1) with encoding/json into an `any`, then
// prints "json objects <n> arrays <n> strings <n> numbers <n> keys <n>" for the document (keys
// are not counted as strings).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
)

type counts struct{ objects, arrays, strings, numbers, keys int }

func (c *counts) walk(v any) {
	switch v := v.(type) {
	case map[string]any:
		c.objects++
		c.keys += len(v)
		for _, x := range v {
			c.walk(x)
		}
	case []any:
		c.arrays++
		for _, x := range v {
			c.walk(x)
		}
	case string:
		c.strings++
	case float64:
		c.numbers++
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "json:", err)
	os.Exit(1)
}

func main() {
	rounds := 1
	if len(os.Args) > 1 {
		var err error
		if rounds, err = strconv.Atoi(os.Args[1]); err != nil {
			fail(err)
		}
	}
	doc, err := os.ReadFile("/data/doc.json")
	if err != nil {
		fail(err)
	}
	var c counts
	for i := 0; i < rounds; i++ {
		var v any
		if err := json.Unmarshal(doc, &v); err != nil {
			fail(err)
		}
		c = counts{}
		c.walk(v)
	}
	fmt.Printf("json objects %d arrays %d strings %d numbers %d keys %d\n", c.objects, c.arrays, c.strings, c.numbers, c.keys)
}
