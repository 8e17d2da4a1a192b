package socket

import (
	"syscall"
	"time"
	"unsafe"

	"sockstar/runtime/host"
	"sockstar/runtime/linux"
)

// kernelStack is Linux's network, through system calls.
type kernelStack struct{}

var kernel netStack = kernelStack{}

func (kernelStack) Socket(family, typ, proto int) (int, error) {
	return syscall.Socket(family, typ|linux.SOCK_NONBLOCK|linux.SOCK_CLOEXEC, proto)
}

func (kernelStack) Socketpair(family, typ, proto int) ([2]int, error) {
	return syscall.Socketpair(family, typ|linux.SOCK_NONBLOCK|linux.SOCK_CLOEXEC, proto)
}

func (kernelStack) Close(fd int) error                     { return syscall.Close(fd) }
func (kernelStack) Bind(fd int, sa syscall.Sockaddr) error { return syscall.Bind(fd, sa) }
func (kernelStack) Listen(fd, backlog int) error           { return syscall.Listen(fd, backlog) }

func (kernelStack) Accept(fd int) (int, syscall.Sockaddr, error) {
	return syscall.Accept4(fd, linux.SOCK_NONBLOCK|linux.SOCK_CLOEXEC)
}

// Connect with a nil address is connect(2) to AF_UNSPEC: it dissolves an
// association (a UDP peer; a TCP connection that failed or is under way).
func (kernelStack) Connect(fd int, sa syscall.Sockaddr) error {
	if sa == nil {
		unspec := [16]byte{} // a sockaddr whose family is AF_UNSPEC (0)
		_, _, e := syscall.Syscall(syscall.SYS_CONNECT, uintptr(fd), uintptr(unsafe.Pointer(&unspec[0])), uintptr(len(unspec)))
		if e != 0 {
			return e
		}
		return nil
	}
	return syscall.Connect(fd, sa)
}

func (kernelStack) Recvfrom(fd int, p []byte, flags int) (int, syscall.Sockaddr, error) {
	return syscall.Recvfrom(fd, p, flags)
}

func (kernelStack) Sendto(fd int, p []byte, flags int, to syscall.Sockaddr) (int, error) {
	if to == nil {
		return rawSend(fd, p, flags)
	}
	return syscall.SendmsgN(fd, p, nil, to, flags)
}

func (kernelStack) Recv(fd int, p []byte, flags int) (int, error) { return rawRecv(fd, p, flags) }
func (kernelStack) Send(fd int, p []byte, flags int) (int, error) { return rawSend(fd, p, flags) }
func (kernelStack) Shutdown(fd, how int) error                    { return syscall.Shutdown(fd, how) }

func (kernelStack) Getsockname(fd int) (syscall.Sockaddr, error) { return syscall.Getsockname(fd) }
func (kernelStack) Getpeername(fd int) (syscall.Sockaddr, error) { return syscall.Getpeername(fd) }

func (kernelStack) GetsockoptInt(fd, level, opt int) (int, error) {
	return syscall.GetsockoptInt(fd, level, opt)
}

func (kernelStack) SetsockoptInt(fd, level, opt, value int) error {
	return syscall.SetsockoptInt(fd, level, opt, value)
}

func (kernelStack) GetsockoptLinger(fd int) (*linux.Linger, error) {
	var l linux.Linger
	n := uint32(8)
	_, _, e := syscall.Syscall6(syscall.SYS_GETSOCKOPT, uintptr(fd), linux.SOL_SOCKET, linux.SO_LINGER, uintptr(unsafe.Pointer(&l)), uintptr(unsafe.Pointer(&n)), 0)
	if e != 0 {
		return nil, e
	}
	return &l, nil
}

func (kernelStack) SetsockoptLinger(fd int, l *linux.Linger) error {
	return syscall.SetsockoptLinger(fd, linux.SOL_SOCKET, linux.SO_LINGER, &syscall.Linger{Onoff: l.Onoff, Linger: l.Linger})
}

func (kernelStack) Poll(fd int) int16 {
	pfd := [1]host.PollFD{{Fd: int32(fd), Events: host.PollIn | host.PollOut}}
	if n, errno := host.Ppoll(pfd[:], &syscall.Timespec{}); errno != 0 || n == 0 {
		return 0
	}
	return pfd[0].Revents
}

func (kernelStack) Unlink(path string) error { return syscall.Unlink(path) }

func (kernelStack) SetsockoptBytes(fd, level, opt int, val []byte, n int) error {
	var p unsafe.Pointer
	if len(val) > 0 {
		p = unsafe.Pointer(&val[0])
	}
	_, _, e := syscall.Syscall6(syscall.SYS_SETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt), uintptr(p), uintptr(n), 0)
	if e != 0 {
		return e
	}
	return nil
}

func (kernelStack) GetsockoptBytes(fd, level, opt, n int) ([]byte, error) {
	buf := make([]byte, n)
	l := uint32(n)
	_, _, e := syscall.Syscall6(syscall.SYS_GETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt),
		uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&l)), 0)
	if e != 0 {
		return nil, e
	}
	return buf[:l], nil
}

// rawRecv is recv(2) on a non-blocking descriptor: it never blocks.
func rawRecv(fd int, buf []byte, flags int) (int, error) {
	var p unsafe.Pointer
	if len(buf) > 0 {
		p = unsafe.Pointer(&buf[0])
	}
	n, _, e := syscall.RawSyscall6(syscall.SYS_RECVFROM, uintptr(fd), uintptr(p), uintptr(len(buf)), uintptr(flags), 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

// rawSend is send(2) on a non-blocking descriptor: it never blocks.
func rawSend(fd int, buf []byte, flags int) (int, error) {
	var p unsafe.Pointer
	if len(buf) > 0 {
		p = unsafe.Pointer(&buf[0])
	}
	n, _, e := syscall.RawSyscall6(syscall.SYS_SENDTO, uintptr(fd), uintptr(p), uintptr(len(buf)), uintptr(flags), 0, 0)
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

// dupFD is fcntl(F_DUPFD_CLOEXEC): socket.dup's new descriptor.
func dupFD(fd int) (int, error) {
	r, _, errno := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_DUPFD_CLOEXEC, 0)
	if errno != 0 {
		return -1, errno
	}
	return int(r), nil
}

// pollReady asks the kernel, without waiting, whether fd can be read (or
// written) now.
// pollWait waits up to d for fd to be readable (or hung up).
func pollWait(fd int, d time.Duration) bool {
	pfd := [1]host.PollFD{{Fd: int32(fd), Events: host.PollIn}}
	ts := syscall.NsecToTimespec(d.Nanoseconds())
	n, errno := host.Ppoll(pfd[:], &ts)
	return errno == 0 && n > 0
}

func pollReady(fd int, write bool) bool {
	pfd := [1]host.PollFD{{Fd: int32(fd), Events: host.PollIn}}
	if write {
		pfd[0].Events = host.PollOut
	}
	n, errno := host.Ppoll(pfd[:], &syscall.Timespec{})
	return errno == 0 && n > 0
}

// pollWrite waits up to d for fd to take more bytes (or fail).
func pollWrite(fd int, d time.Duration) bool {
	pfd := [1]host.PollFD{{Fd: int32(fd), Events: host.PollOut}}
	ts := syscall.NsecToTimespec(d.Nanoseconds())
	n, errno := host.Ppoll(pfd[:], &ts)
	return errno == 0 && n > 0
}
