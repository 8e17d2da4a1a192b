package py

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"sockstar/runtime/trace"
)

// Repr is repr(v) as CPython 3 prints it.
func Repr(v starlark.Value) string {
	var b strings.Builder
	writeRepr(&b, v, nil)
	return b.String()
}

// Str is str(v) as CPython 3 prints it: a str is itself, all else its repr.
func Str(v starlark.Value) string {
	switch v := v.(type) {
	case starlark.String:
		return string(v)
	case *Exception:
		return v.Message()
	case Stringer:
		return v.PyStr()
	}
	return Repr(v)
}

// Stringer is implemented by values whose str() differs from their repr().
type Stringer interface {
	PyStr() string
}

// PyMethods is implemented by values some of whose methods CPython writes
// in Python (socket.accept, socket.makefile): they print as bound methods,
// not built-in ones.
type PyMethods interface {
	IsPyMethod(name string) bool
}

// Reprer is implemented by values that print themselves the Python way.
type Reprer interface {
	PyRepr() string
}

func writeRepr(b *strings.Builder, v starlark.Value, path []starlark.Value) {
	for _, p := range path {
		if p == v {
			// A list that holds itself prints as [...], as in Python.
			switch v.(type) {
			case *starlark.List:
				b.WriteString("[...]")
				return
			case *starlark.Dict:
				b.WriteString("{...}")
				return
			}
		}
	}
	switch v := v.(type) {
	case starlark.NoneType:
		b.WriteString("None")
	case starlark.Bool:
		if v {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case starlark.Int:
		b.WriteString(v.String())
	case starlark.Float:
		b.WriteString(FloatRepr(float64(v)))
	case starlark.String:
		b.WriteString(QuoteStr(string(v)))
	case starlark.Bytes:
		b.WriteString(QuoteBytes(string(v)))
	case starlark.Tuple:
		b.WriteByte('(')
		for i, x := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, x, path)
		}
		if len(v) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
	case *starlark.List:
		path = append(path, v)
		b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, v.Index(i), path)
		}
		b.WriteByte(']')
	case *starlark.Dict:
		path = append(path, v)
		b.WriteByte('{')
		for i, item := range v.Items() {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, item[0], path)
			b.WriteString(": ")
			writeRepr(b, item[1], path)
		}
		b.WriteByte('}')
	case *starlark.Set:
		if v.Len() == 0 {
			b.WriteString("set()")
			return
		}
		b.WriteByte('{')
		iter := v.Iterate()
		defer iter.Done()
		var x starlark.Value
		for i := 0; iter.Next(&x); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, x, path)
		}
		b.WriteByte('}')
	case *starlark.Function:
		fmt.Fprintf(b, "<function %s at %p>", v.Name(), v)
	case *starlark.Builtin:
		if recv := v.Receiver(); recv != nil {
			if pm, ok := recv.(PyMethods); ok && pm.IsPyMethod(v.Name()) {
				fmt.Fprintf(b, "<bound method %s.%s of ", TypeOf(recv).Name(), v.Name())
				writeRepr(b, recv, path)
				b.WriteByte('>')
				return
			}
			fmt.Fprintf(b, "<built-in method %s of %s object at %p>", v.Name(), TypeOf(recv).Name(), recv)
		} else {
			fmt.Fprintf(b, "<built-in function %s>", v.Name())
		}
	case Reprer:
		b.WriteString(v.PyRepr())
	default:
		b.WriteString(v.String())
	}
}

// QuoteStr is the repr of a str: single quotes unless the text holds a single
// quote and no double one, escapes for what is not printable.
func QuoteStr(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			// Starlark strings may hold invalid UTF-8; Python would show a surrogate escape.
			fmt.Fprintf(&b, "\\udc%02x", s[i])
			i++
			continue
		}
		i += size
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x7f:
			b.WriteRune(r)
		case isPrintable(r):
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// isPrintable follows Python's str.isprintable: letters, marks, numbers,
// punctuation, symbols and the ASCII space.
func isPrintable(r rune) bool {
	if r == ' ' {
		return true
	}
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S)
}

// QuoteBytes is the repr of a bytes value: b'...' with ASCII shown as is.
func QuoteBytes(s string) string { return trace.QuoteBytes(s) }

// FloatRepr is repr(float): the shortest text that reads back the same,
// fixed-point for exponents from -4 to 15, as CPython prints it.
func FloatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	if exp < -4 || exp >= 16 {
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", mant, sign, exp)
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// Built-in classes that scripts name: str, bytes, int, and so on.
var (
	StrType   = &Class{name: "str", module: "builtins", base: Object}
	BytesType = &Class{name: "bytes", module: "builtins", base: Object}
	IntType   = &Class{name: "int", module: "builtins", base: Object}
	FloatType = &Class{name: "float", module: "builtins", base: Object}
	// bool derives from int in Python: isinstance(True, int) is True.
	BoolType     = &Class{name: "bool", module: "builtins", base: IntType}
	ListType     = &Class{name: "list", module: "builtins", base: Object}
	TupleType    = &Class{name: "tuple", module: "builtins", base: Object}
	DictType     = &Class{name: "dict", module: "builtins", base: Object}
	SetType      = &Class{name: "set", module: "builtins", base: Object}
	NoneType     = &Class{name: "NoneType", module: "builtins", base: Object}
	FunctionType = &Class{name: "function", module: "builtins", base: Object}
	BuiltinType  = &Class{name: "builtin_function_or_method", module: "builtins", base: Object}
	TypeType     = &Class{name: "type", module: "builtins", base: Object}
	RangeType    = &Class{name: "range", module: "builtins", base: Object}
)

// builtinType is the Python class of a Starlark built-in type, by its
// Starlark name ("string" is str), or nil.
func builtinType(starlarkName string) *Class {
	switch starlarkName {
	case "string":
		return StrType
	case "bytes":
		return BytesType
	case "int":
		return IntType
	case "float":
		return FloatType
	case "bool":
		return BoolType
	case "list":
		return ListType
	case "tuple":
		return TupleType
	case "dict":
		return DictType
	case "set":
		return SetType
	case "NoneType":
		return NoneType
	case "function":
		return FunctionType
	case "builtin_function_or_method":
		return BuiltinType
	case "type":
		return TypeType
	case "range":
		return RangeType
	}
	return nil
}

// SortedKeys returns a dict's keys in Python's sorted() order, for callers
// that need a stable listing.
func SortedKeys(names []string) []string {
	out := append([]string(nil), names...)
	sort.Strings(out)
	return out
}
