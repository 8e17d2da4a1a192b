package py

import (
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// Python's str methods, as CPython 3 has them. They replace Starlark's own
// where the results or error messages differ, so one implementation serves
// str and bytes (see methods_bytes.go). Positions (find, index, start, end)
// are byte offsets, as Starlark's indexing and len() of a str are.

// builtinClassAttrs are the class attributes of str, bytes, int, list and
// dict, built on first use: most scripts never look at them.
var builtinClassAttrs struct {
	once    sync.Once
	byClass map[*Class]starlark.StringDict
}

func buildBuiltinClassAttrs() {
	attrs := map[*Class]starlark.StringDict{
		StrType:       {"maketrans": starlark.NewBuiltin("maketrans", strMakeTrans)},
		BytesType:     {"fromhex": starlark.NewBuiltin("fromhex", bytesFromHex)},
		IntType:       {"from_bytes": starlark.NewBuiltin("from_bytes", intFromBytes)},
		DictType:      {"fromkeys": starlark.NewBuiltin("fromkeys", dictFromKeys)},
		ListType:      {},
		ByteArrayType: {"fromhex": starlark.NewBuiltin("fromhex", byteArrayFromHex)},
		FrozenSetType: {},
	}
	for _, x := range []struct {
		cls    *Class
		sample starlark.Value
	}{
		{StrType, starlark.String("")}, {BytesType, starlark.Bytes("")},
		{ListType, starlark.NewList(nil)}, {DictType, starlark.NewDict(0)},
		{ByteArrayType, NewByteArray(nil)}, {FrozenSetType, frozen(starlark.NewSet(0))},
	} {
		addUnboundMethods(attrs[x.cls], x.cls, x.sample)
	}
	builtinClassAttrs.byClass = attrs
}

// builtinClassAttrsOf is the attribute table of a built-in class, or nil.
func builtinClassAttrsOf(cls *Class) starlark.StringDict {
	builtinClassAttrs.once.Do(buildBuiltinClassAttrs)
	return builtinClassAttrs.byClass[cls]
}

// addUnboundMethods gives a built-in class its methods as attributes, so
// that str.lower(s) and key=str.lower work as in Python.
func addUnboundMethods(attrs starlark.StringDict, cls *Class, sample starlark.Value) {
	names := sample.(starlark.HasAttrs).AttrNames()
	for name := range methodsOf(sample.Type()) {
		names = append(names, name)
	}
	for _, name := range names {
		if _, ok := attrs[name]; ok {
			continue
		}
		name := name
		attrs[name] = starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) == 0 {
				return nil, Errorf(TypeError, "unbound method %s.%s() needs an argument", cls.Name(), name)
			}
			if args[0].Type() != sample.Type() {
				return nil, Errorf(TypeError, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object", name, cls.Name(), TypeOf(args[0]).Name())
			}
			m, err := GetAttr(args[0], name)
			if err != nil {
				return nil, err
			}
			return starlark.Call(thread, m, args[1:], kwargs)
		})
	}
}

// textKind says whether a shared method runs on str or on bytes: it decides
// what arguments are accepted, how case and whitespace are judged, and what
// type the results have.
type textKind bool

const (
	textStr   textKind = false
	textBytes textKind = true
)

func (k textKind) name() string {
	if k == textBytes {
		return "bytes"
	}
	return "str"
}

// make wraps a result in the receiver's type.
func (k textKind) make(s string) starlark.Value {
	if k == textBytes {
		return starlark.Bytes(s)
	}
	return starlark.String(s)
}

// is reports whether v is a str (or, for bytes, a bytes): a value a method
// may return as it is.
func (k textKind) is(v starlark.Value) bool {
	switch v.(type) {
	case starlark.String:
		return k == textStr
	case starlark.Bytes:
		return k == textBytes
	}
	return false
}

func recvText(recv starlark.Value) string {
	switch r := recv.(type) {
	case starlark.String:
		return string(r)
	case starlark.Bytes:
		return string(r)
	}
	s, _ := AsBytes(recv)
	return s
}

// arg takes a str argument of a str method or a bytes-like one of a bytes
// method; strMsg words the refusal for str ("must be str, not %s").
func (k textKind) arg(v starlark.Value, strMsg string) (string, error) {
	if k == textBytes {
		return AsBytes(v)
	}
	if s, ok := v.(starlark.String); ok {
		return string(s), nil
	}
	if !strings.Contains(strMsg, "%s") {
		return "", Errorf(TypeError, "%s", strMsg)
	}
	return "", Errorf(TypeError, strMsg, TypeOf(v).Name())
}

// subArg is the needle of find, count and index: for bytes an int is a byte.
func (k textKind) subArg(v starlark.Value) (string, error) {
	if k == textBytes {
		if n, ok := v.(starlark.Int); ok {
			i, ok := n.Int64()
			if !ok || i < 0 || i > 255 {
				return "", Errorf(ValueError, "byte must be in range(0, 256)")
			}
			return string([]byte{byte(i)}), nil
		}
		if s, err := AsBytes(v); err == nil {
			return s, nil
		}
		return "", Errorf(TypeError, "argument should be integer or bytes-like object, not '%s'", TypeOf(v).Name())
	}
	return k.arg(v, "must be str, not %s")
}

