package socket

import (
	"encoding/binary"
	goruntime "runtime"
	"slices"
	"strings"
	"syscall"

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

// A simulated network models the buffer options it knows as structs.
func (s simStack) SetsockoptBytes(fd, level, opt int, val []byte, n int) error {
	if level == linux.SOL_SOCKET && opt == linux.SO_BINDTODEVICE {
		if _, err := s.GetsockoptInt(fd, linux.SOL_SOCKET, linux.SO_TYPE); err != nil {
			return err
		}
		name, _, _ := strings.Cut(string(val[:min(n, len(val))]), "\x00")
		if name == "" {
			delete(s.devices, fd)
			return nil
		}
		if !slices.Contains(simDevices, name) {
			return linux.ENODEV
		}
		s.devices[fd] = append([]byte(name), 0)
		return nil
	}
	if level == linux.SOL_SOCKET && opt == linux.SO_LINGER && len(val) >= 8 {
		l := linux.Linger{Onoff: int32(binary.NativeEndian.Uint32(val)), Linger: int32(binary.NativeEndian.Uint32(val[4:]))}
		return s.SetsockoptLinger(fd, &l)
	}
	if level == linux.SOL_SOCKET && opt == linux.SO_LINGER {
		return linux.EINVAL
	}
	return linux.ENOPROTOOPT
}

func (s simStack) GetsockoptBytes(fd, level, opt, n int) ([]byte, error) {
	if level == linux.SOL_SOCKET && opt == linux.SO_BINDTODEVICE {
		if _, err := s.GetsockoptInt(fd, linux.SOL_SOCKET, linux.SO_TYPE); err != nil {
			return nil, err
		}
		d := s.devices[fd]
		return d[:min(n, len(d))], nil
	}
	if level == linux.SOL_SOCKET && opt == linux.SO_LINGER {
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
	return nil, linux.ENOPROTOOPT
}

// NoKernelError is the OSError of a call that needs the kernel's network
// where this build has none (off Linux): it says to run with --sim. Made
// anew each time: catch writes the traceback into the exception it returns.
func NoKernelError() error {
	return py.Errorf(py.OSError, "sockstar: the kernel's network is not built for %s/%s: run with --sim", goruntime.GOOS, goruntime.GOARCH)
}

// notModelled is the exception for err from a call the simulated network
// refused because it does not model it: it says to use the kernel's. An
// err that is no errno (a stack's own exception) stays as it is.
func notModelled(sim bool, err error) error {
	errno, ok := err.(syscall.Errno)
	if !ok {
		return err
	}
	e := py.FromErrno(errno)
	switch errno {
	case linux.ENOPROTOOPT, linux.EOPNOTSUPP, linux.EAFNOSUPPORT, linux.EPROTONOSUPPORT, linux.ESOCKTNOSUPPORT:
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
