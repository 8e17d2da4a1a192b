package runtime_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

	"sockstar/runtime"
	"sockstar/stdlib"
)

func TestNeedsMore(t *testing.T) {
	for src, want := range map[string]bool{
		"x = 1\n":               false,
		"if x:\n":               true,
		"if x:\n    pass\n":     true,
		"if x:\n    pass\n\n":   false,
		"f(1,\n":                true,
		"f(1,\n2)\n":            false,
		"s = '''a\n":            true,
		"s = '''a\nb'''\n":      false,
		"x = 1 + \\\n":          true,
		"@dec\n":                true,
		"class C:  # a class\n": true,
		"print('if x:')\n":      false,
		"":                      false,
	} {
		assert.Equal(t, want, runtime.NeedsMore(src), "%q", src)
	}
}

// A session's inputs see what the earlier ones made; an expression's value
// is printed and kept in _; errors are reported and the session goes on.
func TestSession(t *testing.T) {
	var out, errOut bytes.Buffer
	mods := stdlib.Modules()
	s := runtime.NewSession(context.Background(), runtime.Config{Modules: mods, Argv: []string{""}, Stdout: &out, Stderr: &errOut})
	for _, in := range []string{
		"import socket\n",
		"x = 40\n",
		"x + 2\n",
		"_ * 2\n",
		"def double(n):\n    return 2 * n\n\n",
		"double(x)\n",
		"None\n",
		"try:\n    y = 1 / 0\nexcept ZeroDivisionError as e:\n    print('caught', e)\n\n",
		"undefined_name\n",
		"a, b = socket.socketpair()\n",
		"a.sendall(b'hi')\n",
		"b.recv(2)\n",
		"class P:\n    def __repr__(self):\n        return 'P()'\n\n",
		"P()\n",
		"print(\"still\", x)\n",
		"import sys; sys.exit(3)\n",
		"print('not run')\n",
	} {
		s.Exec(in)
	}
	code := s.Close()
	assert.Equal(t, 3, code)
	assert.Equal(t, "42\n84\n80\ncaught division by zero\nb'hi'\nP()\nstill 40\n", out.String())
	assert.Contains(t, errOut.String(), "NameError: name 'undefined_name' is not defined\n")
}
