// Package assert is the module tests and checker roles write their checks
// with. A failed check raises AssertionError naming what differed.
//
//	assert.eq(got, want, msg=None)     got == want
//	assert.ne(got, other, msg=None)    got != other
//	assert.true(cond, msg=None)        cond is truthy
//	assert.contains(container, item)   item in container (substring for str/bytes)
//	assert.fails(fn, pattern, *args)   fn(*args) raises; str(class: message) matches pattern;
//	                                   returns the exception
package assert

import (
	"regexp"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"sockstar/runtime/py"
)

// Module is the assert module.
var Module = &py.Module{
	Name: "assert",
	Build: func() starlark.StringDict {
		return starlark.StringDict{
			"eq":       starlark.NewBuiltin("assert.eq", eq),
			"ne":       starlark.NewBuiltin("assert.ne", ne),
			"true":     starlark.NewBuiltin("assert.true", truth),
			"contains": starlark.NewBuiltin("assert.contains", contains),
			"fails":    starlark.NewBuiltin("assert.fails", fails),
		}
	},
}

func failure(msg starlark.Value, format string, args ...any) error {
	text := py.Errorf(py.AssertionError, format, args...)
	if s, ok := msg.(starlark.String); ok && s != "" {
		return py.Errorf(py.AssertionError, "%s: %s", string(s), py.Str(text.Args[0]))
	}
	return text
}

func eq(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var got, want, msg starlark.Value = nil, nil, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "got", &got, "want", &want, "msg?", &msg); err != nil {
		return nil, err
	}
	same, err := starlark.Equal(got, want)
	if err != nil {
		return nil, err
	}
	if !same {
		return nil, failure(msg, "%s != %s", py.Repr(got), py.Repr(want))
	}
	return starlark.None, nil
}

func ne(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var got, other, msg starlark.Value = nil, nil, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "got", &got, "other", &other, "msg?", &msg); err != nil {
		return nil, err
	}
	same, err := starlark.Equal(got, other)
	if err != nil {
		return nil, err
	}
	if same {
		return nil, failure(msg, "%s == %s", py.Repr(got), py.Repr(other))
	}
	return starlark.None, nil
}

func truth(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var cond, msg starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "cond", &cond, "msg?", &msg); err != nil {
		return nil, err
	}
	if !cond.Truth() {
		return nil, failure(msg, "%s is not true", py.Repr(cond))
	}
	return starlark.None, nil
}

func contains(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var container, item, msg starlark.Value = nil, nil, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "container", &container, "item", &item, "msg?", &msg); err != nil {
		return nil, err
	}
	found, err := starlark.Binary(syntax.IN, item, container)
	if err != nil {
		return nil, py.AsException(err)
	}
	if !found.Truth() {
		return nil, failure(msg, "%s not in %s", py.Repr(item), py.Repr(container))
	}
	return starlark.None, nil
}

func fails(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) < 2 {
		return nil, py.Errorf(py.TypeError, "assert.fails() needs a function and a pattern")
	}
	fn, pattern := args[0], args[1]
	pat, ok := pattern.(starlark.String)
	if !ok {
		return nil, py.Errorf(py.TypeError, "assert.fails(): pattern must be str, not %s", py.TypeOf(pattern).Name())
	}
	re, err := regexp.Compile(string(pat))
	if err != nil {
		return nil, py.Errorf(py.ValueError, "assert.fails(): bad pattern: %v", err)
	}
	_, callErr := starlark.Call(thread, fn, args[2:], kwargs)
	if callErr == nil {
		return nil, py.Errorf(py.AssertionError, "call did not fail; wanted an error matching %s", py.QuoteStr(string(pat)))
	}
	exc := py.AsException(callErr)
	text := exc.Error()
	if !re.MatchString(text) {
		return nil, py.Errorf(py.AssertionError, "error %s does not match %s", py.QuoteStr(strings.TrimSpace(text)), py.QuoteStr(string(pat)))
	}
	return exc, nil
}
