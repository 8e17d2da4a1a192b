package main

import (
	"os"
	goruntime "runtime"
	"runtime/debug"
)

// heapFloor is the smallest heap goal the collector is given. Scripts make
// short-lived garbage at the rate they move bytes (a recv(65536) loop makes
// 64 KiB a call): with Go's default goal (twice a small live heap, 4 MiB at
// least) that is a collection every few dozen calls, each with its stops and
// signals, where CPython frees each value at once by reference counting.
const heapFloor = 16 << 20

// tuneGC keeps the heap goal at heapFloor or more while the live heap is
// small, and leaves Go's default (GOGC=100) once it is large: after every
// collection it sets the percentage the next goal needs. A GOGC in the
// environment wins.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	current := gcPercent(0, 0)
	debug.SetGCPercent(current)
	var arm func()
	arm = func() {
		// The cleanup runs after the collection that finds the sentinel
		// dead; a sentinel with a pointer is never batched with others.
		sentinel := new(struct{ p *int })
		goruntime.AddCleanup(sentinel, func(struct{}) {
			// Right after a collection, what is allocated is about what lives.
			// (ReadMemStats, not runtime/metrics, whose init costs every
			// start more than these calls cost a run.)
			var ms goruntime.MemStats
			goruntime.ReadMemStats(&ms)
			// Setting it stops the world too: only when it changes.
			if g := gcPercent(ms.HeapAlloc, ms.HeapAlloc+ms.StackInuse); g != current {
				current = g
				debug.SetGCPercent(g)
			}
			arm()
		}, struct{}{})
	}
	arm()
}

// gcPercent is the GOGC that puts the next goal at about heapFloor, never
// under Go's default of 100. Go's goal is live + scannable*GOGC/100 (the
// live heap, stacks and globals), and at least 4 MiB*GOGC/100.
func gcPercent(live, scannable uint64) int {
	const minGoal = 4 << 20
	g := (heapFloor - min(live, heapFloor)) * 100 / max(scannable, 1)
	return int(max(100, min(g, heapFloor*100/minGoal)))
}
