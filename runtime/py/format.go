package py

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"go.starlark.net/starlark"
)

// Percent is str % args with Python's conversions and repr.
func Percent(format string, args starlark.Value) (string, error) {
	return percent(format, args, false)
}

// PercentBytes is bytes % args.
func PercentBytes(format string, args starlark.Value) (string, error) {
	return percent(format, args, true)
}

func percent(format string, args starlark.Value, isBytes bool) (string, error) {
	var items starlark.Tuple
	var mapping starlark.Mapping
	if t, ok := TupleOf(args); ok {
		items = t
	} else {
		items = starlark.Tuple{args}
		if m, ok := args.(starlark.Mapping); ok {
			if _, isStr := args.(starlark.String); !isStr {
				mapping = m
			}
		}
	}
	out := make([]byte, 0, len(format)+16*len(items))
	next := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			// The literal text up to the next conversion, in one piece.
			j := strings.IndexByte(format[i:], '%')
			if j < 0 {
				j = len(format) - i
			}
			out = append(out, format[i:i+j]...)
			i += j - 1
			continue
		}
		i++
		if i >= len(format) {
			return "", Errorf(ValueError, "incomplete format")
		}
		spec, conv, end, key, err := parseSpec(format, i)
		if err != nil {
			return "", err
		}
		i = end
		if conv == '%' {
			out = append(out, '%')
			continue
		}
		var arg starlark.Value
		if key != "" {
			if mapping == nil {
				return "", Errorf(TypeError, "format requires a mapping")
			}
			v, found, err := mapping.Get(starlark.String(key))
			if err != nil || !found {
				return "", &Exception{Class: KeyError, Args: starlark.Tuple{starlark.String(key)}}
			}
			arg = v
		} else {
			if spec.starWidth {
				if next >= len(items) {
					return "", Errorf(TypeError, "not enough arguments for format string")
				}
				w, ok := items[next].(starlark.Int)
				if !ok {
					return "", Errorf(TypeError, "* wants int")
				}
				wi, _ := w.Int64()
				spec.width = int(wi)
				if spec.width < 0 {
					spec.minus, spec.width = true, -spec.width
				}
				next++
			}
			if spec.starPrec {
				if next >= len(items) {
					return "", Errorf(TypeError, "not enough arguments for format string")
				}
				p, ok := items[next].(starlark.Int)
				if !ok {
					return "", Errorf(TypeError, "* wants int")
				}
				pi, _ := p.Int64()
				spec.prec = int(pi)
				next++
			}
			if next >= len(items) {
				return "", Errorf(TypeError, "not enough arguments for format string")
			}
			arg = items[next]
			next++
		}
		if spec == plainSpec {
			// %s of a str and %d of an int as they come: no copies between.
			switch a := arg.(type) {
			case starlark.String:
				if conv == 's' && !isBytes {
					out = append(out, a...)
					continue
				}
			case starlark.Int:
				if n, ok := a.Int64(); ok && (conv == 'd' || conv == 'i' || conv == 'u') {
					out = strconv.AppendInt(out, n, 10)
					continue
				}
			}
		}
		s, err := convert(conv, spec, arg, isBytes, end)
		if err != nil {
			return "", err
		}
		out = append(out, s...)
	}
	if mapping == nil && next < len(items) {
		if isBytes {
			return "", Errorf(TypeError, "not all arguments converted during bytes formatting")
		}
		return "", Errorf(TypeError, "not all arguments converted during string formatting")
	}
	// out is not kept: the result takes its bytes without a copy.
	return unsafe.String(unsafe.SliceData(out), len(out)), nil
}

// plainSpec is a conversion with no flags, width or precision.
var plainSpec = pctSpec{prec: -1}

type pctSpec struct {
	minus, plus, space, alt, zero bool
	width, prec                   int // prec -1 when absent
	starWidth, starPrec           bool
}

// parseSpec reads %[(key)][flags][width][.prec][length]conv from format[i:].
func parseSpec(format string, i int) (spec pctSpec, conv byte, end int, key string, err error) {
	spec.prec = -1
	if format[i] == '(' {
		depth := 1
		j := i + 1
		for ; j < len(format) && depth > 0; j++ {
			switch format[j] {
			case '(':
				depth++
			case ')':
				depth--
			}
		}
		if depth > 0 {
			return spec, 0, 0, "", Errorf(ValueError, "incomplete format key")
		}
		key = format[i+1 : j-1]
		i = j
	}
	for ; i < len(format); i++ {
		switch format[i] {
		case '-':
			spec.minus = true
		case '+':
			spec.plus = true
		case ' ':
			spec.space = true
		case '#':
			spec.alt = true
		case '0':
			spec.zero = true
		default:
			goto width
		}
	}
width:
	if i < len(format) && format[i] == '*' {
		spec.starWidth = true
		i++
	} else {
		for ; i < len(format) && format[i] >= '0' && format[i] <= '9'; i++ {
			if spec.width > (math.MaxInt-9)/10 {
				return spec, 0, 0, "", Errorf(ValueError, "width too big")
			}
			spec.width = spec.width*10 + int(format[i]-'0')
		}
		if err := CheckAlloc(int64(spec.width)); err != nil {
			return spec, 0, 0, "", err
		}
	}
	if i < len(format) && format[i] == '.' {
		i++
		spec.prec = 0
		if i < len(format) && format[i] == '*' {
			spec.starPrec = true
			i++
		} else {
			for ; i < len(format) && format[i] >= '0' && format[i] <= '9'; i++ {
				spec.prec = spec.prec*10 + int(format[i]-'0')
				if spec.prec > math.MaxInt32 {
					return spec, 0, 0, "", Errorf(ValueError, "precision too big")
				}
			}
			if err := CheckAlloc(int64(max(spec.prec, 0))); err != nil {
				return spec, 0, 0, "", err
			}
		}
	}
	for i < len(format) && (format[i] == 'h' || format[i] == 'l' || format[i] == 'L') {
		i++
	}
	if i >= len(format) {
		return spec, 0, 0, "", Errorf(ValueError, "incomplete format")
	}
	return spec, format[i], i, key, nil
}

