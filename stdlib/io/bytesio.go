package io

import (
	"bytes"
	"unsafe"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

// BytesIO is an io.BytesIO: a binary file in memory.
type BytesIO struct {
	buffer[byte]
}

var (
	_ starlark.HasAttrs  = (*BytesIO)(nil)
	_ py.CheckedIterable = (*BytesIO)(nil)
	_ py.Typed           = (*BytesIO)(nil)
)

func newBytesIO(_ *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var initial starlark.Value = starlark.None
	if err := starlark.UnpackArgs("BytesIO", args, kwargs, "initial_bytes?", &initial); err != nil {
		return nil, err
	}
	f := &BytesIO{}
	if initial != starlark.None {
		data, err := py.AsBytes(initial)
		if err != nil {
			return nil, err
		}
		f.data = []byte(data)
	}
	return f, nil
}

func (f *BytesIO) String() string        { return defaultRepr(BytesIOClass, unsafe.Pointer(f)) }
func (f *BytesIO) Type() string          { return "_io.BytesIO" }
func (f *BytesIO) Freeze()               {}
func (f *BytesIO) Truth() starlark.Bool  { return true }
func (f *BytesIO) PyClass() *py.Class    { return BytesIOClass }
func (f *BytesIO) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(f)) >> 4), nil }

// check refuses an operation on a closed file.
func (f *BytesIO) check() error {
	if f.closed {
		return py.Errorf(py.ValueError, "I/O operation on closed file.")
	}
	return nil
}

// CheckIterate fails for a closed file: CPython's first next() does.
func (f *BytesIO) CheckIterate() error { return f.check() }

func (f *BytesIO) Iterate() starlark.Iterator { return iterate(f) }

// value is a run of the file's bytes as a value.
func (f *BytesIO) value(p []byte) starlark.Value { return starlark.Bytes(p) }

var bytesIOMethods = py.Table[string, method[*BytesIO]]{Build: func() map[string]method[*BytesIO] {
	return map[string]method[*BytesIO]{
		"read":       (*BytesIO).read,
		"read1":      (*BytesIO).read,
		"readline":   (*BytesIO).readline,
		"readlines":  (*BytesIO).readlines,
		"write":      (*BytesIO).write,
		"writelines": (*BytesIO).writelines,
		"getvalue":   getvalue[*BytesIO],
		"seek":       (*BytesIO).seek,
		"tell":       tell[*BytesIO],
		"truncate":   truncate[*BytesIO]("size", "negative size value %d"),
		"close":      closeFile[*BytesIO],
		"flush":      answer[*BytesIO](starlark.None),
		"readable":   answer[*BytesIO](starlark.True),
		"writable":   answer[*BytesIO](starlark.True),
		"seekable":   answer[*BytesIO](starlark.True),
		"isatty":     answer[*BytesIO](starlark.False),
		"fileno":     fileno[*BytesIO],
		"__enter__":  (*BytesIO).enter,
		"__exit__":   exit[*BytesIO],
	}
}}

// answer is a method that checks the file is open and gives v.
func answer[F interface {
	starlark.Value
	check() error
}](v starlark.Value) method[F] {
	return func(f F, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := noArgs(b, args, kwargs); err != nil {
			return nil, err
		}
		if err := f.check(); err != nil {
			return nil, err
		}
		return v, nil
	}
}

func (f *BytesIO) Attr(name string) (starlark.Value, error) {
	if name == "closed" {
		return starlark.Bool(f.closed), nil
	}
	if m, ok := bytesIOMethods.Map()[name]; ok {
		return bind(f, "BytesIO", name, m), nil
	}
	return nil, nil
}

func (f *BytesIO) AttrNames() []string {
	names := []string{"closed"}
	for name := range bytesIOMethods.Map() {
		names = append(names, name)
	}
	return py.SortedKeys(names)
}

func (f *BytesIO) read(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	size, err := sizeArg(b, args, kwargs, "size", f.check, true)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(f.buffer.read(size)), nil
}

// line reads up to and including the next newline, at most limit bytes
// when limit >= 0.
func (f *BytesIO) line(limit int) []byte {
	return f.take(limit, func(rest []byte) int {
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			return i + 1
		}
		return len(rest)
	})
}

func (f *BytesIO) readline(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	size, err := sizeArg(b, args, kwargs, "size", f.check, true)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(f.line(size)), nil
}

func (f *BytesIO) readlines(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	hint, err := sizeArg(b, args, kwargs, "hint", f.check, true)
	if err != nil {
		return nil, err
	}
	// A positive hint stops once the lines read reach it.
	return readLines(f, func(total int) bool { return hint > 0 && total >= hint }), nil
}

func (f *BytesIO) write(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "b", &data); err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	s, err := py.AsBytes(data)
	if err != nil {
		return nil, err
	}
	f.buffer.write([]byte(s))
	return starlark.MakeInt(len(s)), nil
}

func (f *BytesIO) writelines(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var lines starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "lines", &lines); err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return writeAll(lines, func(v starlark.Value) error {
		s, err := py.AsBytes(v)
		if err == nil {
			f.buffer.write([]byte(s))
		}
		return err
	})
}

// writeAll is writelines: each item of an iterable written in turn.
func writeAll(lines starlark.Value, write func(starlark.Value) error) (starlark.Value, error) {
	it, err := py.Iterable(lines)
	if err != nil {
		return nil, err
	}
	iter := it.(starlark.Iterable).Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		if err := write(x); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

func (f *BytesIO) seek(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	pos, whence, err := seekArgs(b, args, kwargs, f.check)
	if err != nil {
		return nil, err
	}
	switch whence {
	case 0:
		if pos < 0 {
			return nil, py.Errorf(py.ValueError, "negative seek value %d", pos)
		}
	case 1:
		pos += f.pos
	case 2:
		pos += len(f.data)
	default:
		return nil, py.Errorf(py.ValueError, "invalid whence (%d, should be 0, 1 or 2)", whence)
	}
	f.pos = max(pos, 0)
	return starlark.MakeInt(f.pos), nil
}

func (f *BytesIO) enter(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b, args, kwargs); err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return f, nil
}
