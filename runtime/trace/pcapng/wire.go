package pcapng

import (
	"encoding/binary"
	"net/netip"
)

// TCP's flags.
const (
	flagFIN = 0x01
	flagSYN = 0x02
	flagRST = 0x04
	flagPSH = 0x08
	flagACK = 0x10
)

const (
	protoTCP = 6
	protoUDP = 17
	hopLimit = 64
	// window is what every segment offers; the SYNs scale it by 2^14, to
	// 1 GiB, more than any run has in flight: Wireshark never sees it full.
	window      = 65535
	windowShift = 14
	// The MSS of an Ethernet MTU (1500) less the IP and TCP headers.
	mss4 = 1460
	mss6 = 1440
	// The most a UDP datagram carries: 65535 less the IP and UDP headers
	// (IPv6's payload length leaves out its own header).
	maxUDP4 = 65535 - 20 - 8
	maxUDP6 = 65535 - 8
)

// ipPacket puts an IPv4 or IPv6 header, as src is, in front of a TCP or UDP
// segment. id is IPv4's identification.
func ipPacket(src, dst netip.Addr, proto byte, id uint16, seg []byte) []byte {
	if src.Is4() {
		b := make([]byte, 20, 20+len(seg))
		b[0] = 0x45 // version 4, 5 words of header
		binary.BigEndian.PutUint16(b[2:], uint16(20+len(seg)))
		binary.BigEndian.PutUint16(b[4:], id)
		b[6] = 0x40 // don't fragment
		b[8] = hopLimit
		b[9] = proto
		s, d := src.As4(), dst.As4()
		copy(b[12:], s[:])
		copy(b[16:], d[:])
		binary.BigEndian.PutUint16(b[10:], checksum(sum(0, b)))
		return append(b, seg...)
	}
	b := make([]byte, 40, 40+len(seg))
	b[0] = 0x60 // version 6
	binary.BigEndian.PutUint16(b[4:], uint16(len(seg)))
	b[6] = proto
	b[7] = hopLimit
	s, d := src.As16(), dst.As16()
	copy(b[8:], s[:])
	copy(b[24:], d[:])
	return append(b, seg...)
}

// tcpSegment is a TCP header with payload; opts is a multiple of 4 bytes.
func tcpSegment(src, dst netip.AddrPort, seq, ack uint32, flags byte, opts, payload []byte) []byte {
	hl := 20 + len(opts)
	b := make([]byte, hl+len(payload))
	binary.BigEndian.PutUint16(b[0:], src.Port())
	binary.BigEndian.PutUint16(b[2:], dst.Port())
	binary.BigEndian.PutUint32(b[4:], seq)
	binary.BigEndian.PutUint32(b[8:], ack)
	b[12] = byte(hl/4) << 4
	b[13] = flags
	binary.BigEndian.PutUint16(b[14:], window)
	copy(b[20:], opts)
	copy(b[hl:], payload)
	binary.BigEndian.PutUint16(b[16:], checksum(sum(pseudoHeader(src.Addr(), dst.Addr(), protoTCP, len(b)), b)))
	return b
}

// synOptions are a SYN's: the MSS, and the window scale (after a NOP, to
// end on a 4-byte boundary).
func synOptions(mss int) []byte {
	return []byte{2, 4, byte(mss >> 8), byte(mss), 1, 3, 3, windowShift}
}

func udpDatagram(src, dst netip.AddrPort, payload []byte) []byte {
	b := make([]byte, 8+len(payload))
	binary.BigEndian.PutUint16(b[0:], src.Port())
	binary.BigEndian.PutUint16(b[2:], dst.Port())
	binary.BigEndian.PutUint16(b[4:], uint16(len(b)))
	copy(b[8:], payload)
	c := checksum(sum(pseudoHeader(src.Addr(), dst.Addr(), protoUDP, len(b)), b))
	if c == 0 {
		c = 0xffff // 0 would say "no checksum"
	}
	binary.BigEndian.PutUint16(b[6:], c)
	return b
}

// pseudoHeader is the sum of the addresses, protocol and length that the
// TCP and UDP checksums cover. IPv6's 32-bit length and its zero-padded
// next-header field add up the same as IPv4's 16-bit ones for any length
// below 64 KiB.
func pseudoHeader(src, dst netip.Addr, proto byte, length int) uint32 {
	s := sum(0, src.AsSlice())
	s = sum(s, dst.AsSlice())
	return s + uint32(proto) + uint32(length)
}

// sum adds b as big-endian 16-bit words to s (an odd last byte is the
// high half of a word), for the Internet checksum.
func sum(s uint32, b []byte) uint32 {
	for len(b) >= 2 {
		s += uint32(binary.BigEndian.Uint16(b))
		b = b[2:]
	}
	if len(b) == 1 {
		s += uint32(b[0]) << 8
	}
	return s
}

// checksum folds a sum to 16 bits, ones' complement.
func checksum(s uint32) uint16 {
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	return ^uint16(s)
}
