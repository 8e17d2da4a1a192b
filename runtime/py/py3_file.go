package py

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/hostfs"
	"sockstar/runtime/linux"
)

// open() and the file objects it returns: text (TextIOWrapper) and binary
// (BufferedReader, BufferedWriter, BufferedRandom) files on the kernel's
// descriptors, buffered as CPython's io buffers them, and closed, their
// writes flushed, when the run ends.

// The classes of file objects, as type() names them.
var (
	TextIOWrapperType  = &Class{name: "TextIOWrapper", module: "_io", base: Object}
	BufferedReaderType = &Class{name: "BufferedReader", module: "_io", base: Object}
	BufferedWriterType = &Class{name: "BufferedWriter", module: "_io", base: Object}
	BufferedRandomType = &Class{name: "BufferedRandom", module: "_io", base: Object}
)

// unsupportedOperation is io.UnsupportedOperation, an OSError and a
// ValueError at once; built on first use, as its MRO needs computing.
var unsupportedOperation struct {
	once sync.Once
	c    *Class
}

// UnsupportedOperation is io.UnsupportedOperation.
func UnsupportedOperation() *Class {
	unsupportedOperation.once.Do(func() {
		// The bases are fixed: a consistent MRO always exists.
		unsupportedOperation.c, _ = NewLibraryClass("io", "UnsupportedOperation", []*Class{OSError, ValueError}, nil)
	})
	return unsupportedOperation.c
}

// chunkSize is how much a file reads from the kernel at a time, as
// CPython's buffers and TextIOWrapper do.
const chunkSize = 8192

// File is a file object of open().
type File struct {
	p        *host.Process
	fd       int
	name     starlark.Value
	mode     string // as .mode shows it
	text     bool
	reading  bool
	writing  bool
	encoding starlark.Value // what the script gave; nil for the default
	errors   starlark.Value
	newline  starlark.Value // None, or "", "\n", "\r", "\r\n"
	rbuf     []byte         // read from the kernel, not yet consumed (text: not yet decoded)
	tbuf     string         // text mode: decoded, newlines untranslated, not yet returned
	eof      bool
	wbuf     []byte
	closed   bool
	// fdGone says the descriptor was closed: the run's end may close a file
	// while a script thread closes it too, and a second close(2) would
	// close whatever took the number in between.
	fdGone atomic.Bool
	// iterErr is an error a Starlark-driven iteration (list(f)) met.
	iterErr error
}

var (
	_ Stepper           = (*File)(nil)
	_ Closer            = (*File)(nil)
	_ starlark.HasAttrs = (*File)(nil)
	_ Typed             = (*File)(nil)
	_ host.Resource     = (*File)(nil)
)

// openMode is what a mode string of open() says.
type openMode struct {
	creating, reading, writing, appending, updating, text, binary bool
}

func parseMode(mode string) (openMode, error) {
	var m openMode
	seen := map[rune]bool{}
	for _, c := range mode {
		if !strings.ContainsRune("axrwb+t", c) || seen[c] {
			return m, Errorf(ValueError, "invalid mode: %s", QuoteStr(mode))
		}
		seen[c] = true
	}
	m = openMode{creating: seen['x'], reading: seen['r'], writing: seen['w'], appending: seen['a'],
		updating: seen['+'], text: seen['t'], binary: seen['b']}
	if m.text && m.binary {
		return m, Errorf(ValueError, "can't have text and binary mode at once")
	}
	n := 0
	for _, b := range []bool{m.creating, m.reading, m.writing, m.appending} {
		if b {
			n++
		}
	}
	if n > 1 {
		return m, Errorf(ValueError, "must have exactly one of create/read/write/append mode")
	}
	if n == 0 {
		return m, Errorf(ValueError, "Must have exactly one of create/read/write/append mode and at most one plus")
	}
	return m, nil
}

// rawMode is FileIO's mode string, which a binary file shows.
func (m openMode) rawMode() string {
	switch {
	case m.creating:
		return map[bool]string{false: "xb", true: "xb+"}[m.updating]
	case m.appending:
		return map[bool]string{false: "ab", true: "ab+"}[m.updating]
	case m.reading || m.updating:
		return map[bool]string{false: "rb", true: "rb+"}[m.updating]
	}
	return "wb"
}

