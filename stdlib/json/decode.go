package json

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

// decoder reads one document the way CPython's C scanner does, so that
// errors name the same message and position (in characters).
type decoder struct {
	thread *starlark.Thread
	doc    string // the document as given, for the error's doc attribute
	s      []rune
	strict bool
	// The hooks loads takes; None when not given.
	objectHook, pairsHook, parseFloat, parseInt, parseConstant starlark.Value
	depth                                                      int
}

// stopIteration is the scanner finding no value at pos: "Expecting value".
type stopIteration struct{ pos int }

func (s stopIteration) Error() string { return "Expecting value" }

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

func (d *decoder) skipSpace(i int) int {
	for i < len(d.s) && isSpace(d.s[i]) {
		i++
	}
	return i
}

// fail is JSONDecodeError(msg, doc, pos).
func (d *decoder) fail(msg string, pos int) error {
	lineno := 1
	lastNL := -1
	for i := 0; i < pos && i < len(d.s); i++ {
		if d.s[i] == '\n' {
			lineno++
			lastNL = i
		}
	}
	colno := pos - lastNL
	e := py.Errorf(DecodeError, "%s: line %d column %d (char %d)", msg, lineno, colno, pos)
	e.Fields = starlark.StringDict{
		"msg":    starlark.String(msg),
		"doc":    starlark.String(d.doc),
		"pos":    starlark.MakeInt(pos),
		"lineno": starlark.MakeInt(lineno),
		"colno":  starlark.MakeInt(colno),
	}
	return e
}

// decode is JSONDecoder.decode: one value between optional whitespace.
func (d *decoder) decode() (starlark.Value, error) {
	if len(d.s) > 0 && d.s[0] == '\ufeff' {
		return nil, d.fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0)
	}
	v, end, err := d.scan(d.skipSpace(0))
	if err != nil {
		if stop, ok := err.(stopIteration); ok {
			return nil, d.fail("Expecting value", stop.pos)
		}
		return nil, err
	}
	if end = d.skipSpace(end); end != len(d.s) {
		return nil, d.fail("Extra data", end)
	}
	return v, nil
}

// has reports whether the text at i starts with word.
func (d *decoder) has(i int, word string) bool {
	for _, r := range word {
		if i >= len(d.s) || d.s[i] != r {
			return false
		}
		i++
	}
	return true
}

// scan reads the value at i and returns it with the index after it.
func (d *decoder) scan(i int) (starlark.Value, int, error) {
	if i >= len(d.s) {
		return nil, 0, stopIteration{i}
	}
	switch d.s[i] {
	case '"':
		s, end, err := d.str(i + 1)
		return s, end, err
	case '{':
		return d.nested(func() (starlark.Value, int, error) { return d.object(i + 1) })
	case '[':
		return d.nested(func() (starlark.Value, int, error) { return d.array(i + 1) })
	case 'n':
		if d.has(i, "null") {
			return starlark.None, i + 4, nil
		}
	case 't':
		if d.has(i, "true") {
			return starlark.True, i + 4, nil
		}
	case 'f':
		if d.has(i, "false") {
			return starlark.False, i + 5, nil
		}
	case 'N':
		if d.has(i, "NaN") {
			return d.constant("NaN", math.NaN(), i+3)
		}
	case 'I':
		if d.has(i, "Infinity") {
			return d.constant("Infinity", math.Inf(1), i+8)
		}
	case '-':
		if d.has(i, "-Infinity") {
			return d.constant("-Infinity", math.Inf(-1), i+9)
		}
	}
	return d.number(i)
}

func (d *decoder) nested(parse func() (starlark.Value, int, error)) (starlark.Value, int, error) {
	d.depth++
	defer func() { d.depth-- }()
	if d.depth > maxDepth {
		return nil, 0, py.Errorf(py.RecursionError, "maximum recursion depth exceeded while decoding a JSON document")
	}
	return parse()
}

func (d *decoder) call(fn starlark.Value, arg starlark.Value) (starlark.Value, error) {
	return starlark.Call(d.thread, fn, starlark.Tuple{arg}, nil)
}

