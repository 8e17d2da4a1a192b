package simnet

import "sockstar/runtime/linux"

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
	if typ == sockStream && family != linux.AF_UNIX {
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
	case linux.SOL_SOCKET:
		switch opt {
		case linux.SO_REUSEADDR:
			return boolInt(o.reuseaddr), nil
		case linux.SO_REUSEPORT:
			return boolInt(o.reuseport), nil
		case linux.SO_KEEPALIVE:
			return boolInt(o.keepalive), nil
		case linux.SO_BROADCAST:
			return boolInt(o.broadcast), nil
		case linux.SO_OOBINLINE:
			return boolInt(o.oobinline), nil
		case linux.SO_DONTROUTE:
			return boolInt(o.dontroute), nil
		case linux.SO_SNDBUF:
			return o.sndbuf, nil
		case linux.SO_RCVBUF:
			return o.rcvbuf, nil
		case linux.SO_LINGER:
			// An int-sized getsockopt gets the first field, l_onoff.
			return boolInt(o.lingerOn), nil
		case linux.SO_ERROR:
			e := s.err
			s.err = 0
			st.net.changed()
			return int(e), nil
		case linux.SO_TYPE:
			return s.typ, nil
		case linux.SO_ACCEPTCONN:
			return boolInt(s.listening()), nil
		case linux.SO_DOMAIN:
			return s.family, nil
		case linux.SO_PROTOCOL:
			return s.proto, nil
		case linux.SO_RCVLOWAT:
			return o.rcvlowat, nil
		case linux.SO_SNDLOWAT:
			return 1, nil
		}
		return 0, linux.ENOPROTOOPT
	case linux.SOL_TCP:
		if err := s.levelOK(level, true); err != nil {
			return 0, err
		}
		switch opt {
		case linux.TCP_NODELAY:
			return boolInt(o.nodelay), nil
		case linux.TCP_KEEPIDLE:
			return o.keepidle, nil
		case linux.TCP_KEEPINTVL:
			return o.keepintvl, nil
		case linux.TCP_KEEPCNT:
			return o.keepcnt, nil
		}
		return 0, linux.ENOPROTOOPT
	case linux.SOL_IP:
		if err := s.levelOK(level, true); err != nil {
			return 0, err
		}
		switch opt {
		case linux.IP_TTL:
			if o.ttl < 0 {
				return defaultTTL, nil
			}
			return o.ttl, nil
		case linux.IP_TOS:
			return o.tos, nil
		case linux.IP_MULTICAST_TTL:
			return o.mcastTTL, nil
		case linux.IP_MULTICAST_LOOP:
			return boolInt(o.mcastLoop), nil
		}
		return 0, linux.ENOPROTOOPT
	case linux.SOL_IPV6:
		if err := s.levelOK(level, true); err != nil {
			return 0, err
		}
		switch opt {
		case linux.IPV6_V6ONLY:
			return boolInt(o.v6only), nil
		}
		return 0, linux.ENOPROTOOPT
	}
	if err := s.levelOK(level, true); err != nil {
		return 0, err
	}
	return 0, linux.ENOPROTOOPT
}

