package simnet

import (
	"net/netip"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"sockstar/runtime/linux"
)

// world is a network on a test clock, for tests that look at time.
type world struct {
	t     *testing.T
	clock *testClock
	net   *Network
}

func newWorld(t *testing.T) *world {
	c := &testClock{}
	return &world{t: t, clock: c, net: New(c)}
}

func (w *world) stack(addr string) *Stack { return w.net.Stack(netip.MustParseAddr(addr)) }

// runUntil runs the clock until cond holds and says when that was; it
// fails the test if the network goes idle first.
func (w *world) runUntil(cond func() bool) time.Duration {
	w.t.Helper()
	for i := 0; !cond(); i++ {
		if i > maxEvents || !w.clock.step(1<<62) {
			w.t.Fatalf("idle at %v before the condition held", w.clock.Now())
		}
	}
	return w.clock.Now()
}

func sa4(s string, port int) *syscall.SockaddrInet4 {
	return &syscall.SockaddrInet4{Addr: netip.MustParseAddr(s).As4(), Port: port}
}

func mustSocket(t *testing.T, st *Stack, family, typ int) int {
	t.Helper()
	fd, err := st.Socket(family, typ, 0)
	require.NoError(t, err)
	return fd
}

func listener(t *testing.T, st *Stack, addr string, port, backlog int) int {
	t.Helper()
	fd := mustSocket(t, st, linux.AF_INET, linux.SOCK_STREAM)
	require.NoError(t, st.Bind(fd, sa4(addr, port)))
	require.NoError(t, st.Listen(fd, backlog))
	return fd
}

func connected(st *Stack, fd int) func() bool {
	return func() bool { return st.Poll(fd)&pollOut != 0 }
}

func TestListenBacklog(t *testing.T) {
	w := newWorld(t)
	srv, cli := w.stack("10.0.0.1"), w.stack("10.0.0.2")
	l := listener(t, srv, "0.0.0.0", 80, 0) // backlog 0: one slot
	c1 := mustSocket(t, cli, linux.AF_INET, linux.SOCK_STREAM)
	c2 := mustSocket(t, cli, linux.AF_INET, linux.SOCK_STREAM)
	require.Equal(t, linux.EINPROGRESS, cli.Connect(c1, sa4("10.0.0.1", 80)))
	require.Equal(t, linux.EINPROGRESS, cli.Connect(c2, sa4("10.0.0.1", 80)))

	// c1's SYN takes the slot: SYN-ACK back after one round trip.
	require.Equal(t, 100*time.Microsecond, w.runUntil(connected(cli, c1)))
	require.Equal(t, int16(0), cli.Poll(c2), "c2's SYN was dropped")

	w.clock.Advance(t, 500*time.Millisecond-100*time.Microsecond)
	a1, from, err := srv.Accept(l)
	require.NoError(t, err)
	require.Equal(t, sa4("10.0.0.2", 32768), from)

	// c2 retransmits its SYN at 1 s and now finds room.
	require.Equal(t, time.Second+100*time.Microsecond, w.runUntil(connected(cli, c2)))
	w.runUntil(func() bool { return srv.Poll(l)&pollIn != 0 })
	a2, _, err := srv.Accept(l)
	require.NoError(t, err)
	require.Equal(t, []int{3, 4, 5}, []int{l, a1, a2}, "descriptors from 3 up, as a fresh process gets")

	// c3 fills the queue again; c4 never gets a slot and gives up.
	c3 := mustSocket(t, cli, linux.AF_INET, linux.SOCK_STREAM)
	c4 := mustSocket(t, cli, linux.AF_INET, linux.SOCK_STREAM)
	require.Equal(t, linux.EINPROGRESS, cli.Connect(c3, sa4("10.0.0.1", 80)))
	w.runUntil(connected(cli, c3))
	w.clock.Advance(t, time.Millisecond)
	start := w.clock.Now()
	require.Equal(t, linux.EINPROGRESS, cli.Connect(c4, sa4("10.0.0.1", 80)))
	end := w.runUntil(func() bool { return cli.Poll(c4)&pollErr != 0 })
	require.Equal(t, 127*time.Second, end-start)
	v, err := cli.GetsockoptInt(c4, linux.SOL_SOCKET, linux.SO_ERROR)
	require.NoError(t, err)
	require.Equal(t, int(linux.ETIMEDOUT), v)
}

