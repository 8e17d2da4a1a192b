package pyselect

import (
	"slices"
	"time"

	"sockstar/runtime/host"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
	"sockstar/stdlib/socket"
)

// simEpoll is an epoll instance on a simulated network: an interest list
// asked of the network at each poll. Level-triggered registrations report
// while the descriptor is ready; an edge-triggered one (EPOLLET) when it
// has new events: ready bits it had not, or any change on the network since
// it was last reported, so an arrival is never missed (a report after an
// unrelated change is a spurious wake-up, which Linux allows too); a
// one-shot one once, until modified.
type simEpoll struct {
	order []int // registered descriptors, in the order registered
	regs  map[int]*simReg
}

type simReg struct {
	mask  uint32
	armed bool   // one-shot: not yet reported since registered or modified
	shown uint32 // edge-triggered: the events last reported
	seen  uint64 // edge-triggered: the network's version then
}

func newSimEpoll() *simEpoll { return &simEpoll{regs: map[int]*simReg{}} }

// ctl is epoll_ctl(2) on the interest list, with its errors.
func (s *simEpoll) ctl(p *host.Process, op, fd int, mask uint32) error {
	if socket.PollSim(p, fd)&POLLNVAL != 0 {
		return py.FromErrno(linux.EBADF)
	}
	// Linux's rule: EPOLLEXCLUSIVE only when adding, with few other bits.
	const exclusiveOK = EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | 1<<29 | EPOLLET | EPOLLEXCLUSIVE
	if op != linux.EPOLL_CTL_DEL && mask&EPOLLEXCLUSIVE != 0 && (op == linux.EPOLL_CTL_MOD || mask&^exclusiveOK != 0) {
		return py.FromErrno(linux.EINVAL)
	}
	r, ok := s.regs[fd]
	switch op {
	case linux.EPOLL_CTL_ADD:
		if ok {
			return py.FromErrno(linux.EEXIST)
		}
		s.regs[fd] = &simReg{mask: mask, armed: true}
		s.order = append(s.order, fd)
	case linux.EPOLL_CTL_MOD:
		if !ok {
			return py.FromErrno(linux.ENOENT)
		}
		r.mask, r.armed, r.shown = mask, true, 0
	case linux.EPOLL_CTL_DEL:
		if !ok {
			return py.FromErrno(linux.ENOENT)
		}
		delete(s.regs, fd)
		s.order = slices.DeleteFunc(s.order, func(x int) bool { return x == fd })
	}
	return nil
}

// ready fills events with what the interest list reports now, taking
// what it reports (one-shot and edge-triggered registrations); peek only
// says whether there is anything, taking nothing.
func (s *simEpoll) ready(p *host.Process, events []epollEvent, peek bool) int {
	n := 0
	version := socket.VersionSim(p)
	for _, fd := range s.order {
		if n == len(events) && !peek {
			break
		}
		r := s.regs[fd]
		rev := socket.PollSim(p, fd)
		if rev&POLLNVAL != 0 {
			continue // closed: Linux drops a closed descriptor from the list
		}
		got := uint32(uint16(rev)) & (r.mask | EPOLLERR | EPOLLHUP)
		if got&EPOLLIN != 0 && r.mask&EPOLLRDNORM != 0 {
			got |= EPOLLRDNORM
		}
		if got&EPOLLOUT != 0 && r.mask&EPOLLWRNORM != 0 {
			got |= EPOLLWRNORM
		}
		if r.mask&EPOLLET != 0 && got == 0 {
			r.shown = 0 // not ready: the next readiness is an edge
		}
		if got == 0 || (r.mask&EPOLLONESHOT != 0 && !r.armed) || (r.mask&EPOLLET != 0 && got&^r.shown == 0 && version == r.seen) {
			continue
		}
		if peek {
			return 1
		}
		if r.mask&EPOLLONESHOT != 0 {
			r.armed = false
		}
		if r.mask&EPOLLET != 0 {
			r.shown, r.seen = got, version
		}
		events[n] = epollEvent{Events: got, Fd: int32(fd)}
		n++
	}
	return n
}

// wait is Epoll.wait on a simulated network: the thread waits in the
// run's scheduler until the interest list or standard input has events.
func (s *simEpoll) wait(e *Epoll, events []epollEvent, timeout time.Duration) (int, uint32, error) {
	p := e.p
	if n := s.ready(p, events, false); n > 0 || timeout == 0 {
		return n, e.stdinEvents(), nil
	}
	if stdin := e.stdinEvents(); stdin != 0 {
		return 0, stdin, nil
	}
	var deadline time.Time
	if timeout > 0 {
		deadline = p.Now().Add(timeout)
	}
	_, err := p.SimWait(func() bool {
		return e.closed || s.ready(p, events, true) > 0 || (e.stdinReg && e.stdinMask&(EPOLLIN|EPOLLRDNORM) != 0 && p.InputPending())
	}, deadline)
	if err != nil {
		return 0, 0, err
	}
	if e.closed {
		return 0, 0, errClosedEpoll()
	}
	return s.ready(p, events, false), e.stdinEvents(), nil
}
