package tempfile_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sockstar/runtime"
	"sockstar/runtime/pycompare"
	"sockstar/stdlib"
)

// The programs of testdata print what CPython prints.
func TestCPython(t *testing.T) {
	pycompare.RunDir(t, "testdata", stdlib.Modules())
}

// What a script leaves behind: a TemporaryDirectory it did not clean up
// and a NamedTemporaryFile it did not close are removed when the run ends,
// as CPython's finalizers remove them at exit; mkdtemp's directory and
// mkstemp's file stay, as they do there.
func TestRemovedAtEnd(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	script := filepath.Join(t.TempDir(), "leave.py")
	src := `import tempfile
d = tempfile.TemporaryDirectory()
open(d.name + "/inside", "w").write("x")
f = tempfile.NamedTemporaryFile("w")
f.write("unflushed")
t = tempfile.TemporaryFile()
kept = tempfile.mkdtemp(prefix="kept")
fd, path = tempfile.mkstemp(prefix="keptfile")
print(tempfile.gettempdir())
`
	if err := os.WriteFile(script, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := runtime.RunFile(context.Background(), script, runtime.Config{
		Modules: stdlib.Modules(),
		Argv:    []string{script},
		Stdout:  &stdout,
		Stderr:  &stderr,
	})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if got := strings.TrimSpace(stdout.String()); got != dir {
		t.Errorf("gettempdir() = %q, want $TMPDIR %q", got, dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	// mkstemp's file is keptfile + 8 random characters, mkdtemp's directory kept + 8.
	var files, dirs int
	for _, name := range names {
		switch {
		case strings.HasPrefix(name, "keptfile"):
			files++
		case strings.HasPrefix(name, "kept"):
			dirs++
		}
	}
	if len(names) != 2 || files != 1 || dirs != 1 {
		t.Errorf("left in $TMPDIR: %v, want only mkdtemp's and mkstemp's", names)
	}
}
