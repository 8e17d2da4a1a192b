package simnet

import (
	"container/heap"
	"testing"
	"time"
)

// testClock is a virtual clock: a heap of events run in time order, and
// in the order they were scheduled at equal times.
type testClock struct {
	now    time.Duration
	seq    uint64
	events eventHeap
}

type event struct {
	at  time.Duration
	seq uint64
	fn  func()
}

type eventHeap []event

func (h eventHeap) Len() int { return len(h) }
func (h eventHeap) Less(i, j int) bool {
	if h[i].at != h[j].at {
		return h[i].at < h[j].at
	}
	return h[i].seq < h[j].seq
}
func (h eventHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *eventHeap) Push(x any)   { *h = append(*h, x.(event)) }
func (h *eventHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

func (c *testClock) Now() time.Duration { return c.now }

func (c *testClock) After(d time.Duration, fn func()) {
	c.seq++
	heap.Push(&c.events, event{at: c.now + max(d, 0), seq: c.seq, fn: fn})
}

// step runs the next event, if it is due by limit.
func (c *testClock) step(limit time.Duration) bool {
	if len(c.events) == 0 || c.events[0].at > limit {
		return false
	}
	e := heap.Pop(&c.events).(event)
	c.now = e.at
	e.fn()
	return true
}

// maxEvents bounds every run of the clock, so a model that keeps itself
// busy fails the test instead of hanging it.
const maxEvents = 1_000_000

// RunUntilIdle runs events until none is left.
func (c *testClock) RunUntilIdle(t testing.TB) {
	t.Helper()
	for i := 0; c.step(1 << 62); i++ {
		if i > maxEvents {
			t.Fatalf("clock: still busy after %d events", maxEvents)
		}
	}
}

// Advance runs the events due in the next d and moves the clock by d.
func (c *testClock) Advance(t testing.TB, d time.Duration) {
	t.Helper()
	limit := c.now + d
	for i := 0; c.step(limit); i++ {
		if i > maxEvents {
			t.Fatalf("clock: still busy after %d events", maxEvents)
		}
	}
	c.now = limit
}

func TestClockOrder(t *testing.T) {
	var c testClock
	var got []int
	c.After(2, func() { got = append(got, 3) })
	c.After(1, func() { got = append(got, 1) })
	c.After(1, func() {
		got = append(got, 2)
		c.After(1, func() { got = append(got, 4) })
	})
	c.RunUntilIdle(t)
	if want := []int{1, 2, 3, 4}; len(got) != 4 || got[0] != 1 || got[1] != 2 || got[2] != 3 || got[3] != 4 {
		t.Fatalf("order %v, want %v", got, want)
	}
	if c.Now() != 2 {
		t.Fatalf("now %v", c.Now())
	}
}