// builtinOpen is open(file, mode='r', buffering=-1, encoding=None,
// errors=None, newline=None, closefd=True, opener=None). A path is relative
// to the process's working directory.
func builtinOpen(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var file, modeV starlark.Value
	var buffering = -1
	var encoding, errorsV, newline, closefd, opener starlark.Value = starlark.None, starlark.None, starlark.None, starlark.True, starlark.None
	modeV = starlark.String("r")
	if err := starlark.UnpackArgs("open", args, kwargs, "file", &file, "mode?", &modeV, "buffering?", &buffering,
		"encoding?", &encoding, "errors?", &errorsV, "newline?", &newline, "closefd?", &closefd, "opener?", &opener); err != nil {
		return nil, err
	}
	var path string
	fromFD := -1
	switch f := file.(type) {
	case starlark.String:
		path = string(f)
	case starlark.Bytes:
		path = string(f)
	case starlark.Int:
		// Only a descriptor the script holds as a number (os.open,
		// tempfile.mkstemp): the others belong to sockets and files.
		n, ok := f.Int64()
		if !ok || !ownsFD(host.Of(thread), int(n)) {
			return nil, Errorf(OSError, "sockstar: open() of a file descriptor is not supported, except one from os.open() or tempfile.mkstemp()")
		}
		fromFD = int(n)
	default:
		return nil, Errorf(TypeError, "expected str, bytes or os.PathLike object, not %s", TypeOf(file).Name())
	}
	mode, ok := modeV.(starlark.String)
	if !ok {
		return nil, Errorf(TypeError, "open() argument 'mode' must be str, not %s", TypeOf(modeV).Name())
	}
	for _, x := range []struct {
		v    starlark.Value
		name string
	}{{encoding, "encoding"}, {errorsV, "errors"}, {newline, "newline"}} {
		if _, isStr := x.v.(starlark.String); !isStr && x.v != starlark.None {
			return nil, Errorf(TypeError, "open() argument '%s' must be str or None, not %s", x.name, TypeOf(x.v).Name())
		}
	}
	if opener != starlark.None || closefd != starlark.True {
		return nil, Errorf(ValueError, "sockstar: open() supports neither opener nor closefd")
	}
	m, err := parseMode(string(mode))
	if err != nil {
		return nil, err
	}
	if m.binary {
		for _, x := range []struct {
			v    starlark.Value
			name string
		}{{encoding, "an encoding"}, {errorsV, "an errors"}, {newline, "a newline"}} {
			if x.v != starlark.None {
				return nil, Errorf(ValueError, "binary mode doesn't take %s argument", x.name)
			}
		}
	}
	if strings.IndexByte(path, 0) >= 0 {
		return nil, Errorf(ValueError, "embedded null byte")
	}
	flags := linux.O_CLOEXEC
	switch {
	case m.updating:
		flags |= linux.O_RDWR
	case m.reading:
		flags |= linux.O_RDONLY
	default:
		flags |= linux.O_WRONLY
	}
	switch {
	case m.creating:
		flags |= linux.O_CREAT | linux.O_EXCL
	case m.writing:
		flags |= linux.O_CREAT | linux.O_TRUNC
	case m.appending:
		flags |= linux.O_CREAT | linux.O_APPEND
	}
	fd := fromFD
	if fd >= 0 {
		// The file owns it from here: closing the file closes it.
		takeFD(host.Of(thread), fd)
	} else if fd, err = openFile(host.Of(thread), path, flags); err != nil {
		exc := errnoError(err).(*Exception)
		exc.Filename = file
		return nil, exc
	}
	f := &File{p: host.Of(thread), fd: fd, name: file, reading: m.reading || m.updating,
		writing: !m.reading || m.updating, text: !m.binary}
	// The checks CPython makes once the file is open: it is closed again.
	fail := func(err error) (starlark.Value, error) {
		hostfs.Close(fd)
		return nil, err
	}
	if st, err := hostfs.Fstat(fd); err == nil && st.IsDir() {
		exc := FromErrno(linux.EISDIR)
		exc.Filename = file
		return fail(exc)
	}
	if f.text {
		if buffering == 0 {
			return fail(Errorf(ValueError, "can't have unbuffered text I/O"))
		}
		if encoding != starlark.None {
			if _, err := codecName(encoding); err != nil {
				return fail(err)
			}
			f.encoding = encoding
		}
		if _, err := errorsMode(errorsV); err != nil && errorsV != starlark.None {
			return fail(err)
		}
		f.errors = errorsV
		if s, ok := newline.(starlark.String); ok {
			switch s {
			case "", "\n", "\r", "\r\n":
			default:
				return fail(Errorf(ValueError, "illegal newline value: %s", string(s)))
			}
		}
		f.newline = newline
		f.mode = string(mode)
	} else {
		f.mode = m.rawMode()
	}
	if m.appending {
		// FileIO starts an appending file at its end, where tell() finds it.
		if _, err := hostfs.Seek(fd, 0, 2); err != nil && err != linux.ESPIPE {
			return fail(errnoError(err))
		}
	}
	if !f.p.Track(f) {
		return fail(f.p.Cause())
	}
	return f, nil
}

