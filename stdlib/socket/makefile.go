package socket

import (
	"bytes"
	"fmt"
	"strings"

	"go.starlark.net/starlark"

	"sockstar/runtime/py"
)

// File is what socket.makefile() returns: a buffered file object over the
// socket, text or binary, as CPython's SocketIO wrapped in io's buffers.
type File struct {
	s        *Socket
	mode     string
	binary   bool
	reading  bool
	writing  bool
	buffered bool
	name     int // the descriptor when made, as CPython's name attribute
	encoding starlark.Value
	errors   starlark.Value
	rbuf     []byte
	eof      bool
	wbuf     []byte
	closed   bool
	iterErr  error // what ended a Starlark-driven iteration early
}

var (
	_ starlark.HasAttrs = (*File)(nil)
	_ py.Stepper        = (*File)(nil)
)

// The classes of what makefile() returns, by mode, as CPython's io makes
// them: text, or a buffered reader, writer or pair, or the raw SocketIO.
var (
	textFileClass   = py.DeclareClass("_io", "TextIOWrapper", &py.Object, nil)
	readerFileClass = py.DeclareClass("_io", "BufferedReader", &py.Object, nil)
	writerFileClass = py.DeclareClass("_io", "BufferedWriter", &py.Object, nil)
	pairFileClass   = py.DeclareClass("_io", "BufferedRWPair", &py.Object, nil)
	rawFileClass    = py.DeclareClass("socket", "SocketIO", &py.Object, nil)
)

func (s *Socket) makefile(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	mode := "r"
	var buffering, encoding, errorsV, newline starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "mode?", &mode, "buffering?", &buffering, "encoding?", &encoding, "errors?", &errorsV, "newline?", &newline); err != nil {
		return nil, err
	}
	for _, c := range mode {
		if !strings.ContainsRune("rwb", c) {
			return nil, py.Errorf(py.ValueError, "invalid mode %s (only r, w, b allowed)", py.QuoteStr(mode))
		}
	}
	f := &File{
		s: s, mode: mode, binary: strings.Contains(mode, "b"),
		reading: strings.Contains(mode, "r") || !strings.Contains(mode, "w"),
		writing: strings.Contains(mode, "w"), buffered: true,
		encoding: encoding, errors: errorsV,
	}
	if n, ok := buffering.(starlark.Int); ok {
		if v, _ := n.Int64(); v == 0 {
			if !f.binary {
				return nil, py.Errorf(py.ValueError, "unbuffered streams must be binary")
			}
			f.buffered = false
		}
	}
	if !f.binary && encoding != starlark.None {
		// An unknown codec is refused now, as io.TextIOWrapper does.
		if _, err := py.Decode("", encoding, starlark.None); err != nil {
			return nil, err
		}
	}
	// On a closed socket CPython makes the file all the same; its calls
	// then fail with EBADF.
	s.mu.Lock()
	if s.fd >= 0 {
		s.ioRefs++
	}
	f.name = s.fd
	s.mu.Unlock()
	if f.writing && f.buffered {
		s.p.FlushAtEnd(f, func() { f.doFlush() })
	}
	return f, nil
}

func (f *File) String() string {
	if f.binary {
		return "<socket.SocketIO mode='" + f.mode + "'>"
	}
	encoding := "utf-8"
	if e, ok := f.encoding.(starlark.String); ok {
		encoding = string(e)
	}
	return fmt.Sprintf("<_io.TextIOWrapper name=%d mode='%s' encoding='%s'>", f.name, f.mode, encoding)
}
func (f *File) Type() string          { return "file" }
func (f *File) Freeze()               {}
func (f *File) Truth() starlark.Bool  { return true }
func (f *File) Hash() (uint32, error) { return f.s.hash ^ 0x5f5f, nil }
func (f *File) PyClass() *py.Class {
	switch {
	case !f.binary:
		return textFileClass
	case !f.buffered:
		return rawFileClass
	case f.reading && f.writing:
		return pairFileClass
	case f.writing:
		return writerFileClass
	}
	return readerFileClass
}

