package socket

import (
	"encoding/binary"
	"slices"
	"strings"
	"syscall"
	"unsafe"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
)

// Stack is a network's socket table as one process sees it: the seam
// between the Python-facing socket module, written once, and the network
// below it (the kernel's, or a simulated one). Every call is non-blocking
// and fails with the errno Linux gives: EAGAIN where it would block,
// EINPROGRESS for a connect under way. The module waits above the seam.
type Stack interface {
	Socket(family, typ, proto int) (int, error)
	Socketpair(family, typ, proto int) ([2]int, error)
	Close(fd int) error
	Bind(fd int, sa syscall.Sockaddr) error
	Listen(fd, backlog int) error
	Accept(fd int) (int, syscall.Sockaddr, error)
	Connect(fd int, sa syscall.Sockaddr) error
	Recvfrom(fd int, p []byte, flags int) (int, syscall.Sockaddr, error)
	Sendto(fd int, p []byte, flags int, to syscall.Sockaddr) (int, error)
	Shutdown(fd, how int) error
	Getsockname(fd int) (syscall.Sockaddr, error)
	Getpeername(fd int) (syscall.Sockaddr, error)
	GetsockoptInt(fd, level, opt int) (int, error)
	SetsockoptInt(fd, level, opt, value int) error
	GetsockoptLinger(fd int) (*linux.Linger, error)
	SetsockoptLinger(fd int, l *linux.Linger) error
	// Poll is the descriptor's readiness now, as poll(2)'s revents.
	Poll(fd int) int16
	// Unlink removes an AF_UNIX socket's path name.
	Unlink(path string) error
}

// netStack is the Stack the module's own calls go through: the kernel's
// gets receive and send calls that skip the addresses.
type netStack interface {
	Stack
	Recv(fd int, p []byte, flags int) (int, error)
	Send(fd int, p []byte, flags int) (int, error)
	// Options whose value is a buffer; val nil passes n as the length
	// with no buffer, as setsockopt(level, opt, None, n) does.
	SetsockoptBytes(fd, level, opt int, val []byte, n int) error
	GetsockoptBytes(fd, level, opt, n int) ([]byte, error)
}

// UseStack puts the run's sockets on a simulated network: call it before
// the script starts. Waits then go through the run's scheduler.
func UseStack(p *host.Process, st Stack) {
	p.Once("socket.stack", func() any { return simStack{st, map[int][]byte{}} })
}

// stackOf is the network of a run's sockets.
func stackOf(p *host.Process) netStack {
	if p.Sim() == nil {
		return kernel
	}
	if st, ok := p.Once("socket.stack", func() any { return nil }).(simStack); ok {
		return st
	}
	return kernel
}

// simStack is a simulated network's table, and the device each socket
// is bound to (SO_BINDTODEVICE), which only names an interface there.
type simStack struct {
	Stack
	devices map[int][]byte
}

// simDevices are the interfaces of a simulated host.
var simDevices = []string{"lo", "eth0"}

func (s simStack) Close(fd int) error {
	delete(s.devices, fd)
	return s.Stack.Close(fd)
}

func (s simStack) Recv(fd int, p []byte, flags int) (int, error) {
	n, _, err := s.Recvfrom(fd, p, flags)
	return n, err
}

func (s simStack) Send(fd int, p []byte, flags int) (int, error) {
	return s.Sendto(fd, p, flags, nil)
}

// kernelStack is Linux's network, through system calls.
type kernelStack struct{}

var kernel netStack = kernelStack{}

func (kernelStack) Socket(family, typ, proto int) (int, error) {
	return syscall.Socket(family, typ|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, proto)
}

func (kernelStack) Socketpair(family, typ, proto int) ([2]int, error) {
	return syscall.Socketpair(family, typ|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, proto)
}

func (kernelStack) Close(fd int) error                     { return syscall.Close(fd) }
func (kernelStack) Bind(fd int, sa syscall.Sockaddr) error { return syscall.Bind(fd, sa) }
func (kernelStack) Listen(fd, backlog int) error           { return syscall.Listen(fd, backlog) }

func (kernelStack) Accept(fd int) (int, syscall.Sockaddr, error) {
	return syscall.Accept4(fd, syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC)
}

func (kernelStack) Connect(fd int, sa syscall.Sockaddr) error { return syscall.Connect(fd, sa) }

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
	_, _, e := syscall.Syscall6(syscall.SYS_GETSOCKOPT, uintptr(fd), syscall.SOL_SOCKET, syscall.SO_LINGER, uintptr(unsafe.Pointer(&l)), uintptr(unsafe.Pointer(&n)), 0)
	if e != 0 {
		return nil, e
	}
	return &l, nil
}