// openFile is open(2), tried again when a signal interrupts it.
func openFile(p *host.Process, path string, flags int) (int, error) {
	path, err := p.FilePath(path, flags&(linux.O_WRONLY|linux.O_RDWR|linux.O_CREAT|linux.O_TRUNC|linux.O_APPEND) != 0, true)
	if err != nil {
		return -1, err
	}
	for {
		fd, err := hostfs.Open(path, flags, 0o666)
		if err != linux.EINTR {
			return fd, err
		}
	}
}

func (f *File) class() *Class {
	switch {
	case f.text:
		return TextIOWrapperType
	case f.reading && f.writing:
		return BufferedRandomType
	case f.reading:
		return BufferedReaderType
	}
	return BufferedWriterType
}

func (f *File) encodingName() string {
	if f.encoding == nil {
		return "UTF-8" // the locale's, in CPython's UTF-8 mode
	}
	return string(f.encoding.(starlark.String))
}

func (f *File) String() string {
	if f.text {
		return fmt.Sprintf("<_io.TextIOWrapper name=%s mode=%s encoding=%s>", Repr(f.name), QuoteStr(f.mode), QuoteStr(f.encodingName()))
	}
	return fmt.Sprintf("<_io.%s name=%s>", f.class().name, Repr(f.name))
}
func (f *File) Type() string         { return f.class().name }
func (f *File) Freeze()              {}
func (f *File) Truth() starlark.Bool { return true }
func (f *File) Hash() (uint32, error) {
	return hashString(fmt.Sprintf("%p", f)), nil
}
func (f *File) PyClass() *Class    { return f.class() }
func (f *File) SelfIterator() bool { return true }

// Interrupt has nothing to wake: a file's calls do not block on a peer.
func (f *File) Interrupt() {}

// Close flushes and closes the file; the run calls it for a file the
// script left open, as CPython's finalizer does at exit.
func (f *File) Close() error {
	if f.closed {
		return nil
	}
	err := f.flushBuf()
	f.closed = true
	if f.fdGone.CompareAndSwap(false, true) {
		hostfs.Close(f.fd)
	}
	f.rbuf, f.tbuf, f.wbuf = nil, "", nil
	return err
}

// CloseFor closes the file at the end of a with statement.
func (f *File) CloseFor(*starlark.Thread) error {
	if f.closed {
		return nil
	}
	f.p.Untrack(f)
	return f.Close()
}

func errClosed() error { return Errorf(ValueError, "I/O operation on closed file.") }

func (f *File) checkRead() error {
	if f.closed {
		return errClosed()
	}
	if !f.reading {
		if f.text {
			return Errorf(UnsupportedOperation(), "not readable")
		}
		return Errorf(UnsupportedOperation(), "read")
	}
	return f.flushBuf()
}

func (f *File) checkWrite() error {
	if f.closed {
		return errClosed()
	}
	if !f.writing {
		if f.text {
			return Errorf(UnsupportedOperation(), "not writable")
		}
		return Errorf(UnsupportedOperation(), "write")
	}
	return nil
}

// errnoError is the exception for an error of a file call (runtime/hostfs):
// the errno's, or an OSError saying what the host said where no Linux
// errno stands for it.
func errnoError(err error) error {
	if errno, ok := err.(syscall.Errno); ok {
		return FromErrno(errno)
	}
	if err != nil {
		return Errorf(OSError, "%s", err)
	}
	return nil
}

// rawRead reads up to n bytes from the kernel; none at the end of the file.
func (f *File) rawRead(n int) ([]byte, error) {
	buf := make([]byte, n)
	for {
		k, err := hostfs.Read(f.fd, buf)
		if err == linux.EINTR {
			continue
		}
		if err != nil {
			return nil, errnoError(err)
		}
		return buf[:k], nil
	}
}