type fileMethod func(f *File, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

var fileMethods = py.Table[string, fileMethod]{Build: func() map[string]fileMethod {
	return map[string]fileMethod{
		"read":      (*File).read,
		"readline":  (*File).readline,
		"readlines": (*File).readlines,
		"write":     (*File).write,
		"flush":     (*File).flush,
		"close":     (*File).close,
		"fileno": func(f *File, _ *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt(f.s.fileno()), nil
		},
		"readable": func(f *File, _ *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return starlark.Bool(f.reading), nil
		},
		"writable": func(f *File, _ *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return starlark.Bool(f.writing), nil
		},
	}
}}

func (f *File) Attr(name string) (starlark.Value, error) {
	switch name {
	case "closed":
		return starlark.Bool(f.closed), nil
	case "mode":
		return starlark.String(f.mode), nil
	}
	m, ok := fileMethods.Map()[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(f, thread, b, args, kwargs)
	}).BindReceiver(f), nil
}

func (f *File) AttrNames() []string {
	names := []string{"closed", "mode"}
	for name := range fileMethods.Map() {
		names = append(names, name)
	}
	return py.SortedKeys(names)
}

func (f *File) check(reading bool) error {
	if f.closed {
		return py.Errorf(py.ValueError, "I/O operation on closed file.")
	}
	if reading && !f.reading {
		return py.Errorf(py.OSError, "File not open for reading")
	}
	if !reading && !f.writing {
		return py.Errorf(py.OSError, "File not open for writing")
	}
	return nil
}

// fill reads more from the socket; it returns false at end of stream.
func (f *File) fill() (bool, error) {
	if f.eof {
		return false, nil
	}
	data, _, err := f.s.recvInto(8192, 0, "recv", nil)
	f.s.traceFile("recv", data, err)
	if err != nil {
		return false, err
	}
	if data == "" {
		f.eof = true
		return false, nil
	}
	f.rbuf = append(f.rbuf, data...)
	return true, nil
}

func (f *File) result(b []byte) (starlark.Value, error) {
	if f.binary {
		return starlark.Bytes(b), nil
	}
	v, err := py.Decode(string(b), f.encoding, f.errors)
	if err != nil {
		return nil, err
	}
	// Universal newlines, as text files read by default.
	return starlark.String(strings.ReplaceAll(string(v.(starlark.String)), "\r\n", "\n")), nil
}

func sizeOpt(v starlark.Value) (int, error) {
	if v == nil || v == starlark.None {
		return -1, nil
	}
	return sizeArg(v)
}

func (f *File) read(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sizeV starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &sizeV); err != nil {
		return nil, err
	}
	if err := f.check(true); err != nil {
		return nil, err
	}
	size, err := sizeOpt(sizeV)
	if err != nil {
		return nil, err
	}
	for size < 0 || len(f.rbuf) < size {
		more, err := f.fill()
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
	}
	n := len(f.rbuf)
	if size >= 0 && size < n {
		n = size
	}
	return f.result(f.take(n))
}

// take removes the first n buffered bytes and returns a copy of them.
func (f *File) take(n int) []byte {
	out := append([]byte(nil), f.rbuf[:n]...)
	f.rbuf = f.rbuf[n:]
	return out
}

func (f *File) nextLine(limit int) ([]byte, error) {
	for {
		if i := bytes.IndexByte(f.rbuf, '\n'); i >= 0 && (limit < 0 || i < limit) {
			return f.take(i + 1), nil
		}
		if limit >= 0 && len(f.rbuf) >= limit {
			return f.take(limit), nil
		}
		more, err := f.fill()
		if err != nil {
			return nil, err
		}
		if !more {
			line := f.rbuf
			f.rbuf = nil
			return line, nil
		}
	}
}

