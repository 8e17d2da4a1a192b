package host

import (
	"sync/atomic"
	"syscall"
)

// The memory budget: the most one value a script makes may take. Past it
// the script gets MemoryError, as CPython's does when malloc fails, where
// Go would otherwise die of "out of memory" with a goroutine dump. It is
// the process's, as Go's own memory limit is: the roles of a scenario
// share one heap.
var maxMemory atomic.Int64

// DefaultMaxMemory is the budget without --max-memory: a quarter of the
// machine's memory, between 256 MiB and 4 GiB.
func DefaultMaxMemory() int64 {
	const lo, hi = 256 << 20, 4 << 30
	var si syscall.Sysinfo_t
	if err := syscall.Sysinfo(&si); err != nil {
		return hi
	}
	return min(max(int64(si.Totalram)*int64(si.Unit)/4, lo), hi)
}

// SetMaxMemory sets the budget (bytes); 0 restores the default.
func SetMaxMemory(n int64) { maxMemory.Store(n) }

// MaxMemory is the budget in bytes.
func MaxMemory() int64 {
	if n := maxMemory.Load(); n > 0 {
		return n
	}
	n := DefaultMaxMemory()
	maxMemory.CompareAndSwap(0, n)
	return n
}
