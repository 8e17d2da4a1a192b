package py

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// str.format, str.format_map and format(value, spec): Python's replacement
// fields and its format-spec mini-language, with CPython's errors.

// Formatter is implemented by values with a __format__ of their own.
type Formatter interface {
	PyFormat(spec string) (string, error)
}

func strFormatMethod(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var kw starlark.Mapping // none made when no keyword is given
	if len(kwargs) > 0 {
		d := starlark.NewDict(len(kwargs))
		for _, kv := range kwargs {
			d.SetKey(kv[0], kv[1])
		}
		kw = d
	}
	out, err := FormatString(s, args, kw)
	if err != nil {
		return nil, err
	}
	return starlark.String(out), nil
}

func strFormatMap(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs(name, args, kwargs, 1, 1)
	if err != nil {
		return nil, err
	}
	m, ok := a[0].(starlark.Mapping)
	if !ok {
		return nil, Errorf(TypeError, "'%s' object is not subscriptable", TypeOf(a[0]).Name())
	}
	out, err := FormatString(s, nil, m)
	if err != nil {
		return nil, err
	}
	return starlark.String(out), nil
}

// FormatString is format.format(*args, **kwargs); kwargs may be nil.
func FormatString(format string, args starlark.Tuple, kwargs starlark.Mapping) (string, error) {
	f := &formatter{args: args, kwargs: kwargs}
	return f.expand(format, 2)
}

type formatter struct {
	args   starlark.Tuple
	kwargs starlark.Mapping
	auto   int  // next automatic field number
	mode   byte // 0 none yet, 'a' automatic, 'm' manual numbering
}

func (f *formatter) expand(s string, depth int) (string, error) {
	if depth <= 0 {
		return "", Errorf(ValueError, "Max string recursion exceeded")
	}
	var b strings.Builder
	b.Grow(len(s) + 16*len(f.args))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '}':
			if i+1 < len(s) && s[i+1] == '}' {
				b.WriteByte('}')
				i++
				continue
			}
			return "", Errorf(ValueError, "Single '}' encountered in format string")
		case '{':
			if i+1 < len(s) && s[i+1] == '{' {
				b.WriteByte('{')
				i++
				continue
			}
			if i+1 >= len(s) {
				return "", Errorf(ValueError, "Single '{' encountered in format string")
			}
			end, err := fieldEnd(s, i+1)
			if err != nil {
				return "", err
			}
			text, err := f.field(s[i+1:end], depth)
			if err != nil {
				return "", err
			}
			b.WriteString(text)
			i = end
		default:
			// The literal text up to the next brace, in one piece.
			j := strings.IndexAny(s[i:], "{}")
			if j < 0 {
				j = len(s) - i
			}
			b.WriteString(s[i : i+j])
			i += j - 1
		}
	}
	return b.String(), nil
}

// fieldEnd finds the '}' that closes the field starting at s[i].
func fieldEnd(s string, i int) (int, error) {
	depth := 1
	inName, inBracket := true, false
	for j := i; j < len(s); j++ {
		c := s[j]
		if inBracket {
			if c == ']' {
				inBracket = false
			}
			continue
		}
		switch c {
		case '[':
			if inName {
				inBracket = true
			}
		case '!', ':':
			inName = false
		case '{':
			inName = false
			depth++
		case '}':
			depth--
			if depth == 0 {
				return j, nil
			}
		}
	}
	return 0, Errorf(ValueError, "expected '}' before end of string")
}

// field renders one replacement field: name[.attr|[key]]...[!conv][:spec].
func (f *formatter) field(field string, depth int) (string, error) {
	nameEnd := len(field)
	inBracket := false
	for j := 0; j < len(field); j++ {
		c := field[j]
		if inBracket {
			if c == ']' {
				inBracket = false
			}
			continue
		}
		if c == '[' {
			inBracket = true
		} else if c == '!' || c == ':' {
			nameEnd = j
			break
		}
	}
	name, rest := field[:nameEnd], field[nameEnd:]
	var conv byte
	if strings.HasPrefix(rest, "!") {
		if len(rest) < 2 {
			return "", Errorf(ValueError, "end of string while looking for conversion specifier")
		}
		conv = rest[1]
		rest = rest[2:]
		if rest != "" && rest[0] != ':' {
			return "", Errorf(ValueError, "expected ':' after conversion specifier")
		}
	}
	spec := strings.TrimPrefix(rest, ":")
	v, err := f.lookup(name)
	if err != nil {
		return "", err
	}
	switch conv {
	case 0:
	case 'r':
		v = starlark.String(Repr(v))
	case 's':
		v = starlark.String(Str(v))
	case 'a':
		v = starlark.String(asciiOnly(Repr(v)))
	default:
		return "", Errorf(ValueError, "Unknown conversion specifier %s", string(rune(conv)))
	}
	if strings.ContainsAny(spec, "{}") {
		if spec, err = f.expand(spec, depth-1); err != nil {
			return "", err
		}
	}
	return FormatValue(v, spec)
}