func (d *decoder) constant(name string, f float64, end int) (starlark.Value, int, error) {
	if d.parseConstant != starlark.None {
		v, err := d.call(d.parseConstant, starlark.String(name))
		return v, end, err
	}
	return starlark.Float(f), end, nil
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// number matches -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)? at i, taking a
// fraction or exponent only when digits follow, as CPython does.
func (d *decoder) number(start int) (starlark.Value, int, error) {
	i, n := start, len(d.s)
	if i < n && d.s[i] == '-' {
		i++
	}
	switch {
	case i < n && d.s[i] >= '1' && d.s[i] <= '9':
		for i++; i < n && isDigit(d.s[i]); i++ {
		}
	case i < n && d.s[i] == '0':
		i++
	default:
		return nil, 0, stopIteration{start}
	}
	isFloat := false
	if i+1 < n && d.s[i] == '.' && isDigit(d.s[i+1]) {
		isFloat = true
		for i += 2; i < n && isDigit(d.s[i]); i++ {
		}
	}
	if i+1 < n && (d.s[i] == 'e' || d.s[i] == 'E') {
		j := i + 1
		if j+1 < n && (d.s[j] == '-' || d.s[j] == '+') {
			j++
		}
		k := j
		for k < n && isDigit(d.s[k]) {
			k++
		}
		if k > j {
			isFloat, i = true, k
		}
	}
	text := string(d.s[start:i])
	if isFloat {
		if d.parseFloat != starlark.None {
			v, err := d.call(d.parseFloat, starlark.String(text))
			return v, i, err
		}
		f, _ := strconv.ParseFloat(text, 64) // out of range gives ±Inf, as float() does
		return starlark.Float(f), i, nil
	}
	if d.parseInt != starlark.None {
		v, err := d.call(d.parseInt, starlark.String(text))
		return v, i, err
	}
	z, _ := new(big.Int).SetString(text, 10)
	return starlark.MakeBigInt(z), i, nil
}

// str reads a string whose opening quote is just before i.
func (d *decoder) str(i int) (starlark.Value, int, error) {
	begin := i - 1
	var b strings.Builder
	n := len(d.s)
	for {
		j := i
		for ; j < n; j++ {
			c := d.s[j]
			if c == '"' || c == '\\' {
				break
			}
			if c <= 0x1f && d.strict {
				return nil, 0, d.fail("Invalid control character at", j)
			}
		}
		if j >= n {
			return nil, 0, d.fail("Unterminated string starting at", begin)
		}
		b.WriteString(string(d.s[i:j]))
		if d.s[j] == '"' {
			return starlark.String(b.String()), j + 1, nil
		}
		j++ // past the backslash
		if j == n {
			return nil, 0, d.fail("Unterminated string starting at", begin)
		}
		c := d.s[j]
		if c != 'u' {
			switch c {
			case '"', '\\', '/':
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			default:
				return nil, 0, d.fail("Invalid \\escape", j-1)
			}
			b.WriteRune(c)
			i = j + 1
			continue
		}
		j++ // the first hex digit
		end := j + 4
		if end >= n {
			return nil, 0, d.fail("Invalid \\uXXXX escape", j-1)
		}
		r, ok := hex4(d.s[j:end])
		if !ok {
			return nil, 0, d.fail("Invalid \\uXXXX escape", end-5)
		}
		if r >= 0xd800 && r <= 0xdbff && end+6 < n && d.s[end] == '\\' && d.s[end+1] == 'u' {
			low, ok := hex4(d.s[end+2 : end+6])
			if !ok {
				return nil, 0, d.fail("Invalid \\uXXXX escape", end+1)
			}
			if low >= 0xdc00 && low <= 0xdfff {
				r = 0x10000 + (r-0xd800)<<10 + (low - 0xdc00)
				end += 6
			}
		}
		// A lone surrogate has no UTF-8 form: it becomes U+FFFD.
		b.WriteRune(r)
		i = end
	}
}

func hex4(rs []rune) (rune, bool) {
	var r rune
	for _, c := range rs {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= c - '0'
		case c >= 'a' && c <= 'f':
			r |= c - 'a' + 10
		case c >= 'A' && c <= 'F':
			r |= c - 'A' + 10
		default:
			return 0, false
		}
	}
	return r, true
}

// object reads an object whose { is just before i.
func (d *decoder) object(i int) (starlark.Value, int, error) {
	var pairs []starlark.Tuple
	i = d.skipSpace(i)
	n := len(d.s)
	if i >= n || d.s[i] != '}' {
		for {
			if i >= n || d.s[i] != '"' {
				return nil, 0, d.fail("Expecting property name enclosed in double quotes", i)
			}
			key, end, err := d.str(i + 1)
			if err != nil {
				return nil, 0, err
			}
			i = d.skipSpace(end)
			if i >= n || d.s[i] != ':' {
				return nil, 0, d.fail("Expecting ':' delimiter", i)
			}
			i = d.skipSpace(i + 1)
			val, end, err := d.scan(i)
			if err != nil {
				return nil, 0, err
			}
			pairs = append(pairs, starlark.Tuple{key, val})
			i = d.skipSpace(end)
			if i < n && d.s[i] == '}' {
				break
			}
			if i >= n || d.s[i] != ',' {
				return nil, 0, d.fail("Expecting ',' delimiter", i)
			}
			i = d.skipSpace(i + 1)
		}
	}
	end := i + 1
	if d.pairsHook != starlark.None {
		list := make([]starlark.Value, len(pairs))
		for k, p := range pairs {
			list[k] = p
		}
		v, err := d.call(d.pairsHook, starlark.NewList(list))
		return v, end, err
	}
	dict := starlark.NewDict(len(pairs))
	for _, p := range pairs {
		if err := dict.SetKey(p[0], p[1]); err != nil {
			return nil, 0, err
		}
	}
	if d.objectHook != starlark.None {
		v, err := d.call(d.objectHook, dict)
		return v, end, err
	}
	return dict, end, nil
}

// array reads an array whose [ is just before i.
func (d *decoder) array(i int) (starlark.Value, int, error) {
	var items []starlark.Value
	i = d.skipSpace(i)
	n := len(d.s)
	if i >= n || d.s[i] != ']' {
		for {
			val, end, err := d.scan(i)
			if err != nil {
				return nil, 0, err
			}
			items = append(items, val)
			i = d.skipSpace(end)
			if i < n && d.s[i] == ']' {
				break
			}
			if i >= n || d.s[i] != ',' {
				return nil, 0, d.fail("Expecting ',' delimiter", i)
			}
			i = d.skipSpace(i + 1)
		}
	}
	return starlark.NewList(items), i + 1, nil
}

// runes is a str as the characters the decoder indexes; a byte that is
// not UTF-8 counts as one character.
func runes(s string) []rune {
	out := make([]rune, 0, len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		out = append(out, r)
		i += size
	}
	return out
}
