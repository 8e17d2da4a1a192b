package socket

import (
	"net/netip"
	"syscall"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
)

// Module-level exception classes, as CPython names them.
var (
	GaiError = py.DeclareClass("socket", "gaierror", &py.OSError, nil)
	HError   = py.DeclareClass("socket", "herror", &py.OSError, nil)
)

// getaddrinfo error codes and glibc's texts for them (gai_strerror).
const (
	eaiBadFlags   = -1
	eaiNoName     = -2
	eaiAgain      = -3
	eaiFail       = -4
	eaiNoData     = -5
	eaiFamily     = -6
	eaiSocktype   = -7
	eaiService    = -8
	eaiAddrFamily = -9
)

// gaiText is indexed by the negated code: an array is static data, a map
// would be built at start-up.
var gaiText = [...]string{
	-eaiBadFlags:   "Bad value for ai_flags",
	-eaiNoName:     "Name or service not known",
	-eaiAgain:      "Temporary failure in name resolution",
	-eaiFail:       "Non-recoverable failure in name resolution",
	-eaiNoData:     "No address associated with hostname",
	-eaiFamily:     "ai_family not supported",
	-eaiSocktype:   "ai_socktype not supported",
	-eaiService:    "Servname not supported for ai_socktype",
	-eaiAddrFamily: "Address family for hostname not supported",
}

func gaiError(code int) *py.Exception {
	var text string
	if -code > 0 && -code < len(gaiText) {
		text = gaiText[-code]
	}
	e := py.New(GaiError, starlark.MakeInt(code), starlark.String(text))
	e.Errno, e.Strerror = starlark.MakeInt(code), starlark.String(text)
	return e
}

// Hooks let a caller that runs the script (a scenario) change how names and
// addresses are seen; the zero value is the real network. Set per run with
// SetHooks before the script starts.
type Hooks struct {
	// Resolver looks names up; nil means the machine's resolver (on the
	// simulated network, its hosts table).
	Resolver Resolver
	// Outbound maps an address the script asked for onto the kernel's.
	Outbound func(family int, sa syscall.Sockaddr) (syscall.Sockaddr, error)
	// Inbound maps an address the kernel reported back to the script's view.
	Inbound func(family int, sa syscall.Sockaddr) syscall.Sockaddr
	// Source, if set, is bound to an unbound socket before it connects or
	// sends, so that the script's traffic leaves from an address of its host.
	Source func(family int) syscall.Sockaddr
	// Ready is called when the script starts listening on a stream socket
	// or binds a datagram socket: it can now be reached.
	Ready func()
	// NoRaw refuses raw and packet sockets with PermissionError: a
	// scenario's roles reach only the run's own sockets unless it allows them.
	NoRaw bool
	// Waiting, if set, is called when a blocking call finds nothing ready
	// in the kernel and is about to wait. probe asks the kernel about that
	// wait (valid until the wait ends); the returned func, if any, is called
	// when the call goes on, so a runner can tell an idle script.
	Waiting func(probe Probe) (resumed func())
	// Faults, if set, are the misbehaviours a scenario asks of the run's
	// stream sockets (faults.go).
	Faults *Faults
	// Bound, if set, is told the kernel's address each socket was bound to.
	Bound func(sa syscall.Sockaddr)
	// Reaches, if set, says whether a connect or sendto to the kernel's
	// address sa stays inside the run: one that would not is refused (a
	// stream connect) or lost (a datagram), as by a port nobody has.
	Reaches func(sa syscall.Sockaddr) bool
	// RawReaches, if set, says whether a raw packet to the kernel's
	// address sa (its port that of a UDP or TCP header, or 0) stays inside
	// the run; one that would not is refused (rawconfine.go). Set, it also
	// refuses packet sockets and raw IPv6 ones, which the mapping cannot follow.
	RawReaches func(sa syscall.Sockaddr) bool
}

