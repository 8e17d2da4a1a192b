// Package pystruct is Python's struct module: conversion between values and
// packed bytes, with CPython's byte orders, sizes, alignment and messages.
//
//	struct.pack(fmt, v1, v2, ...)            bytes
//	struct.unpack(fmt, buffer)               tuple; len(buffer) must be calcsize(fmt)
//	struct.unpack_from(fmt, buffer, offset=0)
//	struct.iter_unpack(fmt, buffer)          iterable of tuples
//	struct.calcsize(fmt)                     int
//	struct.Struct(fmt)                       .pack, .unpack, .unpack_from, .iter_unpack, .size, .format
//	struct.error                             the exception class for bad formats and values
//
// Formats: byte order @ (native, aligned), =, <, >, ! then codes
// x c b B ? h H i I l L q Q n N P e f d s p with repeat counts; whitespace
// between codes is ignored. pack_into is missing: there is no bytearray to
// pack into.
package pystruct

import (
	"fmt"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

// Error is struct.error.
var Error = py.DeclareClass("struct", "error", &py.Exception_, nil)

// StructClass is struct.Struct, the class of compiled formats.
var StructClass = py.DeclareClass("_struct", "Struct", &py.Object, newStruct)

var iterClass = py.DeclareClass("_struct", "unpack_iterator", &py.Object, nil)

func newStruct(thread *starlark.Thread, cls *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var format starlark.Value
	if err := starlark.UnpackArgs("Struct", args, kwargs, "format", &format); err != nil {
		return nil, err
	}
	l, err := compile(format)
	if err != nil {
		return nil, err
	}
	return &Struct{l: l}, nil
}

// Module is the struct module.
var Module = &py.Module{
	Name: "struct",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"pack":        starlark.NewBuiltin("struct.pack", pack),
			"unpack":      starlark.NewBuiltin("struct.unpack", unpack),
			"unpack_from": starlark.NewBuiltin("struct.unpack_from", unpackFrom),
			"iter_unpack": starlark.NewBuiltin("struct.iter_unpack", iterUnpack),
			"calcsize":    starlark.NewBuiltin("struct.calcsize", calcsize),
			"Struct":      StructClass,
			"error":       Error,
		}
	},
}

// compile parses a format given as str or bytes.
func compile(format starlark.Value) (*layout, error) {
	switch f := format.(type) {
	case starlark.String:
		return parse(string(f))
	case starlark.Bytes:
		return parse(string(f))
	}
	return nil, py.Errorf(py.TypeError, "Struct() argument 1 must be a str or bytes object, not %s", py.TypeOf(format).Name())
}

func pack(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, py.Errorf(py.TypeError, "pack() takes no keyword arguments")
	}
	if len(args) == 0 {
		return nil, py.Errorf(py.TypeError, "missing format argument")
	}
	l, err := compile(args[0])
	if err != nil {
		return nil, err
	}
	out, err := l.pack(args[1:])
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(out), nil
}

func calcsize(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var format starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &format); err != nil {
		return nil, err
	}
	l, err := compile(format)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt64(l.size), nil
}

func unpack(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, py.Errorf(py.TypeError, "unpack() takes no keyword arguments")
	}
	if len(args) != 2 {
		return nil, py.Errorf(py.TypeError, "unpack expected 2 arguments, got %d", len(args))
	}
	l, err := compile(args[0])
	if err != nil {
		return nil, err
	}
	return l.unpackAll(args[1])
}

func (l *layout) unpackAll(buffer starlark.Value) (starlark.Value, error) {
	buf, err := py.AsBytes(buffer)
	if err != nil {
		return nil, err
	}
	if int64(len(buf)) != l.size {
		return nil, errorf("unpack requires a buffer of %d bytes", l.size)
	}
	return l.unpack([]byte(buf)), nil
}

func unpackFrom(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var format, buffer starlark.Value
	var offsetV starlark.Value = starlark.MakeInt(0)
	if err := starlark.UnpackArgs("unpack_from", args, kwargs, "format", &format, "buffer", &buffer, "offset?", &offsetV); err != nil {
		return nil, err
	}
	var offset int64
	switch o := offsetV.(type) {
	case starlark.Int:
		var ok bool
		if offset, ok = o.Int64(); !ok {
			return nil, py.Errorf(py.OverflowError, "Python int too large to convert to C ssize_t")
		}
	case starlark.Bool:
		if o {
			offset = 1
		}
	default:
		return nil, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(offsetV).Name())
	}
	l, err := compile(format)
	if err != nil {
		return nil, err
	}
	return l.unpackFrom(buffer, offset)
}

