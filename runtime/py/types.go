package py

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"go.starlark.net/starlark"
)

type newFunc = func(*starlark.Thread, *Class, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

// builtinNew is the constructor of a built-in or exception class whose New
// is nil: a switch, not New fields set by init, so classes stay static data.
func builtinNew(c *Class) newFunc {
	switch c {
	case StrType:
		return newStr
	case BytesType:
		return newBytes
	case BoolType, DictType:
		return universeNew
	case IntType:
		return newInt
	case FloatType:
		return newFloat
	case ListType, TupleType, SetType:
		// Python builds lists, tuples and sets from any iterable, str and bytes too.
		return fromIterable
	case TypeType:
		return newType
	case Object:
		return newObject
	}
	if c.IsSubclass(BaseException) {
		return newException
	}
	return py3New(c)
}

// newObject is object(): a featureless instance, as programs make for a
// sentinel that no other value is.
func newObject(thread *starlark.Thread, cls *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 || len(kwargs) > 0 {
		return nil, Errorf(TypeError, "object() takes no arguments")
	}
	return cls.Allocate(thread, nil)
}

func newType(thread *starlark.Thread, cls *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return type_(thread, starlark.NewBuiltin("type", type_), args, kwargs)
}

// universeNew calls Starlark's own conversion of the class's name.
func universeNew(thread *starlark.Thread, cls *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	v, err := starlark.Call(thread, starlark.Universe[cls.Name()], args, kwargs)
	if err != nil {
		return nil, AsException(err)
	}
	return v, nil
}

// newInt is int(x=0, base=10) with Python's literal syntax and errors.
func newInt(thread *starlark.Thread, cls *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	a, err := kwArgs("int", args, kwargs, "x", "base")
	if err != nil {
		return nil, err
	}
	if a[0] == nil {
		if a[1] != nil {
			return nil, Errorf(TypeError, "int() missing string argument")
		}
		return starlark.MakeInt(0), nil
	}
	var text string
	switch x := a[0].(type) {
	case starlark.String:
		text = string(x)
	case starlark.Bytes:
		text = string(x)
	default:
		if a[1] != nil {
			return nil, Errorf(TypeError, "int() can't convert non-string with explicit base")
		}
		switch x := x.(type) {
		case starlark.Int:
			return x, nil
		case starlark.Bool:
			n, _ := intArg(x)
			return starlark.MakeBigInt(n), nil
		case starlark.Float:
			f := float64(x)
			if math.IsInf(f, 0) {
				return nil, Errorf(OverflowError, "cannot convert float infinity to integer")
			}
			if math.IsNaN(f) {
				return nil, Errorf(ValueError, "cannot convert float NaN to integer")
			}
			z, _ := big.NewFloat(math.Trunc(f)).Int(nil)
			return starlark.MakeBigInt(z), nil
		}
		if b, ok := x.(BytesLike); ok {
			text = b.PyBytes()
			break
		}
		if inst, ok := x.(*Instance); ok {
			if n, ok, err := inst.IntValue(); ok {
				return n, err
			}
		}
		return nil, Errorf(TypeError, "int() argument must be a string, a bytes-like object or a real number, not '%s'", TypeOf(x).Name())
	}
	base := 10
	if a[1] != nil {
		if base, err = asIndex(a[1]); err != nil {
			return nil, err
		}
		if base != 0 && (base < 2 || base > 36) {
			return nil, Errorf(ValueError, "int() base must be >= 2 and <= 36, or 0")
		}
	}
	n, ok := parseIntLiteral(strings.TrimFunc(text, textStr.isSpace), base)
	if !ok {
		return nil, Errorf(ValueError, "invalid literal for int() with base %d: %s", base, Repr(a[0]))
	}
	return starlark.MakeBigInt(n), nil
}

// parseIntLiteral reads [sign][prefix]digits with single underscores
// between digits; base 0 takes the base from the prefix.
func parseIntLiteral(s string, base int) (*big.Int, bool) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	if len(s) > 1 && s[0] == '0' {
		prefixBase := map[byte]int{'x': 16, 'X': 16, 'o': 8, 'O': 8, 'b': 2, 'B': 2}[s[1]]
		if prefixBase != 0 && (base == 0 || base == prefixBase) {
			base, s = prefixBase, s[2:]
			// A prefix may be followed by an underscore: 0x_ff.
			s = strings.TrimPrefix(s, "_")
		}
	}
	if base == 0 {
		if strings.Trim(s, "0_") != "" && s != "" && s[0] == '0' {
			return nil, false
		}
		base = 10
	}
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return nil, false
	}
	n, ok := new(big.Int).SetString(strings.ReplaceAll(s, "_", ""), base)
	if !ok {
		return nil, false
	}
	if neg {
		n.Neg(n)
	}
	return n, true
}

