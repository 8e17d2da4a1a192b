// Package minijson writes and reads JSON for the few fixed shapes sockstar
// exchanges (trace events, the playground's requests and answers), byte for
// byte as encoding/json writes them. It exists to keep encoding/json, with
// its reflection, out of the browser's module: the page loads every byte.
package minijson

import (
	"encoding/base64"
	"errors"
	"math"
	"strconv"
	"unicode/utf8"
)

const hex = "0123456789abcdef"

// AppendString appends s quoted as encoding/json quotes it: invalid UTF-8
// becomes U+FFFD, U+2028 and U+2029 are escaped, and with html so are <, >
// and & (json.Encoder's default).
func AppendString(b []byte, s string, html bool) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!html || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// AppendFloat appends f as encoding/json writes a float64.
func AppendFloat(b []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return append(b, "null"...) // encoding/json refuses these; a trace never has them
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9, as encoding/json does
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// Object appends the members of one JSON object: start it with Open, add
// members, end it with Close.
type Object struct {
	B    []byte
	HTML bool // escape <, > and & in strings, as json.Marshal and json.Encoder do
	n    int
}

// Open starts the object.
func (o *Object) Open() { o.B, o.n = append(o.B, '{'), 0 }

// Close ends the object.
func (o *Object) Close() { o.B = append(o.B, '}') }

// Key starts a member; its value is appended next.
func (o *Object) Key(k string) {
	if o.n > 0 {
		o.B = append(o.B, ',')
	}
	o.n++
	o.B = AppendString(o.B, k, o.HTML)
	o.B = append(o.B, ':')
}

// String adds a string member; with omit an empty one is left out.
func (o *Object) String(k, v string, omit bool) {
	if omit && v == "" {
		return
	}
	o.Key(k)
	o.B = AppendString(o.B, v, o.HTML)
}

// Int adds an integer member; with omit a zero is left out.
func (o *Object) Int(k string, v int64, omit bool) {
	if omit && v == 0 {
		return
	}
	o.Key(k)
	o.B = strconv.AppendInt(o.B, v, 10)
}

// Uint adds an unsigned integer member.
func (o *Object) Uint(k string, v uint64, omit bool) {
	if omit && v == 0 {
		return
	}
	o.Key(k)
	o.B = strconv.AppendUint(o.B, v, 10)
}

// Float adds a float member; with omit a zero is left out.
func (o *Object) Float(k string, v float64, omit bool) {
	if omit && v == 0 {
		return
	}
	o.Key(k)
	o.B = AppendFloat(o.B, v)
}

// Bool adds a boolean member; with omit false is left out.
func (o *Object) Bool(k string, v, omit bool) {
	if omit && !v {
		return
	}
	o.Key(k)
	o.B = strconv.AppendBool(o.B, v)
}

// Bytes adds a []byte member as base64; with omit an empty one is left out
// (and a nil one is null, as encoding/json has it).
func (o *Object) Bytes(k string, v []byte, omit bool) {
	if omit && len(v) == 0 {
		return
	}
	o.Key(k)
	if v == nil {
		o.B = append(o.B, "null"...)
		return
	}
	o.B = append(o.B, '"')
	o.B = base64.StdEncoding.AppendEncode(o.B, v)
	o.B = append(o.B, '"')
}

// Strings adds a []string member; with omit an empty one is left out (and
// a nil one is null).
func (o *Object) Strings(k string, v []string, omit bool) {
	if omit && len(v) == 0 {
		return
	}
	o.Key(k)
	if v == nil {
		o.B = append(o.B, "null"...)
		return
	}
	o.B = append(o.B, '[')
	for i, s := range v {
		if i > 0 {
			o.B = append(o.B, ',')
		}
		o.B = AppendString(o.B, s, o.HTML)
	}
	o.B = append(o.B, ']')
}

// Number is a JSON number as its text.
type Number string

// Parse reads one JSON value: an object is a map[string]any, an array an
// []any, a number a Number, and true, false, null are bool and nil. Text
// after the value other than white space is an error.
func Parse(data []byte) (any, error) {
	p := parser{data: data}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.data) {
		return nil, p.fail("after the value")
	}
	return v, nil
}

type parser struct {
	data []byte
	i    int
}

// maxDepth bounds nesting, as encoding/json does (10000).
const maxDepth = 10000

