package pystruct

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

// pack encodes values by the layout; len(values) must be l.nvalues.
func (l *layout) pack(values starlark.Tuple) ([]byte, error) {
	if int64(len(values)) != l.nvalues {
		return nil, errorf("pack expected %d items for packing (got %d)", l.nvalues, len(values))
	}
	if err := py.CheckAlloc(l.size); err != nil {
		return nil, err
	}
	buf := make([]byte, l.size)
	vi := 0
	for _, it := range l.items {
		switch it.code {
		case 'x':
			continue
		case 's', 'p':
			if err := packString(buf[it.offset:it.offset+it.count], it.code, values[vi]); err != nil {
				return nil, err
			}
			vi++
			continue
		}
		for k := int64(0); k < it.count; k++ {
			at := it.offset + k*it.size
			if err := l.packOne(buf[at:at+it.size], it.code, values[vi]); err != nil {
				return nil, err
			}
			vi++
		}
	}
	return buf, nil
}

func packString(dst []byte, code byte, v starlark.Value) error {
	var s string
	switch v := v.(type) {
	case starlark.Bytes:
		s = string(v)
	case py.BytesLike:
		s = v.PyBytes()
	default:
		return errorf("argument for '%c' must be a bytes object", code)
	}
	if code == 's' {
		copy(dst, s)
		return nil
	}
	// 'p': a length byte, then at most len(dst)-1 bytes of the string.
	if len(dst) == 0 {
		return nil
	}
	n := min(len(s), len(dst)-1, 255)
	copy(dst[1:], s[:n])
	dst[0] = byte(n)
	return nil
}

func (l *layout) packOne(dst []byte, code byte, v starlark.Value) error {
	switch code {
	case 'c':
		b, ok := v.(starlark.Bytes)
		if !ok || len(b) != 1 {
			return errorf("char format requires a bytes object of length 1")
		}
		dst[0] = b[0]
		return nil
	case '?':
		if v.Truth() {
			dst[0] = 1
		}
		return nil
	case 'e', 'f', 'd':
		return l.packFloat(dst, code, v)
	}
	return l.packInt(dst, code, v)
}

// shortName is the C type that the range error of a code names, as CPython's
// native packers word it ("short format requires ..."), if it names one.
func shortName(code byte) (string, bool) {
	switch code {
	case 'b':
		return "byte", true
	case 'B':
		return "ubyte", true
	case 'h':
		return "short", true
	case 'H':
		return "ushort", true
	}
	return "", false
}

// packInt checks the value the way the CPython packer for this code and
// byte order would, so that each failure has CPython's message.
func (l *layout) packInt(dst []byte, code byte, v starlark.Value) error {
	var n *big.Int
	switch v := v.(type) {
	case starlark.Int:
		n = v.BigInt()
	case starlark.Bool:
		n = big.NewInt(0)
		if v {
			n.SetInt64(1)
		}
	default:
		return errorf("required argument is not an integer")
	}
	unsigned := code >= 'A' && code <= 'Z'
	size := len(dst)
	if l.big && (code == 'q' || code == 'Q') {
		if unsigned && !n.IsUint64() || !unsigned && !n.IsInt64() {
			return errorf("int too large to convert")
		}
	}
	name, named := shortName(code)
	if code == 'h' || code == 'H' {
		named = !l.big
	}
	// First the conversion to a C long or unsigned long.
	if named || !unsigned {
		if !n.IsInt64() {
			return errorf("argument out of range")
		}
	} else if !n.IsUint64() {
		return errorf("argument out of range")
	}
	// Then the range of the code's own size.
	if size < 8 {
		var lo, hi int64
		if unsigned {
			lo, hi = 0, int64(1)<<(8*size)-1
		} else {
			hi = int64(1)<<(8*size-1) - 1
			lo = -hi - 1
		}
		if x := n.Int64(); x < lo || x > hi {
			if named {
				return errorf("%s format requires %d <= number <= %d", name, lo, hi)
			}
			return errorf("'%c' format requires %d <= number <= %d", code, lo, hi)
		}
	}
	var u uint64
	if n.Sign() < 0 {
		u = uint64(n.Int64())
	} else {
		u = n.Uint64()
	}
	putUint(dst, u, l.big)
	return nil
}

func putUint(dst []byte, u uint64, bigEndian bool) {
	n := len(dst)
	for i := 0; i < n; i++ {
		b := byte(u >> (8 * i))
		if bigEndian {
			dst[n-1-i] = b
		} else {
			dst[i] = b
		}
	}
}

func getUint(src []byte, bigEndian bool) uint64 {
	var u uint64
	n := len(src)
	for i := 0; i < n; i++ {
		b := src[i]
		if bigEndian {
			b = src[n-1-i]
		}
		u |= uint64(b) << (8 * i)
	}
	return u
}