// convert renders one argument; at is the conversion character's index, for errors.
func convert(conv byte, spec pctSpec, arg starlark.Value, isBytes bool, at int) (string, error) {
	var body string
	numeric := false
	switch conv {
	case 's':
		if isBytes {
			b, err := AsBytes(arg)
			if err != nil {
				return "", Errorf(TypeError, "%%b requires a bytes-like object, or an object that implements __bytes__, not '%s'", TypeOf(arg).Name())
			}
			body = b
		} else {
			body = Str(arg)
		}
		if spec.prec >= 0 {
			body = truncateRunes(body, spec.prec, isBytes)
		}
	case 'b':
		if !isBytes {
			return "", Errorf(ValueError, "unsupported format character 'b' (0x62) at index %d", at)
		}
		b, err := AsBytes(arg)
		if err != nil {
			return "", err
		}
		body = b
	case 'r', 'a':
		body = Repr(arg)
		if conv == 'a' || isBytes {
			body = asciiOnly(body)
		}
		if spec.prec >= 0 {
			body = truncateRunes(body, spec.prec, isBytes)
		}
	case 'c':
		switch a := arg.(type) {
		case starlark.Int:
			n, ok := a.Int64()
			if isBytes && (!ok || n < 0 || n > 255) {
				return "", Errorf(OverflowError, "%%c arg not in range(256)")
			}
			if !ok || n < 0 || n > 0x10ffff {
				return "", Errorf(OverflowError, "%%c arg not in range(0x110000)")
			}
			if isBytes {
				body = string([]byte{byte(n)})
			} else {
				body = string(rune(n))
			}
		case starlark.String:
			if len([]rune(string(a))) != 1 || isBytes {
				return "", cRequires(isBytes)
			}
			body = string(a)
		case starlark.Bytes:
			if len(a) != 1 || !isBytes {
				return "", cRequires(isBytes)
			}
			body = string(a)
		default:
			return "", cRequires(isBytes)
		}
	case 'd', 'i', 'u', 'x', 'X', 'o':
		numeric = true
		n, err := toInt(arg, conv)
		if err != nil {
			return "", err
		}
		body, err = formatInt(n, conv, spec)
		if err != nil {
			return "", err
		}
	case 'e', 'E', 'f', 'F', 'g', 'G':
		numeric = true
		f, ok := starlark.AsFloat(arg)
		if !ok {
			return "", Errorf(TypeError, "must be real number, not %s", TypeOf(arg).Name())
		}
		body = formatFloat(f, conv, spec)
	default:
		return "", Errorf(ValueError, "unsupported format character '%c' (0x%x) at index %d", conv, conv, at)
	}
	return pad(body, spec, numeric), nil
}

func cRequires(isBytes bool) error {
	if isBytes {
		return Errorf(TypeError, "%%c requires an integer in range(256) or a single byte")
	}
	return Errorf(TypeError, "%%c requires int or char")
}

func truncateRunes(s string, n int, isBytes bool) string {
	if isBytes {
		if len(s) > n {
			return s[:n]
		}
		return s
	}
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

func asciiOnly(s string) string {
	var out []byte
	for _, r := range s {
		switch {
		case r < 0x80:
			out = append(out, byte(r))
		case r <= 0xff:
			out = append(out, []byte(sprintf(`\x%02x`, r))...)
		case r <= 0xffff:
			out = append(out, []byte(sprintf(`\u%04x`, r))...)
		default:
			out = append(out, []byte(sprintf(`\U%08x`, r))...)
		}
	}
	return string(out)
}

// pad applies width, the - flag and the 0 flag to a converted value.
func pad(body string, spec pctSpec, numeric bool) string {
	if spec.width <= 0 {
		return body
	}
	n := utf8.RuneCountInString(body)
	if spec.width <= n {
		return body
	}
	fill := spec.width - n
	if spec.minus {
		return body + repeat(' ', fill)
	}
	if spec.zero && numeric {
		sign := ""
		if body != "" && (body[0] == '-' || body[0] == '+' || body[0] == ' ') {
			sign, body = body[:1], body[1:]
		}
		prefix := ""
		if len(body) > 1 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X' || body[1] == 'o') {
			prefix, body = body[:2], body[2:]
		}
		return sign + prefix + repeat('0', fill) + body
	}
	return repeat(' ', fill) + body
}

func repeat(c byte, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = c
	}
	return string(b)
}
