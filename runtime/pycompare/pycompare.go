// Package pycompare runs Python programs under CPython and under sockstar
// and checks that both print the same thing: stdout, stderr (tracebacks
// included) and the exit status. It is the test harness for everything
// whose reference is CPython's behaviour.
//
// A program NAME.py runs with its directory as the working directory and
// `NAME.py` as sys.argv[0]. Its first lines may say how to run it:
//
//	# argv: one two      extra arguments (split on spaces)
//	# stdin: NAME.in     a file fed to standard input
//
// CPython 3.11 underlines the failing expression in a traceback (^^^^ and
// ~~~ lines); sockstar does not, so those lines are dropped before comparing.
package pycompare

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"sockstar/runtime"
	"sockstar/runtime/py"
)

// Timeout bounds one program under each interpreter.
const Timeout = 60 * time.Second

// Outcome is what one run of a program left.
type Outcome struct {
	Code   int
	Stdout string
	Stderr string
}

// RunDir compares every *.py file in dir, each as a subtest.
func RunDir(t *testing.T, dir string, modules map[string]*py.Module) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.py"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no *.py files in %s", dir)
	}
	sort.Strings(files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			Compare(t, file, modules)
		})
	}
}

// Compare runs one program under both interpreters and fails t where they differ.
func Compare(t *testing.T, file string, modules map[string]*py.Module) {
	t.Helper()
	CompareWith(t, file, modules, nil)
}

// CompareWith is Compare with sockstar's run set up by configure (nil:
// as sockstar run would): on a simulated network, say.
func CompareWith(t *testing.T, file string, modules map[string]*py.Module, configure func(*runtime.Config)) {
	t.Helper()
	want := CPython(t, file)
	got := SockstarWith(t, file, modules, configure)
	if want.Code != got.Code {
		t.Errorf("exit status: CPython %d, sockstar %d", want.Code, got.Code)
	}
	if want.Stdout != got.Stdout {
		t.Errorf("stdout differs\n--- CPython\n%s--- sockstar\n%s", want.Stdout, got.Stdout)
	}
	if want.Stderr != got.Stderr {
		t.Errorf("stderr differs\n--- CPython\n%s--- sockstar\n%s", want.Stderr, got.Stderr)
	}
}

// header reads the "# argv:" and "# stdin:" lines of a program.
func header(t *testing.T, file string) (args []string, stdin []byte) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.SplitN(string(src), "\n", 4) {
		if v, ok := strings.CutPrefix(line, "# argv:"); ok {
			args = strings.Fields(v)
		}
		if v, ok := strings.CutPrefix(line, "# stdin:"); ok {
			stdin, err = os.ReadFile(filepath.Join(filepath.Dir(file), strings.TrimSpace(v)))
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return args, stdin
}

// CPython runs file under python3; the test is skipped where there is none.
func CPython(t *testing.T, file string) Outcome {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	args, stdin := header(t, file)
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "python3", append([]string{filepath.Base(file)}, args...)...)
	cmd.Dir = filepath.Dir(file)
	cmd.Env = append(os.Environ(), "PYTHONHASHSEED=0", "PYTHONDONTWRITEBYTECODE=1", "PYTHONIOENCODING=utf-8")
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("python3 %s did not end in %v", file, Timeout)
	}
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("python3 %s: %v", file, err)
	}
	// CPython names the main script by its absolute path; sockstar by the path it was given.
	abs, err := filepath.Abs(cmd.Dir)
	if err != nil {
		t.Fatal(err)
	}
	errText := strings.ReplaceAll(stderr.String(), `File "`+abs+"/", `File "`)
	return Outcome{Code: cmd.ProcessState.ExitCode(), Stdout: stdout.String(), Stderr: dropCarets(errText)}
}

// Sockstar runs file in this process, as `sockstar run` would from its directory.
func Sockstar(t *testing.T, file string, modules map[string]*py.Module) Outcome {
	t.Helper()
	return SockstarWith(t, file, modules, nil)
}

// SockstarWith is Sockstar with the run set up by configure (nil: none).
func SockstarWith(t *testing.T, file string, modules map[string]*py.Module, configure func(*runtime.Config)) Outcome {
	t.Helper()
	args, stdin := header(t, file)
	dir, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	name := filepath.Base(file)
	cfg := runtime.Config{
		Modules: modules,
		Argv:    append([]string{name}, args...),
		Stdin:   bytes.NewReader(stdin),
		Stdout:  &stdout,
		Stderr:  &stderr,
	}
	if configure != nil {
		configure(&cfg)
	}
	code := runtime.RunFile(ctx, name, cfg)
	if ctx.Err() != nil {
		t.Fatalf("sockstar %s did not end in %v", file, Timeout)
	}
	return Outcome{Code: code, Stdout: stdout.String(), Stderr: stderr.String()}
}

// dropCarets removes the lines of only ^ and ~ that CPython 3.11 prints
// under the failing expression of a traceback.
func dropCarets(s string) string {
	lines := strings.SplitAfter(s, "\n")
	out := lines[:0]
	for _, line := range lines {
		body := strings.TrimSpace(line)
		if body != "" && strings.Trim(body, "^~") == "" {
			continue
		}
		out = append(out, line)
	}
	return strings.Join(out, "")
}
