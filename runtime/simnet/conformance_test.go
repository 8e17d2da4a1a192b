package simnet

import (
	"fmt"
	"strings"
	"testing"
)

// TestConformance runs every case against the kernel on loopback and
// against the simulated network, and wants the same result on each line;
// off Linux it runs the model's side and checks its "sim:" lines.
func TestConformance(t *testing.T) {
	for _, c := range confCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			var want []string
			if kernel != nil {
				want = runCase(t, kernel, c, dir)
			}
			got := runCase(t, newSim(t), c, dir)
			var diffs []string
			for i, l := range lines(c.steps) {
				if _, sim, ok := splitSim(l); ok {
					if got[i] != sim {
						diffs = append(diffs, fmt.Sprintf("line %d %q: simnet %q, want %q", i+1, l, got[i], sim))
					}
					continue
				}
				// Elsewhere than on Linux there is no kernel to compare with.
				if want != nil && want[i] != got[i] {
					diffs = append(diffs, fmt.Sprintf("line %d %q: kernel %q, simnet %q", i+1, l, want[i], got[i]))
				}
			}
			if len(diffs) > 0 {
				t.Errorf("%d lines differ:\n%s", len(diffs), strings.Join(diffs, "\n"))
			}
			if testing.Verbose() && want != nil {
				for i, l := range lines(c.steps) {
					t.Logf("%-40s %s", l, want[i])
				}
			}
		})
	}
}

// tcpPair is the start of most TCP cases: a listener s, a client c and
// the accepted a.
const tcpPair = `
	s = socket inet stream
	bind s 127.0.0.1:0
	listen s 5
	c = socket inet stream
	connect c =s
	settle
	a = accept s
`

