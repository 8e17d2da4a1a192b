package socket

import (
	"errors"
	"slices"
	"sync"
	"syscall"
	"time"

	"sockstar/runtime/linux"
)

// Path is what the network does to what a socket sends to one place, on
// the kernel's network, where the scenario's links and holds are made at
// the socket layer (Faults.Path).
type Path struct {
	// Delay is how long n bytes sent now take to arrive (a link's delay,
	// jitter and rate), or nil for at once.
	Delay func(n int) time.Duration
	// Held, if set, reports whether the path holds what is sent (a
	// partition or a hold), and a channel closed when that may change.
	Held func() (bool, <-chan struct{})
	// Handshake, if set, reports whether a connect's handshake over the
	// path is held (a hold either way), and a channel closed when that may
	// change.
	Handshake func() (bool, <-chan struct{})
}

// handshakeHeld waits while a hold keeps a connect's handshake from
// crossing its path, as long as the socket's timeout allows: across a
// hold a connect completes at the release. A non-blocking connect is not
// held.
func (s *Socket) handshakeHeld(f *Faults, sa syscall.Sockaddr) error {
	if f.Path == nil || s.sim || s.timeout == 0 || s.stype != linux.SOCK_STREAM {
		return nil
	}
	p := f.Path(sa)
	if p == nil || p.Handshake == nil {
		return nil
	}
	var timer <-chan time.Time
	if deadline := s.deadline(); !deadline.IsZero() {
		t := time.NewTimer(time.Until(deadline))
		defer t.Stop()
		timer = t.C
	}
	ctx := s.p.Context()
	for {
		held, changed := p.Handshake()
		if !held {
			return nil
		}
		if err := s.p.Unlocked(func() error {
			select {
			case <-changed:
				return nil
			case <-timer:
				return s.mapErr(linux.EAGAIN) // TimeoutError: timed out
			case <-ctx.Done():
				return s.p.Cause()
			case <-f.Done:
				return s.mapErr(linux.ETIMEDOUT)
			}
		}); err != nil {
			return err
		}
	}
}

// maxQueued bounds the bytes a socket's path holds: past it a send waits
// for room, as one waits on a full send buffer.
const maxQueued = 1 << 20

// delayQueue carries what a socket sends over a Path: the send returns at
// once, as on a real link, and a writer of its own hands the bytes to the
// kernel when they are due, in order for a stream. It writes through a
// descriptor of its own (a dup), so the kernel's socket lives, and its
// FIN waits, until everything sent before the close has been written.
type delayQueue struct {
	path   *Path
	ns     netStack
	stream bool
	done   <-chan struct{} // closed at the run's end: what is left is dropped

	mu      sync.Mutex
	fd      int // the dup; -1 once closed
	q       []queued
	bytes   int
	last    time.Time     // a stream's last due time: bytes never overtake
	wake    chan struct{} // signalled when q changes
	room    chan struct{} // signalled when bytes fall
	closing bool          // the script closed its socket: close fd after q
	shutWR  bool          // the script shut its sending side
	running bool
}

// queued is a send waiting to be written: data (to, for a datagram), or a
// shutdown (how >= 0).
type queued struct {
	due  time.Time
	data []byte
	to   syscall.Sockaddr
	how  int // -1: data; -2: the close; else a shutdown's
	path *Path
}

// pathOf is the socket's delay queue and the path of a send to to (nil:
// the socket's peer), the queue made on the first send over a Path; nil if
// the send goes straight to the kernel.
func (s *Socket) pathOf(f *Faults, to syscall.Sockaddr) (*delayQueue, *Path) {
	if f.Path == nil || s.sim {
		return nil, nil
	}
	stream := s.stype == linux.SOCK_STREAM
	s.mu.Lock()
	dq, fd, none := s.dq, s.fd, s.noPath
	s.mu.Unlock()
	if stream && (dq != nil || none) {
		return dq, dq.pathOrNil()
	}
	if fd < 0 {
		return nil, nil
	}
	if to == nil {
		var err error
		if to, err = s.ns.Getpeername(fd); err != nil {
			return nil, nil // not connected yet: the send fails as it would
		}
	}
	p := f.Path(to)
	if p == nil {
		if stream {
			s.mu.Lock()
			s.noPath = true // a connection's peer does not change
			s.mu.Unlock()
		}
		return nil, nil
	}
	if dq != nil {
		return dq, p // a datagram socket's queue, shared by its destinations
	}
	dup, err := dupFD(fd)
	if err != nil {
		return nil, nil
	}
	dq = &delayQueue{path: p, ns: s.ns, stream: stream, done: f.Done, fd: dup,
		wake: make(chan struct{}, 1), room: make(chan struct{}, 1)}
	s.mu.Lock()
	s.dq = dq
	s.mu.Unlock()
	if s.own != nil {
		s.own.mu.Lock()
		s.own.dq = dq
		s.own.mu.Unlock()
	}
	return dq, p
}