// length is what width arguments count: code points of a str, bytes of bytes.
func (k textKind) length(s string) int {
	if k == textBytes {
		return len(s)
	}
	return utf8.RuneCountInString(s)
}

// method arguments -------------------------------------------------------

// posArgs checks a positional-only method call against Python's arity and
// returns its arguments padded with nil up to max (args itself when all are
// given: callers only read the result).
func posArgs(name string, args starlark.Tuple, kwargs []starlark.Tuple, min, max int) ([]starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, Errorf(TypeError, "%s() takes no keyword arguments", name)
	}
	if len(args) < min {
		if min == max {
			return nil, Errorf(TypeError, "%s() takes exactly one argument (%d given)", name, len(args))
		}
		return nil, Errorf(TypeError, "%s expected at least %d argument%s, got %d", name, min, plural(min), len(args))
	}
	if len(args) > max {
		if max == 0 {
			return nil, Errorf(TypeError, "%s() takes no arguments (%d given)", name, len(args))
		}
		if min == max {
			return nil, Errorf(TypeError, "%s() takes exactly one argument (%d given)", name, len(args))
		}
		return nil, Errorf(TypeError, "%s expected at most %d argument%s, got %d", name, max, plural(max), len(args))
	}
	if len(args) == max {
		return args, nil // read only: no copy needed
	}
	out := make([]starlark.Value, max)
	copy(out, args)
	return out, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// kwArgs binds positional and keyword arguments to the named parameters,
// with Python's errors; unset ones stay nil (args itself when all come
// by position: callers only read the result).
func kwArgs(name string, args starlark.Tuple, kwargs []starlark.Tuple, params ...string) ([]starlark.Value, error) {
	if len(args) > len(params) {
		return nil, Errorf(TypeError, "%s() takes at most %d argument%s (%d given)", name, len(params), plural(len(params)), len(args))
	}
	if len(kwargs) == 0 && len(args) == len(params) {
		return args, nil // read only: no copy needed
	}
	out := make([]starlark.Value, len(params))
	copy(out, args)
	for _, kv := range kwargs {
		key := string(kv[0].(starlark.String))
		found := false
		for i, p := range params {
			if p == key {
				if out[i] != nil {
					return nil, Errorf(TypeError, "argument for %s() given by name ('%s') and position (%d)", name, key, i+1)
				}
				out[i] = kv[1]
				found = true
			}
		}
		if !found {
			return nil, Errorf(TypeError, "%s() got an unexpected keyword argument '%s'", name, key)
		}
	}
	return out, nil
}

// asIndex is Python's __index__: ints and bools, with the usual refusal.
func asIndex(v starlark.Value) (int, error) {
	switch n := v.(type) {
	case starlark.Int:
		i, ok := n.Int64()
		if !ok || i > 1<<62 || i < -(1<<62) {
			return 0, Errorf(OverflowError, "Python int too large to convert to C ssize_t")
		}
		return int(i), nil
	case starlark.Bool:
		if n {
			return 1, nil
		}
		return 0, nil
	}
	return 0, Errorf(TypeError, "'%s' object cannot be interpreted as an integer", TypeOf(v).Name())
}

// span resolves the optional start and end of find, count and startswith
// into bounds within s, as Python's slice rules do; ok is false when start
// lies beyond the end.
func span(n int, start, end starlark.Value) (lo, hi int, err error) {
	lo, hi = 0, n
	if start != nil && start != starlark.None {
		if lo, err = sliceIndex(start); err != nil {
			return
		}
	}
	if end != nil && end != starlark.None {
		if hi, err = sliceIndex(end); err != nil {
			return
		}
	}
	if lo < 0 {
		lo += n
		if lo < 0 {
			lo = 0
		}
	}
	if hi < 0 {
		hi += n
		if hi < 0 {
			hi = 0
		}
	}
	if hi > n {
		hi = n
	}
	return lo, hi, nil
}

func sliceIndex(v starlark.Value) (int, error) {
	i, err := asIndex(v)
	if err != nil {
		if _, isInt := v.(starlark.Int); !isInt {
			return 0, Errorf(TypeError, "slice indices must be integers or None or have an __index__ method")
		}
	}
	return i, err
}

// classification of characters -------------------------------------------

