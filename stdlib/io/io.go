// Package io is the part of Python's io module scripts use: in-memory
// files, as CPython's _io.BytesIO and _io.StringIO behave.
//
//	io.BytesIO(initial_bytes=b'')    a binary file over a growing buffer
//	io.StringIO(initial_value='', newline='\n')
//	                                 a text file over a growing str
//	    .read(size=-1), .read1(size=-1) (BytesIO), .readline(size=-1),
//	    .readlines(hint=-1), .write(b), .writelines(lines), .getvalue(),
//	    .seek(pos, whence=0), .tell(), .truncate(size=None), .flush(),
//	    .close(), .closed, .readable(), .writable(), .seekable(),
//	    .isatty(), .fileno() (UnsupportedOperation), iteration over lines,
//	    with-statement (closes at the end)
//	    StringIO: .newlines, .line_buffering, .encoding, .errors
//	io.UnsupportedOperation          subclass of OSError and ValueError
//	io.SEEK_SET, SEEK_CUR, SEEK_END, DEFAULT_BUFFER_SIZE
//
// Positions count bytes in a BytesIO and characters in a StringIO. A write
// past the end fills the gap with zero bytes or NUL characters. StringIO's
// newline works as in CPython: None turns "\r\n" and "\r" into "\n" as they
// are written, "" keeps them and reads a line up to any of them, "\r" and
// "\r\n" turn a written "\n" into themselves and end lines there.
package io

import (
	"fmt"
	"slices"
	"unsafe"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

// Module is the io module.
var Module = &py.Module{
	Name: "io",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"BytesIO":              BytesIOClass,
			"StringIO":             StringIOClass,
			"UnsupportedOperation": unsupported(),
			"SEEK_SET":             starlark.MakeInt(0),
			"SEEK_CUR":             starlark.MakeInt(1),
			"SEEK_END":             starlark.MakeInt(2),
			"DEFAULT_BUFFER_SIZE":  starlark.MakeInt(8192),
		}
	},
}

// The classes, named as CPython's type() shows them.
var (
	BytesIOClass  = py.DeclareClass("_io", "BytesIO", &py.Object, newBytesIO)
	StringIOClass = py.DeclareClass("_io", "StringIO", &py.Object, newStringIO)
)

// unsupported is io.UnsupportedOperation, the class open()'s files raise too.
func unsupported() *py.Class { return py.UnsupportedOperation() }

// buffer is the file position logic the two classes share, over bytes or
// characters.
type buffer[T byte | rune] struct {
	data   []T
	pos    int
	closed bool
}

// read takes up to n units from the position (all when n < 0).
func (b *buffer[T]) read(n int) []T {
	if b.pos >= len(b.data) {
		return nil
	}
	end := len(b.data)
	if n >= 0 && b.pos+n < end {
		end = b.pos + n
	}
	out := b.data[b.pos:end]
	b.pos = end
	return out
}

// write puts p at the position, past the end after a zero-filled gap.
func (b *buffer[T]) write(p []T) {
	if gap := b.pos - len(b.data); gap > 0 {
		b.data = append(b.data, make([]T, gap)...)
	}
	n := copy(b.data[b.pos:], p)
	b.data = append(b.data, p[n:]...)
	b.pos += len(p)
}

// truncate cuts the data at size; the position stays where it was.
func (b *buffer[T]) truncate(size int) {
	if size < len(b.data) {
		b.data = slices.Clip(b.data[:size])
	}
}

// intOrNone is a size argument: an int, or None for -1.
func intOrNone(v starlark.Value) (int, error) {
	switch v := v.(type) {
	case nil, starlark.NoneType:
		return -1, nil
	case starlark.Int:
		n, ok := v.Int64()
		if !ok || n > 1<<62 {
			return 0, py.Errorf(py.OverflowError, "Python int too large to convert to C ssize_t")
		}
		if n < -1<<62 {
			return -1, nil
		}
		return int(n), nil
	case starlark.Bool:
		if v {
			return 1, nil
		}
		return 0, nil
	}
	return 0, py.Errorf(py.TypeError, "argument should be integer or None, not '%s'", py.TypeOf(v).Name())
}

// index is a position or whence argument, which must be an int.
func index(v starlark.Value) (int, error) {
	switch v.(type) {
	case starlark.Int, starlark.Bool:
		return intOrNone(v)
	}
	return 0, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer", py.TypeOf(v).Name())
}

// method is one method of a file type, with its receiver.
type method[F any] func(f F, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// bind makes obj.name, named "Class.name" as CPython's errors name it.
func bind[F starlark.Value](f F, class, name string, m method[F]) starlark.Value {
	return starlark.NewBuiltin(class+"."+name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(f, thread, b, args, kwargs)
	}).BindReceiver(f)
}

// defaultRepr is <_io.BytesIO object at 0x...>, as CPython prints a file.
func defaultRepr(class *py.Class, p unsafe.Pointer) string {
	return fmt.Sprintf("<%s object at %#x>", class.QualName(), uintptr(p))
}

// noArgs checks that a method got no arguments.
func noArgs(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) error {
	return starlark.UnpackArgs(b.Name(), args, kwargs)
}

// lineIter iterates a file's lines, as for line in f does: readline until
// it gives nothing. The file closed meanwhile ends the loop.
type lineIter struct {
	next func() (line starlark.Value, ok bool)
}

func (it *lineIter) Next(p *starlark.Value) bool {
	v, ok := it.next()
	if ok {
		*p = v
	}
	return ok
}

func (it *lineIter) Done() {}