func (dq *delayQueue) pathOrNil() *Path {
	if dq == nil {
		return nil
	}
	return dq.path
}

// errDirect says a send must go to the kernel after all: the connection
// has failed or ended, and the kernel's send reports how.
var errDirect = errors.New("send directly")

// put queues b (to, for a datagram) over path p and reports how many
// bytes it took; it waits for room until deadline (the zero time: as long
// as it takes; none at all for a non-blocking socket).
func (dq *delayQueue) put(s *Socket, p *Path, b []byte, flags int, to syscall.Sockaddr, deadline time.Time) (int, error) {
	for {
		dq.mu.Lock()
		if dq.fd < 0 {
			dq.mu.Unlock()
			return 0, errDirect
		}
		if dq.stream {
			if dq.shutWR {
				dq.mu.Unlock()
				return 0, linux.EPIPE
			}
			if dq.ns.Poll(dq.fd)&(linux.POLLERR|linux.POLLHUP) != 0 {
				dq.mu.Unlock()
				return 0, errDirect
			}
		}
		if dq.bytes < maxQueued {
			break
		}
		dq.mu.Unlock()
		if s.timeout == 0 || flags&linux.MSG_DONTWAIT != 0 {
			return 0, linux.EAGAIN
		}
		if err := dq.waitRoom(s, deadline); err != nil {
			return 0, err
		}
	}
	defer dq.mu.Unlock()
	n := min(len(b), maxQueued-dq.bytes)
	if !dq.stream {
		n = len(b) // a datagram goes whole
	}
	dq.add(queued{data: slices.Clone(b[:n]), to: to, how: -1, path: p}, n)
	return n, nil
}

// shutdown queues a stream's shutdown behind what was sent before it.
func (dq *delayQueue) shutdown(how int) {
	dq.mu.Lock()
	defer dq.mu.Unlock()
	if dq.fd >= 0 {
		dq.shutWR = true
		dq.add(queued{how: how, path: dq.path}, 0)
	}
}

// add queues e, due after the path's delay; the caller holds mu.
func (dq *delayQueue) add(e queued, n int) {
	now := time.Now()
	e.due = now
	if e.path.Delay != nil {
		e.due = now.Add(e.path.Delay(n))
	}
	if dq.stream {
		// TCP delivers in order: nothing arrives before what was sent before it.
		if e.due.Before(dq.last) {
			e.due = dq.last
		}
		dq.last = e.due
		dq.q = append(dq.q, e)
	} else {
		// Datagrams each take their own time: jitter may reorder them.
		i, _ := slices.BinarySearchFunc(dq.q, e.due, func(x queued, t time.Time) int {
			if x.due.After(t) {
				return 1
			}
			return -1
		})
		dq.q = slices.Insert(dq.q, i, e)
	}
	dq.bytes += n
	if !dq.running {
		dq.running = true
		go dq.write()
	}
	signal(dq.wake)
}

