package runtime

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// helpersUsed compiles src and reports whether its comparisons and +=
// needed the rewriter's helpers.
func helpersUsed(t *testing.T, src string) (compare, iadd bool) {
	t.Helper()
	prog, err := Compile("n.py", []byte(src), nil)
	require.NoError(t, err)
	_, compare = prog.predeclared["__sx_eq"]
	if _, lt := prog.predeclared["__sx_lt"]; lt {
		compare = true
	}
	_, iadd = prog.predeclared["__sx_iadd"]
	return compare, iadd
}

// Variables that only ever hold numbers keep Starlark's own comparisons
// and +=; anything that may be bytes, a bytearray or a set gets the helpers.
func TestNumbersKeepStarlarkOperators(t *testing.T) {
	for _, tc := range []struct {
		name          string
		src           string
		compare, iadd bool
	}{
		{"counting loop", "i = 0\nn = 10\nt = 0\nwhile i < n:\n    t += i * 2\n    i += 1\nprint(t == n)\n", false, false},
		{"range loop", "t = 0\nfor i in range(5):\n    if i == 3:\n        t += i\n", false, false},
		{"len and int", "x = b''\nk = int('3')\nprint(len(x) == k)\n", false, false},
		{"literals", "x = b''\nprint(x == None, x != 'a', 0 < len(x))\n", false, false},
		{"function locals", "def f(a):\n    n = 0\n    while n < 3:\n        n += 1\n    return n\n", false, false},
		{"bytes literal", "x = bytearray()\nprint(x == b'')\n", true, false},
		{"unknown names", "def f(a, b):\n    return a == b\n", true, false},
		{"parameter +=", "def f(buf, data):\n    buf += data\n", false, true},
		{"reassigned", "x = 0\nx = b'a'\nprint(x == x)\n", true, false},
		{"unpacked", "a, b = 1, 2\nprint(a == b)\n", true, false},
		{"loop over a list", "for x in [1, 2]:\n    print(x == x)\n", true, false},
		{"list *", "n = 3 * [0]\nprint(n == n)\n", true, false},
		{"depends on a non-number", "y = b''\nx = 0\nx += len(y)\nz = x\nz += y\nprint(z == z)\n", true, true},
		{"cell in try", "n = 0\ntry:\n    n += 1\nexcept ValueError:\n    pass\nprint(n < 2)\n", false, false},
		{"shadowed len", "def len(x):\n    return x\nk = len(b'')\nprint(k == k)\n", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			compare, iadd := helpersUsed(t, tc.src)
			assert.Equal(t, tc.compare, compare, "comparison helper")
			assert.Equal(t, tc.iadd, iadd, "+= helper")
		})
	}
}
