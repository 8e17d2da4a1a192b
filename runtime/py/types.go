package py

import (
	"strings"

	"go.starlark.net/starlark"
)

func init() {
	StrType.New = newStr
	BytesType.New = newBytes
	for _, c := range []*Class{IntType, FloatType, BoolType, DictType} {
		c.New = universeNew(c.Name())
	}
	// Python builds lists, tuples and sets from any iterable, str and bytes too.
	ListType.New = fromIterable("list")
	TupleType.New = fromIterable("tuple")
	SetType.New = fromIterable("set")
	TypeType.New = func(thread *starlark.Thread, cls *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return type_(thread, starlark.NewBuiltin("type", type_), args, kwargs)
	}
}

// universeNew calls Starlark's own conversion of the same name.
func universeNew(name string) func(*starlark.Thread, *Class, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	fn := starlark.Universe[name]
	return func(thread *starlark.Thread, cls *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if name == "int" && len(args) >= 1 {
			// int(b'12') and int(' 12 ') work in Python.
			switch a := args[0].(type) {
			case starlark.Bytes:
				args = append(starlark.Tuple{starlark.String(strings.TrimSpace(string(a)))}, args[1:]...)
			case starlark.String:
				args = append(starlark.Tuple{starlark.String(strings.TrimSpace(string(a)))}, args[1:]...)
			}
		}
		v, err := starlark.Call(thread, fn, args, kwargs)
		if err != nil {
			return nil, pythonize(name, err)
		}
		return v, nil
	}
}

// pythonize rewords a Starlark conversion error in Python's words.
func pythonize(name string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "invalid literal") || strings.Contains(msg, "invalid syntax") {
		return AsException(err)
	}
	return AsException(err)
}

func fromIterable(name string) func(*starlark.Thread, *Class, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	fn := starlark.Universe[name]
	return func(thread *starlark.Thread, cls *Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) == 1 {
			it, err := Iterable(args[0])
			if err != nil {
				return nil, err
			}
			args = starlark.Tuple{it}
		}
		v, err := starlark.Call(thread, fn, args, kwargs)
		if err != nil {
			return nil, AsException(err)
		}
		return v, nil
	}
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
		if !ok || n > 1<<31 {
			return nil, Errorf(OverflowError, "cannot fit 'int' into an index-sized integer")
		}
		if n < 0 {
			return nil, Errorf(ValueError, "negative count")
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
