package scenario

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"

	"sockstar/runtime/host"
	"sockstar/stdlib/socket"
)

// blocks hands out the 127.X.Y.0/24 blocks of this process's runs. It is
// process-wide on purpose: two runs in one process must never share a block.
// The first block is random, so two sockstar processes rarely meet. It is
// set up by the first allocBlock, not at start-up, which a run without a
// scenario would pay for.
var blocks struct {
	sync.Mutex
	used map[uint16]bool
	next uint16
}

// allocBlock reserves a block 127.X.Y.0/24 with X neither 0 (127.0.0.1 lives
// there) nor 255; release gives it back.
func allocBlock() (block [3]byte, release func()) {
	blocks.Lock()
	defer blocks.Unlock()
	if blocks.used == nil {
		blocks.used, blocks.next = map[uint16]bool{}, uint16(rand.IntN(1<<16))
	}
	for {
		n := blocks.next
		blocks.next++
		x := byte(n >> 8)
		if x == 0 || x == 255 || blocks.used[n] {
			continue
		}
		blocks.used[n] = true
		return [3]byte{127, x, byte(n)}, func() {
			blocks.Lock()
			delete(blocks.used, n)
			blocks.Unlock()
		}
	}
}

// firstVirtualPort is where the deterministic ephemeral ports start: the
// first port of Linux's ephemeral range.
const firstVirtualPort = 32768

// vhost is one machine of the virtual LAN.
type vhost struct {
	virtual netip.Addr // as scripts see it: 127.0.0.1, 192.168.1.101, ...
	kernel  netip.Addr // where its sockets really are: 127.X.Y.n
}

type natKey struct {
	ip   netip.Addr // kernel address
	port int
}

// lan is the address mapping (NAT) of one scenario run, shared by its roles:
// virtual hosts onto loopback addresses of the run's block, and ports the
// kernel picks onto ports allocated in order.
type lan struct {
	mu        sync.Mutex
	block     [3]byte
	release   func()
	hosts     []*vhost
	byVirtual map[netip.Addr]*vhost
	byKernel  map[netip.Addr]*vhost
	toVirtual map[natKey]int  // kernel (address, port) -> virtual port
	toKernel  map[natKey]int  // (kernel address, virtual port) -> kernel port
	fixed     map[natKey]bool // ports a script named itself: kept as they are
	nextPort  int
	nowhere   byte   // next kernel address for hosts that are not on the LAN
	unixDir   string // the run's directory: its relative AF_UNIX paths live here
	realPaths bool   // absolute AF_UNIX paths are the machine's (allow = ["unix"])
	// bound are the kernel's (address, port) the run's sockets were bound
	// to: a connect or sendto reaches only those (destination).
	bound map[natKey]bool
}

// newLAN makes the mapping of a run whose directory is dir.
func newLAN(dir string) *lan {
	block, release := allocBlock()
	return &lan{
		block: block, release: release, unixDir: dir,
		byVirtual: map[netip.Addr]*vhost{}, byKernel: map[netip.Addr]*vhost{},
		toVirtual: map[natKey]int{}, toKernel: map[natKey]int{}, fixed: map[natKey]bool{}, bound: map[natKey]bool{},
		nextPort: firstVirtualPort, nowhere: 200,
	}
}

// Close gives the run's block back.
func (l *lan) Close() { l.release() }

// unixOut puts a relative AF_UNIX path in the run's own directory, and an
// abstract name under the run's block, so parallel runs never meet. An
// absolute path goes under the directory's "root" (its directories made
// as needed): the roles meet at /tmp/echo.sock as they would on one
// machine, and reach no socket of the machine's (/var/run/docker.sock),
// unless the scenario allows real paths (allow = ["unix"]).
func (l *lan) unixOut(a *syscall.SockaddrUnix) (syscall.Sockaddr, error) {
	name := a.Name
	switch {
	case name == "" || (filepath.IsAbs(name) && l.realPaths):
		return a, nil
	case name[0] == '@':
		return &syscall.SockaddrUnix{Name: l.abstractPrefix() + name[1:]}, nil
	}
	if filepath.IsAbs(name) {
		inside := filepath.Join(l.unixDir, host.TwinRoot, name)
		if err := os.MkdirAll(filepath.Dir(inside), 0o700); err != nil {
			return nil, err
		}
		return &syscall.SockaddrUnix{Name: inside}, nil
	}
	return &syscall.SockaddrUnix{Name: filepath.Join(l.unixDir, name)}, nil
}

