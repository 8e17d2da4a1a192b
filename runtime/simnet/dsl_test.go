package simnet

import (
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"sockstar/runtime/linux"
)

// A conformance case is a script of socket calls, one a line, run once
// against the kernel and once against the simulated network; every line
// must give the same result on both. Lines:
//
//	NAME = socket inet|inet6|unix stream|dgram
//	NAME NAME = socketpair unix stream|dgram
//	NAME = accept S
//	bind|connect S ADDR        ADDR: HOST:PORT, HOST:=T (T's port), =T (T's
//	                           address), path:F, abs:F, unix: (autobind), unspec
//	listen S N
//	send S DATA [FLAG...]      DATA: text, or #N for N bytes; FLAG: peek, trunc...
//	sendto S ADDR DATA [FLAG...]
//	sendbig S N                one send of N bytes: full, partial or an errno
//	recv S N [FLAG...]         recvfrom S N [FLAG...] also prints the sender
//	drain S                    recv until it would block: whether data came, and how it ended
//	shutdown S rd|wr|rdwr|N
//	close S
//	getsockopt S LEVEL OPT     setsockopt S LEVEL OPT V
//	linger S ONOFF SECS        getlinger S
//	getsockname S              getpeername S
//	poll S
//	unlink path:F
//	settle                     let packets in flight arrive
//
// Ports other than 0 print as *, so ephemeral ports need not agree.
type confCase struct {
	name  string
	steps string
}

// runner runs one case's lines against one sockAPI.
type runner struct {
	api  sockAPI
	vars map[string]int
	// closed keeps a closed socket's address, so =S still names it.
	closed map[string]syscall.Sockaddr
	dir    string // AF_UNIX paths live here
	prefix string // abstract names start with this
}

func (r *runner) open() []int {
	var fds []int
	for _, fd := range r.vars {
		if fd >= 0 {
			fds = append(fds, fd)
		}
	}
	return fds
}

func (r *runner) closeAll() {
	for _, fd := range r.open() {
		r.api.Close(fd)
	}
}

func (r *runner) fd(name string) int {
	fd, ok := r.vars[name]
	if !ok {
		if name == "badfd" {
			return 999
		}
		panic("no socket named " + name)
	}
	return fd
}

var errnoNames = map[syscall.Errno]string{}

