package socket

import (
	goruntime "runtime"
	"sync"
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
	}
	h.own.mu.Unlock()
	if dq != nil {
		dq.close() // its FIN goes once what the socket sent has
	}
	h.p.Untrack(h)
}

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

// reclaim collects garbage and closes, there and then, the sockets of p
// the collection found unreachable, before a call that ran out of
// descriptors tries again: their cleanups run later, on goroutines of
// their own, which a loaded machine may not schedule in time.
func reclaim(p *host.Process) {
	goruntime.GC()
	for _, r := range p.Resources() {
		if h, ok := r.(*handle); ok && h.s.Value() == nil {
			h.collected()
		}
	}
}