func (l *lan) abstractPrefix() string {
	return fmt.Sprintf("@sockstar-%d.%d/", l.block[1], l.block[2])
}

func (l *lan) unixIn(a *syscall.SockaddrUnix) syscall.Sockaddr {
	dir := l.unixDir
	if rest, ok := strings.CutPrefix(a.Name, l.abstractPrefix()); ok {
		return &syscall.SockaddrUnix{Name: "@" + rest}
	}
	if dir != "" {
		if rest, ok := strings.CutPrefix(a.Name, dir+"/"+host.TwinRoot+"/"); ok {
			return &syscall.SockaddrUnix{Name: "/" + rest}
		}
		if rest, ok := strings.CutPrefix(a.Name, dir+"/"); ok {
			return &syscall.SockaddrUnix{Name: rest}
		}
	}
	return a
}

// host returns the machine with the virtual address addr, adding it.
func (l *lan) host(addr netip.Addr) *vhost {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.hostLocked(addr, false)
}

func (l *lan) hostLocked(addr netip.Addr, nowhere bool) *vhost {
	if h := l.byVirtual[addr]; h != nil {
		return h
	}
	var n byte
	if nowhere {
		// Addresses off the LAN get a kernel address nobody binds: connect is refused.
		n = l.nowhere
		if l.nowhere < 254 {
			l.nowhere++
		}
	} else {
		n = byte(len(l.hosts) + 1)
	}
	h := &vhost{virtual: addr, kernel: netip.AddrFrom4([4]byte{l.block[0], l.block[1], l.block[2], n})}
	if !nowhere {
		l.hosts = append(l.hosts, h)
	}
	l.byVirtual[addr] = h
	l.byKernel[h.kernel] = h
	return h
}

func (l *lan) inBlock(a netip.Addr) bool {
	if !a.Is4() {
		return false
	}
	b := a.As4()
	return b[0] == l.block[0] && b[1] == l.block[1] && b[2] == l.block[2]
}

// outbound maps an address a script on host own asked for onto the kernel's.
func (l *lan) outbound(own *vhost, family int, sa syscall.Sockaddr) (syscall.Sockaddr, error) {
	switch a := sa.(type) {
	case *syscall.SockaddrUnix:
		return l.unixOut(a)
	case *syscall.SockaddrInet4:
		k, port := l.outAddr(own, netip.AddrFrom4(a.Addr), a.Port)
		return &syscall.SockaddrInet4{Addr: k.As4(), Port: port}, nil
	case *syscall.SockaddrInet6:
		v := netip.AddrFrom16(a.Addr)
		if v.IsLoopback() || v.IsUnspecified() {
			v = own.virtual
		}
		k, port := l.outAddr(own, v.Unmap(), a.Port)
		// The kernel address is IPv4: a dual-stack socket reaches it v4-mapped.
		return &syscall.SockaddrInet6{Addr: netip.AddrFrom4(k.As4()).As16(), Port: port}, nil
	}
	return sa, nil
}

func (l *lan) outAddr(own *vhost, v netip.Addr, port int) (netip.Addr, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var h *vhost
	switch {
	case v.IsUnspecified(), v.IsLoopback(), v == own.virtual:
		h = own
	default:
		h = l.byVirtual[v]
		if h == nil {
			h = l.hostLocked(v, true)
		}
	}
	if port == 0 {
		return h.kernel, 0
	}
	key := natKey{h.kernel, port}
	if kp, ok := l.toKernel[key]; ok {
		return h.kernel, kp
	}
	l.fixed[key] = true
	return h.kernel, port
}

// inbound maps an address the kernel reported onto the script's view.
func (l *lan) inbound(family int, sa syscall.Sockaddr) syscall.Sockaddr {
	switch a := sa.(type) {
	case *syscall.SockaddrUnix:
		return l.unixIn(a)
	case *syscall.SockaddrInet4:
		v, port, ok := l.inAddr(netip.AddrFrom4(a.Addr), a.Port)
		if !ok {
			return sa
		}
		return &syscall.SockaddrInet4{Addr: v.As4(), Port: port}
	case *syscall.SockaddrInet6:
		v, port, ok := l.inAddr(netip.AddrFrom16(a.Addr).Unmap(), a.Port)
		if !ok {
			return sa
		}
		var addr [16]byte
		switch {
		case v.IsLoopback():
			addr = netip.IPv6Loopback().As16()
		case v.Is4():
			addr = netip.AddrFrom4(v.As4()).As16()
		default:
			addr = v.As16()
		}
		return &syscall.SockaddrInet6{Addr: addr, Port: port, ZoneId: a.ZoneId}
	}
	return sa
}