func (p *parser) fail(where string) error {
	if p.i >= len(p.data) {
		return errors.New("unexpected end of JSON input")
	}
	return errors.New("invalid character " + strconv.QuoteRune(rune(p.data[p.i])) + " " + where + " (offset " + strconv.Itoa(p.i) + ")")
}

func (p *parser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, errors.New("exceeded max depth")
	}
	p.space()
	if p.i >= len(p.data) {
		return nil, p.fail("")
	}
	switch c := p.data[p.i]; {
	case c == '{':
		p.i++
		m := map[string]any{}
		p.space()
		if p.i < len(p.data) && p.data[p.i] == '}' {
			p.i++
			return m, nil
		}
		for {
			p.space()
			if p.i >= len(p.data) || p.data[p.i] != '"' {
				return nil, p.fail("looking for beginning of object key string")
			}
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			p.space()
			if p.i >= len(p.data) || p.data[p.i] != ':' {
				return nil, p.fail("after object key")
			}
			p.i++
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			m[k] = v
			p.space()
			if p.i < len(p.data) && p.data[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.data) && p.data[p.i] == '}' {
				p.i++
				return m, nil
			}
			return nil, p.fail("after object key:value pair")
		}
	case c == '[':
		p.i++
		a := []any{}
		p.space()
		if p.i < len(p.data) && p.data[p.i] == ']' {
			p.i++
			return a, nil
		}
		for {
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
			p.space()
			if p.i < len(p.data) && p.data[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.data) && p.data[p.i] == ']' {
				p.i++
				return a, nil
			}
			return nil, p.fail("after array element")
		}
	case c == '"':
		return p.str()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	for _, lit := range [...]struct {
		text string
		v    any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if len(p.data)-p.i >= len(lit.text) && string(p.data[p.i:p.i+len(lit.text)]) == lit.text {
			p.i += len(lit.text)
			return lit.v, nil
		}
	}
	return nil, p.fail("looking for beginning of value")
}

// number reads JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *parser) number() (any, error) {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.data) && p.data[p.i] >= '0' && p.data[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.data[p.i] == '-' {
		p.i++
	}
	if p.i < len(p.data) && p.data[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		return nil, p.fail("in numeric literal")
	}
	if p.i < len(p.data) && p.data[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return nil, p.fail("after decimal point in numeric literal")
		}
	}
	if p.i < len(p.data) && (p.data[p.i] == 'e' || p.data[p.i] == 'E') {
		p.i++
		if p.i < len(p.data) && (p.data[p.i] == '+' || p.data[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return nil, p.fail("in exponent of numeric literal")
		}
	}
	return Number(p.data[start:p.i]), nil
}

// str reads a string at p.i (its opening quote): escapes as JSON has them,
// a lone surrogate and invalid UTF-8 as U+FFFD, as encoding/json reads them.
func (p *parser) str() (string, error) {
	p.i++
	var b []byte
	start := p.i
	for {
		if p.i >= len(p.data) {
			return "", p.fail("")
		}
		c := p.data[p.i]
		switch {
		case c == '"':
			if b == nil {
				s := p.data[start:p.i]
				p.i++
				if utf8.Valid(s) {
					return string(s), nil
				}
				return string([]rune(string(s))), nil // invalid bytes become U+FFFD
			}
			b = append(b, p.data[start:p.i]...)
			p.i++
			if !utf8.Valid(b) {
				return string([]rune(string(b))), nil
			}
			return string(b), nil
		case c < 0x20:
			return "", p.fail("in string literal")
		case c == '\\':
			b = append(b, p.data[start:p.i]...)
			p.i++
			if p.i >= len(p.data) {
				return "", p.fail("")
			}
			e := p.data[p.i]
			p.i++
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", p.fail("in \\u hexadecimal character escape")
				}
				if r >= 0xd800 && r < 0xdc00 && p.i+1 < len(p.data) && p.data[p.i] == '\\' && p.data[p.i+1] == 'u' {
					save := p.i
					p.i += 2
					if r2, ok := p.hex4(); ok && r2 >= 0xdc00 && r2 < 0xe000 {
						r = (r-0xd800)<<10 + (r2 - 0xdc00) + 0x10000
					} else {
						p.i = save
						r = utf8.RuneError
					}
				} else if r >= 0xd800 && r < 0xe000 {
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
			default:
				p.i--
				return "", p.fail("in string escape code")
			}
			start = p.i
		default:
			p.i++
		}
	}
}

func (p *parser) hex4() (rune, bool) {
	if len(p.data)-p.i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range p.data[p.i : p.i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	p.i += 4
	return r, true
}
