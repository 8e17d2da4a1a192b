// Package json is Python's json module: dumps writes exactly what CPython
// writes (separators, float repr, \uXXXX escapes, indentation) and loads
// reads what CPython reads, failing with the same JSONDecodeError messages.
//
//	json.dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True,
//	           allow_nan=True, cls=None, indent=None, separators=None,
//	           default=None, sort_keys=False)          str
//	json.dump(obj, fp, **same options)                  fp.write(dumps(obj, ...))
//	json.loads(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None,
//	           parse_constant=None, object_pairs_hook=None, strict=True)
//	                                                    s is str, or bytes in UTF-8
//	json.load(fp, **same options)                       loads(fp.read(), ...)
//	json.JSONDecodeError                                ValueError subclass with msg, doc,
//	                                                    pos, lineno, colno
//
// Tuples (and struct_time) are written as arrays; dict keys may be str,
// int, float, bool or None. cls must be None: there are no encoder classes.
package json

import (
	"strings"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

// DecodeError is json.JSONDecodeError; CPython defines it in json.decoder.
var DecodeError = py.DeclareClass("json.decoder", "JSONDecodeError", &py.ValueError, nil)

// Module is the json module.
var Module = &py.Module{
	Name: "json",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"dumps":           starlark.NewBuiltin("json.dumps", dumps),
			"dump":            starlark.NewBuiltin("json.dump", dump),
			"loads":           starlark.NewBuiltin("json.loads", loads),
			"load":            starlark.NewBuiltin("json.load", load),
			"JSONDecodeError": DecodeError,
		}
	},
}

// encodeArgs reads dumps' keyword options and writes obj.
func encodeArgs(thread *starlark.Thread, fname string, obj starlark.Value, kwargs []starlark.Tuple) (string, error) {
	e := &encoder{thread: thread, ensureASCII: true, checkCircular: true, allowNaN: true, markers: map[any]bool{}}
	var cls, indent, separators starlark.Value = starlark.None, starlark.None, starlark.None
	e.dflt = starlark.None
	// CPython hands these to JSONEncoder(), whose name its errors carry.
	if err := starlark.UnpackArgs("JSONEncoder.__init__", nil, kwargs,
		"skipkeys?", &e.skipKeys, "ensure_ascii?", &e.ensureASCII, "check_circular?", &e.checkCircular,
		"allow_nan?", &e.allowNaN, "cls?", &cls, "indent?", &indent, "separators?", &separators,
		"default?", &e.dflt, "sort_keys?", &e.sortKeys); err != nil {
		return "", err
	}
	if cls != starlark.None {
		return "", py.Errorf(py.TypeError, "%s(): cls is not supported", fname)
	}
	switch x := indent.(type) {
	case starlark.NoneType:
	case starlark.String:
		s := string(x)
		e.indent = &s
	case starlark.Int, starlark.Bool:
		// ' ' * indent: a negative count gives no spaces.
		n := 0
		if x == starlark.True {
			n = 1
		} else if i, ok := x.(starlark.Int); ok {
			var err error
			if n, err = starlark.AsInt32(i); err != nil {
				return "", py.Errorf(py.OverflowError, "cannot fit 'int' into an index-sized integer")
			}
		}
		s := strings.Repeat(" ", max(n, 0))
		e.indent = &s
	default:
		return "", py.Errorf(py.TypeError, "can't multiply sequence by non-int of type '%s'", py.TypeOf(indent).Name())
	}
	e.itemSep, e.keySep = ", ", ": "
	if e.indent != nil {
		e.itemSep = ","
	}
	if separators != starlark.None {
		item, key, err := unpackSeparators(separators)
		if err != nil {
			return "", err
		}
		e.itemSep, e.keySep = item, key
	}
	if err := e.encode(obj, 0); err != nil {
		return "", err
	}
	return e.b.String(), nil
}

// unpackSeparators is `item_separator, key_separator = separators`.
func unpackSeparators(v starlark.Value) (string, string, error) {
	it, err := py.Iterable(v)
	if err != nil {
		return "", "", py.Errorf(py.TypeError, "cannot unpack non-iterable %s object", py.TypeOf(v).Name())
	}
	var parts []starlark.Value
	iter := it.(starlark.Iterable).Iterate()
	var x starlark.Value
	for iter.Next(&x) {
		parts = append(parts, x)
	}
	iter.Done()
	if len(parts) < 2 {
		return "", "", py.Errorf(py.ValueError, "not enough values to unpack (expected 2, got %d)", len(parts))
	}
	if len(parts) > 2 {
		return "", "", py.Errorf(py.ValueError, "too many values to unpack (expected 2)")
	}
	// CPython's C encoder checks the key separator (its argument 5) first.
	key, ok := parts[1].(starlark.String)
	if !ok {
		return "", "", py.Errorf(py.TypeError, "make_encoder() argument 5 must be str, not %s", py.TypeOf(parts[1]).Name())
	}
	item, ok := parts[0].(starlark.String)
	if !ok {
		return "", "", py.Errorf(py.TypeError, "make_encoder() argument 6 must be str, not %s", py.TypeOf(parts[0]).Name())
	}
	return string(item), string(key), nil
}

