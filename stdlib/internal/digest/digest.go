// Package digest is hashlib's hash functions: MD5, SHA-1, SHA-224/256,
// SHA-384/512 and SHA3-224/256/384/512, written here rather than taken
// from Go's crypto packages, whose initialisation (the FIPS 140 module's
// self-registration, its DRBG and AES-GCM) and the pages it touches would
// be paid at every start of sockstar, hashing or not. The tests check each
// against crypto/*. Speed is not a goal beyond not allocating per block.
package digest

import (
	"encoding/binary"
	"math/bits"
)

// Hash is a running hash: Write adds data, Sum appends the digest of what
// was written without changing the state, Clone copies the state.
type Hash interface {
	Write(p []byte) (int, error)
	Sum(b []byte) []byte
	Size() int
	Clone() Hash
}

// New is the hash of that name (hashlib's lower-case names), or nil.
func New(name string) Hash {
	switch name {
	case "md5":
		return &md5Digest{h: [4]uint32{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476}}
	case "sha1":
		return &sha1Digest{h: [5]uint32{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0}}
	case "sha224":
		return &sha256Digest{size: 28, h: [8]uint32{0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4}}
	case "sha256":
		return &sha256Digest{size: 32, h: [8]uint32{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}}
	case "sha384":
		return &sha512Digest{size: 48, h: [8]uint64{
			0xcbbb9d5dc1059ed8, 0x629a292a367cd507, 0x9159015a3070dd17, 0x152fecd8f70e5939,
			0x67332667ffc00b31, 0x8eb44a8768581511, 0xdb0c2e0d64f98fa7, 0x47b5481dbefa4fa4}}
	case "sha512":
		return &sha512Digest{size: 64, h: sha512Init}
	case "sha3_224":
		return &sha3Digest{size: 28}
	case "sha3_256":
		return &sha3Digest{size: 32}
	case "sha3_384":
		return &sha3Digest{size: 48}
	case "sha3_512":
		return &sha3Digest{size: 64}
	}
	return nil
}

var sha512Init = [8]uint64{
	0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
	0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
}

// Sum512 is SHA-512 of data.
func Sum512(data []byte) [64]byte {
	d := sha512Digest{size: 64, h: sha512Init}
	d.Write(data)
	var out [64]byte
	d.Sum(out[:0])
	return out
}

// blocks is the Merkle–Damgård framing MD5, SHA-1 and SHA-2 share: the
// input cut into blocks for compress, the last padded with a 1 bit, zeros
// and the length in bits.
type blocks struct {
	buf   [128]byte
	n     int    // bytes in buf
	total uint64 // bytes written
}

func (b *blocks) write(p []byte, size int, compress func([]byte)) {
	b.total += uint64(len(p))
	if b.n > 0 {
		k := copy(b.buf[b.n:size], p)
		b.n += k
		p = p[k:]
		if b.n < size {
			return
		}
		compress(b.buf[:size])
		b.n = 0
	}
	if whole := len(p) - len(p)%size; whole > 0 {
		compress(p[:whole])
		p = p[whole:]
	}
	b.n = copy(b.buf[:], p)
}

// pad ends the message: lenSize is 8 or 16 bytes of length, big-endian
// unless little (MD5).
func (b *blocks) pad(size, lenSize int, little bool, compress func([]byte)) {
	bitLen := b.total * 8
	var tail [128 + 16]byte
	tail[0] = 0x80
	k := size - (b.n+1+lenSize)%size
	if k == size {
		k = 0
	}
	t := tail[:1+k+lenSize]
	if little {
		binary.LittleEndian.PutUint64(t[len(t)-8:], bitLen)
	} else {
		binary.BigEndian.PutUint64(t[len(t)-8:], bitLen)
		if lenSize == 16 {
			binary.BigEndian.PutUint64(t[len(t)-16:], b.total>>61)
		}
	}
	b.write(t, size, compress)
}

type md5Digest struct {
	h [4]uint32
	b blocks
}

func (d *md5Digest) Size() int   { return 16 }
func (d *md5Digest) Clone() Hash { c := *d; return &c }
func (d *md5Digest) Write(p []byte) (int, error) {
	d.b.write(p, 64, d.compress)
	return len(p), nil
}

func (d *md5Digest) Sum(in []byte) []byte {
	c := *d
	c.b.pad(64, 8, true, c.compress)
	for _, v := range c.h {
		in = binary.LittleEndian.AppendUint32(in, v)
	}
	return in
}

// md5Shift are the per-round rotations of RFC 1321, four to a round.
var md5Shift = [16]int{7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21}

