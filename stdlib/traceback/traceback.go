// Package traceback is Python's traceback module for the exception being
// handled: the one of the except (or finally) block the script is in, else
// the one it last caught with catch().
//
//	traceback.print_exc(limit=None, file=None, chain=True)  print it to sys.stderr or file
//	traceback.format_exc(limit=None, chain=True)            the same text as a str
//	traceback.print_exception(exc, file=None)               print a given exception's traceback
//	traceback.format_exception(exc)                         its lines, as a list of str
//
// With nothing caught they print "NoneType: None", as CPython does outside
// an except block. limit and chain are accepted and ignored.
package traceback

import (
	"io"
	"strings"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// Module is the traceback module.
var Module = &py.Module{
	Name: "traceback",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"print_exc":        starlark.NewBuiltin("print_exc", printExc),
			"format_exc":       starlark.NewBuiltin("format_exc", formatExc),
			"print_exception":  starlark.NewBuiltin("print_exception", printException),
			"format_exception": starlark.NewBuiltin("format_exception", formatException),
		}
	},
}

// noneText is what CPython prints when no exception is being handled.
const noneText = "NoneType: None\n"

// text is the report of one exception: its traceback, else its last line.
func text(p *host.Process, exc *py.Exception) string {
	if exc == nil {
		return noneText
	}
	if exc.TB != nil {
		return py.FormatException(p, exc)
	}
	if exc.Trace != "" {
		return exc.Trace
	}
	return exc.Error() + "\n"
}

// last is the exception being handled, or the one the script caught most
// recently with catch(), or nil.
func last(thread *starlark.Thread) *py.Exception {
	if exc := py.Handled(thread); exc != nil {
		return exc
	}
	err := host.Of(thread).LastError()
	if err == nil {
		return nil
	}
	return py.AsException(err)
}

// write prints s to file, or to the run's stderr when file is None.
func write(thread *starlark.Thread, file starlark.Value, s string) error {
	if file == nil || file == starlark.None {
		io.WriteString(host.Of(thread).Stderr, s)
		return nil
	}
	w, err := py.GetAttr(file, "write")
	if err != nil {
		return err
	}
	_, err = starlark.Call(thread, w, starlark.Tuple{starlark.String(s)}, nil)
	return err
}

func printExc(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var limit, file, chain starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "limit?", &limit, "file?", &file, "chain?", &chain); err != nil {
		return nil, err
	}
	if err := write(thread, file, text(host.Of(thread), last(thread))); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

func formatExc(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var limit, chain starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "limit?", &limit, "chain?", &chain); err != nil {
		return nil, err
	}
	return starlark.String(text(host.Of(thread), last(thread))), nil
}

// exceptionArg reads the exception argument of print_exception and
// format_exception; None stands for no exception.
func exceptionArg(v starlark.Value) (*py.Exception, error) {
	switch v := v.(type) {
	case *py.Exception:
		return v, nil
	case starlark.NoneType:
		return nil, nil
	}
	return nil, py.Errorf(py.TypeError, "Exception expected for value, %s found", py.TypeOf(v).Name())
}

func printException(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var exc, limit, file, chain starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "exc", &exc, "limit?", &limit, "file?", &file, "chain?", &chain); err != nil {
		return nil, err
	}
	e, err := exceptionArg(exc)
	if err != nil {
		return nil, err
	}
	if err := write(thread, file, text(host.Of(thread), e)); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

func formatException(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var exc, limit, chain starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "exc", &exc, "limit?", &limit, "chain?", &chain); err != nil {
		return nil, err
	}
	e, err := exceptionArg(exc)
	if err != nil {
		return nil, err
	}
	var out []starlark.Value
	for _, chunk := range chunks(text(host.Of(thread), e)) {
		out = append(out, starlark.String(chunk))
	}
	return starlark.NewList(out), nil
}

// chunks splits a report as CPython's format_exception does: the header,
// one string per frame (its File line with the source under it), then the
// exception line.
func chunks(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	var out []string
	for _, line := range lines {
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "    ") && len(out) > 0 && strings.HasPrefix(out[len(out)-1], "  File ") {
			out[len(out)-1] += line
			continue
		}
		out = append(out, line)
	}
	return out
}
