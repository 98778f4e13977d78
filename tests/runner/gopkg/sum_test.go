package gopkg

import (
	"os"
	"testing"
	"time"
)

func TestSum(t *testing.T) {
	if got := Sum(1, 2, 3); got != 6 {
		t.Fatalf("Sum = %d", got)
	}
}

func TestSleepAndClock(t *testing.T) {
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	if time.Since(start) < 20*time.Millisecond {
		t.Fatal("slept too little")
	}
}

func TestFailsWhenAsked(t *testing.T) {
	if os.Getenv("GOPKG_FAIL") != "" {
		t.Log("about to fail on purpose")
		t.Fatal("failing on purpose")
	}
}
