package io

import (
	"slices"
	"strings"
	"unsafe"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

// StringIO is an io.StringIO: a text file in memory, its position counted
// in characters.
type StringIO struct {
	buffer[rune]
	newline starlark.Value // None or the str given
	// seen is which line endings writes had (bits: \r, \n, \r\n), for
	// .newlines in the modes that look for them.
	seen uint8
}

var (
	_ starlark.HasAttrs  = (*StringIO)(nil)
	_ py.CheckedIterable = (*StringIO)(nil)
	_ py.Typed           = (*StringIO)(nil)
)

func newStringIO(_ *starlark.Thread, _ *py.Class, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var initial, newline starlark.Value = starlark.None, starlark.String("\n")
	if err := starlark.UnpackArgs("StringIO", args, kwargs, "initial_value?", &initial, "newline?", &newline); err != nil {
		return nil, err
	}
	switch nl := newline.(type) {
	case starlark.NoneType:
	case starlark.String:
		switch nl {
		case "", "\n", "\r", "\r\n":
		default:
			return nil, py.Errorf(py.ValueError, "illegal newline value: %s", py.Repr(nl))
		}
	default:
		return nil, py.Errorf(py.TypeError, "newline must be str or None, not %s", py.TypeOf(newline).Name())
	}
	f := &StringIO{newline: newline}
	switch s := initial.(type) {
	case starlark.NoneType:
	case starlark.String:
		f.put(string(s))
		f.pos = 0
	default:
		return nil, py.Errorf(py.TypeError, "initial_value must be str or None, not %s", py.TypeOf(initial).Name())
	}
	return f, nil
}

func (f *StringIO) String() string        { return defaultRepr(StringIOClass, unsafe.Pointer(f)) }
func (f *StringIO) Type() string          { return "_io.StringIO" }
func (f *StringIO) Freeze()               {}
func (f *StringIO) Truth() starlark.Bool  { return true }
func (f *StringIO) PyClass() *py.Class    { return StringIOClass }
func (f *StringIO) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(f)) >> 4), nil }

// check refuses an operation on a closed file, in StringIO's own words.
func (f *StringIO) check() error {
	if f.closed {
		return py.Errorf(py.ValueError, "I/O operation on closed file")
	}
	return nil
}

// checkBase is the same refusal in the words of the methods StringIO
// inherits from IOBase (readlines, writelines, isatty, __enter__, iter).
func (f *StringIO) checkBase() error {
	if f.closed {
		return py.Errorf(py.ValueError, "I/O operation on closed file.")
	}
	return nil
}

func (f *StringIO) CheckIterate() error { return f.checkBase() }

func (f *StringIO) Iterate() starlark.Iterator { return iterate(f) }

// value is a run of the file's characters as a str.
func (f *StringIO) value(p []rune) starlark.Value { return starlark.String(string(p)) }

// put writes s at the position, its newlines translated as the mode says.
func (f *StringIO) put(s string) {
	nl, _ := f.newline.(starlark.String)
	if f.newline == starlark.None || nl == "" {
		f.note(s)
	}
	switch {
	case f.newline == starlark.None:
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	case nl == "\r" || nl == "\r\n":
		s = strings.ReplaceAll(s, "\n", string(nl))
	}
	f.buffer.write([]rune(s))
}

// note records the kinds of line ending in s.
func (f *StringIO) note(s string) {
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n':
			f.seen |= 4
			i++
		case s[i] == '\r':
			f.seen |= 1
		case s[i] == '\n':
			f.seen |= 2
		}
	}
}

// newlines is the .newlines attribute: None, one ending, or a tuple of them.
func (f *StringIO) newlines() starlark.Value {
	var out starlark.Tuple
	for i, end := range []string{"\r", "\n", "\r\n"} {
		if f.seen&(1<<i) != 0 {
			out = append(out, starlark.String(end))
		}
	}
	switch len(out) {
	case 0:
		return starlark.None
	case 1:
		return out[0]
	}
	return out
}

// line reads up to and including the next line ending of the mode, at
// most limit characters when limit >= 0.
func (f *StringIO) line(limit int) []rune {
	return f.take(limit, func(rest []rune) int {
		n := len(rest)
		nl, _ := f.newline.(starlark.String)
		switch {
		case f.newline == starlark.None || nl == "\n":
			if i := slices.Index(rest, '\n'); i >= 0 {
				n = i + 1
			}
		case nl == "\r":
			if i := slices.Index(rest, '\r'); i >= 0 {
				n = i + 1
			}
		case nl == "\r\n":
			for i := 0; i+1 < len(rest); i++ {
				if rest[i] == '\r' && rest[i+1] == '\n' {
					n = i + 2
					break
				}
			}
		default: // "": any of \r, \n and \r\n ends a line
			if i := slices.IndexFunc(rest, func(r rune) bool { return r == '\r' || r == '\n' }); i >= 0 {
				n = i + 1
				if rest[i] == '\r' && i+1 < len(rest) && rest[i+1] == '\n' {
					n++
				}
			}
		}
		return n
	})
}