func (d *md5Digest) compress(p []byte) {
	var m [16]uint32
	for ; len(p) >= 64; p = p[64:] {
		for i := range m {
			m[i] = binary.LittleEndian.Uint32(p[4*i:])
		}
		a, b, c, dd := d.h[0], d.h[1], d.h[2], d.h[3]
		for i := 0; i < 64; i++ {
			var f uint32
			var g int
			switch i / 16 {
			case 0:
				f, g = b&c|^b&dd, i
			case 1:
				f, g = b&dd|c&^dd, (5*i+1)%16
			case 2:
				f, g = b^c^dd, (3*i+5)%16
			default:
				f, g = c^(b|^dd), 7*i%16
			}
			f += a + md5K[i] + m[g]
			a, dd, c = dd, c, b
			b += bits.RotateLeft32(f, md5Shift[i/16*4+i%4])
		}
		d.h[0] += a
		d.h[1] += b
		d.h[2] += c
		d.h[3] += dd
	}
}

type sha1Digest struct {
	h [5]uint32
	b blocks
}

func (d *sha1Digest) Size() int   { return 20 }
func (d *sha1Digest) Clone() Hash { c := *d; return &c }
func (d *sha1Digest) Write(p []byte) (int, error) {
	d.b.write(p, 64, d.compress)
	return len(p), nil
}

func (d *sha1Digest) Sum(in []byte) []byte {
	c := *d
	c.b.pad(64, 8, false, c.compress)
	for _, v := range c.h {
		in = binary.BigEndian.AppendUint32(in, v)
	}
	return in
}

func (d *sha1Digest) compress(p []byte) {
	var w [80]uint32
	for ; len(p) >= 64; p = p[64:] {
		for i := 0; i < 16; i++ {
			w[i] = binary.BigEndian.Uint32(p[4*i:])
		}
		for i := 16; i < 80; i++ {
			w[i] = bits.RotateLeft32(w[i-3]^w[i-8]^w[i-14]^w[i-16], 1)
		}
		a, b, c, dd, e := d.h[0], d.h[1], d.h[2], d.h[3], d.h[4]
		for i := 0; i < 80; i++ {
			var f, k uint32
			switch i / 20 {
			case 0:
				f, k = b&c|^b&dd, 0x5a827999
			case 1:
				f, k = b^c^dd, 0x6ed9eba1
			case 2:
				f, k = b&c|b&dd|c&dd, 0x8f1bbcdc
			default:
				f, k = b^c^dd, 0xca62c1d6
			}
			t := bits.RotateLeft32(a, 5) + f + e + k + w[i]
			a, b, c, dd, e = t, a, bits.RotateLeft32(b, 30), c, dd
		}
		d.h[0] += a
		d.h[1] += b
		d.h[2] += c
		d.h[3] += dd
		d.h[4] += e
	}
}

// sha256Digest is SHA-256, or SHA-224 (its own start, 28 bytes out).
type sha256Digest struct {
	h    [8]uint32
	size int
	b    blocks
}

func (d *sha256Digest) Size() int   { return d.size }
func (d *sha256Digest) Clone() Hash { c := *d; return &c }
func (d *sha256Digest) Write(p []byte) (int, error) {
	d.b.write(p, 64, d.compress)
	return len(p), nil
}

func (d *sha256Digest) Sum(in []byte) []byte {
	c := *d
	c.b.pad(64, 8, false, c.compress)
	for _, v := range c.h[:d.size/4] {
		in = binary.BigEndian.AppendUint32(in, v)
	}
	return in
}

func (d *sha256Digest) compress(p []byte) {
	var w [64]uint32
	for ; len(p) >= 64; p = p[64:] {
		for i := 0; i < 16; i++ {
			w[i] = binary.BigEndian.Uint32(p[4*i:])
		}
		for i := 16; i < 64; i++ {
			s0 := bits.RotateLeft32(w[i-15], -7) ^ bits.RotateLeft32(w[i-15], -18) ^ w[i-15]>>3
			s1 := bits.RotateLeft32(w[i-2], -17) ^ bits.RotateLeft32(w[i-2], -19) ^ w[i-2]>>10
			w[i] = w[i-16] + s0 + w[i-7] + s1
		}
		a, b, c, dd, e, f, g, h := d.h[0], d.h[1], d.h[2], d.h[3], d.h[4], d.h[5], d.h[6], d.h[7]
		for i := 0; i < 64; i++ {
			s1 := bits.RotateLeft32(e, -6) ^ bits.RotateLeft32(e, -11) ^ bits.RotateLeft32(e, -25)
			t1 := h + s1 + (e&f ^ ^e&g) + sha256K[i] + w[i]
			s0 := bits.RotateLeft32(a, -2) ^ bits.RotateLeft32(a, -13) ^ bits.RotateLeft32(a, -22)
			t2 := s0 + (a&b ^ a&c ^ b&c)
			h, g, f, e, dd, c, b, a = g, f, e, dd+t1, c, b, a, t1+t2
		}
		d.h[0] += a
		d.h[1] += b
		d.h[2] += c
		d.h[3] += dd
		d.h[4] += e
		d.h[5] += f
		d.h[6] += g
		d.h[7] += h
	}
}

// sha512Digest is SHA-512, or SHA-384 (its own start, 48 bytes out).
type sha512Digest struct {
	h    [8]uint64
	size int
	b    blocks
}

