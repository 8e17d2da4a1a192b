package simnet

import (
	"fmt"
	"os"
	"syscall"
	"time"
	"unsafe"

	"sockstar/runtime/linux"
)

func init() { kernel = kernelAPI{} }

// kernelAPI is the real kernel, every socket non-blocking.
type kernelAPI struct{}

const nb = linux.SOCK_NONBLOCK | linux.SOCK_CLOEXEC

func (kernelAPI) Socket(family, typ, proto int) (int, error) {
	return syscall.Socket(family, typ|nb, proto)
}

func (kernelAPI) Socketpair(family, typ, proto int) ([2]int, error) {
	return syscall.Socketpair(family, typ|nb, proto)
}

func (kernelAPI) Close(fd int) error                     { return syscall.Close(fd) }
func (kernelAPI) Bind(fd int, sa syscall.Sockaddr) error { return syscall.Bind(fd, sa) }
func (kernelAPI) Listen(fd, backlog int) error           { return syscall.Listen(fd, backlog) }
func (kernelAPI) Accept(fd int) (int, syscall.Sockaddr, error) {
	return syscall.Accept4(fd, nb)
}

func (kernelAPI) Connect(fd int, sa syscall.Sockaddr) error {
	if sa == nil {
		// AF_UNSPEC, which syscall cannot spell.
		var raw syscall.RawSockaddrAny
		_, _, e := syscall.Syscall(syscall.SYS_CONNECT, uintptr(fd), uintptr(unsafe.Pointer(&raw)), unsafe.Sizeof(raw))
		if e != 0 {
			return e
		}
		return nil
	}
	return syscall.Connect(fd, sa)
}

func (kernelAPI) Recvfrom(fd int, p []byte, flags int) (int, syscall.Sockaddr, error) {
	return syscall.Recvfrom(fd, p, flags)
}

func (kernelAPI) Sendto(fd int, p []byte, flags int, to syscall.Sockaddr) (int, error) {
	return syscall.SendmsgN(fd, p, nil, to, flags|linux.MSG_NOSIGNAL)
}

func (kernelAPI) Shutdown(fd, how int) error                   { return syscall.Shutdown(fd, how) }
func (kernelAPI) Getsockname(fd int) (syscall.Sockaddr, error) { return syscall.Getsockname(fd) }
func (kernelAPI) Getpeername(fd int) (syscall.Sockaddr, error) { return syscall.Getpeername(fd) }
func (kernelAPI) GetsockoptInt(fd, level, opt int) (int, error) {
	return syscall.GetsockoptInt(fd, level, opt)
}
func (kernelAPI) SetsockoptInt(fd, level, opt, value int) error {
	return syscall.SetsockoptInt(fd, level, opt, value)
}
func (kernelAPI) GetsockoptLinger(fd int) (*linux.Linger, error) {
	var l linux.Linger
	n := uint32(unsafe.Sizeof(l))
	_, _, e := syscall.Syscall6(syscall.SYS_GETSOCKOPT, uintptr(fd), linux.SOL_SOCKET, linux.SO_LINGER,
		uintptr(unsafe.Pointer(&l)), uintptr(unsafe.Pointer(&n)), 0)
	if e != 0 {
		return nil, e
	}
	return &l, nil
}
func (kernelAPI) SetsockoptLinger(fd int, l *linux.Linger) error {
	return syscall.SetsockoptLinger(fd, linux.SOL_SOCKET, linux.SO_LINGER, &syscall.Linger{Onoff: l.Onoff, Linger: l.Linger})
}

type pollFd struct {
	fd      int32
	events  int16
	revents int16
}

const pollAsked = pollIn | pollOut | pollPri | pollRdhup

// kernelPoll polls fds, waiting at most timeout.
func kernelPoll(fds []int, timeout time.Duration) []int16 {
	pfds := make([]pollFd, len(fds))
	for i, fd := range fds {
		pfds[i] = pollFd{fd: int32(fd), events: pollAsked}
	}
	ts := syscall.NsecToTimespec(int64(timeout))
	var p unsafe.Pointer
	if len(pfds) > 0 {
		p = unsafe.Pointer(&pfds[0])
	}
	syscall.Syscall6(syscall.SYS_PPOLL, uintptr(p), uintptr(len(pfds)), uintptr(unsafe.Pointer(&ts)), 0, 0, 0)
	out := make([]int16, len(fds))
	for i := range pfds {
		out[i] = pfds[i].revents
	}
	return out
}

func (kernelAPI) Poll(fd int) int16 { return kernelPoll([]int{fd}, 0)[0] }

func (kernelAPI) Unlink(path string) error {
	if err := os.Remove(path); err != nil {
		if pe, ok := err.(*os.PathError); ok {
			return pe.Err
		}
		return err
	}
	return nil
}

// Settle waits, a millisecond at a time and at most 50 ms, until the
// sockets' readiness has stayed the same for three polls: loopback
// traffic is done by then.
func (kernelAPI) Settle(fds []int) {
	var last []int16
	same := 0
	for range 50 {
		cur := kernelPoll(fds, time.Millisecond)
		if fmt.Sprint(cur) == fmt.Sprint(last) {
			same++
			if same >= 3 {
				return
			}
		} else {
			same = 0
		}
		last = cur
		// ppoll returns at once when something is ready: wait the
		// millisecond on nothing so each round takes its time.
		kernelPoll(nil, time.Millisecond)
	}
}
