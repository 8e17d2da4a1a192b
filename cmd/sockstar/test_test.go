package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inProcess runs the command in this process: the scenario runner needs no binary.
func inProcess(stdin string, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestTestCommandExitStatuses(t *testing.T) {
	code, out, _ := inProcess("", "test", "-p", "2", "../../scenario/testdata/fixedport")
	assert.Equal(t, 0, code, out)
	assert.Regexp(t, `^ok   fixedport  \d+\.\d\ds\n1 passed, 0 failed\n$`, out)

	code, out, _ = inProcess("", "test", "-run", "mismatch", "../../scenario/testdata")
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "-2\n    +two\n")
	assert.True(t, strings.HasSuffix(out, "0 passed, 1 failed\n"), out)

	code, _, errOut := inProcess("", "test", "-bogus")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "flag provided but not defined: -bogus")

	code, _, errOut = inProcess("", "test", "--role", "server", ".")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `want NAME=FILE, not "server"`)

	dir := filepath.Join(t.TempDir(), "bad")
	require.NoError(t, os.Mkdir(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "scenario.star"), []byte("scenario(roles = [role('x', 'x.star', stdout = 1)])\n"), 0o644))
	code, out, _ = inProcess("", "test", dir)
	assert.Equal(t, 2, code, out)
	assert.Contains(t, out, "scenario.star:1: role x: stdout must be")
}

func TestTestCommandExerciseAndJUnit(t *testing.T) {
	junit := filepath.Join(t.TempDir(), "out.xml")
	code, out, _ := inProcess("", "test", "../../scenario/testdata/exercise", "--role", "server=../../scenario/testdata/exercise/bad_server.star", "--junit", junit)
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "checker: hint: send back data.upper(), with sendall")
	data, err := os.ReadFile(junit)
	require.NoError(t, err)
	assert.Contains(t, string(data), `<testcase name="exercise" classname="sockstar.scenario"`)
	assert.Contains(t, string(data), "<failure message=\"expectations not met\">")
}

func TestRunDirAndRunFiles(t *testing.T) {
	code, out, errOut := inProcess("", "run", "../../scenarios/s4-lan")
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "[server] ...connected from: ('192.168.1.102', 32768)\n")
	assert.Contains(t, out, "[client] > received: hello\n")

	// The last role gets stdin; the run ends with its status, the server stopped.
	code, out, errOut = inProcess("hi there\n\n", "run", "../../scenarios/s4-tcp/server.star", "../../scenarios/s4-tcp/client.star")
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "[server] message from 127.0.0.1: hi there\n")
	assert.Contains(t, out, "[client] > received: hi there\n")
	assert.Empty(t, errOut)

	code, _, errOut = inProcess("", "run", "../../scenarios/s1-phone/server.star", "../../scenarios/s1-phone/client.star")
	assert.Equal(t, 0, code, errOut)
}
