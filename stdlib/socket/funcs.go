package socket

import (
	"net/netip"
	"os"
	"sort"
	"strconv"
	"strings"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
)

// moduleFuncs are the socket module's functions for names, addresses and
// byte order:
//
//	gethostname() -> str
//	gethostbyname(host) -> str
//	gethostbyname_ex(host) -> (name, aliaslist, addresslist)
//	gethostbyaddr(host) -> (name, aliaslist, addresslist)
//	getfqdn(name='') -> str
//	getaddrinfo(host, port, family=0, type=0, proto=0, flags=0) -> [(family, type, proto, canonname, sockaddr)]
//	getnameinfo(sockaddr, flags) -> (host, port)
//	getservbyname(servicename[, protocolname]) -> int
//	getservbyport(port[, protocolname]) -> str
//	getprotobyname(name) -> int
//	htons(x), ntohs(x), htonl(x), ntohl(x) -> int
//	inet_aton(str) -> bytes, inet_ntoa(packed) -> str
//	inet_pton(family, str) -> bytes, inet_ntop(family, packed) -> str
//	if_nameindex() -> [(index, name)], if_nametoindex(name) -> int, if_indextoname(index) -> str
//
// Every name lookup goes through lookupIP and the run's resolver, so a
// run's Hooks decide what the network looks like.
func moduleFuncs() map[string]builtinFunc {
	return map[string]builtinFunc{
		"gethostname":      gethostname,
		"gethostbyname":    gethostbyname,
		"gethostbyname_ex": gethostbynameEx,
		"gethostbyaddr":    gethostbyaddr,
		"getfqdn":          getfqdn,
		"getaddrinfo":      getaddrinfo,
		"getnameinfo":      getnameinfo,
		"getservbyname":    getservbyname,
		"getservbyport":    getservbyport,
		"getprotobyname":   getprotobyname,
		"htons":            byteSwap16("htons"),
		"ntohs":            byteSwap16("ntohs"),
		"htonl":            byteSwap32,
		"ntohl":            byteSwap32,
		"inet_aton":        inetAton,
		"inet_ntoa":        inetNtoa,
		"inet_pton":        inetPton,
		"inet_ntop":        inetNtop,
		"if_nameindex":     ifNameindex,
		"if_nametoindex":   ifNametoindex,
		"if_indextoname":   ifIndextoname,
	}
}

// getaddrinfo flags and error codes glibc uses beyond those addr.go names.
const (
	aiPassive     = 0x1
	aiCanonname   = 0x2
	aiNumerichost = 0x4
	aiV4mapped    = 0x8
	aiAll         = 0x10
	aiNumericserv = 0x400
	aiValidFlags  = 0x7ff // every flag glibc accepts, the IDN ones included

	niNumerichost = 0x1
	niNumericserv = 0x2
	niNamereqd    = 0x8
	niDgram       = 0x10
	niValidFlags  = 0xff
)

// herror is socket.herror(h_errno, hstrerror(h_errno)).
func herror(code int) *py.Exception {
	text := map[int]string{1: "Unknown host", 2: "Host name lookup failure", 3: "Unknown server error", 4: "No address associated with name"}[code]
	return py.New(HError, starlark.MakeInt(code), starlark.String(text))
}

// resolverOf is how the run looks names up: its hooks' resolver, else on
// the simulated network its hosts table (no name server: a run's answers
// do not depend on the machine), else the machine's resolver.
func resolverOf(p *host.Process) Resolver {
	if r := hooksOf(p).Resolver; r != nil {
		return r
	}
	if p.Sim() != nil {
		return simHosts.Get()
	}
	return machineResolver()
}

// ---- integer arguments, converted as CPython's argument parser does ----

func intTypeError(v starlark.Value) error {
	return py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
}

// cLong is a C long argument ("l").
func cLong(v starlark.Value) (int64, error) {
	switch x := v.(type) {
	case starlark.Int:
		n, ok := x.Int64()
		if !ok {
			return 0, py.Errorf(py.OverflowError, "Python int too large to convert to C long")
		}
		return n, nil
	case starlark.Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	}
	return 0, intTypeError(v)
}

// cInt is a C int argument ("i").
func cInt(v starlark.Value) (int, error) {
	n, err := cLong(v)
	if err != nil {
		return 0, err
	}
	if n > 1<<31-1 {
		return 0, py.Errorf(py.OverflowError, "signed integer is greater than maximum")
	}
	if n < -1<<31 {
		return 0, py.Errorf(py.OverflowError, "signed integer is less than minimum")
	}
	return int(n), nil
}

// cULong is PyLong_AsUnsignedLong on an int (a bool is an int).
func cULong(v starlark.Value) (uint64, error) {
	var x starlark.Int
	switch a := v.(type) {
	case starlark.Int:
		x = a
	case starlark.Bool:
		if a {
			return 1, nil
		}
		return 0, nil
	default:
		return 0, py.Errorf(py.TypeError, "an integer is required")
	}
	if x.Sign() < 0 {
		return 0, py.Errorf(py.OverflowError, "can't convert negative value to unsigned int")
	}
	n, ok := x.Uint64()
	if !ok {
		return 0, py.Errorf(py.OverflowError, "Python int too large to convert to C unsigned long")
	}
	return n, nil
}

