package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// raceScenario writes a scenario whose outcome depends on the interleaving:
// two client roles start together and the server prints who came first,
// which the expectation says must be a.
func raceScenario(t *testing.T) string {
	dir := filepath.Join(t.TempDir(), "race")
	require.NoError(t, os.Mkdir(dir, 0o755))
	files := map[string]string{
		"scenario.star": `scenario(
    name = "order",
    roles = [
        role("server", "server.py", stdout = "a\nb\n"),
        role("a", "client.py", args = ["a"], after = ["server"]),
        role("b", "client.py", args = ["b"], after = ["server"]),
    ],
)
`,
		"server.py": `import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 50007))
s.listen(2)
for _ in range(2):
    c, _ = s.accept()
    print(c.recv(16).decode())
    c.sendall(b"ok")
    c.close()
`,
		// The loop gives the scheduler choices before the connect.
		"client.py": `import socket
import sys
n = 0
for i in range(5000):
    n += i
c = socket.create_connection(("127.0.0.1", 50007))
c.sendall(sys.argv[1].encode())
c.recv(16)
c.close()
`,
	}
	for name, text := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	return dir
}

// shellWords splits a command line as a POSIX shell does, for the quoting
// replayCommand uses: words between spaces, '...' taken as it is, \x as x.
func shellWords(t *testing.T, line string) []string {
	var words []string
	var w strings.Builder
	inWord, quoted := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quoted && c == '\'':
			quoted = false
		case quoted:
			w.WriteByte(c)
		case c == '\'':
			quoted, inWord = true, true
		case c == '\\' && i+1 < len(line):
			i++
			w.WriteByte(line[i])
			inWord = true
		case c == ' ':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	require.False(t, quoted, "unterminated quote in %q", line)
	if inWord {
		words = append(words, w.String())
	}
	return words
}

var seconds = regexp.MustCompile(`\d+\.\d\ds`)

func TestSeedsFindAFailingSeedThatReplays(t *testing.T) {
	dir := raceScenario(t)
	code, out, errOut := inProcess("", "test", "--seeds", "1..30", dir)
	require.Equal(t, 1, code, out+errOut)
	assert.Contains(t, out, "FAIL race/order")
	assert.Contains(t, out, "    -a\n     b\n    +a\n", "the failure is b arriving first")
	m := regexp.MustCompile(`(?m)^    seed (\d+) failed\n    replay: (.*)\n`).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	seed := m[1]
	assert.Equal(t, "sockstar test --sim --seed "+seed+" -run '^race/order$' "+dir, m[2])

	args := shellWords(t, m[2])
	require.Equal(t, []string{"sockstar", "test"}, args[:2])
	code2, out2, errOut2 := inProcess("", args[1:]...)
	assert.Equal(t, 1, code2, errOut2)
	assert.Equal(t, seconds.ReplaceAllString(out, "Ts"), seconds.ReplaceAllString(out2, "Ts"), "the replay fails the same way")

	// The seeds before the failing one passed: the first of them replays clean.
	if n, _ := strconv.Atoi(seed); n > 1 {
		code, out, _ = inProcess("", "test", "--sim", "--seed", "1", dir)
		assert.Equal(t, 0, code, out)
	}
}

func TestSeedsKeepGoingCountsTheFailures(t *testing.T) {
	dir := raceScenario(t)
	code, out, _ := inProcess("", "test", "--seeds", "1..30", "--keep-going", dir)
	require.Equal(t, 1, code, out)
	m := regexp.MustCompile(`(?m)^    (\d+) of 30 seeds failed: ([\d, .]+)\n    replay: sockstar test --sim --seed (\d+) `).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	failed, _ := strconv.Atoi(m[1])
	assert.Greater(t, failed, 0)
	assert.Less(t, failed, 30, "some seeds order the clients the other way")
	listed := strings.Split(strings.TrimSuffix(m[2], ", ..."), ", ")
	assert.Len(t, listed, min(failed, 20))
	assert.Equal(t, listed[0], m[3], "the replay is of the first failing seed")
}

func TestSeedsReplayInJSONAndJUnit(t *testing.T) {
	dir := raceScenario(t)
	junit := filepath.Join(t.TempDir(), "out.xml")
	code, out, _ := inProcess("", "test", "--seeds", "1..30", "-json", "--junit", junit, dir)
	require.Equal(t, 1, code, out)
	assert.Regexp(t, `"Output":"    replay: sockstar test --sim --seed \d+ -run '\^race/order\$' `, out)
	data, err := os.ReadFile(junit)
	require.NoError(t, err)
	assert.Regexp(t, `replay: sockstar test --sim --seed \d+ -run &#39;\^race/order\$&#39; `, string(data))
}

func TestCheckDeterminismPassesOnABundledScenario(t *testing.T) {
	code, out, errOut := inProcess("", "test", "--check-determinism", "--seeds", "1..3", "../../scenarios/threaded-echo")
	assert.Equal(t, 0, code, out+errOut)
	assert.Regexp(t, `(?m)^ok   threaded-echo/three-clients  \d+\.\d\ds \(seeds 1\.\.3\)$`, out)
	assert.True(t, strings.HasSuffix(out, "2 passed, 0 failed\n"), out)

	code, out, _ = inProcess("", "test", "--check-determinism", "--seed", "9", "../../scenarios/threaded-echo")
	assert.Equal(t, 0, code, out)
}

func TestSeedsFlagErrors(t *testing.T) {
	for _, bad := range []string{"5..2", "-1..2", "3", "1..", "a..b"} {
		code, _, errOut := inProcess("", "test", "--seeds", bad, ".")
		assert.Equal(t, 2, code, bad)
		assert.Contains(t, errOut, `--seeds wants A..B with 0 <= A <= B, not "`+bad+`"`)
	}
	code, _, errOut := inProcess("", "test", "--keep-going", ".")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--keep-going goes with --seeds")
	code, _, errOut = inProcess("", "test", "--seed", "3", "--seeds", "1..2", ".")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "give one of them")

	code, out, _ := inProcess("", "test", "-h")
	assert.Equal(t, 0, code)
	for _, f := range []string{"--seeds A..B", "--keep-going", "--check-determinism"} {
		assert.Contains(t, out, "\n  "+f, "usage lists %s", f)
	}
}
