package pystruct

import (
	"math"
)

// item is one format code with its count: the repeat count, or the length
// for 's' and 'p'.
type item struct {
	code   byte
	count  int64
	offset int64 // where the first value starts
	size   int64 // bytes per value (1 for s, p and x)
}

// layout is a parsed format: where each value goes and how many there are.
type layout struct {
	format  string
	native  bool // '@': native sizes and alignment
	big     bool // '>' or '!'
	items   []item
	size    int64
	nvalues int64
}

// sizes of the codes in native mode, on linux/amd64; alignment equals size.
// Arrays by code, 0 for none: static data, where maps are built at start-up.
var nativeSize = [256]int64{
	'x': 1, 'c': 1, 'b': 1, 'B': 1, '?': 1, 'h': 2, 'H': 2, 'i': 4, 'I': 4,
	'l': 8, 'L': 8, 'q': 8, 'Q': 8, 'n': 8, 'N': 8, 'P': 8, 'e': 2, 'f': 4, 'd': 8,
	's': 1, 'p': 1,
}

// sizes in the standard modes (= < > !), which have no n, N or P.
var standardSize = [256]int64{
	'x': 1, 'c': 1, 'b': 1, 'B': 1, '?': 1, 'h': 2, 'H': 2, 'i': 4, 'I': 4,
	'l': 4, 'L': 4, 'q': 8, 'Q': 8, 'e': 2, 'f': 4, 'd': 8, 's': 1, 'p': 1,
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// parse reads a format as CPython's _struct does, with its error messages.
func parse(format string) (*layout, error) {
	l := &layout{format: format, native: true}
	s := format
	if s != "" {
		switch s[0] {
		case '@':
			s = s[1:]
		case '=', '<':
			l.native = false
			s = s[1:]
		case '>', '!':
			l.native, l.big = false, true
			s = s[1:]
		}
	}
	table := &standardSize
	if l.native {
		table = &nativeSize
	}
	const maxSize = math.MaxInt64
	tooLong := func() error { return errorf("total struct size too long") }
	var size, nvalues int64
	for i := 0; i < len(s); {
		c := s[i]
		i++
		if isSpace(c) {
			continue
		}
		num := int64(1)
		if c >= '0' && c <= '9' {
			num = int64(c - '0')
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				d := int64(s[i] - '0')
				if num > (maxSize-d)/10 {
					return nil, tooLong()
				}
				num = num*10 + d
				i++
			}
			if i == len(s) {
				return nil, errorf("repeat count given without format specifier")
			}
			c = s[i]
			i++
		}
		itemSize := table[c]
		ok := itemSize > 0
		if !ok {
			return nil, errorf("bad char in struct format")
		}
		if l.native && itemSize > 1 && size > 0 {
			// CPython aligns before every code, even one with a count of 0.
			if extra := (itemSize - size%itemSize) % itemSize; extra > 0 {
				if size > maxSize-extra {
					return nil, tooLong()
				}
				size += extra
			}
		}
		switch c {
		case 's', 'p':
			nvalues++
		case 'x':
		default:
			nvalues += num
		}
		if num > (maxSize-size)/itemSize {
			return nil, tooLong()
		}
		l.items = append(l.items, item{code: c, count: num, offset: size, size: itemSize})
		size += num * itemSize
	}
	l.size, l.nvalues = size, nvalues
	return l, nil
}