// fill reads one more chunk (all that is left when all is set); it returns
// false at the end of the file. Text is decoded as it comes: a character
// cut in two by the chunk's end waits for the next chunk.
func (f *File) fill(all bool) (bool, error) {
	if f.eof {
		return false, nil
	}
	var data []byte
	for {
		chunk, err := f.rawRead(chunkSize)
		if err != nil {
			return false, err
		}
		if len(chunk) == 0 {
			f.eof = true
			break
		}
		data = append(data, chunk...)
		if !all {
			break
		}
	}
	if !f.text {
		f.rbuf = append(f.rbuf, data...)
		return len(data) > 0, nil
	}
	raw := append(f.rbuf, data...)
	cut := len(raw)
	if !f.eof {
		cut -= incompleteTail(raw)
	}
	s, err := Decode(string(raw[:cut]), f.encoding, f.errors)
	if err != nil {
		return false, err
	}
	f.rbuf = append([]byte(nil), raw[cut:]...)
	f.tbuf += string(s.(starlark.String))
	return len(data) > 0, nil
}

// incompleteTail is how many bytes at the end of b begin a UTF-8 character
// that the next read completes.
func incompleteTail(b []byte) int {
	for k := 1; k <= 3 && k <= len(b); k++ {
		c := b[len(b)-k]
		if c < 0x80 {
			return 0
		}
		if c >= 0xC0 {
			if utf8.FullRune(b[len(b)-k:]) {
				return 0
			}
			return k
		}
	}
	return 0
}

// translating reports whether text reads turn \r\n and \r into \n.
func (f *File) translating() bool { return f.newline == starlark.None }

// takeText returns up to n characters (n < 0: all) of text, newlines
// translated as the file's newline says, stopping after a line's end when
// line is set.
func (f *File) takeText(n int, line bool) (string, error) {
	if n < 0 && !line {
		if _, err := f.fill(true); err != nil {
			return "", err
		}
		s := f.tbuf
		f.tbuf = ""
		if f.translating() {
			s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
		}
		return s, nil
	}
	nl := ""
	if s, ok := f.newline.(starlark.String); ok {
		nl = string(s)
	}
	var out strings.Builder
	count, i := 0, 0
	for n < 0 || count < n {
		if i >= len(f.tbuf) || f.tbuf[i] == '\r' && i+1 >= len(f.tbuf) && !f.eof {
			// More text is needed, or the character after a \r.
			f.tbuf = f.tbuf[i:]
			i = 0
			more, err := f.fill(false)
			if err != nil {
				return out.String(), err
			}
			if !more && len(f.tbuf) == 0 {
				break
			}
			if !more && !f.eof {
				break
			}
			continue
		}
		if line && nl != "\r" && nl != "\r\n" {
			// A line that ends at a \n with no \r before it is taken at once.
			if j := strings.IndexByte(f.tbuf[i:], '\n'); j >= 0 {
				seg := f.tbuf[i : i+j+1]
				if (nl == "\n" || strings.IndexByte(seg, '\r') < 0) && (n < 0 || utf8.RuneCountInString(seg) <= n-count) {
					out.WriteString(seg)
					i += j + 1
					break
				}
			}
		}
		c := f.tbuf[i]
		switch {
		case c == '\r' && (f.translating() || nl == "" || nl == "\r\n"):
			crlf := i+1 < len(f.tbuf) && f.tbuf[i+1] == '\n'
			switch {
			case f.translating():
				out.WriteByte('\n')
				count++
			case crlf:
				out.WriteString("\r\n")
				count += 2
			default:
				out.WriteByte('\r')
				count++
			}
			i++
			if crlf {
				i++
			}
			if line && (crlf || nl != "\r\n") {
				goto done
			}
			continue
		case c == '\n':
			out.WriteByte('\n')
			i++
			count++
			if line && nl != "\r" && nl != "\r\n" {
				goto done
			}
			continue
		case c == '\r' && nl == "\r":
			out.WriteByte('\r')
			i++
			count++
			if line {
				goto done
			}
			continue
		}
		_, size := utf8.DecodeRuneInString(f.tbuf[i:])
		out.WriteString(f.tbuf[i : i+size])
		i += size
		count++
	}
done:
	f.tbuf = f.tbuf[i:]
	return out.String(), nil
}