func TestSynTimeout(t *testing.T) {
	w := newWorld(t)
	st := w.stack("10.0.0.1")
	c := mustSocket(t, st, linux.AF_INET, linux.SOCK_STREAM)
	require.Equal(t, linux.EINPROGRESS, st.Connect(c, sa4("10.0.0.99", 80)))
	require.Equal(t, linux.EALREADY, st.Connect(c, sa4("10.0.0.99", 80)))
	w.clock.Advance(t, 126*time.Second)
	require.Equal(t, int16(0), st.Poll(c), "still connecting after 126 s")
	_, err := st.Sendto(c, []byte("x"), 0, nil)
	require.Equal(t, linux.EAGAIN, err)
	at := w.runUntil(func() bool { return st.Poll(c)&pollErr != 0 })
	require.Equal(t, 127*time.Second, at)
	require.Equal(t, int16(pollIn|pollOut|pollErr|pollHup|pollRdhup), st.Poll(c))
	require.Equal(t, linux.ETIMEDOUT, st.Connect(c, sa4("10.0.0.99", 80)))
	w.clock.RunUntilIdle(t)
}

func TestCrossHostTiming(t *testing.T) {
	w := newWorld(t)
	a, b := w.stack("10.0.0.1"), w.stack("10.0.0.2")
	w.net.Delay = func(from, to netip.Addr) time.Duration {
		if from == to {
			return 0
		}
		return time.Millisecond
	}
	l := listener(t, b, "10.0.0.2", 7, 5)
	c := mustSocket(t, a, linux.AF_INET, linux.SOCK_STREAM)
	require.Equal(t, linux.EINPROGRESS, a.Connect(c, sa4("10.0.0.2", 7)))
	require.Equal(t, 2*time.Millisecond, w.runUntil(connected(a, c)))
	require.Equal(t, 3*time.Millisecond, w.runUntil(func() bool { return b.Poll(l)&pollIn != 0 }))
	s, _, err := b.Accept(l)
	require.NoError(t, err)
	name, err := a.Getsockname(c)
	require.NoError(t, err)
	require.Equal(t, sa4("10.0.0.1", 32768), name)

	msg := make([]byte, 10000)
	for i := range msg {
		msg[i] = byte(i)
	}
	n, err := a.Sendto(c, msg, 0, nil)
	require.NoError(t, err)
	require.Equal(t, len(msg), n)
	require.Equal(t, 4*time.Millisecond, w.runUntil(func() bool { return b.Poll(s)&pollIn != 0 }))
	w.clock.Advance(t, 0) // the rest of what is due now
	buf := make([]byte, 20000)
	n, _, err = b.Recvfrom(s, buf, 0)
	require.NoError(t, err)
	require.Equal(t, msg, buf[:n], "every segment of one send arrives together")

	// Loopback stays on its host: B's 127.0.0.1 is not A's.
	lb := listener(t, b, "127.0.0.1", 8, 5)
	_ = lb
	c2 := mustSocket(t, a, linux.AF_INET, linux.SOCK_STREAM)
	require.Equal(t, linux.EINPROGRESS, a.Connect(c2, sa4("127.0.0.1", 8)))
	require.Equal(t, int16(pollIn|pollOut|pollErr|pollHup|pollRdhup), a.Poll(c2), "refused at once on A's own loopback")
	c3 := mustSocket(t, a, linux.AF_INET, linux.SOCK_STREAM)
	start := w.clock.Now()
	require.Equal(t, linux.EINPROGRESS, a.Connect(c3, sa4("10.0.0.2", 8)))
	require.Equal(t, 2*time.Millisecond, w.runUntil(func() bool { return a.Poll(c3)&pollErr != 0 })-start)
	v, _ := a.GetsockoptInt(c3, linux.SOL_SOCKET, linux.SO_ERROR)
	require.Equal(t, int(linux.ECONNREFUSED), v)
}

