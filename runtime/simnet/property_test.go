package simnet

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"sockstar/runtime/linux"
)

// streamByte is byte i of direction dir's stream: every position has its
// own value (mod a prime), so a lost, doubled or swapped byte shows.
func streamByte(dir, i int) byte { return byte((i*7 + dir*101 + i/251) % 251) }

// end is one end of a connection under test.
type end struct {
	st        *Stack
	fd        int
	sent      int // bytes of our stream the peer's end accepted from us
	got       int // bytes of the peer's stream we read
	dir       int
	shutWr    bool
	peerShut  bool
	sawEOF    bool
	sawReset  bool
	closedOut bool
}

// allowed are the errors a call may give in these runs.
var allowed = map[error]bool{linux.EAGAIN: true, linux.EPIPE: true, linux.ECONNRESET: true}

func (e *end) write(t *testing.T, rng *rand.Rand) {
	n := rng.IntN(3000)
	if rng.IntN(8) == 0 {
		n = rng.IntN(200000)
	}
	p := make([]byte, n)
	for i := range p {
		p[i] = streamByte(e.dir, e.sent+i)
	}
	k, err := e.st.Sendto(e.fd, p, 0, nil)
	if err != nil {
		require.True(t, allowed[err], "send: %v", err)
		if err != linux.EAGAIN {
			require.True(t, e.shutWr || e.sawReset, "send failed with %v on an open connection", err)
		}
		return
	}
	require.False(t, e.shutWr, "send after SHUT_WR succeeded")
	require.LessOrEqual(t, k, n)
	e.sent += k
}

func (e *end) read(t *testing.T, rng *rand.Rand, peer *end) {
	n := 1 + rng.IntN(5000)
	if rng.IntN(4) == 0 {
		n = 1 + rng.IntN(200000)
	}
	flags := 0
	if rng.IntN(5) == 0 {
		flags = linux.MSG_PEEK
	}
	p := make([]byte, n)
	k, _, err := e.st.Recvfrom(e.fd, p, flags)
	if err != nil {
		require.True(t, allowed[err], "recv: %v", err)
		if err == linux.ECONNRESET {
			e.sawReset = true
		}
		return
	}
	if k == 0 {
		if !e.sawReset {
			require.True(t, peer.shutWr, "EOF before the peer shut down")
			require.Equal(t, peer.sent, e.got, "EOF before all the data")
		}
		e.sawEOF = true
		return
	}
	for i := range k {
		if p[i] != streamByte(peer.dir, e.got+i) {
			t.Fatalf("byte %d of stream %d is %d, want %d", e.got+i, peer.dir, p[i], streamByte(peer.dir, e.got+i))
		}
	}
	require.LessOrEqual(t, e.got+k, peer.sent, "read bytes never sent")
	if flags == 0 {
		e.got += k
	}
}

// drain reads until EOF (true) or until it would block (false).
func (e *end) drain(t *testing.T, peer *end) bool {
	p := make([]byte, 1<<17)
	for range 100000 {
		k, _, err := e.st.Recvfrom(e.fd, p, 0)
		if err == linux.EAGAIN {
			return false
		}
		require.NoError(t, err)
		if k == 0 {
			return true
		}
		for i := range k {
			if p[i] != streamByte(peer.dir, e.got+i) {
				t.Fatalf("byte %d of stream %d differs", e.got+i, peer.dir)
			}
		}
		e.got += k
	}
	t.Fatal("drain never ended")
	return false
}

// TestStreamProperty sends two random streams each way over a TCP or
// AF_UNIX connection, with random write and read sizes, peeks, buffer
// sizes, delays that change per packet, and random pauses: every byte
// arrives intact and in order, and each end sees EOF only after all of
// its peer's data.
func TestStreamProperty(t *testing.T) {
	for seed := range uint64(60) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 0x5eed))
			w := newWorld(t)
			a, b := streamPair(t, w, rng)
			ends := [2]*end{a, b}
			for range 400 {
				i := rng.IntN(2)
				me, peer := ends[i], ends[1-i]
				switch r := rng.IntN(20); {
				case r < 7:
					if !me.shutWr {
						me.write(t, rng)
					}
				case r < 15:
					me.read(t, rng, peer)
				case r < 19:
					w.clock.Advance(t, time.Duration(rng.IntN(3000))*time.Microsecond)
				default:
					if rng.IntN(10) == 0 && !me.shutWr {
						require.NoError(t, me.st.Shutdown(me.fd, linux.SHUT_WR))
						me.shutWr = true
					}
				}
			}
			for _, e := range ends {
				if !e.shutWr {
					require.NoError(t, e.st.Shutdown(e.fd, linux.SHUT_WR))
					e.shutWr = true
				}
			}
			for range 1000 {
				w.clock.RunUntilIdle(t)
				if a.sawEOF && b.sawEOF {
					break
				}
				for i, e := range ends {
					if !e.sawEOF {
						e.sawEOF = e.drain(t, ends[1-i])
					}
				}
			}
			require.Equal(t, a.sent, b.got)
			require.Equal(t, b.sent, a.got)
			require.NoError(t, a.st.Close(a.fd))
			require.NoError(t, b.st.Close(b.fd))
			w.clock.RunUntilIdle(t)
		})
	}
}