var confCases = []confCase{
	{"tcp echo", `
		s = socket inet stream
		poll s
		bind s 127.0.0.1:0
		getsockname s
		listen s 5
		poll s
		a = accept s
		c = socket inet stream
		poll c
		getpeername c
		connect c =s
		settle
		poll s
		poll c
		getsockopt c SOL_SOCKET SO_ERROR
		connect c =s
		connect c =s
		a = accept s
		poll s
		getsockname c
		getpeername c
		getsockname a
		getpeername a
		send c hello
		settle
		poll a
		recv a 100
		recv a 100
		send a world
		settle
		recv c 3 peek
		recv c 100 peek
		recv c 100
		recvfrom c 100
		close c
		settle
		poll a
		recv a 100
		recv a 100
		send a x
		settle
		poll a
		send a y
		poll a
		send a z
		recv a 10
		close a
		close s
	`},
	{"tcp refused", `
		r = socket inet stream
		bind r 127.0.0.1:0
		c = socket inet stream
		connect c =r
		settle
		poll c
		getpeername c
		getsockopt c SOL_SOCKET SO_ERROR
		getsockopt c SOL_SOCKET SO_ERROR
		poll c
		connect c =r
		connect c =r
		settle
		connect c =r
		poll c
		send c x
		recv c 1
		d = socket inet stream
		connect d =r
		settle
		send d x
		send d x
		recv d 1
		e = socket inet stream
		connect e =r
		settle
		recv e 1
		recv e 1
		connect e =r
	`},
	{"tcp rst on close with unread data", tcpPair + `
		send c hello
		settle
		send a back
		settle
		close a
		settle
		poll c
		recv c 100
		recv c 100
		recv c 100
		send c x
		poll c
	`},
	{"tcp rst with nothing pending", tcpPair + `
		send c hello
		settle
		close a
		settle
		poll c
		send c x
		send c x
		recv c 100
		recv c 100
	`},
	{"tcp linger zero", tcpPair + `
		linger a 1 0
		getlinger a
		getsockopt a SOL_SOCKET SO_LINGER
		close a
		settle
		poll c
		getsockopt c SOL_SOCKET SO_ERROR
		recv c 10
		send c x
	`},
	{"tcp half close", tcpPair + `
		shutdown c wr
		settle
		poll c
		poll a
		recv a 10
		send a data
		settle
		recv c 10
		poll c
		shutdown c wr
		send c x
		shutdown a wr
		settle
		poll a
		poll c
		recv c 10
		send a x
		close c
		settle
		poll a
	`},
	{"tcp shutdown read", tcpPair + `
		shutdown a rd
		poll a
		recv a 10
		send c more
		settle
		poll a
		recv a 10
		recv a 10
		send a x
		shutdown a rdwr
		poll a
	`},
	{"shutdown errors", `
		t = socket inet stream
		shutdown t wr
		poll t
		shutdown t 5
		u = socket inet dgram
		shutdown u rd
		poll u
		recv u 10
		s = socket inet stream
		bind s 127.0.0.1:0
		listen s 1
		shutdown s wr
		poll s
		shutdown s rd
		poll s
		a = accept s
		listen s 1
		poll s
		shutdown badfd wr
		poll badfd
	`},
	{"accept, listen and connect misuse", `
		t = socket inet stream
		a = accept t
		listen t 1
		getsockname t
		a = accept t
		u = socket inet dgram
		a = accept u
		listen u 1
		b = socket inet stream
		bind b 127.0.0.1:0
		bind b 127.0.0.1:0
		c = socket inet stream
		bind c 10.9.9.9:0
		bind c [::1]:0
		connect c [::1]:1
		d = socket inet6 stream
		bind d 127.0.0.1:0
		connect t =b
	`},
	{"bind conflicts", `
		a = socket inet stream
		bind a 127.0.0.1:0
		b = socket inet stream
		bind b =a
		bind b 0.0.0.0:=a
		setsockopt a SOL_SOCKET SO_REUSEADDR 1
		bind b =a
		setsockopt b SOL_SOCKET SO_REUSEADDR 1
		getsockopt b SOL_SOCKET SO_REUSEADDR
		bind b =a
		listen a 1
		listen b 1
		c = socket inet stream
		setsockopt c SOL_SOCKET SO_REUSEADDR 1
		bind c =a
		d = socket inet stream
		bind d 127.0.0.2:=a
		e = socket inet6 stream
		bind e [::]:=a
		f = socket inet6 stream
		setsockopt f IPV6 IPV6_V6ONLY 1
		bind f [::]:=a
		g = socket inet6 stream
		bind g [::1]:=a
	`},
	{"bind wildcard first", `
		a = socket inet stream
		bind a 0.0.0.0:0
		b = socket inet stream
		bind b 127.0.0.1:=a
		c = socket inet6 stream
		bind c [::1]:=a
		d = socket inet6 stream
		bind d [::ffff:127.0.0.1]:=a
		e = socket inet6 stream
		setsockopt e IPV6 IPV6_V6ONLY 1
		bind e [::ffff:127.0.0.1]:0
	`},
	{"reuseport", `
		a = socket inet stream
		setsockopt a SOL_SOCKET SO_REUSEPORT 1
		bind a 127.0.0.1:0
		listen a 1
		b = socket inet stream
		setsockopt b SOL_SOCKET SO_REUSEPORT 1
		bind b =a
		listen b 1
		u = socket inet dgram
		bind u 127.0.0.1:0
		v = socket inet dgram
		bind v =u
		setsockopt u SOL_SOCKET SO_REUSEADDR 1
		w = socket inet dgram
		setsockopt w SOL_SOCKET SO_REUSEADDR 1
		bind w =u
		close v
		bind w =u
	`},
	{"time wait", tcpPair + `
		close s
		close a
		settle
		recv c 10
		close c
		settle
		n = socket inet stream
		bind n 127.0.0.1:=s
		m = socket inet stream
		setsockopt m SOL_SOCKET SO_REUSEADDR 1
		bind m 127.0.0.1:=s
		listen m 1
		k = socket inet stream
		connect k =m
		settle
		poll k
	`},
	{"time wait holds the client port", tcpPair + `
		close c
		settle
		close a
		settle
		n = socket inet stream
		bind n =c
		m = socket inet stream
		setsockopt m SOL_SOCKET SO_REUSEADDR 1
		bind m =c
	`},
	{"time wait of a SO_REUSEADDR server", `
		s = socket inet stream
		setsockopt s SOL_SOCKET SO_REUSEADDR 1
		bind s 127.0.0.1:0
		listen s 5
		c = socket inet stream
		connect c =s
		settle
		a = accept s
		close a
		settle
		close c
		close s
		settle
		n = socket inet stream
		bind n =s
		m = socket inet stream
		setsockopt m SOL_SOCKET SO_REUSEADDR 1
		bind m =s
		listen m 5
	`},
	{"explicitly bound client keeps its port", `
		s = socket inet stream
		bind s 127.0.0.1:0
		listen s 5
		x = socket inet stream
		bind x 127.0.0.1:0
		close x
		b = socket inet stream
		bind b 127.0.0.1:=x
		connect b =s
		c = socket inet stream
		connect c =s
		settle
		a = accept s
		linger a 1 0
		close a
		d = accept s
		linger d 1 0
		close d
		settle
		getsockname b
		getsockname c
		poll b
		n = socket inet stream
		bind n =b
		connect b =s
		settle
		poll b
	`},
	{"listener closed with a connection waiting", `
		s = socket inet stream
		bind s 127.0.0.1:0
		listen s 5
		c = socket inet stream
		connect c =s
		settle
		send c early
		d = socket inet stream
		connect d =s
		settle
		close d
		settle
		a = accept s
		recv a 10
		b = accept s
		recv b 10
		e = socket inet stream
		connect e =s
		settle
		close s
		settle
		poll e
		recv e 10
		send e x
	`},
	{"receive low water mark", tcpPair + `
		setsockopt a SOL_SOCKET SO_RCVLOWAT 10
		send c 12345
		settle
		poll a
		send c 67890
		settle
		poll a
		recv a 3
		poll a
		recv a 100
	`},
	{"udp connected then elsewhere", `
		u = socket inet dgram
		bind u 127.0.0.1:0
		v = socket inet dgram
		bind v 127.0.0.1:0
		w = socket inet dgram
		connect w =u
		sendto w =v elsewhere
		settle
		recvfrom v 20
		connect w =v
		send w now_v
		settle
		recvfrom v 20
		getpeername w
		connect w 127.0.0.1:0
		getpeername w
		send w x
	`},
	{"unix stream queue and misuse", `
		s = socket unix stream
		bind s abs:one
		listen s 0
		c = socket unix stream
		connect c abs:one
		d = socket unix stream
		connect d abs:one
		poll d
		connect c abs:one
		connect c abs:none
		connect s abs:one
		a = accept s
		d = socket unix stream
		connect d abs:one
		close c
		recv a 10
		poll a
		send a x
		getpeername a
		f = socket unix stream
		bind f unix:
		getsockname f
		bind f unix:
		bind f abs:two
		listen f 1
		g = socket unix stream
		connect g =f
		sendto g =f x
		h = socket unix dgram
		connect h =f
		bind h abs:two
		i = socket unix dgram
		bind i abs:two
		connect i abs:two
		send i self
		recvfrom h 10
		j = socket unix dgram
		sendto j abs:two to_h
		recvfrom h 10
	`},
	{"accepted connection holds the port", tcpPair + `
		close s
		n = socket inet stream
		bind n =a
		setsockopt n SOL_SOCKET SO_REUSEADDR 1
		bind n =a
	`},
	{"udp truncation", `
		u = socket inet dgram
		bind u 127.0.0.1:0
		v = socket inet dgram
		getsockname v
		poll v
		recv v 10
		sendto v =u hello_world
		getsockname v
		settle
		poll u
		recvfrom u 5
		recv u 5
		sendto v =u hello_world
		sendto v =u second
		settle
		recv u 5 trunc
		recv u 100 peek
		recv u 3 peek trunc
		recvfrom u 100
		recv u 100
		send v x
		sendto v =u #65507
		sendto v =u #65508
		sendto v =u #70000
		settle
		recv u 10 trunc
		sendto v =u oob oob
		recv u 1 oob
		recv u 1 errqueue
		sendto v 127.0.0.1:0 x
		sendto v 0.0.0.0:=u zero
		settle
		recvfrom u 10
	`},
	{"udp connected refused", `
		u = socket inet dgram
		bind u 127.0.0.1:0
		r = socket inet dgram
		bind r 127.0.0.1:0
		close r
		connect u 127.0.0.1:=r
		getpeername u
		getsockname u
		send u x
		settle
		poll u
		recv u 10
		recv u 10
		poll u
		send u x
		settle
		send u x
		send u x
		settle
		getsockopt u SOL_SOCKET SO_ERROR
		getsockopt u SOL_SOCKET SO_ERROR
		connect u unspec
		getpeername u
		getsockname u
		send u x
		v = socket inet dgram
		sendto v 127.0.0.1:=r x
		settle
		poll v
		recv v 1
	`},
	{"udp connect filters senders", `
		u = socket inet dgram
		bind u 127.0.0.1:0
		v = socket inet dgram
		bind v 127.0.0.1:0
		w = socket inet dgram
		bind w 127.0.0.1:0
		connect u =v
		sendto w =u from_w
		sendto v =u from_v
		settle
		recvfrom u 100
		recv u 100
		connect u unspec
		getsockname u
		sendto w =u again
		settle
		recvfrom u 100
		x = socket inet dgram
		connect x =u
		getsockname x
		shutdown x wr
		send x x
		shutdown x rd
		recv x 1
		poll x
	`},
	{"udp broadcast needs SO_BROADCAST", `
		u = socket inet dgram
		sendto u 255.255.255.255:9 x
		connect u 255.255.255.255:9
		setsockopt u SOL_SOCKET SO_BROADCAST 1
		getsockopt u SOL_SOCKET SO_BROADCAST
		connect u 255.255.255.255:9
		t = socket inet stream
		connect t 255.255.255.255:9
	`},
	{"tcp peek and flags", tcpPair + `
		send c abcdef
		settle
		recv a 2 peek
		recv a 2 peek dontwait
		recv a 2 waitall
		recv a 10 waitall
		recv a 10 waitall
		recv a 1 oob
		recv a 1 errqueue
		send c xyz nosignal dontwait
		settle
		recvfrom a 10
		send c more more
		settle
		recv a 10
		send c end
		settle
		recv a 10
		send c #0
		recv s 1
		send s x
		send c x oob !sim=EOPNOTSUPP
	`},
	{"tcp full buffers", tcpPair + `
		sendbig c 67108864
		poll c
		sendbig c 100000
		settle
		poll a
		drain a
		settle
		poll c
		drain a
		settle
		sendbig c 100
		settle
		recv a 100
	`},
	{"tcp defaults", `
		t = socket inet stream
		getsockopt t SOL_SOCKET SO_TYPE
		getsockopt t SOL_SOCKET SO_DOMAIN
		getsockopt t SOL_SOCKET SO_PROTOCOL
		getsockopt t SOL_SOCKET SO_ACCEPTCONN
		getsockopt t SOL_SOCKET SO_SNDBUF
		getsockopt t SOL_SOCKET SO_RCVBUF
		getsockopt t SOL_SOCKET SO_REUSEADDR
		getsockopt t SOL_SOCKET SO_REUSEPORT
		getsockopt t SOL_SOCKET SO_KEEPALIVE
		getsockopt t SOL_SOCKET SO_BROADCAST
		getsockopt t SOL_SOCKET SO_OOBINLINE
		getsockopt t SOL_SOCKET SO_DONTROUTE
		getsockopt t SOL_SOCKET SO_RCVLOWAT
		getsockopt t SOL_SOCKET SO_SNDLOWAT
		getsockopt t SOL_SOCKET SO_ERROR
		getsockopt t SOL_SOCKET SO_LINGER
		getlinger t
		getsockopt t TCP TCP_NODELAY
		getsockopt t TCP TCP_KEEPIDLE
		getsockopt t TCP TCP_KEEPINTVL
		getsockopt t TCP TCP_KEEPCNT
		getsockopt t IP IP_TTL
		getsockopt t IP IP_TOS
		getsockopt t IP IP_MULTICAST_TTL
		getsockopt t IP IP_MULTICAST_LOOP
		getsockopt t IPV6 IPV6_V6ONLY
		getsockopt t UDP SO_TYPE
		setsockopt t SOL_SOCKET SO_SNDBUF 1
		getsockopt t SOL_SOCKET SO_SNDBUF
		setsockopt t SOL_SOCKET SO_RCVBUF 1
		getsockopt t SOL_SOCKET SO_RCVBUF
		setsockopt t SOL_SOCKET SO_SNDBUF 50000
		getsockopt t SOL_SOCKET SO_SNDBUF
		setsockopt t SOL_SOCKET SO_RCVBUF 50000
		getsockopt t SOL_SOCKET SO_RCVBUF
		setsockopt t SOL_SOCKET SO_SNDBUF 200000
		getsockopt t SOL_SOCKET SO_SNDBUF
		setsockopt t SOL_SOCKET SO_SNDBUF -1
		setsockopt t IPV6 IPV6_V6ONLY 1
		setsockopt t UDP SO_TYPE 1
		setsockopt t TCP TCP_MAXSEG 1000 !sim=ENOPROTOOPT
		getsockopt t SOL_SOCKET SO_PRIORITY !sim=ENOPROTOOPT
		setsockopt t SOL_SOCKET SO_KEEPALIVE 5
		getsockopt t SOL_SOCKET SO_KEEPALIVE
		setsockopt t TCP TCP_NODELAY 7
		getsockopt t TCP TCP_NODELAY
		setsockopt t TCP TCP_KEEPIDLE 0
		setsockopt t TCP TCP_KEEPIDLE 60
		getsockopt t TCP TCP_KEEPIDLE
		setsockopt t TCP TCP_KEEPCNT 128
		setsockopt t IP IP_TTL 0
		setsockopt t IP IP_TTL 5
		getsockopt t IP IP_TTL
		setsockopt t IP IP_TTL -1
		getsockopt t IP IP_TTL
		setsockopt t IP IP_TOS 0xff
		setsockopt t IP IP_TOS 255
		getsockopt t IP IP_TOS
		setsockopt t SOL_SOCKET SO_RCVLOWAT 10
		getsockopt t SOL_SOCKET SO_RCVLOWAT
		setsockopt t SOL_SOCKET SO_SNDLOWAT 10
		setsockopt t SOL_SOCKET SO_TYPE 1
		setsockopt t SOL_SOCKET SO_ERROR 1
		linger t 0 5
		getlinger t
		linger t 1 7
		getlinger t
		linger t 0 3
		getlinger t
		setsockopt t IPV6 IPV6_V6ONLY 1
	`},
	{"udp defaults", `
		u = socket inet dgram
		getsockopt u SOL_SOCKET SO_TYPE
		getsockopt u SOL_SOCKET SO_PROTOCOL
		getsockopt u SOL_SOCKET SO_SNDBUF
		getsockopt u SOL_SOCKET SO_RCVBUF
		getsockopt u IP IP_TTL
		getsockopt u IP IP_MULTICAST_TTL
		getsockopt u IP IP_MULTICAST_LOOP
		getsockopt u TCP TCP_NODELAY
		setsockopt u TCP TCP_NODELAY 1
		setsockopt u IP IP_MULTICAST_TTL 300
		setsockopt u IP IP_MULTICAST_TTL 3
		getsockopt u IP IP_MULTICAST_TTL
		setsockopt u IP IP_MULTICAST_LOOP 0
		getsockopt u IP IP_MULTICAST_LOOP
		setsockopt u IP IP_TOS 255
		getsockopt u IP IP_TOS
		getsockopt u SOL_SOCKET SO_ACCEPTCONN
		v = socket inet6 dgram
		getsockopt v SOL_SOCKET SO_DOMAIN
		getsockopt v IPV6 IPV6_V6ONLY
		getsockopt v IP IP_TTL
		setsockopt v IPV6 IPV6_V6ONLY 1
		getsockopt v IPV6 IPV6_V6ONLY
		bind v [::1]:0
		setsockopt v IPV6 IPV6_V6ONLY 0
		w = socket inet6 stream
		getsockopt w SOL_SOCKET SO_SNDBUF
		getsockopt w TCP TCP_NODELAY
	`},
	{"unix defaults", `
		s = socket unix stream
		getsockopt s SOL_SOCKET SO_TYPE
		getsockopt s SOL_SOCKET SO_DOMAIN
		getsockopt s SOL_SOCKET SO_PROTOCOL
		getsockopt s SOL_SOCKET SO_SNDBUF
		getsockopt s SOL_SOCKET SO_RCVBUF
		getsockopt s TCP TCP_NODELAY
		setsockopt s TCP TCP_NODELAY 1
		getsockopt s IP IP_TTL
		setsockopt s SOL_SOCKET SO_REUSEADDR 1
		getsockopt s SOL_SOCKET SO_REUSEADDR
		setsockopt s SOL_SOCKET SO_REUSEPORT 1
		d = socket unix dgram
		getsockopt d SOL_SOCKET SO_TYPE
		getsockopt d SOL_SOCKET SO_SNDBUF
		r = socket unix raw
		getsockopt r SOL_SOCKET SO_TYPE
		q = socket unix seqpacket !sim=ESOCKTNOSUPPORT
		x = socket inet raw
	`},
	{"unix stream", `
		s = socket unix stream
		getsockname s
		poll s
		listen s 1
		bind s path:sock
		getsockname s
		bind s path:other
		bind s path:sock
		listen s 1
		poll s
		c = socket unix stream
		connect c path:nothing
		connect c =s
		getsockname c
		getpeername c
		poll s
		send c hello
		poll c
		a = accept s
		getsockname a
		getpeername a
		poll a
		recvfrom a 3
		recv a 10
		recv a 10
		sendto a path:sock x
		send a world
		recvfrom c 100
		shutdown a wr
		poll c
		recv c 10
		send c x
		poll a
		send c more
		close a
		poll c
		recv c 10
		recv c 10
		send c x
		getpeername c
		close s
		d = socket unix stream
		connect d path:sock
		unlink path:sock
		unlink path:sock
		connect d path:sock
		e = socket unix stream
		bind e path:sock
		u = socket unix dgram
		connect u path:sock
	`},
	{"unix stream misuse", `
		s = socket unix stream
		recv s 1
		send s x
		sendto s path:x x
		shutdown s rd
		poll s
		bind s abs:one
		getsockname s
		listen s 0
		c = socket unix stream
		connect c abs:one
		d = socket unix stream
		connect d abs:one
		e = socket unix stream
		connect e abs:one
		connect c abs:one
		connect c abs:none
		connect s abs:one
		a = accept s
		close c
		recv a 10
		poll a
		send a x
		f = socket unix stream
		bind f unix:
		getsockname f
		bind f unix:
		g = socket unix stream
		bind g abs:one
	`},
	{"unix stream reset", `
		s = socket unix stream
		bind s abs:srv
		listen s 5
		c = socket unix stream
		connect c abs:srv
		send c unread
		close s
		poll c
		recv c 10
		recv c 10
		send c x
	`},
	{"unix dgram", `
		a = socket unix dgram
		bind a path:a
		b = socket unix dgram
		sendto b path:a anon
		recvfrom a 10
		bind b path:b
		sendto b path:a named
		recvfrom a 3
		recv a 10
		sendto b path:none x
		send b x
		connect b path:a
		send b conn
		recvfrom a 10
		getpeername b
		c = socket unix dgram
		connect a path:b
		sendto c path:a x
		sendto c path:b x
		connect a unspec
		sendto c path:a y
		recv a 10 trunc
		poll a
		shutdown a rd
		recv a 1
		poll a
		sendto b path:a x
		close a
		send b x
		send b x
		s = socket unix stream
		sendto s path:b x
		connect s path:b
	`},
	{"unix dgram queue limit", `
		a = socket unix dgram
		bind a abs:q
		b = socket unix dgram
		sendto b abs:q 1
		sendto b abs:q 2
		sendto b abs:q 3
		sendto b abs:q 4
		sendto b abs:q 5
		sendto b abs:q 6
		sendto b abs:q 7
		sendto b abs:q 8
		sendto b abs:q 9
		sendto b abs:q 10
		sendto b abs:q 11
		sendto b abs:q 12
		connect b abs:q
		poll b
		recv a 10
		sendto b abs:q 13
		sendto b abs:q 14
	`},
	{"socketpair", `
		x y = socketpair unix stream
		getsockname x
		getpeername x
		poll x
		send x ping
		poll y
		recvfrom y 10
		shutdown y rd
		send x x
		poll x
		poll y
		d e = socketpair unix dgram
		send d one
		send d two
		recvfrom e 10
		recv e 2
		close e
		send d x
		send d x
		i j = socketpair inet stream
	`},
	{"unix stream full buffers", `
		x y = socketpair unix stream
		sendbig x 1000000
		poll x
		sendbig x 10
		poll y
		drain y
		poll x
		sendbig x 100
		recv y 1000
		d e = socketpair unix dgram
		sendto d =e x
		send d #300000
	`},
	{"sockets that are not modelled", `
		a = socket inet seqpacket
		b = socket inet6 seqpacket
		c = socket unix seqpacket !sim=ESOCKTNOSUPPORT
	`},
	{"tcp ipv6 and v4-mapped", `
		s = socket inet6 stream
		bind s [::]:0
		listen s 5
		getsockname s
		c = socket inet stream
		connect c 127.0.0.1:=s
		settle
		a = accept s
		getsockname a
		getpeername a
		d = socket inet6 stream
		connect d [::1]:=s
		settle
		b = accept s
		getsockname d
		getpeername b
		e = socket inet6 stream
		connect e [::ffff:127.0.0.1]:=s
		settle
		getsockname e
		f = accept s
		g = socket inet6 stream
		setsockopt g IPV6 IPV6_V6ONLY 1
		connect g [::ffff:127.0.0.1]:=s
		h = socket inet6 stream
		connect h [::ffff:127.0.0.1]:1
		settle
		getsockopt h SOL_SOCKET SO_ERROR
	`},
	{"udp ipv6", `
		u = socket inet6 dgram
		bind u [::1]:0
		v = socket inet6 dgram
		sendto v =u hello
		settle
		recvfrom u 10
		w = socket inet6 dgram
		bind w [::]:0
		x = socket inet dgram
		sendto x 127.0.0.1:=w four
		settle
		recvfrom w 10
		sendto w 127.0.0.1:=u x
		sendto v =u #65527
		sendto v =u #65528
		y = socket inet6 dgram
		connect y 127.0.0.1:=w
		getpeername y
		getsockname y
		z = socket inet6 dgram
		setsockopt z IPV6 IPV6_V6ONLY 1
		connect z 127.0.0.1:=w
		sendto z 127.0.0.1:=w x
		sendto z [::ffff:127.0.0.1]:=w x
		t = socket inet6 stream
		connect t 127.0.0.1:=w
		connect t [::]:=w
		settle
		getsockopt t SOL_SOCKET SO_ERROR
		q = socket inet6 dgram
		sendto q [2001:db8::1]:9 x !sim=ENETUNREACH  // the model's hosts have no IPv6 route; this machine's may
		connect q [2001:db8::1]:9 !sim=ENETUNREACH
	`},
}