// close is the script's close: the queue's descriptor is closed once what
// was sent before is written, so the peer sees the end after the data.
func (dq *delayQueue) close() {
	dq.mu.Lock()
	defer dq.mu.Unlock()
	if dq.fd < 0 || dq.closing {
		return
	}
	dq.closing = true
	if dq.stream {
		dq.add(queued{how: -2, path: dq.path}, 0) // the close, itself carried over the path
		return
	}
	if len(dq.q) == 0 && !dq.running {
		dq.ns.Close(dq.fd)
		dq.fd = -1
	}
}

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// waitRoom waits, without the interpreter lock, until the queue has room.
func (dq *delayQueue) waitRoom(s *Socket, deadline time.Time) error {
	var timer <-chan time.Time
	if !deadline.IsZero() {
		t := time.NewTimer(time.Until(deadline))
		defer t.Stop()
		timer = t.C
	}
	ctx := s.p.Context()
	return s.p.Unlocked(func() error {
		select {
		case <-dq.room:
			return nil
		case <-timer:
			return linux.EAGAIN
		case <-ctx.Done():
			return s.p.Cause()
		case <-dq.done:
			return linux.EPIPE
		}
	})
}

// write is the queue's writer: each send when it is due and its path is
// not held, then the close; at the run's end, or once the connection has
// failed, what is left is dropped.
func (dq *delayQueue) write() {
	for {
		dq.mu.Lock()
		if len(dq.q) == 0 {
			if dq.closing || dq.fd < 0 {
				dq.finish()
				dq.mu.Unlock()
				return
			}
			dq.mu.Unlock()
			select {
			case <-dq.wake:
				continue
			case <-dq.done:
				dq.mu.Lock()
				dq.finish()
				dq.mu.Unlock()
				return
			}
		}
		e := dq.q[0]
		dq.mu.Unlock()
		if !dq.wait(e) {
			return
		}
		ok := dq.deliver(e)
		dq.mu.Lock()
		// A datagram due sooner may have come meanwhile: remove e itself.
		if i := slices.IndexFunc(dq.q, func(x queued) bool { return sameQueued(x, e) }); i >= 0 {
			dq.q = slices.Delete(dq.q, i, i+1)
		}
		dq.bytes -= len(e.data)
		signal(dq.room)
		if !ok || e.how == -2 {
			dq.q = nil
			dq.finish()
			dq.mu.Unlock()
			return
		}
		dq.mu.Unlock()
	}
}

func sameQueued(x, e queued) bool {
	return x.due.Equal(e.due) && x.how == e.how && len(x.data) == len(e.data) && (len(x.data) == 0 || &x.data[0] == &e.data[0])
}

// finish closes the queue's descriptor; the caller holds mu.
func (dq *delayQueue) finish() {
	if dq.fd >= 0 {
		dq.ns.Close(dq.fd)
		dq.fd = -1
	}
	dq.running = false
	signal(dq.room)
}

// wait waits until due and until the path is not held; false at the
// run's end (the queue is then finished).
func (dq *delayQueue) wait(e queued) bool {
	for {
		if d := time.Until(e.due); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-dq.done:
				t.Stop()
				dq.mu.Lock()
				dq.finish()
				dq.mu.Unlock()
				return false
			}
		}
		if e.path.Held == nil {
			return true
		}
		held, changed := e.path.Held()
		if !held {
			return true
		}
		select {
		case <-changed:
		case <-dq.done:
			dq.mu.Lock()
			dq.finish()
			dq.mu.Unlock()
			return false
		}
	}
}

// deliver hands e to the kernel, waiting while its buffer is full; false
// once the connection has failed (a reset), whose error is left for the
// script's next call, or at the run's end.
func (dq *delayQueue) deliver(e queued) bool {
	dq.mu.Lock()
	fd := dq.fd
	dq.mu.Unlock()
	if fd < 0 {
		return false
	}
	if dq.stream && dq.ns.Poll(fd)&linux.POLLERR != 0 {
		return false // reset: the error is the script's to see
	}
	switch {
	case e.how == -2:
		return true // the close: finish closes the descriptor
	case e.how >= 0:
		dq.ns.Shutdown(fd, e.how)
		return true
	case !dq.stream:
		dq.ns.Sendto(fd, e.data, sendFlags, e.to) // a datagram's fate is the network's
		return true
	}
	b := e.data
	for len(b) > 0 {
		n, err := dq.ns.Send(fd, b, sendFlags)
		switch {
		case err == nil:
			b = b[n:]
		case err == linux.EAGAIN:
			for !pollWrite(fd, 100*time.Millisecond) {
				select {
				case <-dq.done:
					return false
				default:
				}
			}
		default:
			return false
		}
	}
	return true
}
