package host

import (
	goruntime "runtime"
	"sync"
	"sync/atomic"
	"time"
)

// A socket the script can no longer reach is closed by a cleanup that runs
// after the collection that finds it unreachable (stdlib/socket); a run
// that only waits allocates nothing, so no collection would come. CPython
// closes such a socket when its last reference goes, most often when the
// thread that served it ends: so a script thread's end asks for a
// collection at once. The collector is the process's, as the heap is: a
// goroutine that collects while collections are asked for, and owes a
// rest of collectionRate times each collection's length, of which it may
// leave collectionBurst unpaid, so that a few threads ending together are
// served at once, and threads ending without pause keep it collecting a
// twentieth of the time.
var collector struct {
	mu      sync.Mutex
	running bool // a goroutine runs collectLoop
	pending bool // a collection was asked for since the last one began
	owed    time.Duration
	last    time.Time // when the last collection ended
}

const (
	collectionRate  = 20
	collectionBurst = 100 * time.Millisecond
)

// collectSoon asks for a collection; one asked for while another runs or
// the collector rests comes after it.
func collectSoon() {
	c := &collector
	c.mu.Lock()
	c.pending = true
	if !c.running {
		c.running = true
		go collectLoop()
	}
	c.mu.Unlock()
}

func collectLoop() {
	c := &collector
	for {
		c.mu.Lock()
		if !c.pending {
			c.running = false
			c.mu.Unlock()
			return
		}
		c.pending = false
		owed := max(0, c.owed-time.Since(c.last))
		c.mu.Unlock()
		if owed > collectionBurst {
			time.Sleep(owed - collectionBurst)
			owed = collectionBurst
		}
		start := time.Now()
		goruntime.GC()
		end := time.Now()
		c.mu.Lock()
		c.owed, c.last = owed+collectionRate*end.Sub(start), end
		c.mu.Unlock()
	}
}

// A socket dropped by a thread that goes on (conn = None, then a wait for
// its peer) is closed once every run of the process has stood still for
// an idleTick or two: a collection costs nothing then, and may be what
// the wait waits for. activity counts the interpreter lock taken back
// after a wait and every switchSteps steps; the watch collects once per
// stretch in which it has not moved, and runs while a run that tracks
// such sockets does.
var (
	activity atomic.Uint64
	idle     struct {
		mu       sync.Mutex
		runs     int // runs that called WatchIdle and are not closed
		watching bool
	}
)

const idleTick = 100 * time.Millisecond

// WatchIdle has the watch run for p until p is closed: a run that tracks
// a socket the collector may close calls it.
func (p *Process) WatchIdle() {
	if p.idleWatched.Swap(true) {
		return
	}
	idle.mu.Lock()
	idle.runs++
	if !idle.watching {
		idle.watching = true
		go idleLoop()
	}
	idle.mu.Unlock()
}

// unwatchIdle is p's end: the watch stops with the last run it watched for.
func (p *Process) unwatchIdle() {
	if p.idleWatched.Load() {
		idle.mu.Lock()
		idle.runs--
		idle.mu.Unlock()
	}
}

func idleLoop() {
	tick := time.NewTicker(idleTick)
	defer tick.Stop()
	seen, collected := activity.Load(), ^uint64(0)
	for range tick.C {
		idle.mu.Lock()
		if idle.runs == 0 {
			idle.watching = false
			idle.mu.Unlock()
			return
		}
		idle.mu.Unlock()
		a := activity.Load()
		if a == seen && a != collected {
			collectSoon()
			collected = a
		}
		seen = a
	}
}
