package runtime

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// measuredLines compiles src and lists the lines of the calls of f it finds
// measured, sorted.
func measuredLines(t *testing.T, src string) []int {
	t.Helper()
	file, err := FileOptions.Parse("m.star", src, 0)
	require.NoError(t, err)
	_, err = starlark.FileProgram(file, func(name string) bool {
		return name == "f" || name == "d" || name == "print" || name == "len"
	})
	require.NoError(t, err)
	measured := measuredCalls(file)
	lines := []int{}
	syntax.Walk(file, func(n syntax.Node) bool {
		if call, ok := n.(*syntax.CallExpr); ok {
			if fn, ok := call.Fn.(*syntax.Ident); ok && fn.Name == "f" && measured[siteOf(call)] {
				lines = append(lines, int(call.Lparen.Line))
			}
		}
		return true
	})
	slices.Sort(lines)
	return lines
}

func TestMeasuredCalls(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  []string
		want []int
	}{
		{"only measured", []string{"x = f()", "if not x:", "  pass", "n = len(x) + 1", "y = x == b'q' or x != b'r'"}, []int{1}},
		{"loop", []string{"x = f()", "while x:", "  x = f()"}, []int{1, 3}},
		{"dropped", []string{"f()"}, []int{1}},
		{"len of call", []string{"n = len(f())"}, []int{1}},
		{"compared call", []string{"if f() == b'q':", "  pass"}, []int{1}},
		{"contains", []string{"x = f()", "y = b'a' in x"}, []int{1}},
		{"truth in a condition", []string{"x = f()", "y = 1 if x and len(x) > 2 else 0"}, []int{1}},
		{"or keeps an operand", []string{"y = f() or b''"}, []int{}},
		{"or keeps a variable", []string{"x = f()", "y = x or b''"}, []int{}},
		{"kept in a list", []string{"x = f()", "keep = [x]"}, []int{}},
		{"copied", []string{"x = f()", "y = x"}, []int{}},
		{"passed", []string{"x = f()", "print(x)"}, []int{}},
		{"method", []string{"x = f()", "y = x.decode()"}, []int{}},
		{"sliced", []string{"x = f()", "y = x[:3]"}, []int{}},
		{"augmented", []string{"x = f()", "x += b'a'"}, []int{}},
		{"iterated", []string{"x = f()", "for c in x:", "  pass"}, []int{}},
		{"asked about", []string{"x = f()", "y = x in d"}, []int{}},
		{"returned", []string{"def g():", "  x = f()", "  return x"}, []int{}},
		{"global read by a function", []string{"x = f()", "def g():", "  return len(x)"}, []int{}},
		{"captured", []string{"def g():", "  x = f()", "  h = lambda: len(x)", "  return len(x)"}, []int{}},
		{"default of a parameter", []string{"x = f()", "def g(y=x):", "  pass"}, []int{}},
		{"len of its own", []string{"def len(v):", "  return v", "x = f()", "n = len(x)"}, []int{}},
		{"local in a recursive function", []string{"def g(n):", "  x = f()", "  if n:", "    g(n - 1)", "  return len(x)"}, []int{2}},
		{"argument", []string{"y = len(f(f()))"}, []int{1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := measuredLines(t, strings.Join(tc.src, "\n")+"\n")
			assert.Equal(t, tc.want, got)
		})
	}
}