// lookup finds the value a field name refers to.
func (f *formatter) lookup(name string) (starlark.Value, error) {
	first := len(name)
	if i := strings.IndexAny(name, ".["); i >= 0 {
		first = i
	}
	arg, rest := name[:first], name[first:]
	var v starlark.Value
	switch {
	case arg == "":
		if f.mode == 'm' {
			return nil, Errorf(ValueError, "cannot switch from manual field specification to automatic field numbering")
		}
		f.mode = 'a'
		n := f.auto
		f.auto++
		if n >= len(f.args) {
			return nil, Errorf(IndexError, "Replacement index %d out of range for positional args tuple", n)
		}
		v = f.args[n]
	case isDigits(arg):
		if f.mode == 'a' {
			return nil, Errorf(ValueError, "cannot switch from automatic field numbering to manual field specification")
		}
		f.mode = 'm'
		n, err := strconv.Atoi(arg)
		if err != nil || n >= len(f.args) {
			return nil, Errorf(IndexError, "Replacement index %s out of range for positional args tuple", arg)
		}
		v = f.args[n]
	default:
		var found bool
		var err error
		if f.kwargs != nil {
			v, found, err = f.kwargs.Get(starlark.String(arg))
			if err != nil {
				return nil, AsException(err)
			}
		}
		if !found {
			return nil, &Exception{Class: KeyError, Args: starlark.Tuple{starlark.String(arg)}}
		}
	}
	for rest != "" {
		switch rest[0] {
		case '.':
			end := len(rest)
			if i := strings.IndexAny(rest[1:], ".["); i >= 0 {
				end = i + 1
			}
			attr := rest[1:end]
			if attr == "" {
				return nil, Errorf(ValueError, "Empty attribute in format string")
			}
			x, err := GetAttr(v, attr)
			if err != nil {
				return nil, err
			}
			v, rest = x, rest[end:]
		case '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, Errorf(ValueError, "Missing ']' in format string")
			}
			key := rest[1:end]
			if key == "" {
				return nil, Errorf(ValueError, "Empty attribute in format string")
			}
			var k starlark.Value = starlark.String(key)
			if isDigits(key) {
				n, _ := strconv.Atoi(key)
				k = starlark.MakeInt(n)
			}
			x, err := GetItem(v, k)
			if err != nil {
				return nil, err
			}
			v, rest = x, rest[end+1:]
			if rest != "" && rest[0] != '.' && rest[0] != '[' {
				return nil, Errorf(ValueError, "Only '.' or '[' may follow ']' in format field specifier")
			}
		default:
			return nil, Errorf(ValueError, "Only '.' or '[' may follow ']' in format field specifier")
		}
	}
	return v, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// the format-spec mini-language -------------------------------------------

// fmtSpec is [[fill]align][sign][z][#][0][width][grouping][.precision][type].
type fmtSpec struct {
	fill     rune
	hasFill  bool
	align    byte
	sign     byte
	z, alt   bool
	zero     bool
	zeroEq   bool // '=' alignment came from the '0' flag, not the spec
	width    int
	grouping byte
	prec     int // -1 when absent
	typ      byte
}

func isAlign(c byte) bool { return c == '<' || c == '>' || c == '=' || c == '^' }