// argTypeName names a wrong argument's type as CPython's argument parser
// does: None is "None", not "NoneType".
func argTypeName(v starlark.Value) string {
	if v == starlark.None {
		return "None"
	}
	return py.TypeOf(v).Name()
}

// strArg is a "s" argument: str only, without NUL; what names the
// argument in CPython's TypeError ("inet_aton() argument 1").
func strArg(v starlark.Value, what string) (string, error) {
	s, ok := v.(starlark.String)
	if !ok {
		return "", py.Errorf(py.TypeError, "%s must be str, not %s", what, argTypeName(v))
	}
	if strings.IndexByte(string(s), 0) >= 0 {
		return "", py.Errorf(py.ValueError, "embedded null character")
	}
	return string(s), nil
}

// hostNameArg is a host for the gethostby* functions: str, bytes or bytearray.
func hostNameArg(v starlark.Value, fn string) (string, error) {
	switch x := v.(type) {
	case starlark.String:
		return string(x), nil
	case starlark.Bytes:
		return string(x), nil
	case py.BytesLike:
		return x.PyBytes(), nil
	}
	return "", py.Errorf(py.TypeError, "%s() argument 1 must be str, bytes or bytearray, not %s", fn, argTypeName(v))
}

// ---- byte order ----

func byteSwap16(name string) builtinFunc {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
			return nil, err
		}
		n, err := cInt(v)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, py.Errorf(py.OverflowError, "%s: can't convert negative Python int to C 16-bit unsigned integer", name)
		}
		if n > 0xffff {
			return nil, py.Errorf(py.OverflowError, "%s: Python int too large to convert to C 16-bit unsigned integer", name)
		}
		return starlark.MakeInt(n>>8 | (n&0xff)<<8), nil
	}
}

func byteSwap32(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	switch v.(type) {
	case starlark.Int, starlark.Bool:
	default:
		return nil, py.Errorf(py.TypeError, "expected int, %s found", py.TypeOf(v).Name())
	}
	n, err := cULong(v)
	if err != nil {
		return nil, err
	}
	if n > 0xffffffff {
		return nil, py.Errorf(py.OverflowError, "int larger than 32 bits")
	}
	return starlark.MakeUint64(n>>24 | (n>>8)&0xff00 | (n<<8)&0xff0000 | (n&0xff)<<24), nil
}

// ---- text and packed addresses ----

func isCSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// parseInetAton reads the forms glibc's inet_aton accepts: one to four
// parts, each decimal, octal (0...) or hex (0x...), the last filling the
// remaining bytes. Unless exact, whitespace and anything after it end the
// address, as in inet_aton; getaddrinfo wants the whole string.
func parseInetAton(s string, exact bool) ([4]byte, bool) {
	var parts []uint64
	i := 0
	for {
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return [4]byte{}, false
		}
		base, val, digits := uint64(10), uint64(0), 0
		if s[i] == '0' {
			i++
			if i < len(s) && (s[i] == 'x' || s[i] == 'X') {
				base = 16
				i++
			} else {
				base, digits = 8, 1
			}
		}
		for ; i < len(s); i++ {
			c := s[i]
			var d uint64
			switch {
			case c >= '0' && c <= '9':
				d = uint64(c - '0')
				if base == 8 && d >= 8 {
					return [4]byte{}, false
				}
			case base == 16 && c >= 'a' && c <= 'f':
				d = uint64(c-'a') + 10
			case base == 16 && c >= 'A' && c <= 'F':
				d = uint64(c-'A') + 10
			default:
				goto endPart
			}
			val = val*base + d
			if val > 0xffffffff {
				return [4]byte{}, false
			}
			digits++
		}
	endPart:
		if digits == 0 {
			return [4]byte{}, false
		}
		parts = append(parts, val)
		if i < len(s) && s[i] == '.' {
			if len(parts) > 3 || val > 0xff {
				return [4]byte{}, false
			}
			i++
			continue
		}
		break
	}
	if i < len(s) && (exact || !isCSpace(s[i])) {
		return [4]byte{}, false
	}
	last := parts[len(parts)-1]
	if last > [...]uint64{0xffffffff, 0xffffff, 0xffff, 0xff}[len(parts)-1] {
		return [4]byte{}, false
	}
	var out [4]byte
	for k, v := range parts[:len(parts)-1] {
		out[k] = byte(v)
	}
	for k := 3; k >= len(parts)-1; k-- {
		out[k] = byte(last)
		last >>= 8
	}
	return out, true
}

func inetAton(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	s, err := strArg(v, "inet_aton() argument 1")
	if err != nil {
		return nil, err
	}
	a, ok := parseInetAton(s, false)
	if !ok {
		return nil, py.Errorf(py.OSError, "illegal IP address string passed to inet_aton")
	}
	return starlark.Bytes(a[:]), nil
}

func inetNtoa(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	packed, err := py.AsBytes(v)
	if err != nil {
		return nil, err
	}
	if len(packed) != 4 {
		return nil, py.Errorf(py.OSError, "packed IP wrong length for inet_ntoa")
	}
	return starlark.String(netip.AddrFrom4([4]byte([]byte(packed))).String()), nil
}