// streamPair makes a random kind of connection: TCP on loopback, TCP
// between hosts with per-packet random delays, or an AF_UNIX pair.
func streamPair(t *testing.T, w *world, rng *rand.Rand) (*end, *end) {
	kind := rng.IntN(3)
	sa := w.stack("10.0.0.1")
	if kind == 2 {
		fds, err := sa.Socketpair(linux.AF_UNIX, linux.SOCK_STREAM, 0)
		require.NoError(t, err)
		return &end{st: sa, fd: fds[0], dir: 0}, &end{st: sa, fd: fds[1], dir: 1}
	}
	sb, dst := sa, "127.0.0.1"
	if kind == 1 {
		sb, dst = w.stack("10.0.0.2"), "10.0.0.2"
		delays := rand.New(rand.NewPCG(rng.Uint64(), 1))
		w.net.Delay = func(from, to netip.Addr) time.Duration {
			return time.Duration(delays.IntN(2000)) * time.Microsecond
		}
	}
	l := listener(t, sb, dst, 9000, 1)
	c := mustSocket(t, sa, linux.AF_INET, linux.SOCK_STREAM)
	for _, st := range []struct {
		st *Stack
		fd int
	}{{sa, c}, {sb, l}} {
		if rng.IntN(2) == 0 {
			require.NoError(t, st.st.SetsockoptInt(st.fd, linux.SOL_SOCKET, linux.SO_SNDBUF, 1000+rng.IntN(50000)))
			require.NoError(t, st.st.SetsockoptInt(st.fd, linux.SOL_SOCKET, linux.SO_RCVBUF, 1000+rng.IntN(50000)))
		}
	}
	require.Equal(t, linux.EINPROGRESS, sa.Connect(c, sa4(dst, 9000)))
	w.runUntil(func() bool { return sb.Poll(l)&pollIn != 0 })
	s, _, err := sb.Accept(l)
	require.NoError(t, err)
	require.NoError(t, sb.Close(l))
	return &end{st: sa, fd: c, dir: 0}, &end{st: sb, fd: s, dir: 1}
}

// TestCloseProperty closes one end at a random moment while data flows
// both ways: the other end reads a prefix of what was sent, intact, and
// then EOF or ECONNRESET, and its sends end in EPIPE or ECONNRESET.
func TestCloseProperty(t *testing.T) {
	for seed := range uint64(60) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 0xc105e))
			w := newWorld(t)
			a, b := streamPair(t, w, rng)
			for range 50 + rng.IntN(100) {
				switch rng.IntN(3) {
				case 0:
					a.write(t, rng)
				case 1:
					b.write(t, rng)
				default:
					w.clock.Advance(t, time.Duration(rng.IntN(1000))*time.Microsecond)
					a.read(t, rng, b)
				}
			}
			if rng.IntN(2) == 0 {
				require.NoError(t, b.st.SetsockoptLinger(b.fd, &linux.Linger{Onoff: 1}))
			}
			require.NoError(t, b.st.Close(b.fd))
			b.shutWr = true
			b.sawReset = true // a may learn of a reset from here on
			a.sawReset = true
			for range 200 {
				w.clock.Advance(t, time.Duration(rng.IntN(1000))*time.Microsecond)
				if rng.IntN(2) == 0 {
					a.write(t, rng)
				} else {
					a.read(t, rng, b)
				}
			}
			w.clock.RunUntilIdle(t)
			p := make([]byte, 1<<20)
			for range 1000 {
				k, _, err := a.st.Recvfrom(a.fd, p, 0)
				if err != nil {
					require.Contains(t, []error{linux.ECONNRESET, linux.EPIPE}, err)
					continue
				}
				if k == 0 {
					break
				}
				for i := range k {
					if p[i] != streamByte(b.dir, a.got+i) {
						t.Fatalf("byte %d differs", a.got+i)
					}
				}
				a.got += k
			}
			_, err := a.st.Sendto(a.fd, []byte("x"), 0, nil)
			require.Contains(t, []error{linux.ECONNRESET, linux.EPIPE}, err)
			require.NoError(t, a.st.Close(a.fd))
			w.clock.RunUntilIdle(t)
		})
	}
}