func parseFormatSpec(spec string, v starlark.Value) (fmtSpec, error) {
	fs := fmtSpec{fill: ' ', prec: -1}
	invalid := func() error {
		return Errorf(ValueError, "Invalid format specifier '%s' for object of type '%s'", spec, TypeOf(v).Name())
	}
	i := 0
	if r, size := utf8.DecodeRuneInString(spec); size > 0 && size < len(spec) && isAlign(spec[size]) {
		fs.fill, fs.hasFill, fs.align = r, true, spec[size]
		i = size + 1
	} else if len(spec) > 0 && isAlign(spec[0]) {
		fs.align = spec[0]
		i = 1
	}
	if i < len(spec) && (spec[i] == '+' || spec[i] == '-' || spec[i] == ' ') {
		fs.sign = spec[i]
		i++
	}
	if i < len(spec) && spec[i] == 'z' {
		fs.z = true
		i++
	}
	if i < len(spec) && spec[i] == '#' {
		fs.alt = true
		i++
	}
	if i < len(spec) && spec[i] == '0' {
		fs.zero = true
		i++
	}
	start := i
	for i < len(spec) && spec[i] >= '0' && spec[i] <= '9' {
		i++
	}
	if i > start {
		n, err := strconv.Atoi(spec[start:i])
		if err != nil {
			return fs, Errorf(ValueError, "Too many decimal digits in format string")
		}
		fs.width = n
		if err := CheckAlloc(int64(n)); err != nil {
			return fs, err
		}
	}
	if i < len(spec) && (spec[i] == ',' || spec[i] == '_') {
		fs.grouping = spec[i]
		i++
		if i < len(spec) && (spec[i] == ',' || spec[i] == '_') {
			if spec[i] == fs.grouping {
				return fs, invalid()
			}
			return fs, Errorf(ValueError, "Cannot specify both ',' and '_'.")
		}
	}
	if i < len(spec) && spec[i] == '.' {
		i++
		start := i
		for i < len(spec) && spec[i] >= '0' && spec[i] <= '9' {
			i++
		}
		if i == start {
			return fs, Errorf(ValueError, "Format specifier missing precision")
		}
		n, err := strconv.Atoi(spec[start:i])
		if err != nil {
			return fs, Errorf(ValueError, "Too many decimal digits in format string")
		}
		fs.prec = n
	}
	if len(spec)-i > 1 {
		return fs, invalid()
	}
	if i < len(spec) {
		fs.typ = spec[i]
	}
	if fs.zero {
		if !fs.hasFill {
			fs.fill, fs.hasFill = '0', true
		}
		if fs.align == 0 {
			fs.align, fs.zeroEq = '=', true
		}
	}
	return fs, nil
}

// FormatValue is format(v, spec).
func FormatValue(v starlark.Value, spec string) (string, error) {
	switch x := v.(type) {
	case Formatter:
		return x.PyFormat(spec)
	case starlark.Bool:
		if spec == "" {
			return Str(v), nil
		}
		return formatIntSpec(big.NewInt(int64(map[starlark.Bool]int{false: 0, true: 1}[x])), v, spec)
	case starlark.Int:
		if n, ok := x.Int64(); ok && spec == "" {
			return strconv.FormatInt(n, 10), nil // {} of an int: no big.Int
		}
		return formatIntSpec(x.BigInt(), v, spec)
	case starlark.Float:
		return formatFloatSpec(float64(x), v, spec)
	case starlark.String:
		if spec == "" {
			return string(x), nil
		}
		return formatStrSpec(string(x), v, spec)
	}
	if spec == "" {
		return Str(v), nil
	}
	return "", Errorf(TypeError, "unsupported format string passed to %s.__format__", TypeOf(v).Name())
}

func unknownCode(typ byte, v starlark.Value) error {
	return Errorf(ValueError, "Unknown format code '%s' for object of type '%s'", string(rune(typ)), TypeOf(v).Name())
}

func formatStrSpec(s string, v starlark.Value, spec string) (string, error) {
	fs, err := parseFormatSpec(spec, v)
	if err != nil {
		return "", err
	}
	if fs.typ != 0 && fs.typ != 's' {
		return "", unknownCode(fs.typ, v)
	}
	if fs.sign != 0 {
		return "", Errorf(ValueError, "Sign not allowed in string format specifier")
	}
	if fs.alt {
		return "", Errorf(ValueError, "Alternate form (#) not allowed in string format specifier")
	}
	if fs.grouping != 0 {
		return "", Errorf(ValueError, "Cannot specify '%c' with 's'.", fs.grouping)
	}
	if fs.zeroEq {
		fs.align = '<' // "05" pads a str on the right with zeros
	}
	if fs.align == '=' {
		return "", Errorf(ValueError, "'=' alignment not allowed in string format specifier")
	}
	if fs.prec >= 0 {
		s = truncateRunes(s, fs.prec, false)
	}
	if fs.align == 0 {
		fs.align = '<'
	}
	return align(fs, "", s), nil
}