var stringIOMethods = py.Table[string, method[*StringIO]]{Build: func() map[string]method[*StringIO] {
	return map[string]method[*StringIO]{
		"read":       (*StringIO).read,
		"readline":   (*StringIO).readline,
		"readlines":  (*StringIO).readlines,
		"write":      (*StringIO).write,
		"writelines": (*StringIO).writelines,
		"getvalue":   getvalue[*StringIO],
		"seek":       (*StringIO).seek,
		"tell":       tell[*StringIO],
		"truncate":   truncate[*StringIO]("pos", "Negative size value %d"),
		"close":      closeFile[*StringIO],
		"flush": func(_ *StringIO, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			// CPython's StringIO.flush does nothing, closed or not.
			return starlark.None, noArgs(b, args, kwargs)
		},
		"readable": answer[*StringIO](starlark.True),
		"writable": answer[*StringIO](starlark.True),
		"seekable": answer[*StringIO](starlark.True),
		"isatty": func(f *StringIO, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, args, kwargs); err != nil {
				return nil, err
			}
			return starlark.False, f.checkBase()
		},
		"fileno": fileno[*StringIO],
		"__enter__": func(f *StringIO, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(b, args, kwargs); err != nil {
				return nil, err
			}
			return f, f.checkBase()
		},
		"__exit__": exit[*StringIO],
	}
}}

func (f *StringIO) Attr(name string) (starlark.Value, error) {
	switch name {
	case "closed":
		return starlark.Bool(f.closed), nil
	case "encoding", "errors":
		return starlark.None, nil
	case "line_buffering", "newlines":
		if err := f.check(); err != nil {
			return nil, err
		}
		if name == "newlines" {
			return f.newlines(), nil
		}
		return starlark.False, nil
	}
	if m, ok := stringIOMethods.Map()[name]; ok {
		return bind(f, "StringIO", name, m), nil
	}
	return nil, nil
}

func (f *StringIO) AttrNames() []string {
	names := []string{"closed", "encoding", "errors", "line_buffering", "newlines"}
	for name := range stringIOMethods.Map() {
		names = append(names, name)
	}
	return py.SortedKeys(names)
}

func (f *StringIO) read(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	size, err := sizeArg(b, args, kwargs, "size", f.check, false)
	if err != nil {
		return nil, err
	}
	return starlark.String(string(f.buffer.read(size))), nil
}

func (f *StringIO) readline(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	size, err := sizeArg(b, args, kwargs, "size", f.check, false)
	if err != nil {
		return nil, err
	}
	return starlark.String(string(f.line(size))), nil
}

func (f *StringIO) readlines(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	hint, err := sizeArg(b, args, kwargs, "hint", f.checkBase, false)
	if err != nil {
		return nil, err
	}
	// A positive hint stops once the lines read pass it (IOBase's rule).
	return readLines(f, func(total int) bool { return hint > 0 && total > hint }), nil
}

func (f *StringIO) write(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "s", &data); err != nil {
		return nil, err
	}
	s, ok := data.(starlark.String)
	if !ok {
		return nil, py.Errorf(py.TypeError, "string argument expected, got '%s'", py.TypeOf(data).Name())
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	f.put(string(s))
	return starlark.MakeInt(len([]rune(string(s)))), nil
}

func (f *StringIO) writelines(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var lines starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "lines", &lines); err != nil {
		return nil, err
	}
	if err := f.checkBase(); err != nil {
		return nil, err
	}
	return writeAll(lines, func(v starlark.Value) error {
		s, ok := v.(starlark.String)
		if !ok {
			return py.Errorf(py.TypeError, "string argument expected, got '%s'", py.TypeOf(v).Name())
		}
		f.put(string(s))
		return nil
	})
}

func (f *StringIO) seek(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	pos, whence, err := seekArgs(b, args, kwargs, f.check)
	if err != nil {
		return nil, err
	}
	switch whence {
	case 0:
		if pos < 0 {
			return nil, py.Errorf(py.ValueError, "Negative seek position %d", pos)
		}
	case 1, 2:
		// A text position is opaque: only a seek to here or to the end is
		// allowed; CPython's message says "cur" for both.
		if pos != 0 {
			return nil, py.Errorf(py.OSError, "Can't do nonzero cur-relative seeks")
		}
		pos = f.pos
		if whence == 2 {
			pos = len(f.data)
		}
	default:
		return nil, py.Errorf(py.ValueError, "Invalid whence (%d, should be 0, 1 or 2)", whence)
	}
	f.pos = pos
	return starlark.MakeInt(pos), nil
}
