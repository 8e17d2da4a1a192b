package simnet

import (
	"syscall"
)

// Linux's defaults and limits (net.core.*mem_*, net.ipv4.tcp_*mem).
const (
	tcpSndbufDefault = 16384
	tcpRcvbufDefault = 131072
	memDefault       = 212992 // wmem_default, rmem_default: UDP and AF_UNIX
	memMax           = 212992 // wmem_max, rmem_max: setsockopt's cap before doubling
	minSndbuf        = 4608   // SOCK_MIN_SNDBUF
	minRcvbuf        = 2304   // SOCK_MIN_RCVBUF
	defaultTTL       = 64
)

// Option numbers syscall does not name.
const (
	soDomain     = 0x27
	soProtocol   = 0x26
	soReuseport  = 0xf
	tcpKeepidle  = 0x4
	tcpKeepintvl = 0x5
	tcpKeepcnt   = 0x6
	ipv6V6only   = 0x1a
	solTCP       = syscall.IPPROTO_TCP
	solIP        = syscall.IPPROTO_IP
	solIPv6      = syscall.IPPROTO_IPV6
)

// options are a socket's stored options.
type options struct {
	reuseaddr, reuseport, keepalive, broadcast, oobinline, dontroute bool
	sndbuf, rcvbuf                                                   int
	lingerOn                                                         bool
	lingerSecs                                                       int
	rcvlowat                                                         int
	nodelay                                                          bool
	keepidle, keepintvl, keepcnt                                     int
	ttl                                                              int // -1: the system's default
	tos                                                              int
	v6only                                                           bool
	mcastTTL                                                         int
	mcastLoop                                                        bool
}

