package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime/host"
	"sockstar/scenario"
)

func TestMaxMemory(t *testing.T) {
	defer host.SetMaxMemory(0)
	code, out, errOut := inProcess("", "run", "--max-memory", "100M", "testdata/memory.py")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "MemoryError MemoryError()\n", out)

	code, out, errOut = inProcess("", "run", "--max-memory=1G", "testdata/memory.py")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "314572800\n", out)

	code, _, errOut = inProcess("", "run", "--max-memory", "lots", "testdata/memory.py")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `--max-memory needs a size such as 512M or 2G, not "lots"`)
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"512": 512, "4K": 4096, "100M": 100 << 20, "2G": 2 << 30, "1.5GiB": 3 << 29, "64mb": 64 << 20} {
		got, err := parseSize(in)
		assert.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "0", "-1G", "G", "12X", "1e30G"} {
		_, err := parseSize(bad)
		assert.Error(t, err, bad)
	}
}

func TestMaxThreads(t *testing.T) {
	defer host.SetMaxThreads(0)
	code, out, errOut := inProcess("", "run", "--max-threads", "5", "testdata/threads.py")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "5 started; can't start new thread\n_thread: can't start new thread\nroom again\n", out)

	code, _, errOut = inProcess("", "run", "--max-threads", "0", "testdata/threads.py")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `--max-threads needs a number of threads, 1 or more, not "0"`)
}

// TestMemoryGrowingStops: memory that grows a piece at a time stops the
// run with MemoryError once past the budget, not Go's crash or the machine's.
func TestMemoryGrowingStops(t *testing.T) {
	got := sockstar(t, "", "run", "--max-memory", "64M", "grow.py")
	assert.Equal(t, 3, got.code, got.stderr)
	assert.Equal(t, "Traceback (most recent call last):\n  File \"grow.py\", line 6, in <module>\n"+
		"    chunks.append(\"x\" * 1000000 + str(n))\nMemoryError\n"+
		"sockstar: the run went past its memory budget of 64M (--max-memory)\n", got.stderr)
}

// A run ended by a budget has its own exit status and says so after the
// traceback; a MemoryError the script raises or catches is its own; a
// scenario stopped at its deadline ends sockstar run and test with 124.
func TestBudgetAndDeadlineExitStatuses(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		tail string // the end of stderr
	}{
		{[]string{"run", "--max-memory", "100M", "budgets.py", "memory"}, 3,
			"MemoryError\nsockstar: the run went past its memory budget of 100M (--max-memory)\n"},
		{[]string{"run", "--max-threads", "8", "budgets.py", "threads"}, 4,
			"RuntimeError: can't start new thread\nsockstar: the run went past its thread budget of 8 threads (--max-threads)\n"},
		{[]string{"run", "--max-memory", "100M", "budgets.py", "own"}, 1, "\nMemoryError\n"},
		{[]string{"run", "--max-memory", "100M", "budgets.py", "caught"}, 0, ""},
		{[]string{"run", "deadline"}, 124, ""},
		{[]string{"test", "deadline"}, 124, ""},
	} {
		got := sockstar(t, "", c.args...)
		assert.Equal(t, c.code, got.code, "%v: %s", c.args, got.stderr)
		assert.True(t, strings.HasSuffix(got.stderr, c.tail), "%v: %s", c.args, got.stderr)
		if c.args[1] == "deadline" {
			assert.Contains(t, got.stdout+got.stderr, "timeout: the scenario did not end within 2s", c.args)
		}
	}
}

// TestDroppedSocketsReclaimed: a script that drops its sockets unclosed
// runs under a limit of 128 descriptors as under CPython; one that keeps
// them all gets EMFILE as CPython's does.
func TestDroppedSocketsReclaimed(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not installed")
	}
	limited := func(argv ...string) string {
		cmd := exec.Command("bash", append([]string{"-c", `ulimit -n 128 && exec "$@"`, "bash"}, argv...)...)
		cmd.Dir = "testdata"
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
		return string(out)
	}
	want := limited("python3", "leak.py")
	assert.Equal(t, want, limited(binary, "run", "leak.py"))
	assert.Contains(t, want, "stopped by OSError 24")
}

// TestMemoryStopLeavesNextRunAlone: in one process (a REPL, sockstar test),
// a run stopped for memory leaves garbage; the next run is not stopped by it.
func TestMemoryStopLeavesNextRunAlone(t *testing.T) {
	defer host.SetMaxMemory(0)
	code, _, errOut := inProcess("", "run", "--max-memory", "64M", "testdata/grow.py")
	assert.Equal(t, 3, code)
	assert.Contains(t, errOut, "MemoryError\nsockstar: the run went past its memory budget")
	code, out, errOut := inProcess("", "run", "testdata/busy.py")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "4999950000\n", out)
}

// Several scenarios with different outcomes end sockstar run and test with
// the same status, whatever their order: one that could not run (2)
// outranks one stopped at its deadline (124).
func TestMixedOutcomesExitStatus(t *testing.T) {
	for _, dir := range []string{"statuses/first-late", "statuses/first-broken"} {
		for _, cmd := range [][]string{{"run", dir}, {"test", "--failures", t.TempDir(), dir}} {
			got := sockstar(t, "", cmd...)
			assert.Equal(t, scenario.ExitNotRun, got.code, "%v: %s", cmd, got.stderr)
			out := got.stdout + got.stderr
			assert.Contains(t, out, "timeout: the scenario did not end within 2s", cmd)
			assert.Contains(t, out, "broken.py:1:13: got ':', want ')'", cmd)
		}
	}
}
