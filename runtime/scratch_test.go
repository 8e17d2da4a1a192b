package runtime_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.starlark.net/starlark"

	"sockstar/runtime"
	"sockstar/runtime/host"
	"sockstar/runtime/py"
	"sockstar/stdlib"
)

// probeModule has take(n, c): n bytes of value c, made in the call's scratch
// when it has one; scratched counts those calls.
func probeModule(scratched *int) *py.Module {
	take := func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var n, c int
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &n, &c); err != nil {
			return nil, err
		}
		buf := host.Scratch(thread, n)
		if buf == nil {
			buf = make([]byte, n)
		} else {
			*scratched++
		}
		for i := range buf {
			buf[i] = byte(c)
		}
		return starlark.Bytes(unsafe.String(&buf[0], n)), nil
	}
	return &py.Module{Name: "probe", Build: func() starlark.StringDict {
		return starlark.StringDict{"take": starlark.NewBuiltin("take", take)}
	}}
}

// runProbe runs src with the probe module beside the standard ones, checks
// that it ends well printing only "ok", and returns how many take calls
// were made in scratch memory.
func runProbe(t *testing.T, src string) int {
	t.Helper()
	scratched := 0
	modules := map[string]*py.Module{"probe": probeModule(&scratched)}
	for name, m := range stdlib.Modules() {
		modules[name] = m
	}
	prog, err := runtime.Compile("probe.star", []byte(src), modules)
	require.NoError(t, err)
	var out, errOut bytes.Buffer
	code := prog.Run(context.Background(), runtime.Config{
		Modules: modules, Argv: []string{"probe.star"},
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
	})
	assert.Equal(t, runtime.ExitOK, code, errOut.String())
	assert.Equal(t, "ok\n", out.String())
	return scratched
}

// A result made in scratch memory reads as its own value wherever the script
// looks at it: through recursion, loops and kept results alike.
func TestScratchResults(t *testing.T) {
	src := strings.Join([]string{
		"import probe",
		"def rec(c):",
		"    x = probe.take(16, c)", // one buffer per depth: the outer x survives the inner calls
		"    if c < 3:",
		"        rec(c + 1)",
		"    if x != bytes([c]) * 16:",
		"        print('depth', c, 'overwritten')",
		"rec(1)",
		"for c in range(3):",
		"    y = probe.take(8, c)",
		"    if len(y) != 8 or y != bytes([c]) * 8:",
		"        print('loop', c, 'wrong')",
		"kept = []",
		"for c in range(3):",
		"    kept.append(probe.take(8, c))", // kept: fresh memory every time
		"for c in range(3):",
		"    if kept[c] != bytes([c]) * 8:",
		"        print('kept', c, 'overwritten')",
		"z = probe.take(4, 9)",
		"w = probe.take(4, 10)", // another site: z stays
		"if z != bytes([9]) * 4 or w != bytes([10]) * 4:",
		"    print('sites share a buffer')",
		"print('ok')",
	}, "\n") + "\n"
	scratched := runProbe(t, src)
	assert.Equal(t, 3+3+2, scratched, "calls made in scratch memory")
}

// Scratch memory is bounded per run (16 MiB): a deep recursion gets fresh
// memory past it, and a thread gives its share back when it ends.
func TestScratchBudget(t *testing.T) {
	src := strings.Join([]string{
		"import probe",
		"import threading",
		"def worker(c):",
		"    y = probe.take(1048576, c)",
		"    if len(y) != 1048576:",
		"        print('short')",
		"for c in range(20):", // one at a time: each ends before the next takes its MiB
		"    t = threading.Thread(target=worker, args=(c,))",
		"    t.start()",
		"    t.join()",
		"def rec(c):",
		"    x = probe.take(1048576, c)",
		"    if c < 19:",
		"        rec(c + 1)",
		"    if x != bytes([c]) * 1048576:",
		"        print('depth', c, 'overwritten')",
		"rec(0)",
		"print('ok')",
	}, "\n") + "\n"
	scratched := runProbe(t, src)
	assert.Equal(t, 20+16, scratched, "20 threads in turn, then 16 of the 20 depths")
}
