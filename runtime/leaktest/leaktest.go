// Package leaktest checks, in tests, that a run leaves nothing behind: the
// descriptors it opened and the goroutines it started.
package leaktest

import (
	"os"
	goruntime "runtime"
	"testing"
	"time"
)

// OpenFDs counts this process's open descriptors.
func OpenFDs(t testing.TB) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

// Settle waits, up to 5 s, until at most n goroutines are left, and returns
// how many there are then: goroutines that are ending take a moment to go.
func Settle(n int) int {
	deadline := time.Now().Add(5 * time.Second)
	for goruntime.NumGoroutine() > n && time.Now().Before(deadline) {
		goruntime.Gosched()
		time.Sleep(time.Millisecond) // polling a count, not synchronising
	}
	return goruntime.NumGoroutine()
}
