package runtime

import (
	"testing"

	"sockstar/runtime/py"
)

// FuzzCompile: whatever text a script holds, compiling it gives a program
// or an error that names a line, never a Go panic. The seeds run in every
// go test; go test -fuzz=FuzzCompile ./runtime looks further.
func FuzzCompile(f *testing.F) {
	for _, seed := range []string{
		"print('hi')\n",
		"try:\n    x = 1\nexcept (A, B) as e:\n    raise X from e\nelse:\n    pass\nfinally:\n    y = 2\n",
		"class A(B, metaclass=M):\n    @property\n    def f(self) -> int: return self.x\n",
		"with open('f') as a, b as c:\n    x: int = 1\n",
		"def g():\n    global q\n    nonlocal r\n    del q\n",
		"x = 1; import os\nif x: from a import (b,\n c)\n",
		"f'{x!r:>{w}}' 'a' b'c'\n",
		"a = b = c = [i for i in range(3) if i is not None]\n",
		"s = {1, 2} | {x for x in y}\nprint(*a, **k)\n",
		"\"\"\"doc\n\"\"\"\nx = '''\nimport z\n'''\n",
		"lambda: (yield)\n",
		"if a:\nelse:\n",
		"x = \"\\xe9\\351\" % (1,)\n",
	} {
		f.Add(seed)
	}
	modules := map[string]*py.Module{}
	f.Fuzz(func(t *testing.T, src string) {
		Compile("fuzz.py", []byte(src), modules)
	})
}