// A Probe asks the kernel about a blocked call's wait, from any goroutine.
type Probe interface {
	// Ready reports whether what the call waits for is there now.
	Ready() bool
	// Settle waits up to d for Ready where it must come: a read on a
	// connected stream socket, which its peer's close (or the end of the
	// peer's process) makes readable, perhaps a moment after the peer is
	// gone. For any other wait it returns false at once.
	Settle(d time.Duration) bool
}

// ProbeFunc is a Probe whose Ready is ready and which never settles.
type ProbeFunc func() bool

func (f ProbeFunc) Ready() bool               { return f() }
func (f ProbeFunc) Settle(time.Duration) bool { return false }

// socketProbe is the probe of one socket call's wait.
type socketProbe struct {
	fd    int
	write bool
}

func (sp socketProbe) Ready() bool { return pollReady(sp.fd, sp.write) }

func (sp socketProbe) Settle(d time.Duration) bool {
	if sp.write {
		return false
	}
	typ, err := kernel.GetsockoptInt(sp.fd, linux.SOL_SOCKET, linux.SO_TYPE)
	if err != nil || typ != linux.SOCK_STREAM {
		return false
	}
	if _, err := kernel.Getpeername(sp.fd); err != nil {
		return false // listening, or not connected: nothing must come
	}
	return pollWait(sp.fd, d)
}

const hooksKey = "socket.hooks"

// SetHooks installs the hooks for one run.
func SetHooks(p *host.Process, h *Hooks) {
	p.Once(hooksKey, func() any { return h })
}

// HooksOf returns the hooks of a run (the zero Hooks when none were set), for
// other modules whose blocking calls should report the same events.
func HooksOf(p *host.Process) *Hooks { return hooksOf(p) }

func hooksOf(p *host.Process) *Hooks {
	return p.Once(hooksKey, func() any { return &Hooks{} }).(*Hooks)
}

// lookupIP resolves a host name for family (AF_INET, AF_INET6 or AF_UNSPEC).
func lookupIP(p *host.Process, name string, family int) ([]netip.Addr, error) {
	if a, err := netip.ParseAddr(name); err == nil {
		if family == linux.AF_INET && !a.Is4() {
			return nil, gaiError(eaiAddrFamily)
		}
		return []netip.Addr{a}, nil
	}
	r := resolverOf(p)
	network := "ip"
	switch family {
	case linux.AF_INET:
		network = "ip4"
	case linux.AF_INET6:
		network = "ip6"
	}
	addrs, err := r.LookupNetIP(p.Context(), network, name)
	if err != nil {
		if p.Cancelled() {
			return nil, p.Cause()
		}
		return nil, gaiError(lookupEAI(err))
	}
	if len(addrs) == 0 {
		return nil, gaiError(eaiNoName)
	}
	for i, a := range addrs {
		addrs[i] = a.Unmap()
	}
	return addrs, nil
}

// hostArg accepts what CPython accepts for a host: str, bytes or bytearray.
func hostArg(v starlark.Value) (string, error) {
	switch v := v.(type) {
	case starlark.String:
		return string(v), nil
	case starlark.Bytes:
		return string(v), nil
	}
	return "", py.Errorf(py.TypeError, "str, bytes or bytearray expected, not %s", py.TypeOf(v).Name())
}

func portArg(op string, v starlark.Value) (int, error) {
	n, ok := v.(starlark.Int)
	if !ok {
		if b, isBool := v.(starlark.Bool); isBool {
			if b {
				return 1, nil
			}
			return 0, nil
		}
		return 0, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
	}
	port, ok := n.Int64()
	if !ok || port < 0 || port > 65535 {
		return 0, py.Errorf(py.OverflowError, "%s(): port must be 0-65535.", op)
	}
	return int(port), nil
}

// sockaddr turns a script's address into the kernel's, for family, as
// CPython's getsockaddrarg does; op names the method in errors.
func sockaddr(p *host.Process, family int, v starlark.Value, op string) (syscall.Sockaddr, error) {
	sa, err := scriptSockaddr(p, family, v, op)
	if err != nil {
		return nil, err
	}
	if out := hooksOf(p).Outbound; out != nil {
		return out(family, sa)
	}
	return sa, nil
}

