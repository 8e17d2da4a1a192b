package pyselect

import (
	"time"

	"sockstar/runtime/host"
	"sockstar/runtime/linux"
	"sockstar/stdlib/socket"
)

// The poll(2) event bits, Linux's on every platform; epoll's bits have the
// same values.
const (
	POLLIN     = linux.POLLIN
	POLLPRI    = linux.POLLPRI
	POLLOUT    = linux.POLLOUT
	POLLERR    = linux.POLLERR
	POLLHUP    = linux.POLLHUP
	POLLNVAL   = linux.POLLNVAL
	POLLRDNORM = linux.POLLRDNORM
	POLLRDBAND = linux.POLLRDBAND
	POLLWRNORM = linux.POLLWRNORM
	POLLWRBAND = linux.POLLWRBAND
	POLLMSG    = linux.POLLMSG
	POLLRDHUP  = linux.POLLRDHUP
)

// StdinFD is the descriptor number a script's standard input has. Waits on it
// watch the line reader sockstar reads sys.stdin through, not the kernel's
// descriptor 0: a line is "readable" once the reader has it (or input ended).
const StdinFD = 0

// FD is one descriptor to wait for: Events is what is wanted (poll bits),
// Revents what Wait found.
type FD struct {
	Fd      int
	Events  int16
	Revents int16
}

// check asks the network, without waiting, which descriptors are ready,
// and the run's line reader about stdin. It returns how many entries are ready.
func check(p *host.Process, fds []FD) int {
	if p.Sim() != nil {
		return checkSim(p, fds)
	}
	return checkKernel(p, fds)
}

// Wait blocks until one of fds is ready, timeout passes (< 0: never) or the
// run is cancelled (its cause is returned), and sets each entry's Revents.
// Call it holding the interpreter lock; it lets go of it while it waits.
func Wait(p *host.Process, fds []FD, timeout time.Duration) (int, error) {
	if p.Cancelled() {
		return 0, p.Cause()
	}
	if n := check(p, fds); n > 0 || timeout == 0 {
		return n, nil
	}
	var deadline time.Time
	if timeout > 0 {
		deadline = p.Now().Add(timeout)
	}
	if p.Sim() != nil {
		n := 0
		_, err := p.SimWait(func() bool { n = check(p, fds); return n > 0 }, deadline)
		return n, err
	}
	return waitKernel(p, fds, deadline)
}

func wantsStdin(fds []FD) bool {
	for _, f := range fds {
		if f.Fd == StdinFD && f.Events&(POLLIN|POLLRDNORM) != 0 {
			return true
		}
	}
	return false
}

// checkSim is check on a simulated network: each descriptor's readiness
// as the network reports it, as poll(2) would (errors and hang-ups always).
func checkSim(p *host.Process, fds []FD) int {
	n := 0
	for i := range fds {
		f := &fds[i]
		if f.Fd == StdinFD {
			f.Revents = 0
			if p.InputPending() {
				f.Revents = f.Events & (POLLIN | POLLRDNORM)
			}
		} else {
			r := socket.PollSim(p, f.Fd)
			if r&(POLLIN) != 0 {
				r |= POLLRDNORM
			}
			if r&POLLOUT != 0 {
				r |= POLLWRNORM
			}
			f.Revents = r & (f.Events | POLLERR | POLLHUP | POLLNVAL)
		}
		if f.Revents != 0 {
			n++
		}
	}
	return n
}
