package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sockstar-cli")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "sockstar")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type outcome struct {
	code           int
	stdout, stderr string
}

func sockstar(t *testing.T, stdin string, args ...string) outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = "testdata"
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return outcome{code, out.String(), errOut.String()}
}

func TestRunPrintsAndExitsZero(t *testing.T) {
	r := sockstar(t, "", "run", "hello.star", "one", "two")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "hello ['hello.star', 'one', 'two'] b'HELLO' ('127.0.0.1', 8080)\n", r.stdout)
}

func TestExitStatusFromSysExit(t *testing.T) {
	r := sockstar(t, "", "run", "exit3.star")
	assert.Equal(t, 3, r.code)
	assert.Equal(t, "before\n", r.stdout)
}

func TestUncaughtErrorPrintsTraceback(t *testing.T) {
	r := sockstar(t, "", "run", "sendstr.star")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, `Traceback (most recent call last):
  File "sendstr.star", line 8, in <module>
    handle(a)
  File "sendstr.star", line 5, in handle
    conn.send('not bytes')
TypeError: a bytes-like object is required, not 'str'
`, r.stderr)
}

func TestSyntaxErrorExitsTwoBeforeRunning(t *testing.T) {
	r := sockstar(t, "", "run", "syntax.star")
	assert.Equal(t, 2, r.code)
	assert.Empty(t, r.stdout, "nothing runs when the file does not compile")
	assert.Regexp(t, `^syntax.star:\d+:\d+: `, r.stderr)
}

func TestMissingFile(t *testing.T) {
	r := sockstar(t, "", "run", "nope.star")
	assert.Equal(t, 2, r.code)
	assert.Equal(t, "sockstar: error: can't open file 'nope.star': [Errno 2] No such file or directory\n", r.stderr)
}

func TestUsageErrors(t *testing.T) {
	r := sockstar(t, "")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "usage: sockstar")
	r = sockstar(t, "", "frobnicate")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "sockstar: error: unknown command \"frobnicate\"")
	assert.Contains(t, r.stderr, "sockstar: hint:")
	r = sockstar(t, "", "run")
	assert.Equal(t, 2, r.code)
}

func TestInputFromStdin(t *testing.T) {
	r := sockstar(t, "hello\n\nworld\n", "run", "upper.star")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, ">>: HELLO\n>>: >>: WORLD\n>>: bye\n", r.stdout)
}

// TestInterruptEndsBlockedScript sends SIGINT once the script says it is
// about to block, and expects Python's KeyboardInterrupt traceback, then death
// by SIGINT (a shell's $? is 130), within a second.
func TestInterruptEndsBlockedScript(t *testing.T) {
	for _, script := range []string{"block_accept.star", "block_recv.star", "block_input.star", "block_sleep.star"} {
		t.Run(script, func(t *testing.T) {
			cmd, stdout, errOut := startInTestdata(t, []string{binary, "run", script})
			line, err := stdout.ReadString('\n')
			require.NoError(t, err)
			require.Equal(t, "ready\n", line)
			go io.Copy(io.Discard, stdout)
			require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				var ee *exec.ExitError
				require.ErrorAs(t, err, &ee)
				status := ee.Sys().(syscall.WaitStatus)
				assert.True(t, status.Signaled() && status.Signal() == syscall.SIGINT, "want death by SIGINT as CPython, got %v", status)
				assert.Contains(t, errOut.String(), "Traceback (most recent call last):")
				assert.True(t, strings.HasSuffix(errOut.String(), "KeyboardInterrupt\n"), errOut.String())
			case <-time.After(time.Second):
				cmd.Process.Kill()
				t.Fatal("sockstar did not exit within one second of SIGINT")
			}
		})
	}
}

