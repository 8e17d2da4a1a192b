package py

import (
	"encoding/binary"
	"strings"
	"unsafe"

	"go.starlark.net/starlark"
)

// Fast paths of the str and bytes methods: ASCII case mapping eight bytes
// at a time, and results that reuse the receiver when nothing changes.

// sameText is what a textMethod returns for "the receiver, unchanged":
// bind answers the str or bytes itself, so no new value is made.
var sameText starlark.Value = &starlark.List{}

// sameAs is the receiver as a method's unchanged result: itself when it is
// an immutable str or bytes, a fresh value of s otherwise (a bytearray's
// result must be a new object).
func (k textKind) sameAs(recv starlark.Value, s string) starlark.Value {
	if k.is(recv) {
		return recv
	}
	return k.make(s)
}

const (
	wordOnes = 0x0101010101010101
	wordHigh = 0x8080808080808080
)

// view is s's bytes, to read words of eight from; never written.
func view(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// caseMask has 0x20 in each byte of w that is an ASCII letter from
// 'from' to from+25 ('a' or 'A'), and 0 in the others (non-ASCII included).
func caseMask(w uint64, from byte) uint64 {
	h := w &^ wordHigh
	ge := h + (0x80-uint64(from))*wordOnes    // high bit: h >= from
	gt := h + (0x80-uint64(from)-26)*wordOnes // high bit: h > from+25
	return ((ge &^ gt &^ w) & wordHigh) >> 2
}

// isASCII reports whether s has no byte above 0x7f.
func isASCII(s string) bool {
	i, v := 0, view(s)
	for ; i+8 <= len(v); i += 8 {
		if binary.LittleEndian.Uint64(v[i:])&wordHigh != 0 {
			return false
		}
	}
	if i < len(v) && len(v) >= 8 {
		// The rest as the last word of eight, overlapping the one before.
		return binary.LittleEndian.Uint64(v[len(v)-8:])&wordHigh == 0
	}
	for ; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// caseFrom is where upper (or lower) first changes a byte of s: the
// start of the first word of eight, or the byte, holding an ASCII letter
// of the other case; -1 when nothing changes.
func caseFrom(s string, upper bool) int {
	from := byte('A')
	if upper {
		from = 'a'
	}
	i, v := 0, view(s)
	for ; i+8 <= len(v); i += 8 {
		if caseMask(binary.LittleEndian.Uint64(v[i:]), from) != 0 {
			return i
		}
	}
	if i < len(v) && len(v) >= 8 {
		if caseMask(binary.LittleEndian.Uint64(v[len(v)-8:]), from) != 0 {
			return len(v) - 8
		}
		return -1
	}
	for ; i < len(s); i++ {
		if c := s[i]; c >= from && c <= from+25 {
			return i
		}
	}
	return -1
}

// caseInto writes s into b with its ASCII letters from i on mapped to
// upper (or lower) case; every other byte stays.
func caseInto(b []byte, s string, i int, upper bool) {
	from := byte('A')
	if upper {
		from = 'a'
	}
	copy(b, s[:i])
	v := view(s)
	b = b[:len(v)]
	for ; i+8 <= len(v); i += 8 {
		w := binary.LittleEndian.Uint64(v[i:])
		if upper {
			binary.LittleEndian.PutUint64(b[i:], w-caseMask(w, from))
		} else {
			binary.LittleEndian.PutUint64(b[i:], w+caseMask(w, from))
		}
	}
	if i < len(v) && len(v) >= 8 {
		// The rest as the last word of eight: its bytes before i are
		// mapped from s again, to what they already are.
		i = len(v) - 8
		w := binary.LittleEndian.Uint64(v[i:])
		if upper {
			binary.LittleEndian.PutUint64(b[i:], w-caseMask(w, from))
		} else {
			binary.LittleEndian.PutUint64(b[i:], w+caseMask(w, from))
		}
		return
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c >= from && c <= from+25 {
			c ^= 0x20
		}
		b[i] = c
	}
}

// Boxing many strings at once. A str or bytes Value is an interface whose
// data word points at a string header; Go allocates one header per
// conversion. The values made here point into one array of headers
// instead, so split's pieces cost one allocation, not one each. A boxed
// value is never written through, so sharing the array is safe.

// ifaceWords is the layout of a non-empty interface value.
type ifaceWords struct{ tab, data unsafe.Pointer }

// boxAt is the Value of *p, holding p itself.
func (k textKind) boxAt(p *string) (v starlark.Value) {
	// The empty value gives the type word (its conversion allocates
	// nothing); the data word is then p.
	if k == textBytes {
		v = starlark.Bytes("")
	} else {
		v = starlark.String("")
	}
	(*ifaceWords)(unsafe.Pointer(&v)).data = unsafe.Pointer(p)
	return v
}

// newText makes a str or bytes Value of n bytes with one allocation and
// returns the bytes to fill: they must be written before the Value is
// used, and never after. The string header lies in the same pointer-free
// block as the bytes, pointing just past itself: the collector never reads
// it, and need not, since the block is kept alive by the Value's pointer
// to it (and by any copy of the header, which points inside it).
func (k textKind) newText(n int) ([]byte, starlark.Value) {
	block := make([]byte, textHeader+n)
	b := block[textHeader:]
	p := (*string)(unsafe.Pointer(unsafe.SliceData(block)))
	*p = unsafe.String(unsafe.SliceData(b), n)
	return b, k.boxAt(p)
}

// textHeader is the size of a string header: the block starts with one.
const textHeader = int(unsafe.Sizeof(""))

func isStr(v starlark.Value) bool {
	_, ok := v.(starlark.String)
	return ok
}

// partitionBox is partition's result in one allocation: the tuple's header,
// its three items and the headers of the two sides.
type partitionBox struct {
	t     starlark.Tuple
	items [3]starlark.Value
	sides [2]string
}

// partitionOf is the tuple (before, sep, after), made with one allocation.
func (k textKind) partitionOf(before string, sep starlark.Value, after string) (v starlark.Value) {
	p := new(partitionBox)
	p.sides = [2]string{before, after}
	p.items = [3]starlark.Value{k.boxAt(&p.sides[0]), sep, k.boxAt(&p.sides[1])}
	p.t = p.items[:]
	v = starlark.Tuple(nil) // the type word, as in boxAt
	(*ifaceWords)(unsafe.Pointer(&v)).data = unsafe.Pointer(&p.t)
	return v
}

// joinSeq is sep.join(seq) for a list or tuple of exact str (or bytes):
// the result is sized first and made with one allocation. ok is false for
// anything else, left to the general path (and its errors).
func (k textKind) joinSeq(sep string, seq starlark.Value) (v starlark.Value, ok bool) {
	var items starlark.Indexable
	switch x := seq.(type) {
	case *starlark.List:
		items = x
	case starlark.Tuple:
		items = x
	default:
		return nil, false
	}
	count := items.Len()
	n := len(sep) * max(count-1, 0)
	for i := range count {
		x := items.Index(i)
		if !k.is(x) {
			return nil, false
		}
		n += len(recvText(x))
	}
	switch count {
	case 0:
		return k.make(""), true
	case 1:
		return items.Index(0), true // the one item itself, as CPython answers
	}
	b, v := k.newText(n)
	i := copy(b, recvText(items.Index(0)))
	for j := 1; j < count; j++ {
		i += copy(b[i:], sep)
		i += copy(b[i:], recvText(items.Index(j)))
	}
	return v, true
}

// replaceAll is s.replace(old, repl, n) for a non-empty old: the receiver
// itself when nothing is replaced, else sized first and made with one
// allocation.
func (k textKind) replaceAll(s, old, repl string, n int) starlark.Value {
	count := strings.Count(s, old)
	if n >= 0 && n < count {
		count = n
	}
	if count == 0 {
		return sameText
	}
	b, v := k.newText(len(s) + count*(len(repl)-len(old)))
	i := 0
	for range count {
		j := strings.Index(s, old)
		i += copy(b[i:], s[:j])
		i += copy(b[i:], repl)
		s = s[j+len(old):]
	}
	copy(b[i:], s)
	return v
}

// joinParts is sep.join(parts), made with one allocation.
func (k textKind) joinParts(sep string, parts []string) starlark.Value {
	if len(parts) == 0 {
		return k.make("")
	}
	n := len(sep) * (len(parts) - 1)
	for _, p := range parts {
		n += len(p)
	}
	b, v := k.newText(n)
	i := copy(b, parts[0])
	for _, p := range parts[1:] {
		i += copy(b[i:], sep)
		i += copy(b[i:], p)
	}
	return v
}