func (f *File) readline(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sizeV starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &sizeV); err != nil {
		return nil, err
	}
	if err := f.check(true); err != nil {
		return nil, err
	}
	size, err := sizeOpt(sizeV)
	if err != nil {
		return nil, err
	}
	line, err := f.nextLine(size)
	if err != nil {
		return nil, err
	}
	return f.result(line)
}

func (f *File) readlines(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var hintV starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &hintV); err != nil {
		return nil, err
	}
	if err := f.check(true); err != nil {
		return nil, err
	}
	var out []starlark.Value
	for {
		line, err := f.nextLine(-1)
		if err != nil {
			return nil, err
		}
		if len(line) == 0 {
			return starlark.NewList(out), nil
		}
		v, err := f.result(line)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
}

func (f *File) write(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &data); err != nil {
		return nil, err
	}
	if err := f.check(false); err != nil {
		return nil, err
	}
	var raw string
	var count int
	if f.binary {
		buf, err := py.AsBytes(data)
		if err != nil {
			return nil, err
		}
		raw, count = buf, len(buf)
	} else {
		s, ok := data.(starlark.String)
		if !ok {
			return nil, py.Errorf(py.TypeError, "write() argument must be str, not %s", py.TypeOf(data).Name())
		}
		enc, err := py.Encode(string(s), f.encoding, f.errors)
		if err != nil {
			return nil, err
		}
		raw, count = string(enc.(starlark.Bytes)), len([]rune(string(s)))
	}
	if !f.buffered {
		err := f.s.sendAll(raw, 0)
		f.s.traceFile("sendall", raw, err)
		if err != nil {
			return nil, err
		}
		return starlark.MakeInt(count), nil
	}
	f.wbuf = append(f.wbuf, raw...)
	if len(f.wbuf) >= 8192 {
		if err := f.doFlush(); err != nil {
			return nil, err
		}
	}
	return starlark.MakeInt(count), nil
}

func (f *File) doFlush() error {
	if len(f.wbuf) == 0 {
		return nil
	}
	buf := string(f.wbuf)
	f.wbuf = f.wbuf[:0]
	err := f.s.sendAll(buf, 0)
	f.s.traceFile("sendall", buf, err)
	return err
}

func (f *File) flush(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	if f.closed {
		return nil, py.Errorf(py.ValueError, "I/O operation on closed file.")
	}
	return starlark.None, f.doFlush()
}

// CloseFor closes the file at the end of a with statement.
func (f *File) CloseFor(thread *starlark.Thread) error {
	_, err := f.close(thread, closeBuiltin, nil, nil)
	return err
}

func (f *File) close(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	if f.closed {
		return starlark.None, nil
	}
	err := f.doFlush()
	f.closed = true
	f.s.p.FlushAtEnd(f, nil)
	f.s.mu.Lock()
	if f.s.ioRefs > 0 {
		f.s.ioRefs--
	}
	f.s.mu.Unlock()
	f.s.release()
	return starlark.None, err
}

// Step is next(f) and one turn of `for line in f`: the next line, or the
// end of the stream; an error (a reset connection, a timeout) is raised
// from the loop or the consumer, as CPython raises it.
func (f *File) Step(*starlark.Thread) (starlark.Value, bool, error) {
	if err := f.check(true); err != nil {
		return nil, false, err
	}
	line, err := f.nextLine(-1)
	if err != nil {
		return nil, false, err
	}
	if len(line) == 0 {
		return nil, false, nil
	}
	v, err := f.result(line)
	if err != nil {
		return nil, false, err
	}
	return v, true, nil
}

// SelfIterator: a file is its own iterator, iter(f) is f.
func (f *File) SelfIterator() bool { return true }

// Iterate yields lines until the end of the stream, driven by Starlark
// (list(f)); the error that ends it early is kept for TakeIterError.
func (f *File) Iterate() starlark.Iterator {
	return py.IterateStepper(f.s.p, f, func(err error) { f.iterErr = err })
}

// TakeIterError returns, and forgets, the error that ended an iteration.
func (f *File) TakeIterError() error {
	err := f.iterErr
	f.iterErr = nil
	return err
}