// TestInterruptCaught sends SIGINT to a script blocked in each kind of wait
// (and in a busy loop), which catches KeyboardInterrupt and goes on using
// its sockets; it must print what CPython prints, and end normally.
func TestInterruptCaught(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	for _, how := range []string{"recv", "accept", "sleep", "input", "select", "selectors", "loop"} {
		t.Run(how, func(t *testing.T) {
			var got [2]outcome
			for i, argv := range [][]string{{"python3", "-u", "catch_interrupt.py", how}, {binary, "run", "catch_interrupt.py", how}} {
				got[i] = interrupted(t, argv)
			}
			assert.Equal(t, got[0], got[1])
			assert.Equal(t, 0, got[1].code)
			assert.Equal(t, "ready\nCaught keyboard interrupt, exiting\nfinally\nb'still here'\n", got[1].stdout)
		})
	}
}

// A handler set with signal.signal runs on the main thread: it may end the
// run (sys.exit) or return, and the blocked call goes on.
func TestSignalHandler(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	for how, want := range map[string]string{
		"exit":   "True\nTrue True\nready\ngot signal 2 True\nfinally\n",
		"resume": "True\nTrue True\nready\ngot signal 2 True\nwoke with b'x' stop = True\nfinally\nTrue\n",
		"loop":   "True\nTrue True\nready\ngot signal 2 True\nloop ended, stop = True\nfinally\nTrue\n",
	} {
		t.Run(how, func(t *testing.T) {
			var got [2]outcome
			for i, argv := range [][]string{{"python3", "-u", "signal_handler.py", how}, {binary, "run", "signal_handler.py", how}} {
				got[i] = interrupted(t, argv)
			}
			assert.Equal(t, got[0], got[1])
			assert.Equal(t, want, got[1].stdout)
			assert.Equal(t, 0, got[1].code)
		})
	}
}

// startInTestdata starts argv in testdata with a standard input that stays
// open, killed if still running 30 s on or when the test ends.
func startInTestdata(t *testing.T, argv []string) (*exec.Cmd, *bufio.Reader, *bytes.Buffer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = "testdata"
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	t.Cleanup(func() { stdin.Close() })
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	errOut := new(bytes.Buffer)
	cmd.Stderr = errOut
	require.NoError(t, cmd.Start())
	return cmd, bufio.NewReader(stdout), errOut
}

// interrupted runs argv in testdata, sends SIGINT once it prints "ready",
// and returns how it ended.
func interrupted(t *testing.T, argv []string) outcome {
	t.Helper()
	cmd, r, errOut := startInTestdata(t, argv)
	var line string
	for !strings.HasSuffix(line, "ready\n") {
		more, err := r.ReadString('\n')
		require.NoError(t, err)
		line += more
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	rest, _ := io.ReadAll(r)
	err := cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	return outcome{code, line + string(rest), errOut.String()}
}

// A script's descriptors are numbered from 3 as CPython's are, and its
// sockets and their methods print as CPython prints them.
func TestDescriptorsAsCPython(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	want, err := exec.Command("python3", "testdata/fds.py").CombinedOutput()
	require.NoError(t, err, string(want))
	got := sockstar(t, "", "run", "fds.py")
	assert.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, string(want), got.stdout)
	assert.Contains(t, got.stdout, "3 4 5 6 7 8 9\n")
}

// TestInterruptCaughtWithThreads is TestInterruptCaught in a run with
// another thread: only the main thread is interrupted, the other goes on.
func TestInterruptCaughtWithThreads(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	for _, how := range []string{"accept", "join", "sleep"} {
		t.Run(how, func(t *testing.T) {
			var got [2]outcome
			for i, argv := range [][]string{{"python3", "-u", "catch_interrupt_threads.py", how}, {binary, "run", "catch_interrupt_threads.py", how}} {
				got[i] = interrupted(t, argv)
			}
			assert.Equal(t, got[0], got[1])
			assert.Equal(t, "ready\nCaught keyboard interrupt, shutting down\nb'STILL SERVED'\ndone\n", got[1].stdout)
		})
	}
}

