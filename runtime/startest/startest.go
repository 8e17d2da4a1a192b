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
	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// Timeout bounds one test file, so a script that never returns fails.
const Timeout = 60 * time.Second

// MainInZone is a TestMain that runs m's tests with zone as the local
// zone, so that what they print does not depend on the machine's.
func MainInZone(m *testing.M, zone string) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		panic(err)
	}
	time.Local = loc
	os.Exit(m.Run())
}

// RunDir runs every *.star file under dir (sorted) as a subtest.
func RunDir(t *testing.T, dir string, modules map[string]*py.Module) {
	t.Helper()
	RunGlob(t, filepath.Join(dir, "*.star"), modules, nil)
}

// RunGlob runs the .star files matching pattern (sorted) as subtests;
// setup, if not nil, runs on each script's process before it starts, to
// install per-run hooks (an offline resolver, fakes).
func RunGlob(t *testing.T, pattern string, modules map[string]*py.Module, setup func(p *host.Process)) {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no files match %s", pattern)
	}
	sort.Strings(files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			RunFileWith(t, file, modules, setup)
		})
	}
}

// RunFile runs one test script and fails t with its stderr if it fails.
func RunFile(t *testing.T, file string, modules map[string]*py.Module) {
	t.Helper()
	RunFileWith(t, file, modules, nil)
}

// RunFileWith is RunFile with setup run on the script's process first.
func RunFileWith(t *testing.T, file string, modules map[string]*py.Module, setup func(p *host.Process)) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, file, src, modules, setup, nil)
	if r.Code != 0 {
		t.Fatalf("%s exited %d\nstdout:\n%s\nstderr:\n%s", file, r.Code, r.Stdout, r.Stderr)
	}
}

// Result is what one run of a script left.
type Result struct {
	Code           int
	Stdout, Stderr string
}

// Source runs src as the script file, with argv as its sys.argv (just file
// when none is given), and gives what it left; a compile error fails t.
func Source(t testing.TB, file, src string, modules map[string]*py.Module, argv ...string) Result {
	t.Helper()
	return run(t, file, []byte(src), modules, nil, argv)
}

// MustSource is Source for a script that must succeed: it fails t unless
// the script exits 0, and returns what it printed.
func MustSource(t testing.TB, file, src string, modules map[string]*py.Module) (stdout, stderr string) {
	t.Helper()
	r := Source(t, file, src, modules)
	if r.Code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", r.Code, r.Stderr)
	}
	return r.Stdout, r.Stderr
}

// run compiles and runs one script, bounded by Timeout.
func run(t testing.TB, file string, src []byte, modules map[string]*py.Module, setup func(p *host.Process), argv []string) Result {
	t.Helper()
	prog, err := runtime.Compile(file, src, modules)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	if len(argv) == 0 {
		argv = []string{file}
	}
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := prog.Run(ctx, runtime.Config{
		Modules: modules,
		Argv:    argv,
		Stdout:  &stdout,
		Stderr:  &stderr,
		Setup:   setup,
	})
	return Result{Code: code, Stdout: stdout.String(), Stderr: stderr.String()}
}