func defaultOptions(family, typ int) options {
	o := options{
		sndbuf: memDefault, rcvbuf: memDefault, rcvlowat: 1,
		keepidle: 7200, keepintvl: 75, keepcnt: 9,
		ttl: -1, mcastTTL: 1, mcastLoop: true,
	}
	if typ == sockStream && family != syscall.AF_UNIX {
		o.sndbuf, o.rcvbuf = tcpSndbufDefault, tcpRcvbufDefault
	}
	return o
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// GetsockoptInt is getsockopt(2) for an int option. An option the model
// does not keep is ENOPROTOOPT.
func (st *Stack) GetsockoptInt(fd, level, opt int) (int, error) {
	s, err := st.get(fd)
	if err != nil {
		return 0, err
	}
	o := &s.opt
	switch level {
	case syscall.SOL_SOCKET:
		switch opt {
		case syscall.SO_REUSEADDR:
			return boolInt(o.reuseaddr), nil
		case soReuseport:
			return boolInt(o.reuseport), nil
		case syscall.SO_KEEPALIVE:
			return boolInt(o.keepalive), nil
		case syscall.SO_BROADCAST:
			return boolInt(o.broadcast), nil
		case syscall.SO_OOBINLINE:
			return boolInt(o.oobinline), nil
		case syscall.SO_DONTROUTE:
			return boolInt(o.dontroute), nil
		case syscall.SO_SNDBUF:
			return o.sndbuf, nil
		case syscall.SO_RCVBUF:
			return o.rcvbuf, nil
		case syscall.SO_LINGER:
			// An int-sized getsockopt gets the first field, l_onoff.
			return boolInt(o.lingerOn), nil
		case syscall.SO_ERROR:
			e := s.err
			s.err = 0
			st.net.changed()
			return int(e), nil
		case syscall.SO_TYPE:
			return s.typ, nil
		case syscall.SO_ACCEPTCONN:
			return boolInt(s.listening()), nil
		case soDomain:
			return s.family, nil
		case soProtocol:
			return s.proto, nil
		case syscall.SO_RCVLOWAT:
			return o.rcvlowat, nil
		case syscall.SO_SNDLOWAT:
			return 1, nil
		}
		return 0, syscall.ENOPROTOOPT
	case solTCP:
		if err := s.levelOK(level, true); err != nil {
			return 0, err
		}
		switch opt {
		case syscall.TCP_NODELAY:
			return boolInt(o.nodelay), nil
		case tcpKeepidle:
			return o.keepidle, nil
		case tcpKeepintvl:
			return o.keepintvl, nil
		case tcpKeepcnt:
			return o.keepcnt, nil
		}
		return 0, syscall.ENOPROTOOPT
	case solIP:
		if err := s.levelOK(level, true); err != nil {
			return 0, err
		}
		switch opt {
		case syscall.IP_TTL:
			if o.ttl < 0 {
				return defaultTTL, nil
			}
			return o.ttl, nil
		case syscall.IP_TOS:
			return o.tos, nil
		case syscall.IP_MULTICAST_TTL:
			return o.mcastTTL, nil
		case syscall.IP_MULTICAST_LOOP:
			return boolInt(o.mcastLoop), nil
		}
		return 0, syscall.ENOPROTOOPT
	case solIPv6:
		if err := s.levelOK(level, true); err != nil {
			return 0, err
		}
		switch opt {
		case ipv6V6only:
			return boolInt(o.v6only), nil
		}
		return 0, syscall.ENOPROTOOPT
	}
	if err := s.levelOK(level, true); err != nil {
		return 0, err
	}
	return 0, syscall.ENOPROTOOPT
}

// levelOK is the errno Linux gives for an option level the socket's
// protocol does not have: AF_UNIX has none but SOL_SOCKET (EOPNOTSUPP);
// an AF_INET socket's getsockopt ends in ip_getsockopt (EOPNOTSUPP), its
// setsockopt in ip_setsockopt and an AF_INET6 socket's in ipv6_*sockopt
// (ENOPROTOOPT).
func (s *socket) levelOK(level int, get bool) error {
	if s.family == syscall.AF_UNIX {
		return syscall.EOPNOTSUPP
	}
	ok := false
	switch level {
	case solTCP:
		ok = s.typ == sockStream
	case solIPv6:
		ok = s.family == syscall.AF_INET6
	case solIP:
		ok = true
	}
	switch {
	case ok:
		return nil
	case get && s.family == syscall.AF_INET:
		return syscall.EOPNOTSUPP
	}
	return syscall.ENOPROTOOPT
}

// bufSize is what SO_SNDBUF/SO_RCVBUF store for v: capped at the
// system's maximum, doubled for the kernel's overhead, at least min.
func bufSize(v, min int) int {
	if uint32(v) > memMax {
		v = memMax
	}
	return max(v*2, min)
}

// SetsockoptInt is setsockopt(2) for an int option.
func (st *Stack) SetsockoptInt(fd, level, opt, value int) error {
	defer st.net.runDue()
	s, err := st.get(fd)
	if err != nil {
		return err
	}
	st.net.changed()
	o := &s.opt
	on := value != 0
	switch level {
	case syscall.SOL_SOCKET:
		switch opt {
		case syscall.SO_REUSEADDR:
			o.reuseaddr = on
		case soReuseport:
			if s.family == syscall.AF_UNIX {
				return syscall.EOPNOTSUPP
			}
			o.reuseport = on
		case syscall.SO_KEEPALIVE:
			o.keepalive = on
		case syscall.SO_BROADCAST:
			o.broadcast = on
		case syscall.SO_OOBINLINE:
			o.oobinline = on
		case syscall.SO_DONTROUTE:
			o.dontroute = on
		case syscall.SO_SNDBUF:
			o.sndbuf = bufSize(value, minSndbuf)
		case syscall.SO_RCVBUF:
			o.rcvbuf = bufSize(value, minRcvbuf)
			s.recvSpaceChanged()
		case syscall.SO_RCVLOWAT:
			if value < 0 {
				value = 1<<31 - 1
			}
			o.rcvlowat = max(value, 1)
		default:
			return syscall.ENOPROTOOPT
		}
		return nil
	case solTCP:
		if err := s.levelOK(level, false); err != nil {
			return err
		}
		switch opt {
		case syscall.TCP_NODELAY:
			o.nodelay = on
		case tcpKeepidle, tcpKeepintvl:
			if value < 1 || value > 32767 {
				return syscall.EINVAL
			}
			if opt == tcpKeepidle {
				o.keepidle = value
			} else {
				o.keepintvl = value
			}
		case tcpKeepcnt:
			if value < 1 || value > 127 {
				return syscall.EINVAL
			}
			o.keepcnt = value
		default:
			return syscall.ENOPROTOOPT
		}
		return nil
	case solIP:
		if err := s.levelOK(level, false); err != nil {
			return err
		}
		switch opt {
		case syscall.IP_TTL:
			if value != -1 && (value < 1 || value > 255) {
				return syscall.EINVAL
			}
			o.ttl = value
		case syscall.IP_TOS:
			if s.typ == sockStream {
				// TCP keeps the ECN bits to itself.
				value &^= 3
			}
			o.tos = value & 0xff
		case syscall.IP_MULTICAST_TTL:
			if s.typ == sockStream {
				return syscall.ENOPROTOOPT
			}
			if value == -1 {
				value = 1
			}
			if value < 0 || value > 255 {
				return syscall.EINVAL
			}
			o.mcastTTL = value
		case syscall.IP_MULTICAST_LOOP:
			if s.typ == sockStream {
				return syscall.ENOPROTOOPT
			}
			o.mcastLoop = on
		default:
			return syscall.ENOPROTOOPT
		}
		return nil
	case solIPv6:
		if err := s.levelOK(level, false); err != nil {
			return err
		}
		switch opt {
		case ipv6V6only:
			if s.bound {
				return syscall.EINVAL
			}
			o.v6only = on
		default:
			return syscall.ENOPROTOOPT
		}
		return nil
	}
	if err := s.levelOK(level, false); err != nil {
		return err
	}
	return syscall.ENOPROTOOPT
}

// GetsockoptLinger is getsockopt(SO_LINGER).
func (st *Stack) GetsockoptLinger(fd int) (*syscall.Linger, error) {
	s, err := st.get(fd)
	if err != nil {
		return nil, err
	}
	return &syscall.Linger{Onoff: int32(boolInt(s.opt.lingerOn)), Linger: int32(s.opt.lingerSecs)}, nil
}

// SetsockoptLinger is setsockopt(SO_LINGER).
func (st *Stack) SetsockoptLinger(fd int, l *syscall.Linger) error {
	s, err := st.get(fd)
	if err != nil {
		return err
	}
	st.net.changed()
	s.opt.lingerOn = l.Onoff != 0
	if s.opt.lingerOn {
		// Turning lingering off leaves the time as it was.
		s.opt.lingerSecs = int(l.Linger)
	}
	return nil
}