// binaryLine takes up to n bytes (n < 0: no limit) up to and including a \n.
func (f *File) binaryLine(n int) ([]byte, error) {
	for {
		if i := indexByte(f.rbuf, '\n'); i >= 0 && (n < 0 || i < n) {
			return f.take(i + 1), nil
		}
		if n >= 0 && len(f.rbuf) >= n {
			return f.take(n), nil
		}
		more, err := f.fill(false)
		if err != nil {
			return nil, err
		}
		if !more {
			return f.take(len(f.rbuf)), nil
		}
	}
}

func indexByte(b []byte, c byte) int { return bytes.IndexByte(b, c) }

// take removes the first n buffered bytes and returns them.
func (f *File) take(n int) []byte {
	out := append([]byte(nil), f.rbuf[:n]...)
	f.rbuf = f.rbuf[n:]
	return out
}

// readLine is readline(-1) for either kind; "" at the end of the file.
func (f *File) readLine(limit int) (starlark.Value, error) {
	if f.text {
		s, err := f.takeText(limit, true)
		if err != nil {
			return nil, err
		}
		return starlark.String(s), nil
	}
	b, err := f.binaryLine(limit)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(b), nil
}

// Step is next(f) and one turn of `for line in f`.
func (f *File) Step(*starlark.Thread) (starlark.Value, bool, error) {
	if f.closed {
		return nil, false, errClosed()
	}
	if err := f.checkRead(); err != nil {
		return nil, false, err
	}
	v, err := f.readLine(-1)
	if err != nil {
		return nil, false, err
	}
	if starlark.Len(v) == 0 {
		return nil, false, nil
	}
	return v, true, nil
}

func (f *File) Iterate() starlark.Iterator {
	return IterateStepper(f.p, f, func(err error) { f.iterErr = err })
}

func (f *File) TakeIterError() error {
	err := f.iterErr
	f.iterErr = nil
	return err
}

// IterCheck is what iter(f) checks first.
func (f *File) IterCheck() error {
	if f.closed {
		return errClosed()
	}
	return nil
}

// unread drops what was read ahead, moving the kernel's position back to
// where the script is, before a write or a seek.
func (f *File) unread() error {
	ahead := int64(len(f.rbuf))
	if f.text {
		ahead += f.encodedLen(f.tbuf)
	}
	f.rbuf, f.tbuf, f.eof = nil, "", false
	if ahead == 0 {
		return nil
	}
	_, err := hostfs.Seek(f.fd, -ahead, 1)
	return errnoError(err)
}

// encodedLen is how many bytes of the file text decoded from.
func (f *File) encodedLen(s string) int64 {
	codec, _ := codecName(f.encoding)
	if codec == "utf-8" {
		return int64(len(s))
	}
	return int64(utf8.RuneCountInString(s))
}

// flushBuf writes the buffered writes to the kernel.
func (f *File) flushBuf() error {
	for len(f.wbuf) > 0 {
		n, err := hostfs.Write(f.fd, f.wbuf)
		if err == linux.EINTR {
			continue
		}
		if err != nil {
			f.wbuf = f.wbuf[:0]
			return errnoError(err)
		}
		f.wbuf = f.wbuf[n:]
	}
	f.wbuf = nil
	return nil
}

func (f *File) write(data starlark.Value) (starlark.Value, error) {
	if err := f.checkWrite(); err != nil {
		return nil, err
	}
	var raw string
	var count int
	if f.text {
		s, ok := data.(starlark.String)
		if !ok {
			return nil, Errorf(TypeError, "write() argument must be str, not %s", TypeOf(data).Name())
		}
		text := string(s)
		if nl, ok := f.newline.(starlark.String); ok && (nl == "\r" || nl == "\r\n") {
			text = strings.ReplaceAll(text, "\n", string(nl))
		}
		enc, err := Encode(text, f.encoding, f.errors)
		if err != nil {
			return nil, err
		}
		raw, count = string(enc.(starlark.Bytes)), utf8.RuneCountInString(string(s))
	} else {
		b, err := AsBytes(data)
		if err != nil {
			return nil, err
		}
		raw, count = b, len(b)
	}
	if f.text {
		// TextIOWrapper drops what it read ahead without moving back: the
		// write lands where the last chunk read left the file.
		f.rbuf, f.tbuf, f.eof = nil, "", false
	} else if len(f.rbuf) > 0 {
		if err := f.unread(); err != nil {
			return nil, err
		}
	}
	f.wbuf = append(f.wbuf, raw...)
	if len(f.wbuf) >= chunkSize {
		if err := f.flushBuf(); err != nil {
			return nil, err
		}
	}
	return starlark.MakeInt(count), nil
}