// align pads prefix+body (sign and base prefix, then digits) to the width.
func align(fs fmtSpec, prefix, body string) string {
	n := utf8.RuneCountInString(prefix) + utf8.RuneCountInString(body)
	if fs.width <= n {
		return prefix + body
	}
	pad := fs.width - n
	fill := string(fs.fill)
	switch fs.align {
	case '<':
		return prefix + body + strings.Repeat(fill, pad)
	case '^':
		return strings.Repeat(fill, pad/2) + prefix + body + strings.Repeat(fill, pad-pad/2)
	case '=':
		return prefix + strings.Repeat(fill, pad) + body
	}
	return strings.Repeat(fill, pad) + prefix + body
}

// group inserts sep every n digits from the right of an integer part.
func group(digits string, sep byte, n int) string {
	if sep == 0 || len(digits) <= n {
		return digits
	}
	var b strings.Builder
	first := len(digits) % n
	if first == 0 {
		first = n
	}
	b.WriteString(digits[:first])
	for i := first; i < len(digits); i += n {
		b.WriteByte(sep)
		b.WriteString(digits[i : i+n])
	}
	return b.String()
}

// zeroGroup pads an integer part with zeros, separators included, so that
// prefix and the result fill width, as CPython does for "0=10,".
func zeroGroup(fs fmtSpec, prefix, intPart, frac string, n int) string {
	want := fs.width - utf8.RuneCountInString(prefix) - len(frac)
	digits := intPart
	g := group(digits, fs.grouping, n)
	for len(g) < want {
		digits = "0" + digits
		g = group(digits, fs.grouping, n)
	}
	return g
}

func signChar(neg bool, sign byte) string {
	switch {
	case neg:
		return "-"
	case sign == '+':
		return "+"
	case sign == ' ':
		return " "
	}
	return ""
}

func formatIntSpec(n *big.Int, v starlark.Value, spec string) (string, error) {
	fs, err := parseFormatSpec(spec, v)
	if err != nil {
		return "", err
	}
	switch fs.typ {
	case 'e', 'E', 'f', 'F', 'g', 'G', '%':
		f, _ := new(big.Float).SetInt(n).Float64()
		return formatFloatSpec(f, v, spec)
	case 0, 'd', 'n', 'b', 'o', 'x', 'X', 'c':
	default:
		return "", unknownCode(fs.typ, v)
	}
	if fs.prec >= 0 {
		return "", Errorf(ValueError, "Precision not allowed in integer format specifier")
	}
	if fs.grouping != 0 {
		if fs.typ == 'n' || fs.typ == 'c' || fs.grouping == ',' && fs.typ != 0 && fs.typ != 'd' {
			return "", Errorf(ValueError, "Cannot specify '%c' with '%c'.", fs.grouping, fs.typ)
		}
	}
	if fs.align == 0 {
		fs.align = '>'
	}
	if fs.typ == 'c' {
		if fs.sign != 0 {
			return "", Errorf(ValueError, "Sign not allowed with integer format specifier 'c'")
		}
		if fs.alt {
			return "", Errorf(ValueError, "Alternate form (#) not allowed with integer format specifier 'c'")
		}
		c, ok := n.Int64(), n.IsInt64()
		if !ok || c < 0 || c > 0x10ffff {
			return "", Errorf(OverflowError, "%%c arg not in range(0x110000)")
		}
		return align(fs, "", string(rune(c))), nil
	}
	abs := new(big.Int).Abs(n)
	base, prefix, every := 10, "", 3
	switch fs.typ {
	case 'b':
		base, prefix, every = 2, "0b", 4
	case 'o':
		base, prefix, every = 8, "0o", 4
	case 'x', 'X':
		base, prefix, every = 16, "0x", 4
	}
	digits := abs.Text(base)
	if fs.typ == 'X' {
		digits, prefix = strings.ToUpper(digits), "0X"
	}
	if !fs.alt {
		prefix = ""
	}
	prefix = signChar(n.Sign() < 0, fs.sign) + prefix
	if fs.grouping != 0 && fs.zero && fs.align == '=' && fs.fill == '0' {
		return prefix + zeroGroup(fs, prefix, digits, "", every), nil
	}
	return align(fs, prefix, group(digits, fs.grouping, every)), nil
}

