package json

import (
	"math"
	"reflect"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

// encoder holds dumps' options while it writes one value.
type encoder struct {
	thread        *starlark.Thread
	skipKeys      bool
	ensureASCII   bool
	checkCircular bool
	allowNaN      bool
	sortKeys      bool
	indent        *string // nil: everything on one line
	itemSep       string
	keySep        string
	dflt          starlark.Value // None or the default function
	markers       map[any]bool   // containers being written, for the circular check
	depth         int
	b             strings.Builder
}

// maxDepth stands in for Python's recursion limit.
const maxDepth = 1000

func (e *encoder) encode(v starlark.Value, level int) error {
	switch x := v.(type) {
	case starlark.NoneType:
		e.b.WriteString("null")
		return nil
	case starlark.Bool:
		if x {
			e.b.WriteString("true")
		} else {
			e.b.WriteString("false")
		}
		return nil
	case starlark.Int:
		e.b.WriteString(x.String())
		return nil
	case starlark.Float:
		s, err := e.floatStr(float64(x))
		if err != nil {
			return err
		}
		e.b.WriteString(s)
		return nil
	case starlark.String:
		e.b.WriteString(quote(string(x), e.ensureASCII))
		return nil
	case *starlark.Dict:
		return e.nested(v, func() error { return e.dict(x, level) })
	case py.DictLike:
		// A dict subclass (collections.Counter ...) is written as a dict.
		return e.nested(v, func() error { return e.dict(x.PyDict(), level) })
	}
	if py.IsInstance(v, py.ListType) || py.IsInstance(v, py.TupleType) {
		if it, ok := v.(starlark.Iterable); ok {
			return e.nested(v, func() error { return e.list(it, level) })
		}
	}
	if e.dflt == starlark.None {
		return py.Errorf(py.TypeError, "Object of type %s is not JSON serializable", py.TypeOf(v).Name())
	}
	return e.nested(v, func() error {
		r, err := starlark.Call(e.thread, e.dflt, starlark.Tuple{v}, nil)
		if err != nil {
			return err
		}
		return e.encode(r, level)
	})
}

// nested writes a container (or what default makes of a value), marking
// it while it is written so that a cycle is refused instead of looping.
func (e *encoder) nested(v starlark.Value, write func() error) error {
	e.depth++
	defer func() { e.depth-- }()
	if e.depth > maxDepth {
		return py.Errorf(py.RecursionError, "maximum recursion depth exceeded while encoding a JSON object")
	}
	if e.checkCircular {
		if key, ok := identity(v); ok {
			if e.markers[key] {
				return py.Errorf(py.ValueError, "Circular reference detected")
			}
			e.markers[key] = true
			defer delete(e.markers, key)
		}
	}
	return write()
}

// identity is what Python's id() tells apart: the pointer of a value
// that is one; values that are not cannot hold themselves.
func identity(v starlark.Value) (any, bool) {
	if reflect.ValueOf(v).Kind() == reflect.Pointer {
		return v, true
	}
	return nil, false
}

// floatStr is a float as JSON has it, with JavaScript's names for the
// values JSON lacks; the message differs between CPython's C encoder
// (used without indent) and its Python one, and so does it here.
func (e *encoder) floatStr(f float64) (string, error) {
	var s string
	switch {
	case math.IsNaN(f):
		s = "NaN"
	case math.IsInf(f, 1):
		s = "Infinity"
	case math.IsInf(f, -1):
		s = "-Infinity"
	default:
		return py.FloatRepr(f), nil
	}
	if !e.allowNaN {
		if e.indent != nil {
			return "", py.Errorf(py.ValueError, "Out of range float values are not JSON compliant: %s", py.FloatRepr(f))
		}
		return "", py.Errorf(py.ValueError, "Out of range float values are not JSON compliant")
	}
	return s, nil
}

// newline starts a line at the given depth, when there is an indent.
func (e *encoder) newline(level int) string {
	return "\n" + strings.Repeat(*e.indent, level)
}

func (e *encoder) list(it starlark.Iterable, level int) error {
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	if !iter.Next(&x) {
		e.b.WriteString("[]")
		return nil
	}
	e.b.WriteByte('[')
	sep := e.itemSep
	if e.indent != nil {
		level++
		sep += e.newline(level)
		e.b.WriteString(e.newline(level))
	}
	for first := true; ; first = false {
		if !first {
			e.b.WriteString(sep)
		}
		if err := e.encode(x, level); err != nil {
			return err
		}
		if !iter.Next(&x) {
			break
		}
	}
	if e.indent != nil {
		e.b.WriteString(e.newline(level - 1))
	}
	e.b.WriteByte(']')
	return nil
}

func (e *encoder) dict(d *starlark.Dict, level int) error {
	if d.Len() == 0 {
		e.b.WriteString("{}")
		return nil
	}
	items := d.Items()
	if e.sortKeys {
		sorted, err := e.sorted(items)
		if err != nil {
			return err
		}
		items = sorted
	}
	e.b.WriteByte('{')
	sep := e.itemSep
	if e.indent != nil {
		level++
		sep += e.newline(level)
		e.b.WriteString(e.newline(level))
	}
	first := true
	for _, kv := range items {
		key, ok, err := e.key(kv[0])
		if err != nil {
			return err
		}
		if !ok {
			continue // skipkeys
		}
		if !first {
			e.b.WriteString(sep)
		}
		first = false
		e.b.WriteString(quote(key, e.ensureASCII))
		e.b.WriteString(e.keySep)
		if err := e.encode(kv[1], level); err != nil {
			return err
		}
	}
	if e.indent != nil {
		e.b.WriteString(e.newline(level - 1))
	}
	e.b.WriteByte('}')
	return nil
}

// sorted orders a dict's items by key with Python's sorted(), so keys of
// mixed types fail with CPython's TypeError.
func (e *encoder) sorted(items []starlark.Tuple) ([]starlark.Tuple, error) {
	keys := make([]starlark.Value, len(items))
	byKey := starlark.NewDict(len(items))
	for i, kv := range items {
		keys[i] = kv[0]
		byKey.SetKey(kv[0], kv[1])
	}
	sortedFn, _ := py.Builtin("sorted")
	v, err := starlark.Call(e.thread, sortedFn, starlark.Tuple{starlark.NewList(keys)}, nil)
	if err != nil {
		return nil, err
	}
	list := v.(*starlark.List)
	out := make([]starlark.Tuple, list.Len())
	for i := range out {
		k := list.Index(i)
		val, _, _ := byKey.Get(k)
		out[i] = starlark.Tuple{k, val}
	}
	return out, nil
}

// key is a dict key as JSON's object key; ok is false for a key skipkeys
// leaves out.
func (e *encoder) key(k starlark.Value) (string, bool, error) {
	switch x := k.(type) {
	case starlark.String:
		return string(x), true, nil
	case starlark.Float:
		s, err := e.floatStr(float64(x))
		return s, err == nil, err
	case starlark.Bool:
		if x {
			return "true", true, nil
		}
		return "false", true, nil
	case starlark.NoneType:
		return "null", true, nil
	case starlark.Int:
		return x.String(), true, nil
	}
	if e.skipKeys {
		return "", false, nil
	}
	return "", false, py.Errorf(py.TypeError, "keys must be str, int, float, bool or None, not %s", py.TypeOf(k).Name())
}

// quote is a str as a JSON string: with ensure_ascii every character
// outside printable ASCII becomes \uXXXX (a surrogate pair above U+FFFF),
// without it only the quote, the backslash and control characters are escaped.
func quote(s string, ascii bool) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	const hex = "0123456789abcdef"
	u := func(r rune) {
		b.WriteString(`\u`)
		b.WriteByte(hex[r>>12&15])
		b.WriteByte(hex[r>>8&15])
		b.WriteByte(hex[r>>4&15])
		b.WriteByte(hex[r&15])
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			// An invalid byte, which Python would hold as a lone surrogate.
			r = 0xdc00 | rune(s[i])
		}
		i += size
		switch r {
		case '"':
			b.WriteString(`\"`)
			continue
		case '\\':
			b.WriteString(`\\`)
			continue
		case '\n':
			b.WriteString(`\n`)
			continue
		case '\r':
			b.WriteString(`\r`)
			continue
		case '\t':
			b.WriteString(`\t`)
			continue
		case '\b':
			b.WriteString(`\b`)
			continue
		case '\f':
			b.WriteString(`\f`)
			continue
		}
		switch {
		case r < 0x20:
			u(r)
		case !ascii && r >= 0xdc00 && r <= 0xdcff && size == 1:
			b.WriteByte(byte(r))
		case !ascii || r < 0x7f:
			b.WriteRune(r)
		case r > 0xffff:
			r -= 0x10000
			u(0xd800 | r>>10&0x3ff)
			u(0xdc00 | r&0x3ff)
		default:
			u(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
