package pyselect

import (
	"errors"
	"os"
	"syscall"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
	"sockstar/stdlib/socket"
)

// epollEvent is struct epoll_event, as the kernel's epoll_wait fills it.
type epollEvent = syscall.EpollEvent

// newKernelEpoll is a kernel epoll instance, registered with Go's poller.
func newKernelEpoll(p *host.Process) (starlark.Value, error) {
	fd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return nil, py.FromErrno(err.(syscall.Errno))
	}
	if err := syscall.SetNonblock(fd, true); err != nil {
		syscall.Close(fd)
		return nil, py.FromErrno(err.(syscall.Errno))
	}
	e := &Epoll{p: p, fd: fd, f: os.NewFile(uintptr(fd), "epoll")}
	if !p.Track(e) {
		e.f.Close()
		return nil, p.Cause()
	}
	return e, nil
}

// kernelCtl is epoll_ctl(2).
func (e *Epoll) kernelCtl(op, fd int, mask uint32) error {
	ev := epollEvent{Events: mask, Fd: int32(fd)}
	if err := syscall.EpollCtl(e.fd, op, fd, &ev); err != nil {
		return py.FromErrno(err.(syscall.Errno))
	}
	return nil
}

// take reads the ready events without waiting.
func (e *Epoll) take(events []syscall.EpollEvent) (int, error) {
	for {
		n, err := syscall.EpollWait(e.fd, events, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, py.FromErrno(err.(syscall.Errno))
		}
		return n, nil
	}
}

// kernelWait is wait on a kernel epoll instance.
func (e *Epoll) kernelWait(events []epollEvent, timeout time.Duration) (int, uint32, error) {
	p := e.p
	n, err := e.take(events)
	if err != nil {
		return 0, 0, err
	}
	if stdin := e.stdinEvents(); n > 0 || stdin != 0 || timeout == 0 {
		return n, stdin, nil
	}
	var deadline time.Time
	if timeout > 0 {
		deadline = p.Now().Add(timeout)
	}
	rc, err := e.f.SyscallConn()
	if err != nil {
		return 0, 0, py.Errorf(py.OSError, "%v", err)
	}
	// A line of stdin wakes the wait as a cancel does, by a deadline in
	// the past; the loop then finds it pending.
	if e.stdinReg && e.stdinMask&(EPOLLIN|EPOLLRDNORM) != 0 {
		stop, done := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(done)
			if ok, _ := p.WaitInput(stop); ok {
				e.Interrupt()
			}
		}()
		defer func() {
			close(stop)
			<-done
		}()
	}
	// A runner is told the wait found nothing ready, as for a socket call;
	// its probe asks the kernel whether the epoll descriptor is readable,
	// which takes no event.
	waiting := socket.HooksOf(p).Waiting
	probe := socket.ProbeFunc(func() bool {
		fds := []host.PollFD{{Fd: int32(e.fd), Events: POLLIN}}
		var ts syscall.Timespec
		n, _ := host.Ppoll(fds, &ts)
		return n > 0 || p.InputPending() && e.stdinReg
	})
	for {
		e.f.SetReadDeadline(deadline)
		// A cancel or a line of input before this point is seen here; one
		// after it moves the deadline into the past.
		if p.Cancelled() {
			return 0, 0, p.Cause()
		}
		if stdin := e.stdinEvents(); stdin != 0 {
			if len(events) == 1 {
				return 0, stdin, nil
			}
			n, err := e.take(events[:len(events)-1])
			return n, stdin, err
		}
		var got int
		var werr error
		err := p.Unlocked(func() error {
			if waiting != nil {
				if resumed := waiting(probe); resumed != nil {
					defer resumed()
				}
			}
			return rc.Read(func(fd uintptr) bool {
				got, werr = syscall.EpollWait(int(fd), events, 0)
				if werr == syscall.EINTR {
					got, werr = 0, nil
				}
				return got > 0 || werr != nil
			})
		})
		if p.Cancelled() {
			return 0, 0, p.Cause()
		}
		if werr != nil {
			return 0, 0, py.FromErrno(werr.(syscall.Errno))
		}
		if got > 0 {
			return got, e.stdinEvents(), nil
		}
		if e.closed {
			return 0, 0, errClosedEpoll()
		}
		if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
			return 0, 0, py.Errorf(py.OSError, "%v", err)
		}
		if !deadline.IsZero() && !time.Now().Before(deadline) {
			return 0, 0, nil
		}
	}
}