// readArg unpacks the one optional positional argument of read, readline
// and readlines (def when absent) as sizeArg does, then checks that f
// can be read.
func (f *File) readArg(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, def starlark.Value, noneOK bool) (int, error) {
	v := def
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &v); err != nil {
		return 0, err
	}
	n, err := sizeArg(v, noneOK)
	if err != nil {
		return 0, err
	}
	if err := f.checkRead(); err != nil {
		return 0, err
	}
	return n, nil
}

// sizeArg reads a size argument: an int, or None for no limit (-1).
func sizeArg(v starlark.Value, noneOK bool) (int, error) {
	switch x := v.(type) {
	case starlark.NoneType:
		if noneOK {
			return -1, nil
		}
	case starlark.Int, starlark.Bool:
		n, err := asIndex(x)
		if err != nil {
			return 0, err
		}
		return n, nil
	}
	if noneOK {
		return 0, Errorf(TypeError, "argument should be integer or None, not '%s'", TypeOf(v).Name())
	}
	return 0, Errorf(TypeError, "'%s' object cannot be interpreted as an integer", TypeOf(v).Name())
}

type fileMethod = func(f *File, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

var fileMethods = Table[string, fileMethod]{Build: func() map[string]fileMethod {
	noArgs := func(fn func(f *File) (starlark.Value, error)) fileMethod {
		return func(f *File, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			return fn(f)
		}
	}
	return map[string]fileMethod{
		"read":      (*File).read,
		"readline":  (*File).readline,
		"readlines": (*File).readlines,
		"write": func(f *File, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var data starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &data); err != nil {
				return nil, err
			}
			return f.write(data)
		},
		"writelines": func(f *File, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var lines starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &lines); err != nil {
				return nil, err
			}
			if f.closed {
				return nil, errClosed()
			}
			err := iterate(lines, func(x starlark.Value) error {
				_, err := f.write(x)
				return err
			})
			return starlark.None, err
		},
		"close": noArgs(func(f *File) (starlark.Value, error) { return starlark.None, f.CloseFor(nil) }),
		"flush": noArgs(func(f *File) (starlark.Value, error) {
			if f.closed {
				return nil, Errorf(ValueError, "flush of closed file")
			}
			return starlark.None, f.flushBuf()
		}),
		"fileno": noArgs(func(f *File) (starlark.Value, error) {
			if f.closed {
				return nil, Errorf(ValueError, "I/O operation on closed file")
			}
			return starlark.MakeInt(f.fd), nil
		}),
		"isatty": noArgs(func(f *File) (starlark.Value, error) {
			if f.closed {
				return nil, Errorf(ValueError, "I/O operation on closed file")
			}
			return starlark.Bool(hostfs.IsTerminal(f.fd)), nil
		}),
		"readable": noArgs(func(f *File) (starlark.Value, error) { return starlark.Bool(f.reading && !f.closed), nil }),
		"writable": noArgs(func(f *File) (starlark.Value, error) { return starlark.Bool(f.writing && !f.closed), nil }),
		"seekable": noArgs(func(f *File) (starlark.Value, error) {
			if f.closed {
				return nil, Errorf(ValueError, "I/O operation on closed file")
			}
			_, err := hostfs.Seek(f.fd, 0, 1)
			return starlark.Bool(err == nil), nil
		}),
		"tell": noArgs(func(f *File) (starlark.Value, error) {
			if f.closed {
				return nil, errClosed()
			}
			pos, err := f.tell()
			return starlark.MakeInt64(pos), err
		}),
		"seek":     (*File).seek,
		"truncate": (*File).truncate,
	}
}}

// tell is where the script is in the file: the kernel's position less what
// was read ahead, plus what waits to be written.
func (f *File) tell() (int64, error) {
	if err := f.flushBuf(); err != nil {
		return 0, err
	}
	pos, err := hostfs.Seek(f.fd, 0, 1)
	if err != nil {
		return 0, errnoError(err)
	}
	pos -= int64(len(f.rbuf))
	if f.text {
		pos -= f.encodedLen(f.tbuf)
	}
	return pos, nil
}

