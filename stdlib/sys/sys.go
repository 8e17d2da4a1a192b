// Package sys is Python's sys module as a script sees it: argv, exit, the
// standard streams, byteorder and platform.
//
//	sys.argv                 list of str: the script's path, then its arguments
//	sys.exit(code=None)      raise SystemExit(code)
//	sys.exc_info()           (type, value, None) of the exception being handled, or three Nones
//	sys.stdout.write(s)      also flush(), fileno(), isatty()
//	sys.stderr.write(s)
//	sys.stdin.readline()     also read(), readlines(), iteration
//	sys.byteorder, sys.platform, sys.maxsize, sys.version, sys.version_info
//	sys.getdefaultencoding()  'utf-8'
package sys

import (
	"io"
	"strings"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// Module is the sys module.
var Module = &py.Module{
	Name: "sys",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"exit":      starlark.NewBuiltin("sys.exit", exit),
			"exc_info":  starlark.NewBuiltin("sys.exc_info", excInfo),
			"byteorder": starlark.String("little"),
			"platform":  starlark.String("linux"),
			"maxsize":   starlark.MakeInt64(1<<63 - 1),
			"version":   starlark.String("3.11.7 (sockstar)"),
			"version_info": starlark.Tuple{
				starlark.MakeInt(3), starlark.MakeInt(11), starlark.MakeInt(7), starlark.String("final"), starlark.MakeInt(0),
			},
			"getdefaultencoding": starlark.NewBuiltin("sys.getdefaultencoding", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
				return starlark.String("utf-8"), nil
			}),
		}
	},
	DynamicNames: []string{"argv", "stdin", "stdout", "stderr"},
	PerRun: func(p *host.Process) starlark.StringDict {
		argv := make([]starlark.Value, len(p.Argv))
		for i, a := range p.Argv {
			argv[i] = starlark.String(a)
		}
		return starlark.StringDict{
			"argv":   starlark.NewList(argv),
			"stdin":  &Stream{name: "<stdin>", fd: 0, p: p},
			"stdout": &Stream{name: "<stdout>", fd: 1, w: p.Stdout, p: p},
			"stderr": &Stream{name: "<stderr>", fd: 2, w: p.Stderr, p: p},
		}
	},
}

func exit(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var code starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &code); err != nil {
		return nil, err
	}
	return nil, py.New(py.SystemExit, code)
}

// Stream is one of the standard text streams of a run.
type Stream struct {
	name string
	fd   int
	w    io.Writer // nil for stdin
	p    *host.Process
}

var (
	_ starlark.HasAttrs = (*Stream)(nil)
	_ starlark.Iterable = (*Stream)(nil)
)

var streamClass = py.DeclareClass("_io", "TextIOWrapper", &py.Object, nil)

func (s *Stream) String() string {
	mode := "w"
	if s.w == nil {
		mode = "r"
	}
	return "<_io.TextIOWrapper name='" + s.name + "' mode='" + mode + "' encoding='utf-8'>"
}
func (s *Stream) Type() string               { return "TextIOWrapper" }
func (s *Stream) Freeze()                    {}
func (s *Stream) Truth() starlark.Bool       { return true }
func (s *Stream) Hash() (uint32, error)      { return uint32(s.fd), nil }
func (s *Stream) PyClass() *py.Class         { return streamClass }
func (s *Stream) PyRepr() string             { return s.String() }
func (s *Stream) Iterate() starlark.Iterator { return &lineIter{s: s} }

type streamMethod = func(s *Stream, thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

var streamMethods = py.Table[string, streamMethod]{Build: func() map[string]streamMethod {
	return map[string]streamMethod{
		"write": (*Stream).write,
		"flush": func(*Stream, *starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		},
		"fileno": func(s *Stream, _ *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt(s.fd), nil
		},
		"isatty": func(*Stream, *starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.False, nil
		},
		"readline":  (*Stream).readline,
		"read":      (*Stream).read,
		"readlines": (*Stream).readlines,
	}
}}

func (s *Stream) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(s.name), nil
	case "encoding":
		return starlark.String("utf-8"), nil
	}
	m, ok := streamMethods.Map()[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m(s, thread, b, args, kwargs)
	}), nil
}

func (s *Stream) AttrNames() []string {
	return []string{"encoding", "fileno", "flush", "isatty", "name", "read", "readline", "readlines", "write"}
}

func (s *Stream) notReadable(op string) error {
	if s.w == nil {
		return py.Errorf(py.OSError, "not writable")
	}
	return py.Errorf(py.OSError, "not readable")
}

func (s *Stream) write(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var text starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &text); err != nil {
		return nil, err
	}
	str, ok := text.(starlark.String)
	if !ok {
		return nil, py.Errorf(py.TypeError, "write() argument must be str, not %s", py.TypeOf(text).Name())
	}
	if s.w == nil {
		return nil, s.notReadable("write")
	}
	io.WriteString(s.w, string(str))
	return starlark.MakeInt(len([]rune(string(str)))), nil
}

func (s *Stream) readline(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	if s.w != nil {
		return nil, s.notReadable("readline")
	}
	line, err := s.p.ReadLine()
	if err == io.EOF {
		return starlark.String(""), nil
	}
	if err != nil {
		return nil, err
	}
	return starlark.String(line), nil
}

func (s *Stream) readAll(thread *starlark.Thread) ([]string, error) {
	var lines []string
	for {
		line, err := s.p.ReadLine()
		if err == io.EOF {
			return lines, nil
		}
		if err != nil {
			return nil, err
		}
		lines = append(lines, line)
	}
}

func (s *Stream) read(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	if s.w != nil {
		return nil, s.notReadable("read")
	}
	lines, err := s.readAll(thread)
	if err != nil {
		return nil, err
	}
	return starlark.String(strings.Join(lines, "")), nil
}

func (s *Stream) readlines(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	if s.w != nil {
		return nil, s.notReadable("readlines")
	}
	lines, err := s.readAll(thread)
	if err != nil {
		return nil, err
	}
	out := make([]starlark.Value, len(lines))
	for i, l := range lines {
		out[i] = starlark.String(l)
	}
	return starlark.NewList(out), nil
}

// lineIter is `for line in sys.stdin`: one line a step until end of input.
type lineIter struct {
	s *Stream
}

func (it *lineIter) Next(v *starlark.Value) bool {
	if it.s.w != nil {
		return false
	}
	line, err := it.s.p.ReadLine()
	if err != nil {
		return false
	}
	*v = starlark.String(line)
	return true
}
func (it *lineIter) Done() {}

func excInfo(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	exc := py.Handled(thread)
	if exc == nil {
		return starlark.Tuple{starlark.None, starlark.None, starlark.None}, nil
	}
	return starlark.Tuple{exc.Class, exc, starlark.None}, nil
}