// parsePton is inet_pton: strict dotted quad for IPv4, RFC 4291 text
// without a zone for IPv6.
func parsePton(family int, s string) (netip.Addr, bool) {
	if strings.ContainsRune(s, '%') {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	if family == linux.AF_INET {
		return a, a.Is4()
	}
	return a, a.Is6()
}

func inetPton(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var familyV, v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &familyV, &v); err != nil {
		return nil, err
	}
	family, err := cInt(familyV)
	if err != nil {
		return nil, err
	}
	s, err := strArg(v, "inet_pton() argument 2")
	if err != nil {
		return nil, err
	}
	if family != linux.AF_INET && family != linux.AF_INET6 {
		return nil, py.FromErrno(linux.EAFNOSUPPORT)
	}
	a, ok := parsePton(family, s)
	if !ok {
		return nil, py.Errorf(py.OSError, "illegal IP address string passed to inet_pton")
	}
	return starlark.Bytes(a.AsSlice()), nil
}

// ntop6 writes an IPv6 address as glibc's inet_ntop does: the longest run
// of two or more zero groups (the first of equals) becomes "::", and an
// IPv4-compatible or IPv4-mapped address ends in dotted-quad form.
func ntop6(a [16]byte) string {
	var w [8]int
	for i := range w {
		w[i] = int(a[2*i])<<8 | int(a[2*i+1])
	}
	best, bestLen := -1, 0
	for i := 0; i < 8; {
		if w[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && w[j] == 0 {
			j++
		}
		if j-i > bestLen {
			best, bestLen = i, j-i
		}
		i = j
	}
	if bestLen < 2 {
		best = -1
	}
	var sb strings.Builder
	for i := 0; i < 8; i++ {
		if i == best {
			sb.WriteString("::")
			i += bestLen - 1
			continue
		}
		if i > 0 && i != best+bestLen {
			sb.WriteByte(':')
		}
		if i == 6 && best == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff)) {
			sb.WriteString(netip.AddrFrom4([4]byte{a[12], a[13], a[14], a[15]}).String())
			break
		}
		sb.WriteString(strconv.FormatInt(int64(w[i]), 16))
	}
	return sb.String()
}

func inetNtop(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var familyV, v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &familyV, &v); err != nil {
		return nil, err
	}
	family, err := cInt(familyV)
	if err != nil {
		return nil, err
	}
	packed, err := py.AsBytes(v)
	if err != nil {
		return nil, err
	}
	switch family {
	case linux.AF_INET:
		if len(packed) != 4 {
			return nil, py.Errorf(py.ValueError, "invalid length of packed IP address string")
		}
		return starlark.String(netip.AddrFrom4([4]byte([]byte(packed))).String()), nil
	case linux.AF_INET6:
		if len(packed) != 16 {
			return nil, py.Errorf(py.ValueError, "invalid length of packed IP address string")
		}
		return starlark.String(ntop6([16]byte([]byte(packed)))), nil
	}
	return nil, py.Errorf(py.ValueError, "unknown address family %d", family)
}

// ---- services and protocols ----

// builtinServices stands in for /etc/services on a system without one.
const builtinServices = `
ftp-data 20/tcp
ftp 21/tcp
ssh 22/tcp
telnet 23/tcp
smtp 25/tcp mail
domain 53/tcp
domain 53/udp
bootps 67/udp
bootpc 68/udp
tftp 69/udp
gopher 70/tcp
finger 79/tcp
http 80/tcp www
kerberos 88/tcp kerberos5 krb5 kerberos-sec
kerberos 88/udp kerberos5 krb5 kerberos-sec
pop3 110/tcp pop-3
sunrpc 111/tcp portmapper
sunrpc 111/udp portmapper
auth 113/tcp authentication tap ident
nntp 119/tcp readnews untp
ntp 123/udp
imap2 143/tcp imap
snmp 161/tcp
snmp 161/udp
ldap 389/tcp
ldap 389/udp
https 443/tcp
https 443/udp
submission 587/tcp
ldaps 636/tcp
imaps 993/tcp
pop3s 995/tcp
mysql 3306/tcp
postgresql 5432/tcp postgres
http-alt 8080/tcp webcache
`

// builtinProtocols stands in for /etc/protocols on a system without one.
const builtinProtocols = `
ip 0 IP
icmp 1 ICMP
igmp 2 IGMP
ipencap 4 IP-ENCAP
tcp 6 TCP
egp 8 EGP
udp 17 UDP
ipv6 41 IPv6
ipv6-route 43 IPv6-Route
ipv6-frag 44 IPv6-Frag
gre 47 GRE
esp 50 IPSEC-ESP
ah 51 IPSEC-AH
ipv6-icmp 58 IPv6-ICMP
ipv6-nonxt 59 IPv6-NoNxt
ipv6-opts 60 IPv6-Opts
sctp 132 SCTP
udplite 136 UDPLite
raw 255 RAW
`

// dbLines reads a netdb file (/etc/services, /etc/protocols) as fields
// per line, comments dropped; fallback is used when the file is missing.
func dbLines(path, fallback string) [][]string {
	text := fallback
	if data, err := os.ReadFile(path); err == nil {
		text = string(data)
	}
	var out [][]string
	for _, line := range strings.Split(text, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if f := strings.Fields(line); len(f) >= 2 {
			out = append(out, f)
		}
	}
	return out
}

type service struct {
	name  string
	port  int
	proto string
	names []string // name and aliases
}