func init() {
	for _, e := range []struct {
		e syscall.Errno
		n string
	}{
		{linux.EAGAIN, "EAGAIN"}, {linux.EINPROGRESS, "EINPROGRESS"}, {linux.EALREADY, "EALREADY"},
		{linux.EISCONN, "EISCONN"}, {linux.ENOTCONN, "ENOTCONN"}, {linux.ECONNREFUSED, "ECONNREFUSED"},
		{linux.ECONNRESET, "ECONNRESET"}, {linux.EPIPE, "EPIPE"}, {linux.EINVAL, "EINVAL"},
		{linux.EADDRINUSE, "EADDRINUSE"}, {linux.EADDRNOTAVAIL, "EADDRNOTAVAIL"}, {linux.EBADF, "EBADF"},
		{linux.ENOTSOCK, "ENOTSOCK"}, {linux.EOPNOTSUPP, "EOPNOTSUPP"}, {linux.ENOPROTOOPT, "ENOPROTOOPT"},
		{linux.EAFNOSUPPORT, "EAFNOSUPPORT"}, {linux.EPROTONOSUPPORT, "EPROTONOSUPPORT"},
		{linux.ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT"}, {linux.EMSGSIZE, "EMSGSIZE"}, {linux.EACCES, "EACCES"},
		{linux.EDESTADDRREQ, "EDESTADDRREQ"}, {linux.ENOENT, "ENOENT"}, {linux.EPROTOTYPE, "EPROTOTYPE"},
		{linux.ECONNABORTED, "ECONNABORTED"}, {linux.ETIMEDOUT, "ETIMEDOUT"}, {linux.ENETUNREACH, "ENETUNREACH"},
		{linux.EPERM, "EPERM"}, {linux.EEXIST, "EEXIST"}, {linux.EFAULT, "EFAULT"},
	} {
		errnoNames[e.e] = e.n
	}
}

func errString(err error) string {
	if e, ok := err.(syscall.Errno); ok {
		if n, ok := errnoNames[e]; ok {
			return n
		}
		return fmt.Sprintf("errno %d", int(e))
	}
	return err.Error()
}

func (r *runner) addrString(sa syscall.Sockaddr) string {
	port := func(p int) string {
		if p == 0 {
			return "0"
		}
		return "*"
	}
	switch a := sa.(type) {
	case nil:
		return "nil"
	case *syscall.SockaddrInet4:
		return netip.AddrFrom4(a.Addr).String() + ":" + port(a.Port)
	case *syscall.SockaddrInet6:
		return "[" + netip.AddrFrom16(a.Addr).String() + "]:" + port(a.Port)
	case *syscall.SockaddrUnix:
		if len(a.Name) == 6 && a.Name[0] == '@' && strings.Trim(a.Name[1:], "0123456789abcdef") == "" {
			// An autobound name: the kernel starts its count at random.
			return "unix:@<auto>"
		}
		name := strings.Replace(a.Name, r.dir, "$D", 1)
		return "unix:" + strings.Replace(name, r.prefix, "$A", 1)
	}
	return fmt.Sprintf("%T", sa)
}

// sockname is S's address, or its last one if it was closed.
func (r *runner) sockname(name string) (syscall.Sockaddr, error) {
	if fd := r.fd(name); fd >= 0 {
		return r.api.Getsockname(fd)
	}
	if sa, ok := r.closed[name]; ok {
		return sa, nil
	}
	return nil, linux.EBADF
}

// addr reads an ADDR argument.
func (r *runner) addr(spec string) (syscall.Sockaddr, error) {
	switch {
	case spec == "unspec":
		return nil, nil
	case spec == "unix:":
		return &syscall.SockaddrUnix{}, nil
	case strings.HasPrefix(spec, "path:"):
		return &syscall.SockaddrUnix{Name: r.dir + "/" + spec[5:]}, nil
	case strings.HasPrefix(spec, "abs:"):
		return &syscall.SockaddrUnix{Name: "@" + r.prefix + spec[4:]}, nil
	case strings.HasPrefix(spec, "="):
		return r.sockname(spec[1:])
	}
	i := strings.LastIndex(spec, ":")
	host, ps := strings.Trim(spec[:i], "[]"), spec[i+1:]
	var port int
	if strings.HasPrefix(ps, "=") {
		sa, err := r.sockname(ps[1:])
		if err != nil {
			return nil, err
		}
		switch a := sa.(type) {
		case *syscall.SockaddrInet4:
			port = a.Port
		case *syscall.SockaddrInet6:
			port = a.Port
		}
	} else {
		port, _ = strconv.Atoi(ps)
	}
	a := netip.MustParseAddr(host)
	if a.Is4() {
		return &syscall.SockaddrInet4{Addr: a.As4(), Port: port}, nil
	}
	return &syscall.SockaddrInet6{Addr: a.As16(), Port: port}, nil
}

var flagNames = map[string]int{
	"peek": linux.MSG_PEEK, "trunc": linux.MSG_TRUNC, "waitall": linux.MSG_WAITALL,
	"dontwait": linux.MSG_DONTWAIT, "oob": linux.MSG_OOB, "nosignal": linux.MSG_NOSIGNAL,
	"errqueue": linux.MSG_ERRQUEUE, "more": linux.MSG_MORE,
}

func flags(args []string) int {
	f := 0
	for _, a := range args {
		v, ok := flagNames[a]
		if !ok {
			panic("unknown flag " + a)
		}
		f |= v
	}
	return f
}

var levelNames = map[string]int{"SOL_SOCKET": linux.SOL_SOCKET, "TCP": linux.SOL_TCP, "IP": linux.SOL_IP, "IPV6": linux.SOL_IPV6, "UDP": linux.IPPROTO_UDP}

var optNames = map[string]int{
	"SO_REUSEADDR": linux.SO_REUSEADDR, "SO_REUSEPORT": linux.SO_REUSEPORT, "SO_KEEPALIVE": linux.SO_KEEPALIVE,
	"SO_BROADCAST": linux.SO_BROADCAST, "SO_SNDBUF": linux.SO_SNDBUF, "SO_RCVBUF": linux.SO_RCVBUF,
	"SO_LINGER": linux.SO_LINGER, "SO_ERROR": linux.SO_ERROR, "SO_TYPE": linux.SO_TYPE,
	"SO_ACCEPTCONN": linux.SO_ACCEPTCONN, "SO_DOMAIN": linux.SO_DOMAIN, "SO_PROTOCOL": linux.SO_PROTOCOL,
	"SO_OOBINLINE": linux.SO_OOBINLINE, "SO_DONTROUTE": linux.SO_DONTROUTE, "SO_RCVLOWAT": linux.SO_RCVLOWAT,
	"SO_SNDLOWAT": linux.SO_SNDLOWAT, "TCP_NODELAY": linux.TCP_NODELAY, "TCP_KEEPIDLE": linux.TCP_KEEPIDLE,
	"TCP_KEEPINTVL": linux.TCP_KEEPINTVL, "TCP_KEEPCNT": linux.TCP_KEEPCNT, "IP_TTL": linux.IP_TTL, "IP_TOS": linux.IP_TOS,
	"IPV6_V6ONLY": linux.IPV6_V6ONLY, "IP_MULTICAST_TTL": linux.IP_MULTICAST_TTL, "IP_MULTICAST_LOOP": linux.IP_MULTICAST_LOOP,
	"SO_PRIORITY": linux.SO_PRIORITY, "TCP_MAXSEG": linux.TCP_MAXSEG, "IPV6_UNICAST_HOPS": linux.IPV6_UNICAST_HOPS,
	"SO_PEEK_OFF": 42, "TCP_CORK": linux.TCP_CORK,
}

func pollString(m int16) string {
	if m == 0 {
		return "0"
	}
	var out []string
	for _, b := range []struct {
		bit  int16
		name string
	}{{pollIn, "IN"}, {pollPri, "PRI"}, {pollOut, "OUT"}, {pollErr, "ERR"}, {pollHup, "HUP"}, {pollNval, "NVAL"}, {pollRdhup, "RDHUP"}} {
		if m&b.bit != 0 {
			out = append(out, b.name)
			m &^= b.bit
		}
	}
	if m != 0 {
		out = append(out, fmt.Sprintf("%#x", m))
	}
	return strings.Join(out, "|")
}

func payload(tok string) []byte {
	if strings.HasPrefix(tok, "#") {
		n, _ := strconv.Atoi(tok[1:])
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + i%26)
		}
		return b
	}
	return []byte(tok)
}

