// Package pcapng writes a run's TCP and UDP traffic as a pcapng capture
// that Wireshark and tshark open: packets made up from the recorded socket
// calls (runtime/trace), not captured off an interface.
//
// Addresses are those the scripts see (a scenario's virtual hosts and
// normalised ports, as in the events' Local and Peer), not the kernel's
// loopback ones. A TCP connection gets its SYN, SYN-ACK and ACK when it is
// connected or accepted, one or more segments per send (at most one MSS,
// 1460 bytes over IPv4, 1440 over IPv6, the last one pushed), an ACK when
// the receiver reads new data (acks are otherwise carried by what that side
// sends), a FIN for shutdown(SHUT_WR or SHUT_RDWR) and close, answered at
// once by the peer's ACK, and a RST where the run shows a reset: a close
// with unread data or SO_LINGER 0, data sent to a closed socket, a call
// that raised ConnectionResetError. A refused connect is a SYN answered by
// a RST. Sequence and acknowledgement numbers run on without gaps per
// connection and direction; every checksum is right. UDP: one datagram per
// send or sendto. AF_UNIX traffic is left out.
//
// What the trace lacks is made up where the peer shows it: bytes a recv
// returned that no traced call sent (data written through makefile(), or
// a peer outside the run) are sent by the peer when they are read; a recv
// that returns b” with no close in the trace is the peer's FIN; a role
// that ends closes the sockets it left open. Data the recorder cut (see
// trace.Recorder.DataCap) is padded with zero bytes to its real length,
// and the packet's comment says so.
//
// Times are the events' own, in microseconds since the run started, so the
// capture starts at 1970-01-01 00:00:00 UTC: two runs that did the same
// thing at the same pace give the same file.
package pcapng

import (
	"bufio"
	"encoding/binary"
	"io"
	"strings"
	"unicode/utf8"

	"sockstar/runtime/trace"
)

// Block types and option codes of the pcapng format.
const (
	blockSHB = 0x0A0D0D0A
	blockIDB = 0x00000001
	blockEPB = 0x00000006

	byteOrderMagic = 0x1A2B3C4D

	optEnd      = 0
	optComment  = 1
	optShbAppl  = 4 // shb_userappl
	optIfName   = 2
	optIfDesc   = 3
	optIfTsresl = 9

	// linkRaw is LINKTYPE_RAW: each packet starts with its IPv4 or IPv6
	// header, so no link-layer addresses need making up.
	linkRaw = 101
	// snapLen is libpcap's largest: no packet made here is cut.
	snapLen = 262144
	// maxComment keeps an option's value within its 16-bit length.
	maxComment = 4000
)

// Write writes events' TCP and UDP traffic to w as a pcapng file: one
// section, named by a comment that says title (the run: a scenario or a
// script), one raw-IP interface, and a packet per segment or datagram,
// each with a comment that names the role, the call and where in the
// script it was made.
func Write(w io.Writer, title string, events []trace.Event) error {
	bw := bufio.NewWriter(w)
	bw.Write(sectionHeader(title))
	bw.Write(interfaceDescription())
	for _, p := range packets(events) {
		bw.Write(enhancedPacket(p))
	}
	return bw.Flush()
}

func sectionHeader(title string) []byte {
	b := binary.LittleEndian.AppendUint32(nil, byteOrderMagic)
	b = binary.LittleEndian.AppendUint16(b, 1) // version 1.0
	b = binary.LittleEndian.AppendUint16(b, 0)
	b = binary.LittleEndian.AppendUint64(b, ^uint64(0)) // section length: not given (-1)
	b = option(b, optComment, "sockstar run "+title+": packets made from the run's socket calls; times count from the run's start")
	b = option(b, optShbAppl, "sockstar")
	return block(blockSHB, endOptions(b))
}

func interfaceDescription() []byte {
	b := binary.LittleEndian.AppendUint16(nil, linkRaw)
	b = binary.LittleEndian.AppendUint16(b, 0)
	b = binary.LittleEndian.AppendUint32(b, snapLen)
	b = option(b, optIfName, "sockstar")
	b = option(b, optIfDesc, "the scripts' addresses, as they see them")
	b = option(b, optIfTsresl, "\x06") // microseconds, as Event.T counts
	return block(blockIDB, endOptions(b))
}

func enhancedPacket(p packet) []byte {
	t := uint64(p.t)
	b := binary.LittleEndian.AppendUint32(nil, 0) // interface 0
	b = binary.LittleEndian.AppendUint32(b, uint32(t>>32))
	b = binary.LittleEndian.AppendUint32(b, uint32(t))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(p.data))) // captured ...
	b = binary.LittleEndian.AppendUint32(b, uint32(len(p.data))) // ... and original length: nothing is cut
	b = append(b, p.data...)
	b = pad(b)
	if p.comment != "" {
		b = endOptions(option(b, optComment, p.comment))
	}
	return block(blockEPB, b)
}

// block frames a block's body (whose length is a multiple of 4) with its
// type and total length, which comes at both ends.
func block(typ uint32, body []byte) []byte {
	n := uint32(12 + len(body))
	b := make([]byte, 0, n)
	b = binary.LittleEndian.AppendUint32(b, typ)
	b = binary.LittleEndian.AppendUint32(b, n)
	b = append(b, body...)
	return binary.LittleEndian.AppendUint32(b, n)
}

func option(b []byte, code uint16, value string) []byte {
	value = cut(value, maxComment)
	b = binary.LittleEndian.AppendUint16(b, code)
	b = binary.LittleEndian.AppendUint16(b, uint16(len(value)))
	b = append(b, value...)
	return pad(b)
}

func endOptions(b []byte) []byte {
	return binary.LittleEndian.AppendUint32(b, optEnd)
}

// pad fills b with zeros to a multiple of 4 bytes, as blocks and options are.
func pad(b []byte) []byte {
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// cut keeps at most n bytes of s, whole UTF-8 characters only: comments
// are UTF-8.
func cut(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
