package simnet

import "sockstar/runtime/linux"

// poll(2)'s bits.
const (
	pollIn    = linux.POLLIN
	pollPri   = linux.POLLPRI
	pollOut   = linux.POLLOUT
	pollErr   = linux.POLLERR
	pollHup   = linux.POLLHUP
	pollNval  = linux.POLLNVAL
	pollRdhup = linux.POLLRDHUP
)

// tcpPoll is tcp_poll.
func (s *socket) tcpPoll() int16 {
	t := s.tcp
	if t.state == tcpListen {
		if len(t.acceptq) > 0 {
			return pollIn
		}
		return 0
	}
	var m int16
	if s.shut == shutBoth || t.state == tcpClosed {
		m |= pollHup
	}
	if s.shut&shutRcv != 0 {
		m |= pollIn | pollRdhup
	}
	if t.state != tcpSynSent && t.state != tcpSynRecv {
		if len(t.recvq) > 0 && len(t.recvq) >= s.opt.rcvlowat {
			m |= pollIn
		}
		if s.shut&shutSend != 0 {
			m |= pollOut
		} else if queued := len(t.sendq); s.opt.sndbuf-queued >= queued/2 {
			// __sk_stream_is_writeable: free space at least half of
			// what is queued.
			m |= pollOut
		}
	}
	if s.err != 0 {
		m |= pollErr
	}
	return m
}

// udpPoll is datagram_poll.
func (s *socket) udpPoll() int16 {
	var m int16
	if s.err != 0 {
		m |= pollErr
	}
	if s.shut&shutRcv != 0 {
		m |= pollIn | pollRdhup
	}
	if s.shut == shutBoth {
		m |= pollHup
	}
	if len(s.udp.recvq) > 0 {
		m |= pollIn
	}
	return m | pollOut
}

// unixPoll is unix_poll and unix_dgram_poll.
func (s *socket) unixPoll() int16 {
	u := s.unix
	var m int16
	if s.err != 0 {
		m |= pollErr
	}
	if s.shut == shutBoth {
		m |= pollHup
	}
	if s.shut&shutRcv != 0 {
		m |= pollIn | pollRdhup
	}
	if len(u.stream) > 0 || len(u.dgrams) > 0 || len(u.acceptq) > 0 {
		m |= pollIn
	}
	if s.typ == sockStream && !u.connected && !u.listening {
		m |= pollHup
	}
	writable := !u.listening && u.wmem<<2 <= s.opt.sndbuf
	if writable && s.typ == sockDgram {
		if p := u.peer; p != nil && p.unix.peer != s && len(p.unix.dgrams) > unixDgramQlen {
			writable = false
		}
	}
	if writable {
		m |= pollOut
	}
	return m
}