func scriptSockaddr(p *host.Process, family int, v starlark.Value, op string) (syscall.Sockaddr, error) {
	switch family {
	case linux.AF_UNIX:
		var path string
		switch a := v.(type) {
		case starlark.String:
			path = string(a)
		case starlark.Bytes:
			path = string(a)
		default:
			return nil, py.Errorf(py.TypeError, "a bytes-like object is required, not '%s'", py.TypeOf(v).Name())
		}
		if len(path) > 107 {
			return nil, py.Errorf(py.OSError, "AF_UNIX path too long")
		}
		if path != "" && path[0] == 0 {
			// Linux's abstract namespace: Go spells it with a leading '@'.
			path = "@" + path[1:]
		}
		return &syscall.SockaddrUnix{Name: path}, nil
	case linux.AF_INET:
		t, ok := v.(starlark.Tuple)
		if !ok {
			return nil, py.Errorf(py.TypeError, "%s(): AF_INET address must be tuple, not %s", op, py.TypeOf(v).Name())
		}
		if len(t) != 2 {
			return nil, py.Errorf(py.TypeError, "AF_INET address must be a pair (host, port)")
		}
		name, err := hostArg(t[0])
		if err != nil {
			return nil, err
		}
		port, err := portArg(op, t[1])
		if err != nil {
			return nil, err
		}
		sa := &syscall.SockaddrInet4{Port: port}
		switch name {
		case "":
		case "<broadcast>":
			sa.Addr = [4]byte{255, 255, 255, 255}
		default:
			infos, err := resolve(p, name, linux.AF_INET, 0)
			if err != nil {
				return nil, err
			}
			sa.Addr = infos[0].addr.As4()
		}
		return sa, nil
	case linux.AF_INET6:
		t, ok := v.(starlark.Tuple)
		if !ok {
			return nil, py.Errorf(py.TypeError, "%s(): AF_INET6 address must be tuple, not %s", op, py.TypeOf(v).Name())
		}
		if len(t) < 2 || len(t) > 4 {
			return nil, py.Errorf(py.TypeError, "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])")
		}
		name, err := hostArg(t[0])
		if err != nil {
			return nil, err
		}
		port, err := portArg(op, t[1])
		if err != nil {
			return nil, err
		}
		sa := &syscall.SockaddrInet6{Port: port}
		if len(t) == 4 {
			if id, ok := t[3].(starlark.Int); ok {
				v, _ := id.Int64()
				sa.ZoneId = uint32(v)
			}
		}
		if name != "" {
			infos, err := resolve(p, name, linux.AF_INET6, 0)
			if err != nil {
				return nil, err
			}
			sa.Addr = infos[0].addr.As16()
			if len(t) < 4 {
				sa.ZoneId = infos[0].scope
			}
		}
		return sa, nil
	}
	return nil, py.Errorf(py.OSError, "%s(): bad family", op)
}

// addrValue is the script's view of a kernel address: (host, port) for
// IPv4, (host, port, flowinfo, scope_id) for IPv6, the path for AF_UNIX.
func addrValue(p *host.Process, family int, sa syscall.Sockaddr) starlark.Value {
	if sa == nil {
		return starlark.None
	}
	if in := hooksOf(p).Inbound; in != nil {
		sa = in(family, sa)
	}
	switch a := sa.(type) {
	case *syscall.SockaddrInet4:
		return starlark.Tuple{starlark.String(netip.AddrFrom4(a.Addr).String()), starlark.MakeInt(a.Port)}
	case *syscall.SockaddrInet6:
		return starlark.Tuple{
			starlark.String(netip.AddrFrom16(a.Addr).String()), starlark.MakeInt(a.Port),
			starlark.MakeInt(0), starlark.MakeInt(int(a.ZoneId)),
		}
	case *syscall.SockaddrUnix:
		name := a.Name
		if name == "@" {
			// Go marks an unbound socket's empty address as abstract.
			return starlark.String("")
		}
		if name != "" && name[0] == '@' {
			return starlark.Bytes("\x00" + name[1:])
		}
		return starlark.String(name)
	}
	return starlark.None
}