// positional reads the n positional arguments a function takes before its
// keyword-only ones, with CPython's message for a wrong count.
func positional(fname string, args starlark.Tuple, names ...string) error {
	if len(args) > len(names) {
		word := "arguments"
		if len(names) == 1 {
			word = "argument"
		}
		return py.Errorf(py.TypeError, "%s() takes %d positional %s but %d were given", fname, len(names), word, len(args))
	}
	if len(args) < len(names) {
		missing := names[len(args):]
		quoted := ""
		for i, n := range missing {
			switch {
			case i == 0:
			case i == len(missing)-1:
				quoted += " and "
			default:
				quoted += ", "
			}
			quoted += "'" + n + "'"
		}
		word := "argument"
		if len(missing) > 1 {
			word = "arguments"
		}
		return py.Errorf(py.TypeError, "%s() missing %d required positional %s: %s", fname, len(missing), word, quoted)
	}
	return nil
}

func dumps(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := positional("dumps", args, "obj"); err != nil {
		return nil, err
	}
	s, err := encodeArgs(thread, b.Name(), args[0], kwargs)
	if err != nil {
		return nil, err
	}
	return starlark.String(s), nil
}

func dump(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := positional("dump", args, "obj", "fp"); err != nil {
		return nil, err
	}
	s, err := encodeArgs(thread, b.Name(), args[0], kwargs)
	if err != nil {
		return nil, err
	}
	write, err := py.GetAttr(args[1], "write")
	if err != nil {
		return nil, err
	}
	if _, err := starlark.Call(thread, write, starlark.Tuple{starlark.String(s)}, nil); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// decodeArgs reads loads' keyword options and parses doc.
func decodeArgs(thread *starlark.Thread, fname string, doc starlark.Value, kwargs []starlark.Tuple) (starlark.Value, error) {
	d := &decoder{thread: thread, strict: true}
	var cls starlark.Value = starlark.None
	d.objectHook, d.pairsHook, d.parseFloat, d.parseInt, d.parseConstant = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
	// CPython hands these to JSONDecoder(), whose name its errors carry.
	if err := starlark.UnpackArgs("JSONDecoder.__init__", nil, kwargs,
		"cls?", &cls, "object_hook?", &d.objectHook, "parse_float?", &d.parseFloat,
		"parse_int?", &d.parseInt, "parse_constant?", &d.parseConstant,
		"object_pairs_hook?", &d.pairsHook, "strict?", &d.strict); err != nil {
		return nil, err
	}
	if cls != starlark.None {
		return nil, py.Errorf(py.TypeError, "%s(): cls is not supported", fname)
	}
	switch s := doc.(type) {
	case starlark.String:
		d.doc = string(s)
	default:
		raw, err := py.AsBytes(doc)
		if err != nil {
			return nil, py.Errorf(py.TypeError, "the JSON object must be str, bytes or bytearray, not %s", py.TypeOf(doc).Name())
		}
		// CPython detects UTF-8 (with or without its BOM) for bytes.
		if len(raw) >= 3 && raw[:3] == "\xef\xbb\xbf" {
			raw = raw[3:]
		}
		text, err := py.Decode(raw, starlark.String("utf-8"), starlark.String("strict"))
		if err != nil {
			return nil, err
		}
		d.doc = string(text.(starlark.String))
	}
	d.s = runes(d.doc)
	return d.decode()
}

func loads(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := positional("loads", args, "s"); err != nil {
		return nil, err
	}
	return decodeArgs(thread, b.Name(), args[0], kwargs)
}

func load(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := positional("load", args, "fp"); err != nil {
		return nil, err
	}
	read, err := py.GetAttr(args[0], "read")
	if err != nil {
		return nil, err
	}
	doc, err := starlark.Call(thread, read, nil, nil)
	if err != nil {
		return nil, err
	}
	return decodeArgs(thread, b.Name(), doc, kwargs)
}