// TestDatagramProperty sends numbered datagrams of random sizes between
// hosts with random delays: each arrives whole (or cut to the read's
// size) at most once, or not at all when the receive buffer is full.
func TestDatagramProperty(t *testing.T) {
	for seed := range uint64(60) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 0xd6))
			w := newWorld(t)
			sa, sb := w.stack("10.0.0.1"), w.stack("10.0.0.2")
			w.net.Delay = func(from, to netip.Addr) time.Duration {
				return time.Duration(rng.IntN(500)) * time.Microsecond
			}
			family, typ := linux.AF_INET, linux.SOCK_DGRAM
			var dst syscall.Sockaddr = sa4("10.0.0.2", 53)
			if seed%3 == 0 {
				family, sb, dst = linux.AF_UNIX, sa, &syscall.SockaddrUnix{Name: "/run/sock"}
			}
			r := mustSocket(t, sb, family, typ)
			require.NoError(t, sb.Bind(r, dst))
			s := mustSocket(t, sa, family, typ)
			sizes := map[uint32]int{}
			seen := map[uint32]bool{}
			for id := uint32(0); id < 300; id++ {
				n := 4 + rng.IntN(3000)
				p := make([]byte, n)
				p[0], p[1], p[2], p[3] = byte(id), byte(id>>8), byte(id>>16), byte(id>>24)
				for i := 4; i < n; i++ {
					p[i] = byte(int(id) + i)
				}
				k, err := sa.Sendto(s, p, 0, dst)
				if err == linux.EAGAIN {
					continue
				}
				require.NoError(t, err)
				require.Equal(t, n, k)
				sizes[id] = n
				if rng.IntN(3) == 0 {
					w.clock.Advance(t, time.Duration(rng.IntN(300))*time.Microsecond)
				}
				for rng.IntN(2) == 0 {
					buf := make([]byte, 4+rng.IntN(3000))
					k, _, err := sb.Recvfrom(r, buf, linux.MSG_TRUNC)
					if err == linux.EAGAIN {
						break
					}
					require.NoError(t, err)
					got := uint32(buf[0]) | uint32(buf[1])<<8 | uint32(buf[2])<<16 | uint32(buf[3])<<24
					require.False(t, seen[got], "datagram %d twice", got)
					seen[got] = true
					require.Equal(t, sizes[got], k, "MSG_TRUNC gives the whole length")
					for i := 4; i < min(k, len(buf)); i++ {
						if buf[i] != byte(int(got)+i) {
							t.Fatalf("datagram %d: byte %d differs", got, i)
						}
					}
				}
			}
			w.clock.RunUntilIdle(t)
		})
	}
}

// TestDeterministic runs the same random session twice: every result,
// time and version is the same.
func TestDeterministic(t *testing.T) {
	run := func() []string {
		rng := rand.New(rand.NewPCG(7, 7))
		w := newWorld(t)
		a, b := w.stack("10.0.0.1"), w.stack("10.0.0.2")
		w.net.Delay = func(from, to netip.Addr) time.Duration {
			return time.Duration(rng.IntN(900)) * time.Microsecond
		}
		var log []string
		note := func(what string, v ...any) {
			log = append(log, fmt.Sprint(w.clock.Now(), " ", w.net.Version(), " ", what, fmt.Sprint(v...)))
		}
		l := listener(t, b, "0.0.0.0", 80, 3)
		u := mustSocket(t, b, linux.AF_INET, linux.SOCK_DGRAM)
		require.NoError(t, b.Bind(u, sa4("0.0.0.0", 53)))
		var conns []int
		for range 300 {
			switch rng.IntN(6) {
			case 0:
				c, _ := a.Socket(linux.AF_INET, linux.SOCK_STREAM, 0)
				note("connect", c, a.Connect(c, sa4("10.0.0.2", 80)))
				conns = append(conns, c)
			case 1:
				fd, from, err := b.Accept(l)
				note("accept", fd, from, err)
			case 2:
				if len(conns) > 0 {
					c := conns[rng.IntN(len(conns))]
					n, err := a.Sendto(c, make([]byte, rng.IntN(5000)), 0, nil)
					note("send", c, n, err, a.Poll(c))
				}
			case 3:
				s, _ := a.Socket(linux.AF_INET, linux.SOCK_DGRAM, 0)
				n, err := a.Sendto(s, []byte("q"), 0, sa4("10.0.0.2", 53))
				note("udp", n, err)
				a.Close(s)
			case 4:
				n, from, err := b.Recvfrom(u, make([]byte, 10), 0)
				note("udp recv", n, from, err)
			default:
				w.clock.Advance(t, time.Duration(rng.IntN(2000))*time.Microsecond)
				if len(conns) > 0 && rng.IntN(4) == 0 {
					c := conns[0]
					conns = conns[1:]
					note("close", c, a.Close(c))
				}
			}
		}
		w.clock.RunUntilIdle(t)
		note("end")
		return log
	}
	require.Equal(t, run(), run())
}