func result(err error, ok string) string {
	if err != nil {
		return errString(err)
	}
	return ok
}

var families = map[string]int{"inet": linux.AF_INET, "inet6": linux.AF_INET6, "unix": linux.AF_UNIX}
var types = map[string]int{"stream": linux.SOCK_STREAM, "dgram": linux.SOCK_DGRAM, "seqpacket": linux.SOCK_SEQPACKET, "raw": linux.SOCK_RAW}

// step runs one line and says what it gave.
func (r *runner) step(line string) string {
	f := strings.Fields(line)
	if len(f) >= 3 && f[1] == "=" {
		name := f[0]
		switch f[2] {
		case "socket":
			fd, err := r.api.Socket(families[f[3]], types[f[4]], 0)
			if err != nil {
				fd = -1
			}
			r.vars[name] = fd
			return result(err, "ok")
		case "accept":
			fd, sa, err := r.api.Accept(r.fd(f[3]))
			if err != nil {
				fd = -1
			}
			r.vars[name] = fd
			return result(err, "ok "+r.addrString(sa))
		}
		panic("bad line " + line)
	}
	if len(f) >= 4 && f[2] == "=" && f[3] == "socketpair" {
		fds, err := r.api.Socketpair(families[f[4]], types[f[5]], 0)
		if err != nil {
			fds = [2]int{-1, -1}
		}
		r.vars[f[0]], r.vars[f[1]] = fds[0], fds[1]
		return result(err, "ok")
	}
	switch f[0] {
	case "settle":
		r.api.Settle(r.open())
		return ""
	case "unlink":
		sa, _ := r.addr(f[1])
		return result(r.api.Unlink(sa.(*syscall.SockaddrUnix).Name), "ok")
	}
	fd := r.fd(f[1])
	switch f[0] {
	case "bind", "connect":
		sa, err := r.addr(f[2])
		if err != nil {
			return "addr: " + errString(err)
		}
		if f[0] == "bind" {
			return result(r.api.Bind(fd, sa), "ok")
		}
		return result(r.api.Connect(fd, sa), "ok")
	case "listen":
		n, _ := strconv.Atoi(f[2])
		return result(r.api.Listen(fd, n), "ok")
	case "send":
		n, err := r.api.Sendto(fd, payload(f[2]), flags(f[3:]), nil)
		return result(err, strconv.Itoa(n))
	case "sendto":
		sa, err := r.addr(f[2])
		if err != nil {
			return "addr: " + errString(err)
		}
		n, err := r.api.Sendto(fd, payload(f[3]), flags(f[4:]), sa)
		return result(err, strconv.Itoa(n))
	case "sendbig":
		size, _ := strconv.Atoi(f[2])
		n, err := r.api.Sendto(fd, payload("#"+f[2]), 0, nil)
		switch {
		case err != nil:
			return errString(err)
		case n == size:
			return "full"
		case n > 0:
			return "partial"
		}
		return "0"
	case "recv", "recvfrom":
		size, _ := strconv.Atoi(f[2])
		p := make([]byte, size)
		n, from, err := r.api.Recvfrom(fd, p, flags(f[3:]))
		if err != nil {
			return errString(err)
		}
		out := fmt.Sprintf("%d %q", n, p[:min(n, size)])
		if n > 64 {
			out = fmt.Sprintf("%d bytes", n)
		}
		if f[0] == "recvfrom" {
			out += " from " + r.addrString(from)
		}
		return out
	case "drain":
		p := make([]byte, 1<<20)
		got := false
		for range 100000 {
			n, _, err := r.api.Recvfrom(fd, p, 0)
			if err != nil {
				return fmt.Sprintf("data=%v then %s", got, errString(err))
			}
			if n == 0 {
				return fmt.Sprintf("data=%v then 0", got)
			}
			got = true
		}
		return "drain: no end"
	case "shutdown":
		how, ok := map[string]int{"rd": 0, "wr": 1, "rdwr": 2}[f[2]]
		if !ok {
			how, _ = strconv.Atoi(f[2])
		}
		return result(r.api.Shutdown(fd, how), "ok")
	case "close":
		if sa, err := r.api.Getsockname(fd); err == nil {
			r.closed[f[1]] = sa
		}
		err := r.api.Close(fd)
		r.vars[f[1]] = -1
		return result(err, "ok")
	case "getsockopt":
		v, err := r.api.GetsockoptInt(fd, levelNames[f[2]], optNames[f[3]])
		return result(err, strconv.Itoa(v))
	case "setsockopt":
		v, _ := strconv.Atoi(f[4])
		return result(r.api.SetsockoptInt(fd, levelNames[f[2]], optNames[f[3]], v), "ok")
	case "linger":
		on, _ := strconv.Atoi(f[2])
		secs, _ := strconv.Atoi(f[3])
		return result(r.api.SetsockoptLinger(fd, &linux.Linger{Onoff: int32(on), Linger: int32(secs)}), "ok")
	case "getlinger":
		l, err := r.api.GetsockoptLinger(fd)
		if err != nil {
			return errString(err)
		}
		return fmt.Sprintf("%d %d", l.Onoff, l.Linger)
	case "getsockname", "getpeername":
		get := r.api.Getsockname
		if f[0] == "getpeername" {
			get = r.api.Getpeername
		}
		sa, err := get(fd)
		return result(err, r.addrString(sa))
	case "poll":
		if fd < 0 {
			return "nofd"
		}
		return pollString(r.api.Poll(fd))
	}
	panic("bad line " + line)
}

// A line may end in "!sim=RESULT": what the model gives where it knowingly
// differs from the kernel (something it does not model).
const simMark = "!sim="

// lines splits a case's script, dropping blank lines and comments.
func lines(script string) []string {
	var out []string
	for _, l := range strings.Split(script, "\n") {
		if i := strings.Index(l, "//"); i >= 0 {
			l = l[:i]
		}
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// splitSim separates a line from its expected model result, if any.
func splitSim(l string) (line, sim string, ok bool) {
	i := strings.Index(l, simMark)
	if i < 0 {
		return l, "", false
	}
	return strings.TrimSpace(l[:i]), strings.TrimSpace(l[i+len(simMark):]), true
}

// runCase runs a case against api and returns each line's result.
func runCase(t *testing.T, api sockAPI, c confCase, dir string) []string {
	r := &runner{api: api, vars: map[string]int{}, closed: map[string]syscall.Sockaddr{}, dir: dir, prefix: fmt.Sprintf("simnet-test-%d-", os.Getpid())}
	defer r.closeAll()
	var out []string
	for _, l := range lines(c.steps) {
		l, _, _ = splitSim(l)
		out = append(out, r.step(l))
	}
	return out
}
