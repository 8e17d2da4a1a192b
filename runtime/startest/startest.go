// Package startest runs .star test files as Go subtests: each file is a
// script that checks with the assert module; it passes when it exits 0.
package startest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"sockstar/runtime"
	"sockstar/runtime/py"
)

// Timeout bounds one test file, so a script that never returns fails.
const Timeout = 60 * time.Second

// RunDir runs every *.star file under dir (sorted) as a subtest.
func RunDir(t *testing.T, dir string, modules map[string]*py.Module) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.star"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no .star files in %s", dir)
	}
	sort.Strings(files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			RunFile(t, file, modules)
		})
	}
}

// RunFile runs one test script and fails t with its stderr if it fails.
func RunFile(t *testing.T, file string, modules map[string]*py.Module) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := runtime.Compile(file, src, modules)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := prog.Run(ctx, runtime.Config{
		Modules: modules,
		Argv:    []string{file},
		Stdout:  &stdout,
		Stderr:  &stderr,
	})
	if code != 0 {
		t.Fatalf("%s exited %d\nstdout:\n%s\nstderr:\n%s", file, code, stdout.String(), stderr.String())
	}
}
