package host

import (
	"syscall"
	"time"
	"unsafe"
)

// WaitFD blocks in ppoll(2), with the interpreter lock released, until fd
// can be read (or written), the deadline passes (a zero deadline never
// does) or the run is cancelled, which it reports as the run's cause. The
// thread sleeps in the kernel and is woken by it, as CPython's blocking
// calls are: no poller registration, no goroutine hand-off.
func (p *Process) WaitFD(fd int, write bool, deadline time.Time) (ready bool, err error) {
	wake, err := p.wakeFD()
	if err != nil {
		return false, err
	}
	p.waitMu.RLock()
	defer p.waitMu.RUnlock()
	if p.Cancelled() {
		return false, p.Cause()
	}
	me := p.holder
	if err := p.TakeInterruptFor(me); err != nil {
		return false, err
	}
	events := int16(PollIn)
	if write {
		events = PollOut
	}
	fds := [2]PollFD{{Fd: int32(fd), Events: events}, {Fd: int32(wake), Events: PollIn}}
	p.Release()
	defer p.Reacquire(me)
	for {
		var ts *syscall.Timespec
		if !deadline.IsZero() {
			left := max(time.Until(deadline), 0)
			t := syscall.NsecToTimespec(int64(left))
			ts = &t
		}
		n, errno := Ppoll(fds[:], ts)
		switch {
		case errno == syscall.EINTR:
			continue
		case errno != 0:
			return false, errno
		case p.Cancelled():
			return false, p.Cause()
		case fds[1].Revents != 0:
			if _, err := p.TakeSignal(me, false); err != nil {
				return false, err
			}
			continue // a handler ran, or another wait took the signal
		case n == 0:
			return false, nil
		}
		// Errors and hang-ups count as ready: the call that follows reports them.
		return true, nil
	}
}

// Ppoll is ppoll(2) on fds: it waits until one is ready or the timeout
// passes (nil: no timeout; zero: it does not wait), and reports how many
// are ready. A thread blocked in it sleeps in the kernel, so it is made as
// a system call the scheduler knows about.
func Ppoll(fds []PollFD, timeout *syscall.Timespec) (int, syscall.Errno) {
	var p unsafe.Pointer
	if len(fds) > 0 {
		p = unsafe.Pointer(&fds[0])
	}
	n, _, errno := syscall.Syscall6(syscall.SYS_PPOLL, uintptr(p), uintptr(len(fds)), uintptr(unsafe.Pointer(timeout)), 0, 0, 0)
	return int(n), errno
}

// wakeFD is the run's eventfd, readable once the run is cancelled; made on
// first use.
func (p *Process) wakeFD() (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.wakeClosed {
		return -1, syscall.EBADF // the run has ended
	}
	if !p.wakeMade {
		fd, _, errno := syscall.RawSyscall(syscall.SYS_EVENTFD2, 0, syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if errno != 0 {
			return -1, errno
		}
		p.wake, p.wakeMade = highFD(int(fd)), true
		if p.cancelled.Load() {
			signalFD(p.wake)
		}
	}
	return p.wake, nil
}

// signalFD makes an eventfd readable.
func signalFD(fd int) {
	one := uint64(1)
	syscall.Write(fd, (*[8]byte)(unsafe.Pointer(&one))[:])
}

// closeWake closes the eventfd once no call waits on it.
func (p *Process) closeWake() {
	p.waitMu.Lock()
	defer p.waitMu.Unlock()
	p.mu.Lock()
	made := p.wakeMade && !p.wakeClosed
	p.wakeClosed = true
	p.mu.Unlock()
	if made {
		syscall.Close(p.wake)
	}
}

// drainWake reads the eventfd, so that it is readable again only on the
// next signal.
func drainWake(fd int) {
	var buf [8]byte
	syscall.Read(fd, buf[:])
}