func services() []service {
	var out []service
	for _, f := range dbLines("/etc/services", builtinServices) {
		portProto := strings.SplitN(f[1], "/", 2)
		if len(portProto) != 2 {
			continue
		}
		port, err := strconv.Atoi(portProto[0])
		if err != nil {
			continue
		}
		names := append([]string{f[0]}, f[2:]...)
		out = append(out, service{name: f[0], port: port, proto: portProto[1], names: names})
	}
	return out
}

// servByName is getservbyname(3): the first entry called name (or with
// it as an alias) for proto, any protocol when proto is "".
func servByName(name, proto string) (int, bool) {
	for _, s := range services() {
		if proto != "" && s.proto != proto {
			continue
		}
		for _, n := range s.names {
			if n == name {
				return s.port, true
			}
		}
	}
	return 0, false
}

func servByPort(port int, proto string) (string, bool) {
	for _, s := range services() {
		if s.port == port && (proto == "" || s.proto == proto) {
			return s.name, true
		}
	}
	return "", false
}

// optProto is getservby*'s optional protocol: absent or a str (not None).
func optProto(args starlark.Tuple, fn string) (string, error) {
	if len(args) < 2 {
		return "", nil
	}
	return strArg(args[1], fn+"() argument 2")
}

func getservbyname(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nameV, protoV starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &nameV, &protoV); err != nil {
		return nil, err
	}
	name, err := strArg(nameV, "getservbyname() argument 1")
	if err != nil {
		return nil, err
	}
	proto, err := optProto(args, "getservbyname")
	if err != nil {
		return nil, err
	}
	port, ok := servByName(name, proto)
	if !ok {
		return nil, py.Errorf(py.OSError, "service/proto not found")
	}
	return starlark.MakeInt(port), nil
}

func getservbyport(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var portV, protoV starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &portV, &protoV); err != nil {
		return nil, err
	}
	port, err := cInt(portV)
	if err != nil {
		return nil, err
	}
	proto, err := optProto(args, "getservbyport")
	if err != nil {
		return nil, err
	}
	if port < 0 || port > 0xffff {
		return nil, py.Errorf(py.OverflowError, "getservbyport: port must be 0-65535.")
	}
	name, ok := servByPort(port, proto)
	if !ok {
		return nil, py.Errorf(py.OSError, "port/proto not found")
	}
	return starlark.String(name), nil
}

func getprotobyname(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nameV starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &nameV); err != nil {
		return nil, err
	}
	name, err := strArg(nameV, "getprotobyname() argument 1")
	if err != nil {
		return nil, err
	}
	for _, f := range dbLines("/etc/protocols", builtinProtocols) {
		n, err := strconv.Atoi(f[1])
		if err != nil {
			continue
		}
		for _, alias := range append([]string{f[0]}, f[2:]...) {
			if alias == name {
				return starlark.MakeInt(n), nil
			}
		}
	}
	return nil, py.Errorf(py.OSError, "protocol not found")
}

// ---- interfaces ----

func ifNameindex(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	ifs, err := interfaces(host.Of(thread))
	if err != nil {
		return nil, err
	}
	out := make([]starlark.Value, len(ifs))
	for i, ifc := range ifs {
		out[i] = starlark.Tuple{starlark.MakeInt(ifc.index), starlark.String(ifc.name)}
	}
	return starlark.NewList(out), nil
}

func ifNametoindex(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	var name string
	switch x := v.(type) {
	case starlark.String:
		name = string(x)
	case starlark.Bytes:
		name = string(x)
	default:
		return nil, py.Errorf(py.TypeError, "expected str, bytes or os.PathLike object, not %s", py.TypeOf(v).Name())
	}
	index, ok := interfaceByName(host.Of(thread), name)
	if !ok {
		return nil, py.Errorf(py.OSError, "no interface with this name")
	}
	return starlark.MakeInt(index), nil
}

func ifIndextoname(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	n, err := cULong(v)
	if err != nil {
		return nil, err
	}
	// CPython passes the index on as a C unsigned int: it wraps.
	index := int(uint32(n))
	if index == 0 {
		return nil, py.FromErrno(linux.ENXIO)
	}
	name, ok := interfaceByIndex(host.Of(thread), index)
	if !ok {
		return nil, py.FromErrno(linux.ENXIO)
	}
	return starlark.String(name), nil
}

// ---- host names ----

func gethostname(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	name, err := os.Hostname()
	if err != nil {
		if errno, ok := linux.ErrnoOf(err); ok {
			return nil, py.FromErrno(errno)
		}
		return nil, py.Errorf(py.OSError, "%v", err)
	}
	return starlark.String(name), nil
}

// hostsLine is one line of /etc/hosts: an address and its names, the
// canonical one first.
type hostsLine struct {
	addr  netip.Addr
	names []string
}

// hostsFile reads /etc/hosts (the simulated network's hosts table in a
// simulated run) for what glibc keeps and Go's resolver flattens: which
// names share a line, and which comes first.
func hostsFile(p *host.Process) []hostsLine {
	if t, ok := resolverOf(p).(hostsTable); ok {
		return t
	}
	var out []hostsLine
	for _, f := range dbLines("/etc/hosts", "") {
		a, err := netip.ParseAddr(f[0])
		if err != nil {
			continue
		}
		out = append(out, hostsLine{addr: a.Unmap(), names: f[1:]})
	}
	return out
}