// --trace writes the run's flow in the format its extension names; a bad
// one is an error before anything runs.
func TestTraceFlag(t *testing.T) {
	dir := t.TempDir()
	flow := filepath.Join(dir, "flow.txt")
	got := sockstar(t, "", "run", "--trace", flow, "--trace="+filepath.Join(dir, "d.mmd"), "hello.star")
	require.Equal(t, 0, got.code, got.stderr)
	b, err := os.ReadFile(flow)
	require.NoError(t, err)
	assert.Contains(t, string(b), "[hello] start hello.star\n")
	assert.Contains(t, string(b), "[hello] end, exit status 0\n")
	m, err := os.ReadFile(filepath.Join(dir, "d.mmd"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(m), "sequenceDiagram\n"), string(m))

	bad := sockstar(t, "", "run", "--trace", filepath.Join(dir, "x.pdf"), "hello.star")
	assert.Equal(t, 2, bad.code)
	assert.Contains(t, bad.stderr, `unknown trace format ".pdf" (want one of`)
	assert.Equal(t, "", bad.stdout, "nothing ran")

	jsonl := filepath.Join(dir, "e.jsonl")
	capped := sockstar(t, "", "run", "--trace-data", "3", "--trace", jsonl, "sendstr.star")
	require.Equal(t, 1, capped.code, capped.stderr)
	b, err = os.ReadFile(jsonl)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"truncated":true`, "--trace-data 3 cuts what a call moved")
	bad = sockstar(t, "", "run", "--trace-data", "x", "hello.star")
	assert.Equal(t, 2, bad.code)
	assert.Contains(t, bad.stderr, "--trace-data needs a number of bytes")

	unwritable := sockstar(t, "", "run", "--trace", filepath.Join(dir, "no", "such", "dir", "x.txt"), "hello.star")
	assert.Equal(t, 2, unwritable.code)
	assert.Contains(t, unwritable.stderr, "cannot write the trace")
	assert.Equal(t, "", unwritable.stdout)
}

// run -c CODE and run - (the script on standard input) are python3's -c and -.
func TestRunCodeAndStdin(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	code := `import sys; print("argv", sys.argv); print(1 / 0)`
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
	}{
		{"-c", "", []string{"-c", code, "a", "b"}},
		{"-", code + "\n", []string{"-", "x"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			py := exec.Command("python3", tc.args...)
			py.Stdin = strings.NewReader(tc.stdin)
			var out, errOut bytes.Buffer
			py.Stdout, py.Stderr = &out, &errOut
			err := py.Run()
			var ee *exec.ExitError
			require.ErrorAs(t, err, &ee)
			got := sockstar(t, tc.stdin, append([]string{"run"}, tc.args...)...)
			assert.Equal(t, outcome{ee.ExitCode(), out.String(), errOut.String()}, got)
		})
	}
	usage := sockstar(t, "", "run", "-h")
	assert.Equal(t, 0, usage.code)
	assert.Contains(t, usage.stdout, "sockstar run [--trace FILE ...] -c 'CODE'")
}

// Two SIGINTs that come together (timeout -s INT sends them so) count
// once: the script still ends with the KeyboardInterrupt traceback.
func TestTwoInterruptsTogether(t *testing.T) {
	for i := 0; i < 40; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cmd := exec.CommandContext(ctx, binary, "run", "block_recv.star")
		cmd.Dir = "testdata"
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		require.NoError(t, cmd.Start())
		line, err := bufio.NewReader(stdout).ReadString('\n')
		require.NoError(t, err)
		require.Equal(t, "ready\n", line)
		require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
		require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
		cmd.Wait()
		cancel()
		require.True(t, strings.HasSuffix(errOut.String(), "KeyboardInterrupt\n"), "run %d: stderr %q", i, errOut.String())
	}
}

// run DIR takes no arguments (roles get theirs in scenario.star), and
// scripts run as roles take theirs after --.
func TestRunRolesWithArguments(t *testing.T) {
	got := sockstar(t, "", "run", "../../../scenarios/s1-phone", "extra")
	assert.Equal(t, 2, got.code)
	assert.Contains(t, got.stderr, "takes no arguments")
	assert.Contains(t, got.stderr, "sockstar run server.py -- client.py 127.0.0.1")

	dir := "../../../scenarios/threaded-echo"
	cmd := exec.Command(binary, "run", "server.py", "8125", "2", "--", "client.py", "8125", "2")
	cmd.Dir = filepath.Join("testdata", dir)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Contains(t, string(out), "[server] served 2 clients: 6 messages, 90 bytes\n")
	assert.Contains(t, string(out), "[client] threads left: 1\n")
}

// sockstar doc and help() print the module reference.
func TestDocAndHelp(t *testing.T) {
	list := sockstar(t, "", "doc")
	assert.Equal(t, 0, list.code)
	assert.Contains(t, list.stdout, "\n  socket\n")
	assert.Contains(t, list.stdout, "\n  socketserver\n")

	member := sockstar(t, "", "doc", "socket.create_connection")
	assert.Equal(t, 0, member.code)
	assert.Contains(t, member.stdout, "socket.create_connection(address, timeout=None, source_address=None)")

	none := sockstar(t, "", "doc", "nosuch")
	assert.Equal(t, 2, none.code)
	assert.Contains(t, none.stderr, `no module or member "nosuch"`)

	got := sockstar(t, "", "run", "-c", "import socket\nhelp(socket)\ndef f(a, b=1):\n    'Adds.'\nhelp(f)\n")
	assert.Equal(t, 0, got.code, got.stderr)
	assert.Contains(t, got.stdout, "Help on socket:\n\nPackage socket is Python's socket module")
	assert.Contains(t, got.stdout, "Help on function f in module __main__:\n\nf(a, b)\n    Adds.\n")
}

// TestTestInterrupted: ^C during `sockstar test` ends it as during run, by
// SIGINT (a shell's $? is 130), not with a failed scenario's 1.
func TestTestInterrupted(t *testing.T) {
	got := interrupted(t, []string{binary, "test", "-v", "waits"})
	assert.Equal(t, -1, got.code, "want death by SIGINT; stderr: %s", got.stderr)
	assert.Contains(t, got.stdout, "[waits/waits/sleeper] ready\n")
	assert.Contains(t, got.stdout, "KeyboardInterrupt\n")
}

// TestSimRunMatchesCPython runs a server thread and its client, with a
// receive that times out, as CPython runs it on the kernel's network and
// as sockstar runs it under --sim.
func TestSimRunMatchesCPython(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "python3", "-u", "sim_echo.py")
	cmd.Dir = "testdata"
	want, err := cmd.Output()
	require.NoError(t, err)
	got := sockstar(t, "", "run", "--sim", "--seed", "9", "sim_echo.py")
	assert.Equal(t, 0, got.code, got.stderr)
	assert.Equal(t, string(want), got.stdout)
}

// TestSimDeadlockEnds: under --sim a script whose threads all wait forever
// ends with a report, instead of hanging as it would on the kernel.
func TestSimDeadlockEnds(t *testing.T) {
	got := sockstar(t, "", "run", "--sim", "-c", "import threading\nthreading.Event().wait()")
	assert.Equal(t, 1, got.code)
	assert.Contains(t, got.stderr, "RuntimeError: deadlock under --sim")
	assert.Contains(t, got.stderr, "line 2")
}

// No package of sockstar's own does work at start-up: every start pays
// for an init function (its code and data pages, ~2-5 µs each) whether or
// not the run uses what it makes. Values are static data, or made on
// first use (runtime/lazy, py.DeclareClass); see bench/README "Stop 14".
func TestNoInitWorkInSockstarsPackages(t *testing.T) {
	cmd := exec.Command(binary, "run", "-c", "pass")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	require.NoError(t, cmd.Run())
	var inits []string
	for _, line := range strings.Split(errOut.String(), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "init" {
			inits = append(inits, f[1])
		}
	}
	require.Contains(t, inits, "runtime", "no inittrace output: %s", errOut.String())
	for _, pkg := range inits {
		assert.False(t, pkg == "main" || strings.HasPrefix(pkg, "sockstar/"), "package %s has init work", pkg)
	}
}
