package main

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

// goal is the heap goal Go derives from a GOGC: live + scannable*GOGC/100,
// and at least 4 MiB*GOGC/100.
func goal(live, scannable uint64, gogc int) uint64 {
	return max(live+scannable*uint64(gogc)/100, 4<<20*uint64(gogc)/100)
}

func TestGCPercentKeepsTheFloor(t *testing.T) {
	const mib = 1 << 20
	for _, c := range []struct{ live, scannable uint64 }{
		{0, 0}, {512 << 10, 1 * mib}, {2 * mib, 3 * mib}, {5 * mib, 6 * mib},
	} {
		g := gcPercent(c.live, c.scannable)
		assert.GreaterOrEqual(t, g, 100, "%+v", c)
		// About the floor: at least it, and not far past it.
		assert.GreaterOrEqual(t, goal(c.live, c.scannable, g), uint64(heapFloor)*9/10, "%+v: GOGC %d", c, g)
		assert.LessOrEqual(t, goal(c.live, c.scannable, g), uint64(heapFloor)*11/10, "%+v: GOGC %d", c, g)
	}
	// A live heap of half the floor or more gets Go's default.
	assert.Equal(t, 100, gcPercent(heapFloor/2, heapFloor/2+mib))
	assert.Equal(t, 100, gcPercent(64*mib, 70*mib))
}

func TestGOGCInTheEnvironmentWins(t *testing.T) {
	t.Setenv("GOGC", "77")
	prev := debug.SetGCPercent(77)
	defer debug.SetGCPercent(prev)
	tuneGC()
	assert.Equal(t, 77, debug.SetGCPercent(77), "tuneGC changed a GOGC set in the environment")
}