func (l *layout) unpackFrom(buffer starlark.Value, offset int64) (starlark.Value, error) {
	s, err := py.AsBytes(buffer)
	if err != nil {
		return nil, err
	}
	n := int64(len(s))
	if offset < 0 {
		if offset+l.size > 0 {
			return nil, errorf("not enough data to unpack %d bytes at offset %d", l.size, offset)
		}
		if offset+n < 0 {
			return nil, errorf("offset %d out of range for %d-byte buffer", offset, n)
		}
		offset += n
	}
	if n-offset < l.size {
		return nil, errorf("unpack_from requires a buffer of at least %d bytes for unpacking %d bytes at offset %d (actual buffer size is %d)",
			l.size+offset, l.size, offset, n)
	}
	return l.unpack([]byte(s[offset : offset+l.size])), nil
}

func iterUnpack(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var format, buffer starlark.Value
	if err := starlark.UnpackPositionalArgs("iter_unpack", args, kwargs, 2, &format, &buffer); err != nil {
		return nil, err
	}
	l, err := compile(format)
	if err != nil {
		return nil, err
	}
	return l.iterUnpack(buffer)
}

func (l *layout) iterUnpack(buffer starlark.Value) (starlark.Value, error) {
	s, err := py.AsBytes(buffer)
	if err != nil {
		return nil, err
	}
	if l.size == 0 {
		return nil, errorf("cannot iteratively unpack with a struct of length 0")
	}
	if int64(len(s))%l.size != 0 {
		return nil, errorf("iterative unpacking requires a buffer of a multiple of %d bytes", l.size)
	}
	return &unpackIter{l: l, buf: []byte(s)}, nil
}

// unpackIter is what iter_unpack returns: the tuples, one per l.size bytes.
type unpackIter struct {
	l   *layout
	buf []byte
}

var _ starlark.Iterable = (*unpackIter)(nil)

func (it *unpackIter) String() string {
	return fmt.Sprintf("<_struct.unpack_iterator object at %p>", it)
}
func (it *unpackIter) Type() string         { return "unpack_iterator" }
func (it *unpackIter) Freeze()              {}
func (it *unpackIter) Truth() starlark.Bool { return true }
func (it *unpackIter) Hash() (uint32, error) {
	return 0, fmt.Errorf("unhashable type: 'unpack_iterator'")
}
func (it *unpackIter) PyClass() *py.Class { return iterClass }
func (it *unpackIter) Iterate() starlark.Iterator {
	return &tupleIter{l: it.l, buf: it.buf}
}

type tupleIter struct {
	l   *layout
	buf []byte
}

func (t *tupleIter) Next(v *starlark.Value) bool {
	if int64(len(t.buf)) < t.l.size || len(t.buf) == 0 {
		return false
	}
	*v = t.l.unpack(t.buf[:t.l.size])
	t.buf = t.buf[t.l.size:]
	return true
}
func (t *tupleIter) Done() {}

// Struct is a compiled format: struct.Struct(fmt).
type Struct struct {
	l *layout
}

var _ starlark.HasAttrs = (*Struct)(nil)

func (s *Struct) String() string        { return fmt.Sprintf("<_struct.Struct object at %p>", s) }
func (s *Struct) Type() string          { return "Struct" }
func (s *Struct) Freeze()               {}
func (s *Struct) Truth() starlark.Bool  { return true }
func (s *Struct) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: 'Struct'") }
func (s *Struct) PyClass() *py.Class    { return StructClass }

func (s *Struct) AttrNames() []string {
	return []string{"format", "iter_unpack", "pack", "size", "unpack", "unpack_from"}
}

func (s *Struct) Attr(name string) (starlark.Value, error) {
	l := s.l
	method := func(fn func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)) starlark.Value {
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return fn(args, kwargs)
		}).BindReceiver(s)
	}
	switch name {
	case "size":
		return starlark.MakeInt64(l.size), nil
	case "format":
		return starlark.String(l.format), nil
	case "pack":
		return method(func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(kwargs) > 0 {
				return nil, py.Errorf(py.TypeError, "pack() takes no keyword arguments")
			}
			out, err := l.pack(args)
			if err != nil {
				return nil, err
			}
			return starlark.Bytes(out), nil
		}), nil
	case "unpack":
		return method(func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var buffer starlark.Value
			if err := starlark.UnpackPositionalArgs("unpack", args, kwargs, 1, &buffer); err != nil {
				return nil, err
			}
			return l.unpackAll(buffer)
		}), nil
	case "unpack_from":
		return method(func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var buffer starlark.Value
			var offset int
			if err := starlark.UnpackArgs("unpack_from", args, kwargs, "buffer", &buffer, "offset?", &offset); err != nil {
				return nil, err
			}
			return l.unpackFrom(buffer, int64(offset))
		}), nil
	case "iter_unpack":
		return method(func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var buffer starlark.Value
			if err := starlark.UnpackPositionalArgs("iter_unpack", args, kwargs, 1, &buffer); err != nil {
				return nil, err
			}
			return l.iterUnpack(buffer)
		}), nil
	}
	return nil, nil
}