// levelOK is the errno Linux gives for an option level the socket's
// protocol does not have: AF_UNIX has none but SOL_SOCKET (EOPNOTSUPP);
// an AF_INET socket's getsockopt ends in ip_getsockopt (EOPNOTSUPP), its
// setsockopt in ip_setsockopt and an AF_INET6 socket's in ipv6_*sockopt
// (ENOPROTOOPT).
func (s *socket) levelOK(level int, get bool) error {
	if s.family == linux.AF_UNIX {
		return linux.EOPNOTSUPP
	}
	ok := false
	switch level {
	case linux.SOL_TCP:
		ok = s.typ == sockStream
	case linux.SOL_IPV6:
		ok = s.family == linux.AF_INET6
	case linux.SOL_IP:
		ok = true
	}
	switch {
	case ok:
		return nil
	case get && s.family == linux.AF_INET:
		return linux.EOPNOTSUPP
	}
	return linux.ENOPROTOOPT
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
	case linux.SOL_SOCKET:
		switch opt {
		case linux.SO_REUSEADDR:
			o.reuseaddr = on
		case linux.SO_REUSEPORT:
			if s.family == linux.AF_UNIX {
				return linux.EOPNOTSUPP
			}
			o.reuseport = on
		case linux.SO_KEEPALIVE:
			o.keepalive = on
		case linux.SO_BROADCAST:
			o.broadcast = on
		case linux.SO_OOBINLINE:
			o.oobinline = on
		case linux.SO_DONTROUTE:
			o.dontroute = on
		case linux.SO_SNDBUF:
			o.sndbuf = bufSize(value, minSndbuf)
		case linux.SO_RCVBUF:
			o.rcvbuf = bufSize(value, minRcvbuf)
			s.recvSpaceChanged()
		case linux.SO_RCVLOWAT:
			if value < 0 {
				value = 1<<31 - 1
			}
			o.rcvlowat = max(value, 1)
		default:
			return linux.ENOPROTOOPT
		}
		return nil
	case linux.SOL_TCP:
		if err := s.levelOK(level, false); err != nil {
			return err
		}
		switch opt {
		case linux.TCP_NODELAY:
			o.nodelay = on
		case linux.TCP_KEEPIDLE, linux.TCP_KEEPINTVL:
			if value < 1 || value > 32767 {
				return linux.EINVAL
			}
			if opt == linux.TCP_KEEPIDLE {
				o.keepidle = value
			} else {
				o.keepintvl = value
			}
		case linux.TCP_KEEPCNT:
			if value < 1 || value > 127 {
				return linux.EINVAL
			}
			o.keepcnt = value
		default:
			return linux.ENOPROTOOPT
		}
		return nil
	case linux.SOL_IP:
		if err := s.levelOK(level, false); err != nil {
			return err
		}
		switch opt {
		case linux.IP_TTL:
			if value != -1 && (value < 1 || value > 255) {
				return linux.EINVAL
			}
			o.ttl = value
		case linux.IP_TOS:
			if s.typ == sockStream {
				// TCP keeps the ECN bits to itself.
				value &^= 3
			}
			o.tos = value & 0xff
		case linux.IP_MULTICAST_TTL:
			if s.typ == sockStream {
				return linux.ENOPROTOOPT
			}
			if value == -1 {
				value = 1
			}
			if value < 0 || value > 255 {
				return linux.EINVAL
			}
			o.mcastTTL = value
		case linux.IP_MULTICAST_LOOP:
			if s.typ == sockStream {
				return linux.ENOPROTOOPT
			}
			o.mcastLoop = on
		default:
			return linux.ENOPROTOOPT
		}
		return nil
	case linux.SOL_IPV6:
		if err := s.levelOK(level, false); err != nil {
			return err
		}
		switch opt {
		case linux.IPV6_V6ONLY:
			if s.bound {
				return linux.EINVAL
			}
			o.v6only = on
		default:
			return linux.ENOPROTOOPT
		}
		return nil
	}
	if err := s.levelOK(level, false); err != nil {
		return err
	}
	return linux.ENOPROTOOPT
}

// GetsockoptLinger is getsockopt(SO_LINGER).
func (st *Stack) GetsockoptLinger(fd int) (*linux.Linger, error) {
	s, err := st.get(fd)
	if err != nil {
		return nil, err
	}
	return &linux.Linger{Onoff: int32(boolInt(s.opt.lingerOn)), Linger: int32(s.opt.lingerSecs)}, nil
}

// SetsockoptLinger is setsockopt(SO_LINGER).
func (st *Stack) SetsockoptLinger(fd int, l *linux.Linger) error {
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