func TestUDPUnreachableAfterRoundTrip(t *testing.T) {
	w := newWorld(t)
	a := w.stack("10.0.0.1")
	w.stack("10.0.0.2")
	u := mustSocket(t, a, linux.AF_INET, linux.SOCK_DGRAM)
	require.NoError(t, a.Connect(u, sa4("10.0.0.2", 9)))
	n, err := a.Sendto(u, []byte("x"), 0, nil)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Equal(t, 100*time.Microsecond, w.runUntil(func() bool { return a.Poll(u)&pollErr != 0 }))
	_, _, err = a.Recvfrom(u, make([]byte, 1), 0)
	require.Equal(t, linux.ECONNREFUSED, err)

	// To an address no host has, nothing comes back.
	v := mustSocket(t, a, linux.AF_INET, linux.SOCK_DGRAM)
	require.NoError(t, a.Connect(v, sa4("10.0.0.77", 9)))
	_, err = a.Sendto(v, []byte("x"), 0, nil)
	require.NoError(t, err)
	w.clock.RunUntilIdle(t)
	require.Equal(t, int16(pollOut), a.Poll(v))
}

func TestBroadcast(t *testing.T) {
	w := newWorld(t)
	hosts := []*Stack{w.stack("10.0.0.1"), w.stack("10.0.0.2"), w.stack("10.0.0.3"), w.stack("10.0.1.1")}
	var fds []int
	for _, h := range hosts {
		fd := mustSocket(t, h, linux.AF_INET, linux.SOCK_DGRAM)
		require.NoError(t, h.Bind(fd, sa4("0.0.0.0", 9999)))
		fds = append(fds, fd)
	}
	// A socket bound to its host's own address hears no broadcast.
	only := mustSocket(t, hosts[1], linux.AF_INET, linux.SOCK_DGRAM)
	require.NoError(t, hosts[1].SetsockoptInt(only, linux.SOL_SOCKET, linux.SO_REUSEADDR, 1))
	require.NoError(t, hosts[1].SetsockoptInt(fds[1], linux.SOL_SOCKET, linux.SO_REUSEADDR, 1))
	require.NoError(t, hosts[1].Bind(only, sa4("10.0.0.2", 9999)))

	s := hosts[0]
	out := mustSocket(t, s, linux.AF_INET, linux.SOCK_DGRAM)
	_, err := s.Sendto(out, []byte("hi"), 0, sa4("10.0.0.255", 9999))
	require.Equal(t, linux.EACCES, err)
	require.NoError(t, s.SetsockoptInt(out, linux.SOL_SOCKET, linux.SO_BROADCAST, 1))
	for _, dst := range []string{"255.255.255.255", "10.0.0.255"} {
		_, err = s.Sendto(out, []byte(dst), 0, sa4(dst, 9999))
		require.NoError(t, err)
		w.clock.RunUntilIdle(t)
		for i, h := range hosts {
			buf := make([]byte, 100)
			n, from, err := h.Recvfrom(fds[i], buf, 0)
			if i == 3 {
				require.Equal(t, linux.EAGAIN, err, "another /24 hears nothing")
				continue
			}
			require.NoError(t, err, "host %d", i)
			require.Equal(t, dst, string(buf[:n]))
			require.Equal(t, sa4("10.0.0.1", 32768), from)
		}
		_, _, err = hosts[1].Recvfrom(only, make([]byte, 10), 0)
		require.Equal(t, linux.EAGAIN, err)
	}
}

func TestTimeWaitExpires(t *testing.T) {
	w := newWorld(t)
	st := w.stack("10.0.0.1")
	l := listener(t, st, "127.0.0.1", 5000, 1)
	c := mustSocket(t, st, linux.AF_INET, linux.SOCK_STREAM)
	st.Connect(c, sa4("127.0.0.1", 5000))
	a, _, err := st.Accept(l)
	require.NoError(t, err)
	require.NoError(t, st.Close(l))
	require.NoError(t, st.Close(a)) // the server closes first: TIME_WAIT is its
	require.NoError(t, st.Close(c))
	n := mustSocket(t, st, linux.AF_INET, linux.SOCK_STREAM)
	require.Equal(t, linux.EADDRINUSE, st.Bind(n, sa4("127.0.0.1", 5000)))
	w.clock.Advance(t, 60*time.Second-time.Nanosecond)
	require.Equal(t, linux.EADDRINUSE, st.Bind(n, sa4("127.0.0.1", 5000)))
	w.clock.Advance(t, time.Nanosecond)
	require.NoError(t, st.Bind(n, sa4("127.0.0.1", 5000)))
	w.clock.RunUntilIdle(t)
}

