package host

import (
	goruntime "runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// The memory budget: the most one value a script makes may take. Past it
// the script gets MemoryError, as CPython's does when malloc fails, where
// Go would otherwise die of "out of memory" with a goroutine dump. It is
// the process's, as Go's own memory limit is: the roles of a scenario
// share one heap.
var maxMemory atomic.Int64

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

// The thread budget: how many script threads a run may have alive at
// once. Past it, starting one raises CPython's RuntimeError("can't start
// new thread") instead of growing without end.
var maxThreads atomic.Int64

// DefaultMaxThreads is the budget without --max-threads.
const DefaultMaxThreads = 32768

// SetMaxThreads sets the budget; 0 restores the default.
func SetMaxThreads(n int64) { maxThreads.Store(n) }

// MaxThreads is the budget.
func MaxThreads() int64 {
	if n := maxThreads.Load(); n > 0 {
		return n
	}
	return DefaultMaxThreads
}

// CanStartThread reports whether the run is below the thread budget.
func (p *Process) CanStartThread() bool {
	return int64(p.live.count.Load()) < MaxThreads()
}

// Memory that grows a piece at a time (a list appended to in an endless
// loop) is watched after every garbage collection: once the live heap is
// past the budget, every run stops at its next thread switch with its
// OnMemory error (MemoryError), instead of the process growing until the
// machine gives out. Go's memory limit is the budget too, so that the
// collector runs, and the check with it, before the heap passes it by far.
var (
	heapOver  atomic.Bool
	watchOnce sync.Once
)

// watchHeap arms the check, once for the process. A run that starts after
// one was stopped for memory looks again first, so that the garbage the
// stopped run left does not stop this one too.
func watchHeap() {
	watchOnce.Do(armHeapCheck)
	debug.SetMemoryLimit(MaxMemory())
	if heapOver.Load() {
		goruntime.GC()
		heapOver.Store(heapAlloc() > MaxMemory())
	}
}

// heapAlloc is the live heap's size in bytes. A function of its own: a
// MemStats is 5 KiB, which in its caller's frame would grow the stack of
// every run's start from Go's first 8 KiB.
//
//go:noinline
func heapAlloc() int64 {
	var ms goruntime.MemStats
	goruntime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

func armHeapCheck() {
	// The cleanup runs after the collection that finds the sentinel dead.
	sentinel := new(struct{ p *int })
	goruntime.AddCleanup(sentinel, func(struct{}) {
		heapOver.Store(heapAlloc() > MaxMemory())
		armHeapCheck()
	}, struct{}{})
}