func (kernelStack) SetsockoptLinger(fd int, l *linux.Linger) error {
	return syscall.SetsockoptLinger(fd, syscall.SOL_SOCKET, syscall.SO_LINGER, &syscall.Linger{Onoff: l.Onoff, Linger: l.Linger})
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

// A simulated network models the buffer options it knows as structs.
func (s simStack) SetsockoptBytes(fd, level, opt int, val []byte, n int) error {
	if level == syscall.SOL_SOCKET && opt == syscall.SO_BINDTODEVICE {
		if _, err := s.GetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_TYPE); err != nil {
			return err
		}
		name, _, _ := strings.Cut(string(val[:min(n, len(val))]), "\x00")
		if name == "" {
			delete(s.devices, fd)
			return nil
		}
		if !slices.Contains(simDevices, name) {
			return syscall.ENODEV
		}
		s.devices[fd] = append([]byte(name), 0)
		return nil
	}
	if level == syscall.SOL_SOCKET && opt == syscall.SO_LINGER && len(val) >= 8 {
		l := linux.Linger{Onoff: int32(binary.NativeEndian.Uint32(val)), Linger: int32(binary.NativeEndian.Uint32(val[4:]))}
		return s.SetsockoptLinger(fd, &l)
	}
	if level == syscall.SOL_SOCKET && opt == syscall.SO_LINGER {
		return syscall.EINVAL
	}
	return syscall.ENOPROTOOPT
}

func (s simStack) GetsockoptBytes(fd, level, opt, n int) ([]byte, error) {
	if level == syscall.SOL_SOCKET && opt == syscall.SO_BINDTODEVICE {
		if _, err := s.GetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_TYPE); err != nil {
			return nil, err
		}
		d := s.devices[fd]
		return d[:min(n, len(d))], nil
	}
	if level == syscall.SOL_SOCKET && opt == syscall.SO_LINGER {
		l, err := s.GetsockoptLinger(fd)
		if err != nil {
			return nil, err
		}
		buf := binary.NativeEndian.AppendUint32(nil, uint32(l.Onoff))
		buf = binary.NativeEndian.AppendUint32(buf, uint32(l.Linger))
		return buf[:min(n, len(buf))], nil
	}
	if _, err := s.GetsockoptInt(fd, level, opt); err != nil {
		return nil, err
	}
	return nil, syscall.ENOPROTOOPT
}

// notModelled is the exception for errno from a call the simulated network
// refused because it does not model it: it says to use the kernel's.
func notModelled(sim bool, errno syscall.Errno) error {
	e := py.FromErrno(errno)
	switch errno {
	case syscall.ENOPROTOOPT, syscall.EOPNOTSUPP, syscall.EAFNOSUPPORT, syscall.EPROTONOSUPPORT, syscall.ESOCKTNOSUPPORT:
		if sim {
			e.Strerror = starlark.String(string(e.Strerror.(starlark.String)) + ": the simulated network (--sim) does not model this; run on the kernel's network (without --sim) to use it")
			e.Args = starlark.Tuple{e.Errno, e.Strerror}
		}
	}
	return e
}

// optErr is mapErr for getsockopt and setsockopt.
func (s *Socket) optErr(err error) error {
	if errno, ok := err.(syscall.Errno); ok && s.sim {
		return notModelled(true, errno)
	}
	return s.mapErr(err)
}

// PollSim is the readiness of descriptor fd of a run on a simulated
// network, as poll(2)'s revents; POLLNVAL for one it does not have.
func PollSim(p *host.Process, fd int) int16 {
	return runStateOf(p).ns.Poll(fd)
}

// ReserveSim takes a descriptor number of a simulated run's table for
// something that is not a socket (an epoll instance), so that numbers
// come out as the kernel's would; false on the kernel's network.
func ReserveSim(p *host.Process) (int, bool) {
	st, ok := runStateOf(p).ns.(simStack)
	if !ok {
		return 0, false
	}
	r, ok := st.Stack.(interface{ Reserve() int })
	if !ok {
		return 0, false
	}
	return r.Reserve(), true
}

// VersionSim is a count that changes whenever the state of a socket of a
// simulated run's network changes (0 on the kernel's network): what an
// edge-triggered wait watches for.
func VersionSim(p *host.Process) uint64 {
	if st, ok := runStateOf(p).ns.(simStack); ok {
		if v, ok := st.Stack.(interface{ Version() uint64 }); ok {
			return v.Version()
		}
	}
	return 0
}

// ReleaseSim gives back a number ReserveSim took.
func ReleaseSim(p *host.Process, fd int) {
	runStateOf(p).ns.Close(fd)
}