// numericHost is what glibc's getaddrinfo takes as a numeric host:
// inet_aton's IPv4 forms, or IPv6 text with an optional %scope (an
// interface name or number), returned as its scope id.
func numericHost(p *host.Process, name string) (netip.Addr, uint32, bool, error) {
	if a, ok := parseInetAton(name, true); ok {
		return netip.AddrFrom4(a), 0, true, nil
	}
	text, zone, hasZone := strings.Cut(name, "%")
	a, ok := parsePton(linux.AF_INET6, text)
	if !ok {
		return netip.Addr{}, 0, false, nil
	}
	var scope uint32
	if hasZone {
		if n, err := strconv.ParseUint(zone, 10, 32); err == nil {
			scope = uint32(n)
		} else if index, ok := interfaceByName(p, zone); ok {
			scope = uint32(index)
		} else {
			return netip.Addr{}, 0, false, gaiError(eaiNoName)
		}
	}
	return a, scope, true, nil
}

// addrInfo is one resolved address with its IPv6 scope id.
type addrInfo struct {
	addr  netip.Addr
	scope uint32
}

// resolve finds the addresses of a host for family as getaddrinfo does:
// numeric forms directly, names through lookupIP (the run's resolver).
func resolve(p *host.Process, name string, family, flags int) ([]addrInfo, error) {
	a, scope, ok, err := numericHost(p, name)
	if err != nil {
		return nil, err
	}
	if ok {
		switch {
		case family == linux.AF_INET && a.Is6():
			if !a.Is4In6() {
				return nil, gaiError(eaiAddrFamily)
			}
			a = a.Unmap()
		case family == linux.AF_INET6 && a.Is4():
			if flags&aiV4mapped == 0 {
				return nil, gaiError(eaiAddrFamily)
			}
			a = netip.AddrFrom16(a.As16())
		}
		return []addrInfo{{a, scope}}, nil
	}
	if flags&aiNumerichost != 0 || name == "" {
		return nil, gaiError(eaiNoName)
	}
	addrs, err := lookupIP(p, name, family)
	if err != nil && family == linux.AF_INET6 && flags&aiV4mapped != 0 {
		// With AI_V4MAPPED, a name with no IPv6 address gives its IPv4 ones, mapped.
		if v4, err4 := lookupIP(p, name, linux.AF_INET); err4 == nil {
			for i, a := range v4 {
				v4[i] = netip.AddrFrom16(a.As16())
			}
			addrs, err = v4, nil
		}
	}
	if err != nil {
		return nil, err
	}
	out := make([]addrInfo, 0, len(addrs))
	for _, a := range addrs {
		if family == linux.AF_INET6 && a.Is4() {
			continue
		}
		out = append(out, addrInfo{addr: a.WithZone("")})
	}
	if len(out) == 0 {
		return nil, gaiError(eaiNoName)
	}
	preferLoopback6(p, out)
	return out, nil
}

// preferLoopback6 puts ::1 before 127.0.0.1 as glibc's RFC 3484 sort does
// (::1 has the higher precedence) when this host has ::1 at all.
func preferLoopback6(p *host.Process, addrs []addrInfo) {
	has6 := false
	for _, a := range addrs {
		has6 = has6 || (a.addr.Is6() && a.addr.IsLoopback())
	}
	if !has6 {
		return
	}
	if !hasLoopback6(p) {
		return
	}
	rank := func(a netip.Addr) int {
		if a.IsLoopback() && a.Is6() {
			return 0
		}
		if a.IsLoopback() {
			return 1
		}
		return 2
	}
	sort.SliceStable(addrs, func(i, j int) bool { return rank(addrs[i].addr) < rank(addrs[j].addr) })
}

func addrString(a netip.Addr) string {
	if a.Is4() {
		return a.String()
	}
	return ntop6(a.As16())
}

func gethostbyname(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	name, err := hostNameArg(v, "gethostbyname")
	if err != nil {
		return nil, err
	}
	a, err := hostIPv4(host.Of(thread), name)
	if err != nil {
		return nil, err
	}
	return starlark.String(a.String()), nil
}

// hostIPv4 is CPython's setipaddr for AF_INET: an empty name is INADDR_ANY and
// '<broadcast>' the broadcast address.
func hostIPv4(p *host.Process, name string) (netip.Addr, error) {
	switch name {
	case "":
		return netip.IPv4Unspecified(), nil
	case "<broadcast>", "255.255.255.255":
		return netip.AddrFrom4([4]byte{255, 255, 255, 255}), nil
	}
	addrs, err := resolve(p, name, linux.AF_INET, 0)
	if err != nil {
		return netip.Addr{}, err
	}
	return addrs[0].addr, nil
}

// allDigitsDots is the test glibc's gethostbyname uses to take a name as
// an address without a lookup.
func allDigitsDots(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return false
		}
	}
	return true
}

