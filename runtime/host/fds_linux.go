package host

import (
	"os"
	"syscall"
)

// A script's descriptors are numbered as CPython numbers them: its first
// socket is 3, the next 4, and so on (print(conn) shows fd=3). Go's runtime
// takes descriptors of its own (the network poller's epoll and eventfd)
// the first time a socket needs them, which would shift the script's.
// ReserveLowFDs makes the poller take them now, above the low numbers, by
// holding 3 up to lowFDs while it starts; the run's own long-lived
// descriptors (its wake-up eventfd) move up there too (highFD).
const lowFDs = 20

// ReserveLowFDs starts Go's network poller on descriptors at or above
// lowFDs, leaving the numbers below free for the script. Call it once,
// before any goroutine opens a descriptor.
func ReserveLowFDs() {
	null, err := syscall.Open("/dev/null", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	held := []int{null}
	for fd := null; fd < lowFDs-1; {
		if fd, err = syscall.Dup(null); err != nil {
			break
		}
		held = append(held, fd)
	}
	// A non-blocking file handed to os.NewFile starts the poller (which
	// then refuses /dev/null itself): fewer system calls than a pipe's.
	if fd, err := syscall.Open("/dev/null", syscall.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0); err == nil {
		os.NewFile(uintptr(fd), "/dev/null").Close()
	}
	closeAll(held)
}

// closeAll closes the held descriptors, with one close_range where they
// are one run of numbers (the usual case: one system call, not twenty).
func closeAll(held []int) {
	first, last := held[0], held[len(held)-1]
	if last-first == len(held)-1 {
		if _, _, errno := syscall.RawSyscall(sysCloseRange, uintptr(first), uintptr(last), 0); errno == 0 {
			return
		}
	}
	for _, fd := range held {
		syscall.Close(fd)
	}
}

// sysCloseRange is close_range(2)'s number, the same on every Linux
// architecture (Linux 5.9 and later; an older kernel says ENOSYS).
const sysCloseRange = 436

// highFD moves a descriptor the run keeps for itself out of the numbers a
// script's sockets take; it returns fd itself where it cannot.
func highFD(fd int) int {
	nfd, _, errno := syscall.RawSyscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_DUPFD_CLOEXEC, lowFDs)
	if errno != 0 {
		return fd
	}
	syscall.Close(fd)
	return int(nfd)
}
