package py

import (
	"unsafe"

	"go.starlark.net/starlark"
)

// Fast paths of the str and bytes methods: ASCII case mapping eight bytes
// at a time, and results that reuse the receiver when nothing changes.

// sameText is what a textMethod returns for "the receiver, unchanged":
// bind answers the str or bytes itself, so no new value is made.
var sameText starlark.Value = starlark.NewList(nil)

// sameAs is the receiver as a method's unchanged result: itself when it is
// an immutable str or bytes, a fresh value of s otherwise (a bytearray's
// result must be a new object).
func (k textKind) sameAs(recv starlark.Value, s string) starlark.Value {
	switch recv.(type) {
	case starlark.String:
		if k == textStr {
			return recv
		}
	case starlark.Bytes:
		if k == textBytes {
			return recv
		}
	}
	return k.make(s)
}

const (
	wordOnes = 0x0101010101010101
	wordHigh = 0x8080808080808080
)

// word reads the 8 bytes of s at i, little-endian (one load on amd64).
func word(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func putWord(b []byte, i int, w uint64) {
	b = b[i : i+8]
	b[0], b[1], b[2], b[3] = byte(w), byte(w>>8), byte(w>>16), byte(w>>24)
	b[4], b[5], b[6], b[7] = byte(w>>32), byte(w>>40), byte(w>>48), byte(w>>56)
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
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if word(s, i)&wordHigh != 0 {
			return false
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// asciiCase maps the ASCII letters of s to upper case (or lower), leaving
// every other byte; ok is false when no byte changes, and then out is "".
func asciiCase(s string, upper bool) (out string, ok bool) {
	from := byte('A')
	if upper {
		from = 'a'
	}
	// The first word or byte that changes.
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if caseMask(word(s, i), from) != 0 {
			break
		}
	}
	if i+8 > len(s) {
		for ; i < len(s) && !(s[i] >= from && s[i] <= from+25); i++ {
		}
		if i == len(s) {
			return "", false
		}
	}
	b := make([]byte, len(s))
	copy(b, s)
	for ; i+8 <= len(s); i += 8 {
		w := word(s, i)
		if m := caseMask(w, from); m != 0 {
			if upper {
				putWord(b, i, w-m)
			} else {
				putWord(b, i, w+m)
			}
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c >= from && c <= from+25 {
			b[i] = c ^ 0x20
		}
	}
	return unsafe.String(&b[0], len(b)), true
}