func (l *lan) inAddr(k netip.Addr, port int) (netip.Addr, int, bool) {
	if !l.inBlock(k) {
		return k, port, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	h := l.byKernel[k]
	if h == nil {
		return k, port, false
	}
	return h.virtual, l.virtualPortLocked(k, port), true
}

// virtualPortLocked is the port scripts see for a kernel port: the same for
// ports a script named, the next in order for one the kernel picked.
func (l *lan) virtualPortLocked(k netip.Addr, port int) int {
	key := natKey{k, port}
	if port == 0 || l.fixed[key] {
		return port
	}
	if v, ok := l.toVirtual[key]; ok {
		return v
	}
	v := l.nextPort
	for l.fixed[natKey{k, v}] || l.toKernel[natKey{k, v}] != 0 {
		v++
	}
	l.nextPort = v + 1
	l.toVirtual[key] = v
	l.toKernel[natKey{k, v}] = port
	return v
}

// hooks are the socket hooks of a role on host own.
func (l *lan) hooks(own *vhost, ready func(), waiting func(socket.Probe) func()) *socket.Hooks {
	return &socket.Hooks{
		Resolver: socket.OfflineResolver(),
		Outbound: func(family int, sa syscall.Sockaddr) (syscall.Sockaddr, error) {
			return l.outbound(own, family, sa)
		},
		Inbound: l.inbound,
		Source: func(family int) syscall.Sockaddr {
			if family == syscall.AF_INET6 {
				return &syscall.SockaddrInet6{Addr: netip.AddrFrom4(own.kernel.As4()).As16()}
			}
			return &syscall.SockaddrInet4{Addr: own.kernel.As4()}
		},
		Ready:      ready,
		Waiting:    waiting,
		Bound:      l.bind,
		Reaches:    l.reaches,
		RawReaches: l.rawReaches,
	}
}

// inetKey is the kernel (address, port) of an IPv4 or IPv6 address.
func inetKey(sa syscall.Sockaddr) (natKey, bool) {
	switch a := sa.(type) {
	case *syscall.SockaddrInet4:
		return natKey{netip.AddrFrom4(a.Addr), a.Port}, true
	case *syscall.SockaddrInet6:
		return natKey{netip.AddrFrom16(a.Addr).Unmap(), a.Port}, true
	}
	return natKey{}, false
}

// bind records an address a socket of the run was bound to.
func (l *lan) bind(sa syscall.Sockaddr) {
	if k, ok := inetKey(sa); ok {
		l.mu.Lock()
		l.bound[k] = true
		l.mu.Unlock()
	}
}

// reaches keeps a connect or sendto inside the run: every address of the
// run's block is loopback, where a service of the machine listening on
// the wildcard address would take it, so only the (address, port) pairs
// the run's own sockets were bound to are reached.
func (l *lan) reaches(sa syscall.Sockaddr) bool {
	k, ok := inetKey(sa)
	if !ok {
		return true // AF_UNIX: the run's own directory (unixOut)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.bound[k]
}

// rawReaches keeps a raw packet inside the run: its destination must be
// one of the run's hosts (not an address off the LAN, which maps onto one
// nobody has but the kernel would still answer on loopback), and a UDP or
// TCP one's port one a socket of the run was bound to, as for reaches.
func (l *lan) rawReaches(sa syscall.Sockaddr) bool {
	k, ok := inetKey(sa)
	if !ok {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	h := l.byKernel[k.ip]
	if h == nil || !slices.Contains(l.hosts, h) {
		return false
	}
	return k.port == 0 || l.bound[k]
}

// String describes the mapping, for reports.
func (l *lan) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := fmt.Sprintf("127.%d.%d.0/24:", l.block[1], l.block[2])
	for _, h := range l.hosts {
		s += fmt.Sprintf(" %s=%s", h.virtual, h.kernel)
	}
	return s
}