func (l *layout) packFloat(dst []byte, code byte, v starlark.Value) error {
	var x float64
	switch v := v.(type) {
	case starlark.Float:
		x = float64(v)
	case starlark.Int:
		f, ok := starlark.AsFloat(v)
		if !ok {
			return py.Errorf(py.OverflowError, "int too large to convert to float")
		}
		x = f
	case starlark.Bool:
		if v {
			x = 1
		}
	default:
		return errorf("required argument is not a float")
	}
	order := binary.ByteOrder(binary.LittleEndian)
	if l.big {
		order = binary.BigEndian
	}
	switch code {
	case 'd':
		order.PutUint64(dst, math.Float64bits(x))
	case 'f':
		y := float32(x)
		if math.IsInf(float64(y), 0) && !math.IsInf(x, 0) {
			return py.Errorf(py.OverflowError, "float too large to pack with f format")
		}
		order.PutUint32(dst, math.Float32bits(y))
	case 'e':
		h, ok := toHalf(x)
		if !ok {
			return py.Errorf(py.OverflowError, "float too large to pack with e format")
		}
		order.PutUint16(dst, h)
	}
	return nil
}

// toHalf rounds x to IEEE 754 binary16, half to even; false if it overflows.
func toHalf(x float64) (uint16, bool) {
	var sign uint16
	if math.Signbit(x) {
		sign = 1 << 15
	}
	switch {
	case math.IsNaN(x):
		return sign | 0x7e00, true
	case math.IsInf(x, 0):
		return sign | 0x7c00, true
	case x == 0:
		return sign, true
	}
	x = math.Abs(x)
	frac, exp := math.Frexp(x) // x = frac * 2**exp, 0.5 <= frac < 1
	frac, exp = frac*2, exp-1  // 1 <= frac < 2
	var e int
	switch {
	case exp >= 16:
		return 0, false
	case exp < -25:
		frac, e = 0, 0 // rounds to zero
	case exp < -14:
		frac, e = math.Ldexp(frac, 14+exp), 0 // subnormal
	default:
		frac, e = frac-1, exp+15
	}
	frac *= 1024
	bits := uint16(frac)
	rest := frac - float64(bits)
	if rest > 0.5 || (rest == 0.5 && bits%2 == 1) {
		bits++
		if bits == 1024 {
			bits, e = 0, e+1
			if e == 31 {
				return 0, false
			}
		}
	}
	return sign | uint16(e)<<10 | bits, true
}

func fromHalf(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	e := int(h>>10) & 0x1f
	f := float64(h & 0x3ff)
	switch e {
	case 0x1f:
		if f == 0 {
			return math.Inf(int(sign))
		}
		return math.Copysign(math.NaN(), sign)
	case 0:
		return sign * math.Ldexp(f/1024, -14)
	}
	return sign * math.Ldexp(1+f/1024, e-15)
}

// unpack decodes buf, which holds exactly l.size bytes.
func (l *layout) unpack(buf []byte) starlark.Tuple {
	out := make(starlark.Tuple, 0, l.nvalues)
	for _, it := range l.items {
		switch it.code {
		case 'x':
			continue
		case 's':
			out = append(out, starlark.Bytes(buf[it.offset:it.offset+it.count]))
			continue
		case 'p':
			if it.count == 0 {
				out = append(out, starlark.Bytes(""))
				continue
			}
			n := int64(buf[it.offset])
			if n >= it.count {
				n = it.count - 1
			}
			out = append(out, starlark.Bytes(buf[it.offset+1:it.offset+1+n]))
			continue
		}
		for k := int64(0); k < it.count; k++ {
			at := it.offset + k*it.size
			out = append(out, l.unpackOne(buf[at:at+it.size], it.code))
		}
	}
	return out
}

func (l *layout) unpackOne(src []byte, code byte) starlark.Value {
	switch code {
	case 'c':
		return starlark.Bytes(src[:1])
	case '?':
		return starlark.Bool(src[0] != 0)
	case 'e':
		return starlark.Float(fromHalf(uint16(getUint(src, l.big))))
	case 'f':
		return starlark.Float(math.Float32frombits(uint32(getUint(src, l.big))))
	case 'd':
		return starlark.Float(math.Float64frombits(getUint(src, l.big)))
	}
	u := getUint(src, l.big)
	if code >= 'A' && code <= 'Z' {
		return starlark.MakeUint64(u)
	}
	shift := 64 - 8*uint(len(src))
	return starlark.MakeInt64(int64(u<<shift) >> shift)
}

// errorf makes a struct.error.
func errorf(format string, args ...any) *py.Exception {
	return py.New(Error, starlark.String(fmt.Sprintf(format, args...)))
}