func TestDescriptorsAndVersion(t *testing.T) {
	w := newWorld(t)
	st := w.stack("10.0.0.1")
	other := w.stack("10.0.0.1") // another process on the same host
	v0 := w.net.Version()
	a := mustSocket(t, st, linux.AF_INET, linux.SOCK_STREAM)
	f := st.Reserve()
	b := mustSocket(t, st, linux.AF_UNIX, linux.SOCK_DGRAM)
	require.Equal(t, []int{3, 4, 5}, []int{a, f, b})
	require.Equal(t, 3, mustSocket(t, other, linux.AF_INET, linux.SOCK_DGRAM))
	require.Greater(t, w.net.Version(), v0)
	_, err := st.Getsockname(f)
	require.Equal(t, linux.ENOTSOCK, err)
	require.NoError(t, st.Close(a))
	require.Equal(t, 3, mustSocket(t, st, linux.AF_INET, linux.SOCK_DGRAM))
	require.Equal(t, int16(pollNval), st.Poll(99))
	require.Equal(t, linux.EBADF, st.Close(99))

	// The same host's port table is shared by its processes.
	l := listener(t, st, "0.0.0.0", 80, 1)
	c := mustSocket(t, other, linux.AF_INET, linux.SOCK_STREAM)
	v1 := w.net.Version()
	other.Connect(c, sa4("10.0.0.1", 80))
	require.Greater(t, w.net.Version(), v1)
	require.Equal(t, int16(pollIn), st.Poll(l))
	d := mustSocket(t, other, linux.AF_INET, linux.SOCK_STREAM)
	require.Equal(t, linux.EADDRINUSE, other.Bind(d, sa4("127.0.0.1", 80)))

	// Exit closes everything: the listener's queued connection is reset.
	st.CloseAll()
	require.Equal(t, int16(pollIn|pollOut|pollErr|pollHup|pollRdhup), other.Poll(c))
	require.Equal(t, 3, mustSocket(t, st, linux.AF_INET, linux.SOCK_STREAM))
	require.True(t, Modelled(linux.AF_INET6, linux.SOCK_DGRAM|linux.SOCK_CLOEXEC, 0))
	require.False(t, Modelled(linux.AF_INET, linux.SOCK_RAW, 1))
	require.False(t, Modelled(linux.AF_PACKET, linux.SOCK_RAW, 0))
	_, err = st.Socket(linux.AF_PACKET, linux.SOCK_RAW, 0)
	require.Equal(t, linux.EAFNOSUPPORT, err)
}

func TestBufferSizes(t *testing.T) {
	w := newWorld(t)
	st := w.stack("10.0.0.1")
	u := mustSocket(t, st, linux.AF_INET, linux.SOCK_DGRAM)
	require.NoError(t, st.SetsockoptInt(u, linux.SOL_SOCKET, linux.SO_SNDBUF, 1<<30))
	v, _ := st.GetsockoptInt(u, linux.SOL_SOCKET, linux.SO_SNDBUF)
	require.Equal(t, 2*212992, v, "capped at wmem_max, then doubled")
	require.NoError(t, st.SetsockoptInt(u, linux.SOL_SOCKET, linux.SO_RCVBUF, -1))
	v, _ = st.GetsockoptInt(u, linux.SOL_SOCKET, linux.SO_RCVBUF)
	require.Equal(t, 2*212992, v)

	// A full UDP receive buffer drops what comes after.
	require.NoError(t, st.SetsockoptInt(u, linux.SOL_SOCKET, linux.SO_RCVBUF, 5000))
	require.NoError(t, st.Bind(u, sa4("127.0.0.1", 0)))
	name, _ := st.Getsockname(u)
	s := mustSocket(t, st, linux.AF_INET, linux.SOCK_DGRAM)
	for range 20 {
		_, err := st.Sendto(s, make([]byte, 1000), 0, name)
		require.NoError(t, err)
	}
	got := 0
	for {
		if _, _, err := st.Recvfrom(u, make([]byte, 2000), 0); err != nil {
			require.Equal(t, linux.EAGAIN, err)
			break
		}
		got++
	}
	require.Equal(t, 6, got, "kept while the buffer (10000) was not yet over: 1768 each")
}