func (f *File) read(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	size, err := f.readArg(b, args, kwargs, starlark.None, true)
	if err != nil {
		return nil, err
	}
	if f.text {
		s, err := f.takeText(size, false)
		if err != nil {
			return nil, err
		}
		return starlark.String(s), nil
	}
	if size < 0 {
		if _, err := f.fill(true); err != nil {
			return nil, err
		}
		return starlark.Bytes(f.take(len(f.rbuf))), nil
	}
	for len(f.rbuf) < size {
		more, err := f.fill(false)
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
	}
	return starlark.Bytes(f.take(min(size, len(f.rbuf)))), nil
}

func (f *File) readline(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	size, err := f.readArg(b, args, kwargs, starlark.MakeInt(-1), !f.text)
	if err != nil {
		return nil, err
	}
	return f.readLine(size)
}

func (f *File) readlines(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	hint, err := f.readArg(b, args, kwargs, starlark.None, true)
	if err != nil {
		return nil, err
	}
	var out []starlark.Value
	total := 0
	for {
		v, err := f.readLine(-1)
		if err != nil {
			return nil, err
		}
		n := starlark.Len(v)
		if n == 0 {
			break
		}
		out = append(out, v)
		total += n
		if hint > 0 && total >= hint {
			break
		}
	}
	return starlark.NewList(out), nil
}

func (f *File) seek(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var offV starlark.Value
	whence := 0
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &offV, &whence); err != nil {
		return nil, err
	}
	off, err := intArg(offV)
	if err != nil {
		return nil, err
	}
	if !off.IsInt64() {
		return nil, Errorf(OverflowError, "Python int too large to convert to C long")
	}
	if f.closed {
		return nil, errClosed()
	}
	offset := off.Int64()
	if f.text {
		switch {
		case whence == 1 && offset != 0:
			return nil, Errorf(UnsupportedOperation(), "can't do nonzero cur-relative seeks")
		case whence == 2 && offset != 0:
			return nil, Errorf(UnsupportedOperation(), "can't do nonzero end-relative seeks")
		case whence < 0 || whence > 2:
			return nil, Errorf(ValueError, "invalid whence (%d, should be 0, 1 or 2)", whence)
		case whence == 0 && offset < 0:
			return nil, Errorf(ValueError, "negative seek position %d", offset)
		}
	}
	if err := f.flushBuf(); err != nil {
		return nil, err
	}
	if whence == 1 {
		// Relative to where the script is, not to what was read ahead.
		pos, err := f.tell()
		if err != nil {
			return nil, err
		}
		offset, whence = pos+offset, 0
	}
	f.rbuf, f.tbuf, f.eof = nil, "", false
	pos, err := hostfs.Seek(f.fd, offset, whence)
	if err != nil {
		return nil, errnoError(err)
	}
	return starlark.MakeInt64(pos), nil
}

func (f *File) truncate(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sizeV starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &sizeV); err != nil {
		return nil, err
	}
	if err := f.checkWrite(); err != nil {
		return nil, err
	}
	pos, err := f.tell()
	if err != nil {
		return nil, err
	}
	if sizeV != starlark.None {
		n, err := intArg(sizeV)
		if err != nil {
			return nil, err
		}
		pos = n.Int64()
	}
	if err := f.unread(); err != nil {
		return nil, err
	}
	if err := hostfs.Ftruncate(f.fd, pos); err != nil {
		return nil, errnoError(err)
	}
	return starlark.MakeInt64(pos), nil
}

func (f *File) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return f.name, nil
	case "mode":
		return starlark.String(f.mode), nil
	case "closed":
		return starlark.Bool(f.closed), nil
	case "encoding":
		if f.text {
			return starlark.String(f.encodingName()), nil
		}
	case "errors":
		if f.text {
			if f.errors == starlark.None {
				return starlark.String("strict"), nil
			}
			return f.errors, nil
		}
	}
	m, ok := fileMethods.Map()[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(f.class().name+"."+name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(f, b, args, kwargs)
	}).BindReceiver(f), nil
}

func (f *File) AttrNames() []string {
	names := []string{"closed", "mode", "name"}
	if f.text {
		names = append(names, "encoding", "errors")
	}
	for name := range fileMethods.Map() {
		names = append(names, name)
	}
	return SortedKeys(names)
}
