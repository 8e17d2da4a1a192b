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

func (f *BytesIO) Iterate() starlark.Iterator {
	return &lineIter{next: func() (starlark.Value, bool) {
		if f.closed {
			return nil, false
		}
		line := f.line(-1)
		return starlark.Bytes(line), len(line) > 0
	}}
}

var bytesIOMethods = py.Table[string, method[*BytesIO]]{Build: func() map[string]method[*BytesIO] {
	return map[string]method[*BytesIO]{
		"read":       (*BytesIO).read,
		"read1":      (*BytesIO).read,
		"readline":   (*BytesIO).readline,
		"readlines":  (*BytesIO).readlines,
		"write":      (*BytesIO).write,
		"writelines": (*BytesIO).writelines,
		"getvalue":   (*BytesIO).getvalue,
		"seek":       (*BytesIO).seek,
		"tell":       (*BytesIO).tell,
		"truncate":   (*BytesIO).truncate,
		"close":      (*BytesIO).close,
		"flush":      answer[*BytesIO](starlark.None),
		"readable":   answer[*BytesIO](starlark.True),
		"writable":   answer[*BytesIO](starlark.True),
		"seekable":   answer[*BytesIO](starlark.True),
		"isatty":     answer[*BytesIO](starlark.False),
		"fileno":     (*BytesIO).fileno,
		"__enter__":  (*BytesIO).enter,
		"__exit__":   (*BytesIO).exit,
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
	var sizeV starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "size?", &sizeV); err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	size, err := intOrNone(sizeV)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(f.buffer.read(size)), nil
}

// line reads up to and including the next newline, at most limit bytes
// when limit >= 0.
func (f *BytesIO) line(limit int) []byte {
	if f.pos >= len(f.data) {
		return nil
	}
	rest := f.data[f.pos:]
	n := len(rest)
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		n = i + 1
	}
	if limit >= 0 && limit < n {
		n = limit
	}
	f.pos += n
	return rest[:n]
}

func (f *BytesIO) readline(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sizeV starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "size?", &sizeV); err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	size, err := intOrNone(sizeV)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(f.line(size)), nil
}

func (f *BytesIO) readlines(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var hintV starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "hint?", &hintV); err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	hint, err := intOrNone(hintV)
	if err != nil {
		return nil, err
	}
	var out []starlark.Value
	total := 0
	for {
		line := f.line(-1)
		if len(line) == 0 {
			break
		}
		out = append(out, starlark.Bytes(line))
		// A positive hint stops once the lines read reach it.
		if total += len(line); hint > 0 && total >= hint {
			break
		}
	}
	return starlark.NewList(out), nil
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

func (f *BytesIO) getvalue(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b, args, kwargs); err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return starlark.Bytes(f.data), nil
}

func (f *BytesIO) seek(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var posV, whenceV starlark.Value = nil, starlark.MakeInt(0)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "pos", &posV, "whence?", &whenceV); err != nil {
		return nil, err
	}
	pos, err := index(posV)
	if err != nil {
		return nil, err
	}
	whence, err := index(whenceV)
	if err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
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

func (f *BytesIO) tell(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b, args, kwargs); err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return starlark.MakeInt(f.pos), nil
}

func (f *BytesIO) truncate(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sizeV starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "size?", &sizeV); err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	size := f.pos
	if sizeV != starlark.None {
		var err error
		if size, err = index(sizeV); err != nil {
			return nil, err
		}
		if size < 0 {
			return nil, py.Errorf(py.ValueError, "negative size value %d", size)
		}
	}
	f.buffer.truncate(size)
	return starlark.MakeInt(size), nil
}

func (f *BytesIO) close(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b, args, kwargs); err != nil {
		return nil, err
	}
	f.closed, f.data = true, nil
	return starlark.None, nil
}

func (f *BytesIO) fileno(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b, args, kwargs); err != nil {
		return nil, err
	}
	return nil, py.Errorf(unsupported(), "fileno")
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

// exit is __exit__(*exc_info): it closes the file and lets an exception go on.
func (f *BytesIO) exit(_ *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	f.closed, f.data = true, nil
	return starlark.None, nil
}
