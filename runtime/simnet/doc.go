// Package simnet is a simulated network that behaves like Linux's sockets,
// on the run's virtual clock and fully deterministic: the same calls in
// the same order give the same results, descriptor numbers, ports and
// times.
//
// A Network holds hosts, each with its own loopback (127.0.0.0/8, ::1) and
// one IPv4 address; the hosts share one /24 LAN. A Stack is one process's
// descriptor table on a host. Every call is non-blocking, as on an
// O_NONBLOCK descriptor, and fails with the errno Linux gives in
// the same state; the layer above blocks by waiting for Version to change
// and polling again. Packets between hosts take Network.Delay; on one
// host they arrive before the call that sent them returns, as the
// kernel's loopback does. Addresses are syscall.Sockaddr values spelled as
// Go's syscall package spells them (an abstract AF_UNIX name starts with
// '@', an unnamed socket's name is "@"); Connect's nil address is
// AF_UNSPEC.
//
// Modelled:
//   - TCP over IPv4 and IPv6 (dual-stack, v4-mapped): the handshake with
//     SYN retransmission (1 s doubling, six retries, ETIMEDOUT at 127 s),
//     refusals by RST, the listen backlog (backlog+1 connections, handshakes
//     under way included; a SYN beyond is dropped and retried), send and
//     receive buffers with a sliding window and MSS-sized segments, FIN and
//     half-close, RST on close with unread data, on SO_LINGER 0, on a
//     listener's unaccepted connections and for segments to closed
//     connections, TIME_WAIT (60 s, on the side that closed first), the
//     orphan's FIN_WAIT2 timeout, MSG_MORE, and Linux's errno in each
//     state, including the socket layer's own connect states.
//   - UDP: datagram boundaries, truncation and MSG_TRUNC, the receive
//     buffer's drops, EMSGSIZE, autobind, connected sockets (filtering,
//     AF_UNSPEC, ICMP port unreachable as ECONNREFUSED after the round
//     trip), SO_BROADCAST to 255.255.255.255 and the /24's broadcast.
//   - AF_UNIX stream and datagram sockets: paths (one name space per
//     Network, kept until Unlink), abstract names (one name space per
//     socket type, as Linux has), autobind, socketpair, the backlog,
//     datagram queue limit (max_dgram_qlen 10), ECONNRESET and EPIPE.
//   - Ports: ephemeral ports from 32768 in order, bind conflicts with
//     SO_REUSEADDR, SO_REUSEPORT, wildcards and IPV6_V6ONLY as Linux
//     decides them, ports kept by bind (SOCK_BINDPORT_LOCK).
//   - Options: the SOL_SOCKET, IPPROTO_TCP, IPPROTO_IP and IPPROTO_IPV6
//     options listed in options.go, stored and read back as Linux does
//     (buffer sizes doubled, booleans as 1), with Linux's errno for a
//     level the socket does not have.
//   - poll(2) readiness by tcp_poll, datagram_poll and unix_poll's rules.
//
// Not modelled: raw and packet sockets, SOCK_SEQPACKET, UDP-Lite, ICMP
// sockets (Socket fails with ESOCKTNOSUPPORT or EPROTONOSUPPORT; Modelled
// says whether the model has a kind), urgent data (MSG_OOB sends fail with
// EOPNOTSUPP), multicast membership, options outside the list
// (ENOPROTOOPT), SCM_RIGHTS and other ancillary data, packet loss,
// congestion control, Nagle and delayed ACKs, keepalive probes, buffer
// autotuning (buffers stay the size SO_SNDBUF and SO_RCVBUF report),
// lingering close with a timeout (close never waits), a kernel's randomness
// (ports, autobound names and ordering are deterministic), and the
// accept-queue overflow of a handshake's last ACK (a full queue drops the
// SYN instead). The Network is not safe for concurrent use: its scheduler
// lets one thread call it at a time.
package simnet
