package pyos_test

import (
	"os"
	"path/filepath"
	"testing"

	"sockstar/runtime/pycompare"
	"sockstar/runtime/startest"
	"sockstar/stdlib"
)

func TestScripts(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "victim.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "emptydir"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SOCKSTAR_OS_TMP", dir)
	t.Setenv("SOCKSTAR_OS_VAR", "hello world")
	startest.RunDir(t, "testdata", stdlib.Modules())
}

// The programs of testdata print what CPython prints.
func TestCPython(t *testing.T) {
	pycompare.RunDir(t, "testdata", stdlib.Modules())
}
