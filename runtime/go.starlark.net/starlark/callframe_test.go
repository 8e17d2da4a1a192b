package starlark_test

import (
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

// TestPanicThroughCallFrame checks that a built-in's panic, recovered by
// the client, leaves the thread's call stack as it was, though the
// interpreter's calls of built-ins and functions push frames without a
// deferred function: the next run on the thread sees only its own frames.
func TestPanicThroughCallFrame(t *testing.T) {
	var depth []int
	boom := starlark.NewBuiltin("boom", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		panic("boom")
	})
	stack := starlark.NewBuiltin("stack", func(thread *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		depth = append(depth, len(thread.CallStack()))
		return starlark.None, nil
	})
	predeclared := starlark.StringDict{"boom": boom, "stack": stack}
	thread := &starlark.Thread{}
	run := func(src string) (err error, panicked any) {
		defer func() { panicked = recover() }()
		_, err = starlark.ExecFile(thread, "panic.star", src, predeclared)
		return err, nil
	}

	// toplevel -> f -> g -> boom
	if _, p := run("def g():\n    boom()\ndef f():\n    g()\nf()\n"); p != "boom" {
		t.Fatalf("recovered %v, want the built-in's panic", p)
	}
	// toplevel -> f -> stack: three frames, none left from the panic.
	if err, p := run("def f():\n    stack()\nf()\n"); err != nil || p != nil {
		t.Fatalf("second run: %v, %v", err, p)
	}
	if len(depth) != 1 || depth[0] != 3 {
		t.Errorf("call stack depth in the second run = %v, want [3]", depth)
	}

	// An error's backtrace names the built-in's frame and its callers.
	err, _ := run("def f():\n    len(1)\nf()\n")
	bt := err.(*starlark.EvalError).Backtrace()
	for _, want := range []string{"panic.star:3:2: in <toplevel>", "panic.star:2:8: in f", "Error in len: len: value of type int has no len"} {
		if !strings.Contains(bt, want) {
			t.Errorf("backtrace lacks %q:\n%s", want, bt)
		}
	}
}
