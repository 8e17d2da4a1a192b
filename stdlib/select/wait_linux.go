package pyselect

import (
	"errors"
	"os"
	"syscall"
	"time"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
	"sockstar/stdlib/socket"
)

// checkKernel is check on the kernel's network: ppoll(2) without waiting.
func checkKernel(p *host.Process, fds []FD) int {
	pfds := make([]host.PollFD, 0, len(fds))
	for _, f := range fds {
		fd := int32(f.Fd)
		if f.Fd == StdinFD {
			fd = -1 // ppoll skips negative entries
		}
		pfds = append(pfds, host.PollFD{Fd: fd, Events: f.Events})
	}
	if len(pfds) > 0 {
		var ts syscall.Timespec
		for {
			if _, errno := host.Ppoll(pfds, &ts); errno != syscall.EINTR {
				break
			}
		}
	}
	n := 0
	stdinReady := false
	for i := range fds {
		fds[i].Revents = pfds[i].Revents
		if fds[i].Fd == StdinFD {
			if !stdinReady {
				stdinReady = p.InputPending()
			}
			fds[i].Revents = 0
			if stdinReady {
				fds[i].Revents = fds[i].Events & (POLLIN | POLLRDNORM)
			}
		}
		if fds[i].Revents != 0 {
			n++
		}
	}
	return n
}

// waiter is an epoll instance a blocked wait sleeps on, registered with Go's
// network poller so the wait parks a goroutine, not a thread.
type waiter struct {
	f *os.File
}

// Interrupt ends the wait: the run is cancelled.
func (w *waiter) Interrupt() { w.f.SetReadDeadline(time.Unix(1, 0)) }

// Close releases the epoll descriptor; os.File makes a second call harmless.
func (w *waiter) Close() error { return w.f.Close() }

// newWaiter makes an epoll instance watching the kernel descriptors of fds,
// level-triggered; it returns the errno of a descriptor it could not add.
func newWaiter(fds []FD) (*waiter, error) {
	epfd, err := syscall.EpollCreate1(syscall.EPOLL_CLOEXEC)
	if err != nil {
		return nil, py.FromErrno(err.(syscall.Errno))
	}
	want := map[int]uint32{}
	order := []int{}
	for _, f := range fds {
		if f.Fd == StdinFD {
			continue
		}
		if _, ok := want[f.Fd]; !ok {
			order = append(order, f.Fd)
		}
		want[f.Fd] |= uint32(uint16(f.Events))
	}
	for _, fd := range order {
		ev := syscall.EpollEvent{Events: want[fd], Fd: int32(fd)}
		if err := syscall.EpollCtl(epfd, syscall.EPOLL_CTL_ADD, fd, &ev); err != nil {
			syscall.Close(epfd)
			return nil, err
		}
	}
	if err := syscall.SetNonblock(epfd, true); err != nil {
		syscall.Close(epfd)
		return nil, py.FromErrno(err.(syscall.Errno))
	}
	return &waiter{f: os.NewFile(uintptr(epfd), "epoll")}, nil
}

// waitKernel is Wait on the kernel's network: an epoll instance of the
// descriptors, registered with Go's poller.
func waitKernel(p *host.Process, fds []FD, deadline time.Time) (int, error) {
	w, err := newWaiter(fds)
	if err != nil {
		// A descriptor closed or unpollable since check: poll once more
		// and let the kernel's answer (POLLNVAL, always ready) stand.
		if n := check(p, fds); n > 0 {
			return n, nil
		}
		var errno syscall.Errno
		if errors.As(err, &errno) {
			return 0, py.FromErrno(errno)
		}
		return 0, err
	}
	if !p.Track(w) {
		w.Close()
		return 0, p.Cause()
	}
	defer func() {
		p.Untrack(w)
		w.Close()
	}()
	rc, err := w.f.SyscallConn()
	if err != nil {
		return 0, py.Errorf(py.OSError, "%v", err)
	}
	// A line of stdin wakes the wait the way a cancel does: by a deadline
	// in the past; the loop below then finds it pending.
	if wantsStdin(fds) {
		stop, done := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(done)
			if ok, _ := p.WaitInput(stop); ok {
				w.Interrupt()
			}
		}()
		defer func() {
			close(stop)
			<-done
		}()
	}
	// A runner (a scenario) is told the wait found nothing ready, as a
	// socket call's is, so it can stop a daemon that has nothing left to do;
	// its probe re-checks a copy of fds, which it may call from any goroutine.
	waiting := socket.HooksOf(p).Waiting
	var probe socket.ProbeFunc
	if waiting != nil {
		snapshot := append([]FD(nil), fds...)
		probe = func() bool { return check(p, append([]FD(nil), snapshot...)) > 0 }
	}
	// A Ctrl-C for the main thread wakes the wait as a cancel does.
	me := p.Holder()
	intr, stopIntr, intrDone := p.InterruptedFor(me), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(intrDone)
		select {
		case <-intr:
			w.Interrupt()
		case <-stopIntr:
		}
	}()
	defer func() {
		close(stopIntr)
		<-intrDone
	}()
	events := make([]syscall.EpollEvent, 1)
	for {
		w.f.SetReadDeadline(deadline)
		// A cancel before this point is seen here; one after it moves the
		// deadline into the past.
		if p.Cancelled() {
			return 0, p.Cause()
		}
		if err := p.TakeInterruptFor(me); err != nil {
			return 0, err
		}
		if n := check(p, fds); n > 0 {
			return n, nil
		}
		err := p.Unlocked(func() error {
			if waiting != nil {
				if resumed := waiting(probe); resumed != nil {
					defer resumed()
				}
			}
			return rc.Read(func(fd uintptr) bool {
				n, err := syscall.EpollWait(int(fd), events, 0)
				return n > 0 || (err != nil && err != syscall.EINTR)
			})
		})
		if p.Cancelled() {
			return 0, p.Cause()
		}
		if n := check(p, fds); n > 0 {
			return n, nil
		}
		if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
			return 0, py.Errorf(py.OSError, "%v", err)
		}
		if !deadline.IsZero() && !time.Now().Before(deadline) {
			return 0, nil
		}
	}
}