func (d *sha512Digest) Size() int   { return d.size }
func (d *sha512Digest) Clone() Hash { c := *d; return &c }
func (d *sha512Digest) Write(p []byte) (int, error) {
	d.b.write(p, 128, d.compress)
	return len(p), nil
}

func (d *sha512Digest) Sum(in []byte) []byte {
	c := *d
	c.b.pad(128, 16, false, c.compress)
	for _, v := range c.h[:d.size/8] {
		in = binary.BigEndian.AppendUint64(in, v)
	}
	return in
}

func (d *sha512Digest) compress(p []byte) {
	var w [80]uint64
	for ; len(p) >= 128; p = p[128:] {
		for i := 0; i < 16; i++ {
			w[i] = binary.BigEndian.Uint64(p[8*i:])
		}
		for i := 16; i < 80; i++ {
			s0 := bits.RotateLeft64(w[i-15], -1) ^ bits.RotateLeft64(w[i-15], -8) ^ w[i-15]>>7
			s1 := bits.RotateLeft64(w[i-2], -19) ^ bits.RotateLeft64(w[i-2], -61) ^ w[i-2]>>6
			w[i] = w[i-16] + s0 + w[i-7] + s1
		}
		a, b, c, dd, e, f, g, h := d.h[0], d.h[1], d.h[2], d.h[3], d.h[4], d.h[5], d.h[6], d.h[7]
		for i := 0; i < 80; i++ {
			s1 := bits.RotateLeft64(e, -14) ^ bits.RotateLeft64(e, -18) ^ bits.RotateLeft64(e, -41)
			t1 := h + s1 + (e&f ^ ^e&g) + sha512K[i] + w[i]
			s0 := bits.RotateLeft64(a, -28) ^ bits.RotateLeft64(a, -34) ^ bits.RotateLeft64(a, -39)
			t2 := s0 + (a&b ^ a&c ^ b&c)
			h, g, f, e, dd, c, b, a = g, f, e, dd+t1, c, b, a, t1+t2
		}
		d.h[0] += a
		d.h[1] += b
		d.h[2] += c
		d.h[3] += dd
		d.h[4] += e
		d.h[5] += f
		d.h[6] += g
		d.h[7] += h
	}
}

// sha3Digest is SHA3-224/256/384/512 (FIPS 202): Keccak-f[1600] as a
// sponge with rate 200-2*size bytes and the SHA-3 padding 0x06...0x80.
type sha3Digest struct {
	a    [25]uint64
	size int
	buf  [144]byte // up to one rate's worth not yet absorbed
	n    int
}

func (d *sha3Digest) Size() int   { return d.size }
func (d *sha3Digest) Clone() Hash { c := *d; return &c }
func (d *sha3Digest) rate() int   { return 200 - 2*d.size }

func (d *sha3Digest) Write(p []byte) (int, error) {
	n, rate := len(p), d.rate()
	for len(p) > 0 {
		k := copy(d.buf[d.n:rate], p)
		d.n += k
		p = p[k:]
		if d.n == rate {
			d.absorb()
		}
	}
	return n, nil
}

// absorb XORs a full buffer into the state and permutes it.
func (d *sha3Digest) absorb() {
	for i := 0; i < d.rate()/8; i++ {
		d.a[i] ^= binary.LittleEndian.Uint64(d.buf[8*i:])
	}
	keccakF(&d.a)
	d.n = 0
}

func (d *sha3Digest) Sum(in []byte) []byte {
	c := *d
	rate := c.rate()
	clear(c.buf[c.n:rate])
	c.buf[c.n] ^= 0x06
	c.buf[rate-1] ^= 0x80
	c.absorb()
	var out [64]byte
	for i := 0; i < c.size; i += 8 {
		binary.LittleEndian.PutUint64(out[i:], c.a[i/8])
	}
	return append(in, out[:c.size]...)
}

// keccakF is the Keccak-f[1600] permutation: 24 rounds of theta, rho, pi,
// chi and iota over the 5x5 lanes a[x+5y].
func keccakF(a *[25]uint64) {
	for round := 0; round < 24; round++ {
		var c [5]uint64
		for x := 0; x < 5; x++ {
			c[x] = a[x] ^ a[x+5] ^ a[x+10] ^ a[x+15] ^ a[x+20]
		}
		for x := 0; x < 5; x++ {
			t := c[(x+4)%5] ^ bits.RotateLeft64(c[(x+1)%5], 1)
			for y := 0; y < 25; y += 5 {
				a[x+y] ^= t
			}
		}
		// rho and pi: lane (x, y) rotated moves to (y, 2x+3y).
		var b [25]uint64
		for x := 0; x < 5; x++ {
			for y := 0; y < 5; y++ {
				b[y+5*((2*x+3*y)%5)] = bits.RotateLeft64(a[x+5*y], int(keccakRot[x+5*y]))
			}
		}
		for y := 0; y < 25; y += 5 {
			for x := 0; x < 5; x++ {
				a[x+y] = b[x+y] ^ ^b[(x+1)%5+y]&b[(x+2)%5+y]
			}
		}
		a[0] ^= keccakRC[round]
	}
}