func (k textKind) isSpace(r rune) bool {
	if k == textBytes {
		return r == ' ' || (r >= '\t' && r <= '\r')
	}
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// trimSpace is strip, lstrip or rstrip (name) of whitespace: a slice of s,
// read from its ends, without decoding the rest.
func (k textKind) trimSpace(name, s string) string {
	space := k.asciiSpace()
	lo, hi := 0, len(s)
	if name != "rstrip" {
		for lo < hi {
			if c := s[lo]; c < utf8.RuneSelf || k == textBytes {
				if !space[c] {
					break
				}
				lo++
				continue
			}
			r, n := utf8.DecodeRuneInString(s[lo:])
			if !k.isSpace(r) {
				break
			}
			lo += n
		}
	}
	if name != "lstrip" {
		for hi > lo {
			if c := s[hi-1]; c < utf8.RuneSelf || k == textBytes {
				if !space[c] {
					break
				}
				hi--
				continue
			}
			r, n := utf8.DecodeLastRuneInString(s[lo:hi])
			if !k.isSpace(r) {
				break
			}
			hi -= n
		}
	}
	return s[lo:hi]
}

// caseMap is upper (or lower) of s, or sameText when nothing changes.
// Only a str with non-ASCII characters needs Unicode's tables.
func (k textKind) caseMap(s string, upper bool) starlark.Value {
	if k == textBytes || isASCII(s) {
		i := caseFrom(s, upper)
		if i < 0 {
			return sameText
		}
		b, v := k.newText(len(s))
		caseInto(b, s, i, upper)
		return v
	}
	if upper {
		return k.make(strCase("upper", s))
	}
	return k.make(strCase("lower", s))
}

// runes splits s into characters: code points of a str, bytes of bytes.
func (k textKind) runes(s string) []rune {
	if k == textBytes {
		r := make([]rune, len(s))
		for i := 0; i < len(s); i++ {
			r[i] = rune(s[i])
		}
		return r
	}
	return []rune(s)
}

func (k textKind) join(rs []rune) string {
	if k == textBytes {
		b := make([]byte, len(rs))
		for i, r := range rs {
			b[i] = byte(r)
		}
		return string(b)
	}
	return string(rs)
}

func (k textKind) isUpper(r rune) bool {
	if k == textBytes {
		return r >= 'A' && r <= 'Z'
	}
	return isUpperRune(r)
}

func (k textKind) isLower(r rune) bool {
	if k == textBytes {
		return r >= 'a' && r <= 'z'
	}
	return isLowerRune(r)
}

func (k textKind) isCased(r rune) bool {
	if k == textBytes {
		return k.isUpper(r) || k.isLower(r)
	}
	return isCasedRune(r)
}

func (k textKind) isAlpha(r rune) bool {
	if k == textBytes {
		return k.isCased(r)
	}
	return unicode.IsLetter(r)
}

func (k textKind) isDigit(r rune) bool {
	if k == textBytes {
		return r >= '0' && r <= '9'
	}
	return unicode.IsDigit(r) || unicode.Is(unicode.No, r) && isDigitNo(r)
}

// isDigitNo reports the superscript and circled digits, which Python's
// isdigit accepts and isdecimal does not.
func isDigitNo(r rune) bool {
	return r == 0xb2 || r == 0xb3 || r == 0xb9 || (r >= 0x2070 && r <= 0x2079) ||
		(r >= 0x2080 && r <= 0x2089) || (r >= 0x2460 && r <= 0x2468) || (r >= 0x2474 && r <= 0x247c) ||
		(r >= 0x2488 && r <= 0x2490) || r == 0x24ea || (r >= 0x24f5 && r <= 0x24fd) || r == 0x24ff ||
		(r >= 0x2776 && r <= 0x277e) || (r >= 0x2780 && r <= 0x2788) || (r >= 0x278a && r <= 0x2792)
}

func (k textKind) isAlnum(r rune) bool {
	if k == textBytes {
		return k.isAlpha(r) || k.isDigit(r)
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// the methods --------------------------------------------------------------

// textMethod is a method shared by str and bytes.
type textMethod func(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

func bind(k textKind, fn textMethod) Method {
	return func(thread *starlark.Thread, name string, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		s := recvText(recv)
		v, err := fn(k, name, s, args, kwargs)
		if v == sameText {
			return k.sameAs(recv, s), err
		}
		return v, err
	}
}

// sharedTextMethods are the methods str and bytes both have.
func sharedTextMethods() map[string]textMethod {
	return map[string]textMethod{
		"find": textFind, "rfind": textFind, "index": textFind, "rindex": textFind,
		"count":      textCount,
		"startswith": textStartsWith, "endswith": textStartsWith,
		"split": textSplit, "rsplit": textSplit,
		"splitlines": textSplitLines,
		"strip":      textStrip, "lstrip": textStrip, "rstrip": textStrip,
		"replace":   textReplace,
		"join":      textJoin,
		"partition": textPartition, "rpartition": textPartition,
		"upper": textCase, "lower": textCase, "capitalize": textCase, "title": textCase, "swapcase": textCase,
		"isdigit": textIs, "isalpha": textIs, "isalnum": textIs, "isspace": textIs, "isupper": textIs,
		"islower": textIs, "istitle": textIs, "isascii": textIs,
		"center": textPad, "ljust": textPad, "rjust": textPad,
		"zfill":        textZfill,
		"removeprefix": textRemoveFix, "removesuffix": textRemoveFix,
		"expandtabs": textExpandTabs,
	}
}

// strTextMethods are str's methods.
func strTextMethods() map[string]textMethod {
	m := sharedTextMethods()
	for name, fn := range map[string]textMethod{
		"casefold":  textCase,
		"isdecimal": textIs, "isnumeric": textIs, "isidentifier": textIs, "isprintable": textIs,
		"encode":     strEncode,
		"format":     strFormatMethod,
		"format_map": strFormatMap,
		"translate":  strTranslate,
	} {
		m[name] = fn
	}
	return m
}

// bindAll is methods, each bound to receivers of kind k.
func bindAll(k textKind, methods map[string]textMethod) map[string]Method {
	m := make(map[string]Method, len(methods))
	for name, fn := range methods {
		m[name] = bind(k, fn)
	}
	return m
}

// subSpanArgs reads the (sub[, start[, end]]) arguments of find, index and
// count on s: the substring and the slice bounds, clamped as Python's.
func (k textKind) subSpanArgs(name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (sub string, lo, hi int, err error) {
	if len(args) == 1 && len(kwargs) == 0 {
		sub, err = k.subArg(args[0])
		return sub, 0, len(s), err
	}
	a, err := posArgs(name, args, kwargs, 1, 3)
	if err != nil {
		return "", 0, 0, err
	}
	if sub, err = k.subArg(a[0]); err != nil {
		return "", 0, 0, err
	}
	lo, hi, err = span(len(s), a[1], a[2])
	return sub, lo, hi, err
}

func textFind(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 && len(kwargs) == 0 {
		return nil, Errorf(TypeError, "%s() takes at least 1 argument (0 given)", name)
	}
	sub, lo, hi, err := k.subSpanArgs(name, s, args, kwargs)
	if err != nil {
		return nil, err
	}
	i := -1
	if lo <= hi && lo <= len(s) {
		if strings.HasPrefix(name, "r") {
			i = strings.LastIndex(s[lo:hi], sub)
		} else {
			i = strings.Index(s[lo:hi], sub)
		}
		if i >= 0 {
			i += lo
		}
	}
	if i < 0 && strings.HasSuffix(name, "index") {
		if k == textBytes {
			return nil, Errorf(ValueError, "subsection not found")
		}
		return nil, Errorf(ValueError, "substring not found")
	}
	return starlark.MakeInt(i), nil
}

func textCount(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	sub, lo, hi, err := k.subSpanArgs(name, s, args, kwargs)
	if err != nil {
		return nil, err
	}
	if lo > hi || lo > len(s) {
		return starlark.MakeInt(0), nil
	}
	part := s[lo:hi]
	if sub == "" {
		return starlark.MakeInt(k.length(part) + 1), nil
	}
	return starlark.MakeInt(strings.Count(part, sub)), nil
}

func textStartsWith(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 1 && len(kwargs) == 0 && k.is(args[0]) {
		sub := recvText(args[0])
		if name == "startswith" {
			return starlark.Bool(strings.HasPrefix(s, sub)), nil
		}
		return starlark.Bool(strings.HasSuffix(s, sub)), nil
	}
	a, err := posArgs(name, args, kwargs, 1, 3)
	if err != nil {
		return nil, err
	}
	var subs []string
	switch p := a[0].(type) {
	case starlark.Tuple:
		for _, x := range p {
			sub, err := k.arg(x, "tuple for "+name+" must only contain str, not %s")
			if err != nil {
				return nil, err
			}
			subs = append(subs, sub)
		}
	default:
		sub, err := k.arg(p, name+" first arg must be str or a tuple of str, not %s")
		if err != nil {
			if k == textBytes {
				return nil, Errorf(TypeError, "%s first arg must be bytes or a tuple of bytes, not %s", name, TypeOf(p).Name())
			}
			return nil, err
		}
		subs = []string{sub}
	}
	lo, hi, err := span(len(s), a[1], a[2])
	if err != nil {
		return nil, err
	}
	if lo > len(s) {
		return starlark.False, nil
	}
	part := ""
	if lo <= hi {
		part = s[lo:hi]
	}
	for _, sub := range subs {
		if lo > hi {
			continue
		}
		if name == "startswith" && strings.HasPrefix(part, sub) || name == "endswith" && strings.HasSuffix(part, sub) {
			return starlark.True, nil
		}
	}
	return starlark.False, nil
}

func textSplit(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 1 && len(kwargs) == 0 {
		// split(sep): every piece, with no []string in between.
		if sep, err := k.arg(args[0], ""); err == nil && sep != "" {
			return k.splitAll(s, sep), nil
		}
	}
	a, err := kwArgs(name, args, kwargs, "sep", "maxsplit")
	if err != nil {
		return nil, err
	}
	max := -1
	if a[1] != nil {
		if max, err = asIndex(a[1]); err != nil {
			return nil, err
		}
	}
	var parts []string
	if a[0] == nil || a[0] == starlark.None {
		parts = k.splitSpace(s, max, name == "rsplit")
	} else {
		sep, err := k.arg(a[0], "must be str or None, not %s")
		if err != nil {
			return nil, err
		}
		if sep == "" {
			return nil, Errorf(ValueError, "empty separator")
		}
		switch {
		case max < 0:
			parts = strings.Split(s, sep)
		case name == "split":
			parts = strings.SplitN(s, sep, max+1)
		default:
			parts = rsplitN(s, sep, max)
		}
	}
	return k.list(parts), nil
}

// splitAll is s.split(sep) for a non-empty sep.
func (k textKind) splitAll(s, sep string) *starlark.List {
	n := strings.Count(s, sep) + 1
	out, heads := make([]starlark.Value, n), make([]string, n)
	for i := range n - 1 {
		j := strings.Index(s, sep)
		heads[i], s = s[:j], s[j+len(sep):]
		out[i] = k.boxAt(&heads[i])
	}
	heads[n-1] = s
	out[n-1] = k.boxAt(&heads[n-1])
	return starlark.NewList(out)
}

// list makes a list of parts, boxing each where it lies in parts (which
// the caller made and leaves alone).
func (k textKind) list(parts []string) *starlark.List {
	out := make([]starlark.Value, len(parts))
	for i := range parts {
		out[i] = k.boxAt(&parts[i])
	}
	return starlark.NewList(out)
}

func rsplitN(s, sep string, max int) []string {
	var rev []string
	for max > 0 {
		i := strings.LastIndex(s, sep)
		if i < 0 {
			break
		}
		rev = append(rev, s[i+len(sep):])
		s = s[:i]
		max--
	}
	out := []string{s}
	for i := len(rev) - 1; i >= 0; i-- {
		out = append(out, rev[i])
	}
	return out
}

// splitSpace is split() without a separator: runs of whitespace separate,
// and no empty strings come out.
func (k textKind) splitSpace(s string, max int, fromRight bool) []string {
	if !fromRight && (k == textBytes || isASCII(s)) {
		return k.splitSpaceASCII(s, max)
	}
	rs := k.runes(s)
	var out []string
	if !fromRight {
		i := 0
		for {
			for i < len(rs) && k.isSpace(rs[i]) {
				i++
			}
			if i >= len(rs) {
				break
			}
			if max == 0 {
				// The rest goes whole, trailing whitespace included.
				out = append(out, k.join(rs[i:]))
				break
			}
			j := i
			for j < len(rs) && !k.isSpace(rs[j]) {
				j++
			}
			out = append(out, k.join(rs[i:j]))
			max--
			i = j
		}
		return out
	}
	i := len(rs)
	for {
		for i > 0 && k.isSpace(rs[i-1]) {
			i--
		}
		if i <= 0 {
			break
		}
		if max == 0 {
			out = append(out, k.join(rs[:i]))
			break
		}
		j := i
		for j > 0 && !k.isSpace(rs[j-1]) {
			j--
		}
		out = append(out, k.join(rs[j:i]))
		max--
		i = j
	}
	for l, r := 0, len(out)-1; l < r; l, r = l+1, r-1 {
		out[l], out[r] = out[r], out[l]
	}
	return out
}

// splitSpaceASCII is split() from the left of ASCII text (or bytes): the
// pieces are slices of s.
func (k textKind) splitSpaceASCII(s string, max int) []string {
	space := k.asciiSpace()
	var out []string
	i := 0
	for {
		for i < len(s) && space[s[i]] {
			i++
		}
		if i >= len(s) {
			return out
		}
		if max == 0 {
			// The rest goes whole, trailing whitespace included.
			return append(out, s[i:])
		}
		j := i
		for j < len(s) && !space[s[j]] {
			j++
		}
		out = append(out, s[i:j])
		max--
		i = j
	}
}

// asciiSpace is isSpace as a table of the bytes below 0x80 (for bytes,
// of all 256: none above 0x7f is whitespace).
func (k textKind) asciiSpace() *[256]bool {
	if k == textBytes {
		return &bytesSpace
	}
	return &strSpace
}

// The tables are literals, not computed, so that a run's start does no
// work for them; TestSpaceTables checks them against isSpace.
var (
	strSpace   = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, 0x1c: true, 0x1d: true, 0x1e: true, 0x1f: true, ' ': true}
	bytesSpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
)

func (k textKind) isLineBreak(r rune) bool {
	if k == textBytes {
		return r == '\n' || r == '\r'
	}
	switch r {
	case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// splitLinesASCII is splitlines of ASCII text (or bytes): the lines are
// slices of s.
func (k textKind) splitLinesASCII(s string, keep bool) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || !k.isLineBreak(rune(s[i])) {
			continue
		}
		end := i + 1
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			end++
		}
		if keep {
			out = append(out, s[start:end])
		} else {
			out = append(out, s[start:i])
		}
		start = end
		i = end - 1
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func textSplitLines(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := kwArgs(name, args, kwargs, "keepends")
	if err != nil {
		return nil, err
	}
	keep := a[0] != nil && a[0].Truth() == starlark.True
	if k == textBytes || isASCII(s) {
		return k.list(k.splitLinesASCII(s, keep)), nil
	}
	rs := k.runes(s)
	var out []string
	start := 0
	for i := 0; i < len(rs); i++ {
		if !k.isLineBreak(rs[i]) {
			continue
		}
		end := i + 1
		if rs[i] == '\r' && i+1 < len(rs) && rs[i+1] == '\n' {
			end++
		}
		if keep {
			out = append(out, k.join(rs[start:end]))
		} else {
			out = append(out, k.join(rs[start:i]))
		}
		start = end
		i = end - 1
	}
	if start < len(rs) {
		out = append(out, k.join(rs[start:]))
	}
	return k.list(out), nil
}

func textStrip(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 && len(kwargs) == 0 || len(args) == 1 && len(kwargs) == 0 && args[0] == starlark.None {
		if t := k.trimSpace(name, s); len(t) != len(s) {
			return k.make(t), nil
		}
		return sameText, nil
	}
	a, err := posArgs(name, args, kwargs, 0, 1)
	if err != nil {
		return nil, err
	}
	cut := k.isSpace
	if a[0] != nil && a[0] != starlark.None {
		chars, err := k.arg(a[0], name+" arg must be None or str")
		if err != nil {
			return nil, err
		}
		if k == textBytes || isASCII(chars) {
			// ASCII chars never match a byte of a multi-byte character.
			lo, hi := 0, len(s)
			if name != "rstrip" {
				for lo < hi && strings.IndexByte(chars, s[lo]) >= 0 {
					lo++
				}
			}
			if name != "lstrip" {
				for hi > lo && strings.IndexByte(chars, s[hi-1]) >= 0 {
					hi--
				}
			}
			if hi-lo == len(s) {
				return sameText, nil
			}
			return k.make(s[lo:hi]), nil
		}
		set := k.runes(chars)
		cut = func(r rune) bool {
			for _, c := range set {
				if c == r {
					return true
				}
			}
			return false
		}
	}
	rs := k.runes(s)
	lo, hi := 0, len(rs)
	if name != "rstrip" {
		for lo < hi && cut(rs[lo]) {
			lo++
		}
	}
	if name != "lstrip" {
		for hi > lo && cut(rs[hi-1]) {
			hi--
		}
	}
	return k.make(k.join(rs[lo:hi])), nil
}

func textReplace(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs(name, args, kwargs, 2, 3)
	if err != nil {
		return nil, err
	}
	old, err := k.arg(a[0], "replace() argument 1 must be str, not %s")
	if err != nil {
		return nil, err
	}
	repl, err := k.arg(a[1], "replace() argument 2 must be str, not %s")
	if err != nil {
		return nil, err
	}
	n := -1
	if a[2] != nil {
		if n, err = asIndex(a[2]); err != nil {
			return nil, err
		}
	}
	if old == "" && k == textBytes {
		// Go inserts between UTF-8 sequences; bytes insert between bytes.
		var b strings.Builder
		for i := 0; i <= len(s); i++ {
			if n < 0 || i < n {
				b.WriteString(repl)
			}
			if i < len(s) {
				b.WriteByte(s[i])
			}
		}
		return k.make(b.String()), nil
	}
	if old != "" {
		return k.replaceAll(s, old, repl, n), nil
	}
	return k.make(strings.Replace(s, old, repl, n)), nil
}

func textJoin(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs(name, args, kwargs, 1, 1)
	if err != nil {
		return nil, err
	}
	if v, ok := k.joinSeq(s, a[0]); ok {
		return v, nil
	}
	it, err := Iterable(a[0])
	if err != nil {
		return nil, Errorf(TypeError, "can only join an iterable")
	}
	var parts []string
	iter := it.(starlark.Iterable).Iterate()
	defer iter.Done()
	var x starlark.Value
	for i := 0; iter.Next(&x); i++ {
		var part string
		var ok bool
		if k == textBytes {
			part, err = AsBytes(x)
			if err != nil {
				return nil, Errorf(TypeError, "sequence item %d: expected a bytes-like object, %s found", i, TypeOf(x).Name())
			}
		} else {
			var v starlark.String
			v, ok = x.(starlark.String)
			if !ok {
				return nil, Errorf(TypeError, "sequence item %d: expected str instance, %s found", i, TypeOf(x).Name())
			}
			part = string(v)
		}
		parts = append(parts, part)
	}
	return k.joinParts(s, parts), nil
}

func textPartition(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 1 && len(kwargs) == 0 {
		if sep, err := k.arg(args[0], ""); err == nil && sep != "" {
			var i int
			if name == "partition" {
				i = strings.Index(s, sep)
			} else {
				i = strings.LastIndex(s, sep)
			}
			if i >= 0 {
				// The separator is the argument itself, as CPython's (a
				// bytearray stays one).
				return k.partitionOf(s[:i], args[0], s[i+len(sep):]), nil
			}
		}
	}
	a, err := posArgs(name, args, kwargs, 1, 1)
	if err != nil {
		return nil, err
	}
	sep, err := k.arg(a[0], "must be str, not %s")
	if err != nil {
		return nil, err
	}
	if sep == "" {
		return nil, Errorf(ValueError, "empty separator")
	}
	if name == "partition" {
		if i := strings.Index(s, sep); i >= 0 {
			return starlark.Tuple{k.make(s[:i]), k.make(sep), k.make(s[i+len(sep):])}, nil
		}
		return starlark.Tuple{k.make(s), k.make(""), k.make("")}, nil
	}
	if i := strings.LastIndex(s, sep); i >= 0 {
		return starlark.Tuple{k.make(s[:i]), k.make(sep), k.make(s[i+len(sep):])}, nil
	}
	return starlark.Tuple{k.make(""), k.make(""), k.make(s)}, nil
}

func textCase(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 || len(kwargs) > 0 {
		return nil, Errorf(TypeError, "%s.%s() takes no arguments (%d given)", k.name(), name, len(args)+len(kwargs))
	}
	switch name {
	case "upper", "lower":
		return k.caseMap(s, name == "upper"), nil
	case "casefold":
		if isASCII(s) {
			return k.caseMap(s, false), nil
		}
		return k.make(strCase(name, s)), nil
	}
	if k == textStr && !isASCII(s) {
		return k.make(strCase(name, s)), nil
	}
	rs := k.runes(s)
	out := make([]rune, 0, len(rs))
	prevCased := false
	for i, r := range rs {
		switch name {
		case "capitalize":
			if i == 0 {
				out = append(out, k.title(r))
			} else {
				out = append(out, k.lowerRune(r))
			}
		case "title":
			if prevCased {
				out = append(out, k.lowerRune(r))
			} else {
				out = append(out, k.title(r))
			}
			prevCased = k.isCased(r)
		case "swapcase":
			switch {
			case k.isUpper(r):
				out = append(out, k.lowerRune(r))
			case k.isLower(r):
				out = append(out, k.upperRune(r))
			default:
				out = append(out, r)
			}
		}
	}
	return k.make(k.join(out)), nil
}

func (k textKind) title(r rune) rune {
	if k == textBytes {
		return k.upperRune(r)
	}
	return unicode.ToTitle(r)
}

func (k textKind) upperRune(r rune) rune {
	if k == textBytes && r >= 0x80 {
		return r
	}
	return unicode.ToUpper(r)
}

func (k textKind) lowerRune(r rune) rune {
	if k == textBytes && r >= 0x80 {
		return r
	}
	return unicode.ToLower(r)
}

func textIs(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 || len(kwargs) > 0 {
		return nil, Errorf(TypeError, "%s.%s() takes no arguments (%d given)", k.name(), name, len(args)+len(kwargs))
	}
	rs := k.runes(s)
	all := func(f func(rune) bool) starlark.Value {
		if len(rs) == 0 {
			return starlark.False
		}
		for _, r := range rs {
			if !f(r) {
				return starlark.False
			}
		}
		return starlark.True
	}
	switch name {
	case "isdigit":
		return all(k.isDigit), nil
	case "isdecimal":
		return all(func(r rune) bool { return unicode.Is(unicode.Nd, r) }), nil
	case "isnumeric":
		return all(func(r rune) bool { return unicode.IsNumber(r) || isHanNumber(r) }), nil
	case "isalpha":
		return all(k.isAlpha), nil
	case "isalnum":
		return all(k.isAlnum), nil
	case "isspace":
		return all(k.isSpace), nil
	case "isascii":
		for _, r := range rs {
			if r >= 0x80 {
				return starlark.False, nil
			}
		}
		return starlark.True, nil
	case "isprintable":
		for _, r := range rs {
			if !isPrintable(r) {
				return starlark.False, nil
			}
		}
		return starlark.True, nil
	case "isidentifier":
		return starlark.Bool(isIdentifier(rs)), nil
	case "isupper", "islower":
		cased := false
		for _, r := range rs {
			if name == "isupper" && k.isLower(r) || name == "islower" && k.isUpper(r) || unicode.IsTitle(r) {
				return starlark.False, nil
			}
			if k.isCased(r) {
				cased = true
			}
		}
		return starlark.Bool(cased), nil
	case "istitle":
		cased, prevCased := false, false
		for _, r := range rs {
			switch {
			case k.isUpper(r) || unicode.IsTitle(r) && k == textStr:
				if prevCased {
					return starlark.False, nil
				}
				prevCased, cased = true, true
			case k.isLower(r):
				if !prevCased {
					return starlark.False, nil
				}
				prevCased, cased = true, true
			default:
				prevCased = false
			}
		}
		return starlark.Bool(cased), nil
	}
	return starlark.False, nil
}

// isHanNumber covers the CJK numerals Python's isnumeric accepts.
func isHanNumber(r rune) bool {
	return strings.ContainsRune("〇一二三四五六七八九十百千万億兆零壹贰叁肆伍陆柒捌玖拾佰仟", r)
}

func isIdentifier(rs []rune) bool {
	if len(rs) == 0 {
		return false
	}
	for i, r := range rs {
		start := r == '_' || unicode.IsLetter(r) || unicode.Is(unicode.Nl, r)
		if i == 0 && !start {
			return false
		}
		if !start && !unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc) {
			return false
		}
	}
	return true
}

func textPad(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs(name, args, kwargs, 1, 2)
	if err != nil {
		return nil, err
	}
	width, err := asIndex(a[0])
	if err != nil {
		return nil, err
	}
	fill := " "
	if a[1] != nil {
		if k == textBytes {
			f, err := AsBytes(a[1])
			if err != nil || len(f) != 1 {
				return nil, Errorf(TypeError, "%s() argument 2 must be a byte string of length 1, not %s", name, TypeOf(a[1]).Name())
			}
			fill = f
		} else {
			f, ok := a[1].(starlark.String)
			if !ok {
				return nil, Errorf(TypeError, "%s() argument 2 must be str, not %s", name, TypeOf(a[1]).Name())
			}
			if utf8.RuneCountInString(string(f)) != 1 {
				return nil, Errorf(TypeError, "The fill character must be exactly one character long")
			}
			fill = string(f)
		}
	}
	n := k.length(s)
	if width <= n {
		return k.make(s), nil
	}
	if err := CheckAlloc(int64(len(s)) + int64(width-n)*int64(len(fill))); err != nil {
		return nil, err
	}
	marg := width - n
	var left int
	switch name {
	case "ljust":
		left = 0
	case "rjust":
		left = marg
	default:
		// CPython's rounding: the odd extra space goes right unless width is odd.
		left = marg/2 + (marg & width & 1)
	}
	return k.make(strings.Repeat(fill, left) + s + strings.Repeat(fill, marg-left)), nil
}

func textZfill(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs(name, args, kwargs, 1, 1)
	if err != nil {
		return nil, err
	}
	width, err := asIndex(a[0])
	if err != nil {
		return nil, err
	}
	n := k.length(s)
	if width <= n {
		return k.make(s), nil
	}
	if err := CheckAlloc(int64(width)); err != nil {
		return nil, err
	}
	zeros := strings.Repeat("0", width-n)
	if s != "" && (s[0] == '+' || s[0] == '-') {
		return k.make(s[:1] + zeros + s[1:]), nil
	}
	return k.make(zeros + s), nil
}

func textRemoveFix(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs(name, args, kwargs, 1, 1)
	if err != nil {
		return nil, err
	}
	fix, err := k.arg(a[0], name+"() argument must be str, not %s")
	if err != nil {
		return nil, err
	}
	if name == "removeprefix" {
		return k.make(strings.TrimPrefix(s, fix)), nil
	}
	return k.make(strings.TrimSuffix(s, fix)), nil
}

func textExpandTabs(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := kwArgs(name, args, kwargs, "tabsize")
	if err != nil {
		return nil, err
	}
	size := 8
	if a[0] != nil {
		if size, err = asIndex(a[0]); err != nil {
			return nil, err
		}
	}
	if size > math.MaxInt32 {
		return nil, Errorf(OverflowError, "Python int too large to convert to C int")
	}
	if err := CheckAlloc(int64(len(s)) + int64(strings.Count(s, "\t"))*int64(size)); err != nil {
		return nil, err
	}
	var out []rune
	col := 0
	for _, r := range k.runes(s) {
		switch r {
		case '\t':
			if size > 0 {
				pad := size - col%size
				for i := 0; i < pad; i++ {
					out = append(out, ' ')
				}
				col += pad
			}
		case '\n', '\r':
			out = append(out, r)
			col = 0
		default:
			out = append(out, r)
			col++
		}
	}
	return k.make(k.join(out)), nil
}

// str-only methods -----------------------------------------------------------

func strEncode(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 1 && len(kwargs) == 0 && isStr(args[0]) {
		return Encode(s, args[0], nil) // encode("latin-1"): no argument list to build
	}
	a, err := kwArgs(name, args, kwargs, "encoding", "errors")
	if err != nil {
		return nil, err
	}
	if a[0] != nil {
		if _, ok := a[0].(starlark.String); !ok {
			return nil, Errorf(TypeError, "encode() argument 'encoding' must be str, not %s", TypeOf(a[0]).Name())
		}
	}
	if a[1] != nil {
		if _, ok := a[1].(starlark.String); !ok {
			return nil, Errorf(TypeError, "encode() argument 'errors' must be str, not %s", TypeOf(a[1]).Name())
		}
	}
	return Encode(s, a[0], a[1])
}

func strTranslate(k textKind, name, s string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := posArgs(name, args, kwargs, 1, 1)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, r := range s {
		v, err := GetItem(a[0], starlark.MakeInt(int(r)))
		if err != nil {
			if e := AsException(err); e.Class.IsSubclass(LookupError) {
				b.WriteRune(r)
				continue
			}
			return nil, err
		}
		switch v := v.(type) {
		case starlark.NoneType:
		case starlark.String:
			b.WriteString(string(v))
		case starlark.Int:
			n, ok := v.Int64()
			if !ok || n < 0 || n > 0x10ffff {
				return nil, Errorf(ValueError, "character mapping must be in range(0x110000)")
			}
			b.WriteRune(rune(n))
		default:
			return nil, Errorf(TypeError, "character mapping must return integer, None or str")
		}
	}
	return starlark.String(b.String()), nil
}