func formatFloatSpec(f float64, v starlark.Value, spec string) (string, error) {
	fs, err := parseFormatSpec(spec, v)
	if err != nil {
		return "", err
	}
	switch fs.typ {
	case 0, 'e', 'E', 'f', 'F', 'g', 'G', '%', 'n':
	default:
		return "", unknownCode(fs.typ, v)
	}
	if fs.typ == 'n' && fs.grouping != 0 {
		return "", Errorf(ValueError, "Cannot specify '%c' with 'n'.", fs.grouping)
	}
	if fs.align == 0 {
		fs.align = '>'
	}
	if fs.prec > math.MaxInt32 {
		return "", Errorf(ValueError, "precision too big")
	}
	if err := CheckAlloc(int64(max(fs.prec, 0))); err != nil {
		return "", err
	}
	neg := math.Signbit(f) && !math.IsNaN(f)
	a := math.Abs(f)
	var body string
	switch {
	case math.IsInf(a, 0):
		body = "inf"
		if fs.typ == '%' {
			body += "%"
		}
	case math.IsNaN(a):
		body = "nan"
		if fs.typ == '%' {
			body += "%"
		}
	default:
		body = floatBody(a, fs)
	}
	if fs.typ == 'E' || fs.typ == 'F' || fs.typ == 'G' {
		body = strings.ToUpper(body)
	}
	if fs.z && neg && strings.Trim(body, "0.%e+-") == "" {
		neg = false
	}
	prefix := signChar(neg, fs.sign)
	intEnd := strings.IndexAny(body, ".e%")
	if intEnd < 0 {
		intEnd = len(body)
	}
	intPart, frac := body[:intEnd], body[intEnd:]
	if math.IsInf(a, 0) || math.IsNaN(a) {
		intPart, frac = body, ""
	} else if fs.grouping != 0 && fs.zero && fs.align == '=' && fs.fill == '0' {
		return prefix + zeroGroup(fs, prefix, intPart, frac, 3) + frac, nil
	} else if fs.grouping != 0 {
		intPart = group(intPart, fs.grouping, 3)
	}
	return align(fs, prefix, intPart+frac), nil
}

// floatBody renders a finite, non-negative float for the spec's type.
func floatBody(a float64, fs fmtSpec) string {
	prec := fs.prec
	pct := pctSpec{alt: fs.alt, prec: prec}
	switch fs.typ {
	case 'e', 'E', 'f', 'F':
		return formatFloat(a, fs.typ|0x20, pct)
	case '%':
		if prec < 0 {
			pct.prec = 6
		}
		return formatFloat(a*100, 'f', pct) + "%"
	case 'g', 'G', 'n':
		if prec < 0 {
			prec = 6
		}
		return altPoint(pyGeneral(a, prec, fs.alt), fs.alt)
	}
	// No type: repr without a precision, else 'g' that keeps a decimal digit.
	if prec < 0 {
		s := FloatRepr(a)
		if fs.alt && !strings.Contains(s, ".") {
			s = altPoint(s, true)
		}
		return s
	}
	if prec == 0 {
		prec = 1
	}
	e := strconv.FormatFloat(a, 'e', prec-1, 64)
	_, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	if a != 0 && (exp < -4 || exp >= prec-1) {
		mant, _, _ := strings.Cut(e, "e")
		if !fs.alt {
			mant = trimZeros(mant)
		}
		return altPoint(mant+"e"+expStr, fs.alt)
	}
	s := pyGeneral(a, prec, fs.alt)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// altPoint makes sure an alternate-form number shows its decimal point.
func altPoint(s string, alt bool) string {
	if !alt || strings.Contains(s, ".") {
		return s
	}
	if i := strings.IndexByte(s, 'e'); i >= 0 {
		return s[:i] + "." + s[i:]
	}
	return s + "."
}
