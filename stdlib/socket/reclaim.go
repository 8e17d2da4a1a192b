package socket

import (
	goruntime "runtime"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"sockstar/runtime/host"
	"sockstar/runtime/linux"
)

// A socket the script can no longer reach is closed, as CPython closes
// one whose last reference goes: its peer sees the end of the stream, and
// a script that never closes its sockets does not run out of descriptors.
// The run tracks each socket through a handle that holds it weakly; when
// the collector finds the socket unreachable, its cleanup closes the
// descriptor (unless an os.File owns it by then, whose own cleanup does).

// owner is the descriptor's state shared by a socket and its cleanup,
// which must not refer to the socket itself.
type owner struct {
	mu     sync.Mutex
	fd     int
	ns     netStack    // the network the descriptor is on
	closed bool        // closed by the socket's Close or by the cleanup
	file   bool        // an os.File owns the descriptor: it closes it when collected
	dq     *delayQueue // the socket's queue over a scenario's path, if any
}

// handle is what the run tracks for a socket: interrupted on cancel,
// closed at the run's end, forgotten once the socket is closed.
type handle struct {
	p   *host.Process
	s   weak.Pointer[Socket]
	own *owner
}

func (h *handle) Interrupt() {
	if s := h.s.Value(); s != nil {
		s.Interrupt()
	}
}

func (h *handle) Close() error {
	if s := h.s.Value(); s != nil {
		return s.Close()
	}
	h.collected()
	return nil
}

// collected closes the descriptor of a socket that is gone.
func (h *handle) collected() {
	h.own.mu.Lock()
	dq := h.own.dq
	if !h.own.closed {
		h.own.closed = true
		if !h.own.file {
			h.own.ns.Close(h.own.fd)
		}
		reclaimed.Add(1)
	}
	h.own.mu.Unlock()
	if dq != nil {
		dq.close() // its FIN goes once what the socket sent has
	}
	h.p.Untrack(h)
}

// reclaimed counts the sockets closed by their cleanup, process-wide, so
// that a run short of descriptors can tell when the cleanups have run.
var reclaimed atomic.Int64

// track registers a new socket with its run and arranges its cleanup.
func track(p *host.Process, s *Socket) bool {
	s.own = &owner{fd: s.fd, ns: s.ns}
	h := &handle{p: p, s: weak.Make(s), own: s.own}
	if !p.Track(h) {
		return false
	}
	s.handle = h
	if !s.sim {
		// A simulated socket closes in the run's order: at its close() or the run's end.
		goruntime.AddCleanup(s, (*handle).collected, h)
		p.WatchIdle()
	}
	return true
}

// isFull reports an errno of a process or system out of descriptors.
func isFull(err error) bool { return err == linux.EMFILE || err == linux.ENFILE }

// reclaim collects garbage and gives the cleanups of unreachable sockets
// a moment to run, before a call that ran out of descriptors tries again.
func reclaim() {
	before := reclaimed.Load()
	goruntime.GC()
	// Cleanups run on goroutines of their own after the collection: wait
	// for the first to close something, for at most reclaimWait.
	deadline := time.Now().Add(reclaimWait)
	for reclaimed.Load() == before && time.Now().Before(deadline) {
		time.Sleep(50 * time.Microsecond)
	}
}

// reclaimWait bounds the wait for cleanups when none may come (every
// socket still in use): the call then fails with EMFILE, as CPython's.
const reclaimWait = 20 * time.Millisecond