func gethostbynameEx(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	name, err := hostNameArg(v, "gethostbyname_ex")
	if err != nil {
		return nil, err
	}
	p := host.Of(thread)
	// CPython checks the name resolves first, then asks gethostbyname(3).
	if _, err := hostIPv4(p, name); err != nil {
		return nil, err
	}
	if name == "" {
		return nil, herror(3)
	}
	if allDigitsDots(name) {
		if a, ok := parseInetAton(name, true); ok {
			return hostent(name, nil, []netip.Addr{netip.AddrFrom4(a)}), nil
		}
		return nil, herror(1)
	}
	if _, _, ok, _ := numericHost(p, name); ok || name == "<broadcast>" {
		return nil, herror(1)
	}
	addrs, err := lookupIP(p, name, linux.AF_INET)
	if err != nil {
		return nil, herror(1)
	}
	canon, aliases := name, []string(nil)
	if line, ok := hostsLineFor(p, name, true); ok {
		canon, aliases = line.names[0], line.names[1:]
	} else if cname, err := resolverOf(p).LookupCNAME(p.Context(), name); err == nil {
		if c := strings.TrimSuffix(cname, "."); c != "" && !strings.EqualFold(c, name) {
			canon, aliases = c, []string{name}
		}
	}
	return hostent(canon, aliases, addrs), nil
}

// hostsLineFor is the first IPv4 line of /etc/hosts that names name.
func hostsLineFor(p *host.Process, name string, ipv4 bool) (hostsLine, bool) {
	for _, line := range hostsFile(p) {
		if ipv4 && !line.addr.Is4() {
			continue
		}
		for _, n := range line.names {
			if strings.EqualFold(n, name) {
				return line, true
			}
		}
	}
	return hostsLine{}, false
}

func hostent(name string, aliases []string, addrs []netip.Addr) starlark.Value {
	al := make([]starlark.Value, len(aliases))
	for i, a := range aliases {
		al[i] = starlark.String(a)
	}
	ad := make([]starlark.Value, len(addrs))
	for i, a := range addrs {
		ad[i] = starlark.String(addrString(a))
	}
	return starlark.Tuple{starlark.String(name), starlark.NewList(al), starlark.NewList(ad)}
}

// reverseName is the name of an address (gethostbyaddr(3)), with the
// other names on its /etc/hosts line or the further PTR names as aliases.
func reverseName(p *host.Process, a netip.Addr) (string, []string, bool) {
	names, err := resolverOf(p).LookupAddr(p.Context(), a.String())
	if err != nil || len(names) == 0 {
		return "", nil, false
	}
	for i, n := range names {
		names[i] = strings.TrimSuffix(n, ".")
	}
	for _, line := range hostsFile(p) {
		if line.addr == a {
			if strings.EqualFold(line.names[0], names[0]) {
				return line.names[0], line.names[1:], true
			}
			break
		}
	}
	return names[0], names[1:], true
}

func hostByAddr(p *host.Process, name string) (starlark.Value, error) {
	if name == "" {
		return nil, py.Errorf(py.OSError, "wildcard resolved to multiple address")
	}
	addrs, err := resolve(p, name, linux.AF_UNSPEC, 0)
	if err != nil {
		return nil, err
	}
	a := addrs[0].addr
	canon, aliases, ok := reverseName(p, a)
	if !ok {
		return nil, herror(1)
	}
	return hostent(canon, aliases, []netip.Addr{a}), nil
}

func gethostbyaddr(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	name, err := hostNameArg(v, "gethostbyaddr")
	if err != nil {
		return nil, err
	}
	return hostByAddr(host.Of(thread), name)
}

func getfqdn(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value = starlark.String("")
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "name?", &v); err != nil {
		return nil, err
	}
	s, ok := v.(starlark.String)
	if !ok {
		return nil, py.Errorf(py.AttributeError, "'%s' object has no attribute 'strip'", py.TypeOf(v).Name())
	}
	name := strings.TrimSpace(string(s))
	if name == "" || name == "0.0.0.0" || name == "::" {
		hn, err := gethostname(thread, b, nil, nil)
		if err != nil {
			return nil, err
		}
		name = string(hn.(starlark.String))
	}
	ent, err := hostByAddr(host.Of(thread), name)
	if err != nil {
		if exc, ok := err.(*py.Exception); ok && exc.Class.IsSubclass(py.OSError) {
			return starlark.String(name), nil
		}
		return nil, err
	}
	t := ent.(starlark.Tuple)
	hostname := t[0]
	candidates := append([]starlark.Value{hostname}, listValues(t[1].(*starlark.List))...)
	for _, c := range candidates {
		if strings.Contains(string(c.(starlark.String)), ".") {
			return c, nil
		}
	}
	return hostname, nil
}

func listValues(l *starlark.List) []starlark.Value {
	out := make([]starlark.Value, l.Len())
	for i := range out {
		out[i] = l.Index(i)
	}
	return out
}

// ---- getaddrinfo / getnameinfo ----

// typeProto is a row of glibc's table of socket types and protocols.
type typeProto struct {
	socktype, proto int
	protoAny        bool // any protocol asked for goes (SOCK_RAW)
	noServ          bool // takes no service (SOCK_RAW)
	byDefault       bool // listed when neither type nor protocol is asked for
	name            string
}

var typeProtos = []typeProto{
	{linux.SOCK_STREAM, linux.IPPROTO_TCP, false, false, true, "tcp"},
	{linux.SOCK_DGRAM, linux.IPPROTO_UDP, false, false, true, "udp"},
	{linux.SOCK_DCCP, 33, false, false, false, "dccp"},
	{linux.SOCK_DGRAM, 136, false, false, false, "udplite"},
	{linux.SOCK_STREAM, 132, false, false, false, "sctp"},
	{linux.SOCK_SEQPACKET, 132, false, false, false, "sctp"},
	{linux.SOCK_RAW, 0, true, true, true, "raw"},
}

