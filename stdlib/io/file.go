package io

import (
	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

// file is what the methods BytesIO and StringIO share need of them: their
// buffer, their closed check, the line a readline takes, and how a run of
// their units becomes a value.
type file[T byte | rune] interface {
	starlark.Value
	check() error
	buf() *buffer[T]
	line(limit int) []T
	value(p []T) starlark.Value
}

// buf gives the embedded buffer to the shared methods.
func (b *buffer[T]) buf() *buffer[T] { return b }

// take reads the next line from the position: end gives its length in the
// unread data, and a limit >= 0 cuts it shorter.
func (b *buffer[T]) take(limit int, end func(rest []T) int) []T {
	if b.pos >= len(b.data) {
		return nil
	}
	rest := b.data[b.pos:]
	n := end(rest)
	if limit >= 0 && limit < n {
		n = limit
	}
	b.pos += n
	return rest[:n]
}

// shut closes the file and lets its data go.
func (b *buffer[T]) shut() { b.closed, b.data = true, nil }

// iterate is for line in f: readline until it gives nothing; the file
// closed meanwhile ends the loop.
func iterate[F file[T], T byte | rune](f F) starlark.Iterator {
	return &lineIter{next: func() (starlark.Value, bool) {
		if f.buf().closed {
			return nil, false
		}
		line := f.line(-1)
		return f.value(line), len(line) > 0
	}}
}

// sizeArg unpacks a read method's one optional argument, an int or None,
// and runs check: before the conversion when checkFirst, after it
// otherwise, so that each class keeps the error it gives when both fail.
func sizeArg(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, name string, check func() error, checkFirst bool) (int, error) {
	var sizeV starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, name+"?", &sizeV); err != nil {
		return 0, err
	}
	if checkFirst {
		if err := check(); err != nil {
			return 0, err
		}
	}
	size, err := intOrNone(sizeV)
	if err != nil {
		return 0, err
	}
	if !checkFirst {
		if err := check(); err != nil {
			return 0, err
		}
	}
	return size, nil
}

// readLines is readlines once its argument is taken: whole lines to the
// end, or until full says the total length read is enough.
func readLines[F file[T], T byte | rune](f F, full func(total int) bool) starlark.Value {
	var out []starlark.Value
	total := 0
	for {
		line := f.line(-1)
		if len(line) == 0 {
			break
		}
		out = append(out, f.value(line))
		if total += len(line); full(total) {
			break
		}
	}
	return starlark.NewList(out)
}

// seekArgs unpacks seek(pos, whence=0), both ints, and checks the file is
// open; what the whence allows is each class's own.
func seekArgs(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, check func() error) (pos, whence int, err error) {
	var posV, whenceV starlark.Value = nil, starlark.MakeInt(0)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "pos", &posV, "whence?", &whenceV); err != nil {
		return 0, 0, err
	}
	if pos, err = index(posV); err != nil {
		return 0, 0, err
	}
	if whence, err = index(whenceV); err != nil {
		return 0, 0, err
	}
	if err := check(); err != nil {
		return 0, 0, err
	}
	return pos, whence, nil
}

func getvalue[F file[T], T byte | rune](f F, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b, args, kwargs); err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return f.value(f.buf().data), nil
}

func tell[F file[T], T byte | rune](f F, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b, args, kwargs); err != nil {
		return nil, err
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return starlark.MakeInt(f.buf().pos), nil
}

// truncate is truncate(arg=None), cutting at the position by default;
// negative is the message for a negative size, worded as each class's is.
func truncate[F file[T], T byte | rune](arg, negative string) method[F] {
	return func(f F, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var sizeV starlark.Value = starlark.None
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, arg+"?", &sizeV); err != nil {
			return nil, err
		}
		if err := f.check(); err != nil {
			return nil, err
		}
		size := f.buf().pos
		if sizeV != starlark.None {
			var err error
			if size, err = index(sizeV); err != nil {
				return nil, err
			}
			if size < 0 {
				return nil, py.Errorf(py.ValueError, negative, size)
			}
		}
		f.buf().truncate(size)
		return starlark.MakeInt(size), nil
	}
}

func closeFile[F file[T], T byte | rune](f F, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b, args, kwargs); err != nil {
		return nil, err
	}
	f.buf().shut()
	return starlark.None, nil
}

// exit is __exit__(*exc_info): it closes the file and lets an exception go on.
func exit[F file[T], T byte | rune](f F, _ *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	f.buf().shut()
	return starlark.None, nil
}

// fileno raises UnsupportedOperation: a file in memory has no descriptor.
func fileno[F any](_ F, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(b, args, kwargs); err != nil {
		return nil, err
	}
	return nil, py.Errorf(unsupported(), "fileno")
}