// newFloat is float(x=0.0) with Python's literal syntax and errors.
func newFloat(thread *starlark.Thread, cls *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, Errorf(TypeError, "float() takes no keyword arguments")
	}
	if len(args) > 1 {
		return nil, Errorf(TypeError, "float expected at most 1 argument, got %d", len(args))
	}
	if len(args) == 0 {
		return starlark.Float(0), nil
	}
	var text string
	switch x := args[0].(type) {
	case starlark.Float:
		return x, nil
	case starlark.Int, starlark.Bool:
		n, _ := intArg(x)
		f, acc := new(big.Float).SetInt(n).Float64()
		if math.IsInf(f, 0) && acc != big.Exact {
			return nil, Errorf(OverflowError, "int too large to convert to float")
		}
		return starlark.Float(f), nil
	case starlark.String:
		text = string(x)
	case starlark.Bytes:
		text = string(x)
	default:
		return nil, Errorf(TypeError, "float() argument must be a string or a real number, not '%s'", TypeOf(x).Name())
	}
	f, ok := parseFloatLiteral(strings.TrimFunc(text, textStr.isSpace))
	if !ok {
		return nil, Errorf(ValueError, "could not convert string to float: %s", Repr(args[0]))
	}
	return starlark.Float(f), nil
}

// parseFloatLiteral accepts Python's float() syntax: decimal with optional
// exponent and underscores between digits, inf, infinity and nan.
func parseFloatLiteral(s string) (float64, bool) {
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 {
		return 0, false
	}
	switch strings.ToLower(body) {
	case "inf", "infinity", "nan":
		f, err := strconv.ParseFloat(strings.Replace(s, strings.TrimLeft(s, "+-"), strings.ToLower(body), 1), 64)
		if strings.ToLower(body) == "nan" {
			f, err = math.NaN(), nil
		}
		return f, err == nil
	}
	if body == "" || strings.ContainsAny(body, "xXpP") {
		return 0, false
	}
	for i := 0; i < len(body); i++ {
		if body[i] == '_' && (i == 0 || i == len(body)-1 || !isDigitByte(body[i-1]) || !isDigitByte(body[i+1])) {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f, true
		}
		return 0, false
	}
	return f, true
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

func fromIterable(thread *starlark.Thread, cls *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 1 {
		if r, ok := args[0].(starlark.Sequence); ok && args[0].Type() == "range" {
			// Each item is an interface value (16 bytes) at least.
			if err := CheckAlloc(int64(r.Len()) * 16); err != nil {
				return nil, err
			}
		}
		it, err := Iterable(args[0])
		if err != nil {
			return nil, err
		}
		args = starlark.Tuple{it}
	}
	v, err := starlark.Call(thread, starlark.Universe[cls.Name()], args, kwargs)
	if err != nil {
		return nil, AsException(err)
	}
	if len(args) == 1 {
		if err := TakeIterError(args[0]); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func newStr(thread *starlark.Thread, cls *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var obj starlark.Value = starlark.String("")
	var encoding, errorsArg starlark.Value
	if err := starlark.UnpackArgs("str", args, kwargs, "object?", &obj, "encoding?", &encoding, "errors?", &errorsArg); err != nil {
		return nil, err
	}
	if encoding == nil && errorsArg == nil {
		return starlark.String(Str(obj)), nil
	}
	b, ok := obj.(starlark.Bytes)
	if !ok {
		return nil, Errorf(TypeError, "decoding to str: need a bytes-like object, %s found", TypeOf(obj).Name())
	}
	return Decode(string(b), encoding, errorsArg)
}

func newBytes(thread *starlark.Thread, cls *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src, encoding, errorsArg starlark.Value
	if err := starlark.UnpackArgs("bytes", args, kwargs, "source?", &src, "encoding?", &encoding, "errors?", &errorsArg); err != nil {
		return nil, err
	}
	switch s := src.(type) {
	case nil:
		return starlark.Bytes(""), nil
	case starlark.String:
		if encoding == nil {
			return nil, Errorf(TypeError, "string argument without an encoding")
		}
		return Encode(string(s), encoding, errorsArg)
	case starlark.Bytes:
		return s, nil
	case starlark.Int:
		n, ok := s.Int64()
		if !ok {
			return nil, Errorf(OverflowError, "cannot fit 'int' into an index-sized integer")
		}
		if n < 0 {
			return nil, Errorf(ValueError, "negative count")
		}
		if err := CheckAlloc(n); err != nil {
			return nil, err
		}
		return starlark.Bytes(make([]byte, n)), nil
	}
	if encoding != nil {
		return nil, Errorf(TypeError, "encoding without a string argument")
	}
	if b, ok := src.(BytesLike); ok {
		return starlark.Bytes(b.PyBytes()), nil
	}
	it, ok := src.(starlark.Iterable)
	if !ok {
		return nil, Errorf(TypeError, "cannot convert '%s' object to bytes", TypeOf(src).Name())
	}
	var out []byte
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		n, ok := x.(starlark.Int)
		if !ok {
			return nil, Errorf(TypeError, "'%s' object cannot be interpreted as an integer", TypeOf(x).Name())
		}
		v, ok := n.Int64()
		if !ok || v < 0 || v > 255 {
			return nil, Errorf(ValueError, "bytes must be in range(0, 256)")
		}
		out = append(out, byte(v))
	}
	return starlark.Bytes(out), nil
}

// BytesLike is implemented by values Python accepts where bytes are wanted
// (a bytearray, a memoryview).
type BytesLike interface {
	PyBytes() string
}

// AsBytes accepts what CPython's "bytes-like object" accepts, and words the
// refusal as CPython does.
func AsBytes(v starlark.Value) (string, error) {
	switch v := v.(type) {
	case starlark.Bytes:
		return string(v), nil
	case BytesLike:
		return v.PyBytes(), nil
	}
	return "", Errorf(TypeError, "a bytes-like object is required, not '%s'", TypeOf(v).Name())
}
