package random

// mtN is the Mersenne Twister's state size in 32-bit words.
const mtN = 624

// mt19937 is the Mersenne Twister as CPython's _random module runs it, so a
// seed gives the same numbers as in CPython.
type mt19937 struct {
	state [mtN]uint32
	index int
}

func (m *mt19937) initGenrand(s uint32) {
	m.state[0] = s
	for i := 1; i < mtN; i++ {
		prev := m.state[i-1]
		m.state[i] = 1812433253*(prev^(prev>>30)) + uint32(i)
	}
	m.index = mtN
}

// initByArray seeds from a key of any length, as CPython's seed() does
// with the 32-bit words of the seed's absolute value.
func (m *mt19937) initByArray(key []uint32) {
	m.initGenrand(19650218)
	i, j := 1, 0
	for k := max(mtN, len(key)); k > 0; k-- {
		prev := m.state[i-1]
		m.state[i] = (m.state[i] ^ ((prev ^ (prev >> 30)) * 1664525)) + key[j] + uint32(j)
		i++
		j++
		if i >= mtN {
			m.state[0] = m.state[mtN-1]
			i = 1
		}
		if j >= len(key) {
			j = 0
		}
	}
	for k := mtN - 1; k > 0; k-- {
		prev := m.state[i-1]
		m.state[i] = (m.state[i] ^ ((prev ^ (prev >> 30)) * 1566083941)) - uint32(i)
		i++
		if i >= mtN {
			m.state[0] = m.state[mtN-1]
			i = 1
		}
	}
	m.state[0] = 0x80000000 // the most significant bit set: a non-zero state
}

func (m *mt19937) uint32() uint32 {
	const (
		mtM       = 397
		matrixA   = 0x9908b0df
		upperMask = 0x80000000
		lowerMask = 0x7fffffff
	)
	if m.index >= mtN {
		mag := [2]uint32{0, matrixA}
		var kk int
		for kk = 0; kk < mtN-mtM; kk++ {
			y := m.state[kk]&upperMask | m.state[kk+1]&lowerMask
			m.state[kk] = m.state[kk+mtM] ^ y>>1 ^ mag[y&1]
		}
		for ; kk < mtN-1; kk++ {
			y := m.state[kk]&upperMask | m.state[kk+1]&lowerMask
			m.state[kk] = m.state[kk+(mtM-mtN)] ^ y>>1 ^ mag[y&1]
		}
		y := m.state[mtN-1]&upperMask | m.state[0]&lowerMask
		m.state[mtN-1] = m.state[mtM-1] ^ y>>1 ^ mag[y&1]
		m.index = 0
	}
	y := m.state[m.index]
	m.index++
	y ^= y >> 11
	y ^= y << 7 & 0x9d2c5680
	y ^= y << 15 & 0xefc60000
	y ^= y >> 18
	return y
}

// float is random(): 53 random bits, as CPython takes them from two words.
func (m *mt19937) float() float64 {
	a, b := m.uint32()>>5, m.uint32()>>6
	return (float64(a)*67108864.0 + float64(b)) * (1.0 / 9007199254740992.0)
}
