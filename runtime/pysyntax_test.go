package runtime

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRewritePythonisms(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"if x is None:", "if x == None:"},
		{"if x is not None:", "if x !=     None:"},
		{"ok = a is b", "ok = a == b"},
		{"s = ' '.join(str(v) for v in l)", "s = ' '.join([str(v) for v in l])"},
		{"n = sum(x * x for x in l)", "n = sum([x * x for x in l])"},
		{"g = (x for x in l)", "g = ([x for x in l])"},
		{"l = [x for x in (1, 2)]", "l = [x for x in (1, 2)]"},
		{"sorted((y for y in l), reverse=True)", "sorted(([y for y in l]), reverse=True)"},
		{"a = b = 0", "b = 0; a = b"},
		{"a = b = c = f(x, k=1)", "c = f(x, k=1); b = c; a = c"},
		{"d['k'] = e = 5", "e = 5; d['k'] = e"},
		{"f(a=1, b=2)", "f(a=1, b=2)"},
		{"def f(a=1, b=2): pass", "def f(a=1, b=2): pass"},
		{"x == y", "x == y"},
		{"s = 'a is b = c = d for x in y'", "s = 'a is b = c = d for x in y'"},
		{"s = 1  # a = b = c is None", "s = 1  # a = b = c is None"},
		{"t = \"\"\"is\na = b = c\"\"\"", "t = \"\"\"is\na = b = c\"\"\""},
		{"x = rb'is' if y is None else 2", "x = rb'is' if y == None else 2"},
		{"del clients[sock]", "__sx_delitem(clients, sock)"},
		{"    del d[k][j]", "    __sx_delitem(d[k], j)"},
		{"del l[f(1, 2)]; x = 1", "__sx_delitem(l, f(1, 2)); x = 1"},
		{"if k in d: del d[k]", "if k in d: __sx_delitem(d, k)"},
		{"del x", "del x"},
		{"if 0 <= port <= 65535:", "if (0 <= port and port <= 65535):"},
		{"ok = lo < f(x, y) < hi and z", "ok = (lo < f(x, y) and f(x, y) < hi) and z"},
		{"l = [a for a in r if 1 < a <= 3]", "l = [a for a in r if (1 < a and a <= 3)]"},
		{"if a < b:", "if a < b:"},
		{"x = a < b == c < d", "x = (a < b and b == c and c < d)"},
		{"f(1 < x < 2, y)", "f((1 < x and x < 2), y)"},
		{"n = 2 ** 10", "n = pow(2, 10)"},
		{"n = -x.y[1] ** -2 + 1", "n = -pow(x.y[1], -2) + 1"},
		{"n = a ** b ** c", "n = pow(a, pow(b, c))"},
		{"n = f(x) ** (a + 1)", "n = pow(f(x), (a + 1))"},
		{"f(*args, **kwargs)", "f(*args, **kwargs)"},
		{"def f(**kw): pass", "def f(**kw): pass"},
		{"print(a, *words, sep='|')", "print(a, sep='|', *words)"},
		{"f(*a, k=g(1, 2), **kw)", "f(k=g(1, 2), *a, **kw)"},
		{"f(*a, b)", "f(*a, b)"},
		{"f(a, k=1)", "f(a, k=1)"},
	} {
		assert.Equal(t, tc.want, rewritePythonisms(tc.in), tc.in)
	}
}

func TestRewritePythonismsKeepsLines(t *testing.T) {
	src := "a = b = 0\nif a is not None:\n    print(sum(x for x in\n        [1, 2]))\n"
	out := rewritePythonisms(src)
	assert.Equal(t, strings.Count(src, "\n"), strings.Count(out, "\n"))
}

// Python that sockstar does not run is named, at its line, before anything runs.
func TestUnsupportedPython(t *testing.T) {
	for src, want := range map[string]string{
		"def g():\n    yield 1\n":      "t.py:2:5: 'yield' (a generator) is Python syntax sockstar does not have",
		"async def f():\n    pass\n":   "t.py:1:1: 'async' is Python syntax sockstar does not have",
		"x = 1\ndel x\n":               "t.py:2:1: 'del' of a name is Python syntax sockstar does not have",
		"match x:\n    case 1: pass\n": "t.py:1:1: 'match' is Python syntax sockstar does not have",
		"__sx_retval(1)\n":             "t.py:1:1: names starting with __sx_ are reserved by sockstar",
	} {
		_, err := Compile("t.py", []byte(src), nil)
		if assert.Error(t, err, src) {
			assert.Contains(t, err.Error(), want, src)
			if !strings.Contains(src, "__sx_") {
				assert.Contains(t, err.Error(), `"What is left to port"`, src)
			}
		}
	}
	for _, ok := range []string{"match = 3\nprint(match)\n", "d = {1: 2}\ndel d[1]\n", "x = [1]\nx.append(2)\n"} {
		_, err := Compile("t.py", []byte(ok), nil)
		assert.NoError(t, err, ok)
	}
}