func (tp typeProto) matches(socktype, proto int) bool {
	return (socktype == 0 || socktype == tp.socktype) && (proto == 0 || tp.protoAny || proto == tp.proto)
}

// servTuple is one (type, protocol, port) getaddrinfo lists per address.
type servTuple struct{ socktype, proto, port int }

// parseService is glibc's reading of a service: strtoul's number (cast to
// int, so a negative one is a name), or -1 for a name.
func parseService(s string) int {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var n uint64
	overflow := false
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		d := uint64(s[i] - '0')
		if n > (^uint64(0)-d)/10 {
			overflow = true
		}
		n = n*10 + d
	}
	if i == start || i != len(s) {
		return -1
	}
	if overflow {
		n = ^uint64(0)
	}
	if neg {
		n = -n
	}
	return int(int32(uint32(n)))
}

// servTuples chooses the socket types and the port as glibc's gaih_inet does.
func servTuples(service *string, socktype, proto, flags int) ([]servTuple, error) {
	var tp *typeProto
	if socktype != 0 || proto != 0 {
		for i := range typeProtos {
			if typeProtos[i].matches(socktype, proto) {
				tp = &typeProtos[i]
				break
			}
		}
		if tp == nil {
			if socktype != 0 {
				return nil, gaiError(eaiSocktype)
			}
			return nil, gaiError(eaiService)
		}
	}
	protoOf := func(t *typeProto) int {
		if t.protoAny {
			return proto
		}
		return t.proto
	}
	port := 0
	if service != nil {
		if tp != nil && tp.noServ {
			return nil, gaiError(eaiService)
		}
		num := parseService(*service)
		if num < 0 {
			if flags&aiNumericserv != 0 {
				return nil, gaiError(eaiNoName)
			}
			if tp != nil {
				port, ok := servByName(*service, tp.name)
				if !ok {
					return nil, gaiError(eaiService)
				}
				return []servTuple{{tp.socktype, protoOf(tp), port}}, nil
			}
			var out []servTuple
			for i := range typeProtos {
				t := &typeProtos[i]
				if t.noServ {
					continue
				}
				if port, ok := servByName(*service, t.name); ok {
					out = append(out, servTuple{t.socktype, t.proto, port})
				}
			}
			if len(out) == 0 {
				return nil, gaiError(eaiService)
			}
			return out, nil
		}
		port = num & 0xffff
	}
	if tp != nil {
		return []servTuple{{tp.socktype, protoOf(tp), port}}, nil
	}
	var out []servTuple
	for _, t := range typeProtos {
		if t.byDefault {
			out = append(out, servTuple{t.socktype, t.proto, port})
		}
	}
	return out, nil
}

func getaddrinfo(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var hostV, portV starlark.Value
	var familyV, typeV, protoV, flagsV starlark.Value = starlark.MakeInt(0), starlark.MakeInt(0), starlark.MakeInt(0), starlark.MakeInt(0)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "host", &hostV, "port", &portV, "family?", &familyV, "type?", &typeV, "proto?", &protoV, "flags?", &flagsV); err != nil {
		return nil, err
	}
	var hostName *string
	switch h := hostV.(type) {
	case starlark.NoneType:
	case starlark.String:
		s := string(h)
		hostName = &s
	case starlark.Bytes:
		s := string(h)
		hostName = &s
	default:
		return nil, py.Errorf(py.TypeError, "getaddrinfo() argument 1 must be string or None")
	}
	var service *string
	switch x := portV.(type) {
	case starlark.NoneType:
	case starlark.Int:
		n, ok := x.Int64()
		if !ok {
			return nil, py.Errorf(py.OverflowError, "Python int too large to convert to C long")
		}
		s := strconv.FormatInt(n, 10)
		service = &s
	case starlark.String:
		s := string(x)
		service = &s
	case starlark.Bytes:
		s := string(x)
		service = &s
	default:
		return nil, py.Errorf(py.OSError, "Int or String expected")
	}
	var ints [4]int
	for i, v := range []starlark.Value{familyV, typeV, protoV, flagsV} {
		n, err := cInt(v)
		if err != nil {
			return nil, err
		}
		ints[i] = n
	}
	family, socktype, proto, flags := ints[0], ints[1], ints[2], ints[3]

	// The checks in glibc's order, so the same error wins.
	if service != nil && *service == "" {
		service = nil
	}
	if hostName == nil && service == nil {
		return nil, gaiError(eaiNoName)
	}
	if flags&^aiValidFlags != 0 || (flags&aiCanonname != 0 && hostName == nil) {
		return nil, gaiError(eaiBadFlags)
	}
	if family != linux.AF_UNSPEC && family != linux.AF_INET && family != linux.AF_INET6 {
		return nil, gaiError(eaiFamily)
	}
	if service != nil && flags&aiNumericserv != 0 && parseService(*service) < 0 {
		return nil, gaiError(eaiNoName)
	}
	sts, err := servTuples(service, socktype, proto, flags)
	if err != nil {
		return nil, err
	}
	p := host.Of(thread)
	var addrs []addrInfo
	canon := ""
	if hostName == nil {
		addrs = wildcardAddrs(family, flags&aiPassive != 0)
	} else {
		if addrs, err = resolve(p, *hostName, family, flags); err != nil {
			return nil, err
		}
		if flags&aiCanonname != 0 {
			canon = canonName(p, *hostName)
		}
	}
	var out []starlark.Value
	for _, a := range addrs {
		for _, st := range sts {
			fam := linux.AF_INET6
			var sa starlark.Value
			if a.addr.Is4() {
				fam = linux.AF_INET
				sa = starlark.Tuple{starlark.String(a.addr.String()), starlark.MakeInt(st.port)}
			} else {
				sa = starlark.Tuple{starlark.String(addrString(a.addr)), starlark.MakeInt(st.port), starlark.MakeInt(0), starlark.MakeUint64(uint64(a.scope))}
			}
			out = append(out, starlark.Tuple{
				starlark.MakeInt(fam), starlark.MakeInt(st.socktype), starlark.MakeInt(st.proto),
				starlark.String(canon), sa,
			})
			canon = "" // only the first entry carries the canonical name
		}
	}
	return starlark.NewList(out), nil
}

