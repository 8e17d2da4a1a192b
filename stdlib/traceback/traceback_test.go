package traceback_test

import (
	"strings"
	"testing"

	"sockstar/runtime/startest"
	"sockstar/stdlib"
)

func TestScripts(t *testing.T) {
	startest.RunDir(t, "testdata", stdlib.Modules())
}

// run runs src as t.star and fails t unless it exits 0.
func run(t *testing.T, src string) (stdout, stderr string) {
	t.Helper()
	return startest.MustSource(t, "t.star", src, stdlib.Modules())
}

// print_exc goes to the run's stderr, as Python's does.
func TestPrintExcToStderr(t *testing.T) {
	stdout, stderr := run(t, `import traceback
traceback.print_exc()
def f():
    return 1 // 0
r, err = catch(f)
traceback.print_exc()
print("after")
`)
	head := "NoneType: None\nTraceback (most recent call last):\n"
	tail := `  File "t.star", line 4, in f
    return 1 // 0
ZeroDivisionError: integer division or modulo by zero
`
	if !strings.HasPrefix(stderr, head) || !strings.HasSuffix(stderr, tail) {
		t.Errorf("stderr:\n%s\nwant %q ... %q", stderr, head, tail)
	}
	if stdout != "after\n" {
		t.Errorf("stdout = %q", stdout)
	}
}

// Each run has its own last exception.
func TestRunsDoNotShare(t *testing.T) {
	run(t, "r, err = catch(lambda: 1 // 0)\n")
	_, stderr := run(t, "import traceback\ntraceback.print_exc()\n")
	if stderr != "NoneType: None\n" {
		t.Errorf("a new run reported %q", stderr)
	}
}