// wildcardAddrs is what getaddrinfo gives for no host: the loopback
// addresses, or the any-addresses for AI_PASSIVE, in glibc's order.
func wildcardAddrs(family int, passive bool) []addrInfo {
	v4, v6 := netip.AddrFrom4([4]byte{127, 0, 0, 1}), netip.IPv6Loopback()
	order := []netip.Addr{v6, v4}
	if passive {
		v4, v6 = netip.IPv4Unspecified(), netip.IPv6Unspecified()
		order = []netip.Addr{v4, v6}
	}
	var out []addrInfo
	for _, a := range order {
		if family == linux.AF_UNSPEC || (family == linux.AF_INET) == a.Is4() {
			out = append(out, addrInfo{addr: a})
		}
	}
	return out
}

// canonName is AI_CANONNAME's answer: a numeric host as given, else the
// name's canonical name (its /etc/hosts line's first name, or its CNAME).
func canonName(p *host.Process, name string) string {
	if _, _, ok, _ := numericHost(p, name); ok {
		return name
	}
	if line, ok := hostsLineFor(p, name, false); ok {
		return line.names[0]
	}
	if c, err := resolverOf(p).LookupCNAME(p.Context(), name); err == nil && c != "" {
		return strings.TrimSuffix(c, ".")
	}
	return name
}

func getnameinfo(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var saV, flagsV starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &saV, &flagsV); err != nil {
		return nil, err
	}
	flags, err := cInt(flagsV)
	if err != nil {
		return nil, err
	}
	t, ok := saV.(starlark.Tuple)
	if !ok {
		return nil, py.Errorf(py.TypeError, "getnameinfo() argument 1 must be a tuple")
	}
	illegal := py.Errorf(py.TypeError, "getnameinfo(): illegal sockaddr argument")
	if len(t) < 2 || len(t) > 4 {
		return nil, illegal
	}
	hs, ok := t[0].(starlark.String)
	if !ok {
		return nil, illegal
	}
	port, err := cInt(t[1])
	if err != nil {
		return nil, err
	}
	var scope uint32
	for i := 2; i < len(t); i++ {
		n, err := cULong(t[i])
		if err != nil {
			return nil, err
		}
		if i == 3 {
			scope = uint32(n) // "I": CPython wraps it to a C unsigned int
		}
	}
	// CPython resolves the text numerically (AI_NUMERICHOST, SOCK_DGRAM).
	sts, err := servTuples(ptr(strconv.Itoa(port)), linux.SOCK_DGRAM, 0, 0)
	if err != nil {
		return nil, err
	}
	addrs, err := resolve(host.Of(thread), string(hs), linux.AF_UNSPEC, aiNumerichost)
	if err != nil {
		return nil, err
	}
	a := addrs[0].addr
	if a.Is4() && len(t) != 2 {
		return nil, py.Errorf(py.OSError, "IPv4 sockaddr must be 2 tuple")
	}
	if flags&^niValidFlags != 0 {
		return nil, gaiError(eaiBadFlags)
	}
	hostOut := ""
	if flags&niNumerichost == 0 {
		if name, _, ok := reverseName(host.Of(thread), a); ok {
			hostOut = name
		} else if flags&niNamereqd != 0 {
			return nil, gaiError(eaiNoName)
		}
	}
	if hostOut == "" {
		hostOut = addrString(a)
		if a.Is6() && scope != 0 {
			zone := strconv.FormatUint(uint64(scope), 10)
			if a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() {
				if name, ok := interfaceByIndex(host.Of(thread), int(scope)); ok {
					zone = name
				}
			}
			hostOut += "%" + zone
		}
	}
	servPort := sts[0].port
	servOut := strconv.Itoa(servPort)
	if flags&niNumericserv == 0 {
		proto := "tcp"
		if flags&niDgram != 0 {
			proto = "udp"
		}
		if name, ok := servByPort(servPort, proto); ok {
			servOut = name
		}
	}
	return starlark.Tuple{starlark.String(hostOut), starlark.String(servOut)}, nil
}

func ptr(s string) *string { return &s }
