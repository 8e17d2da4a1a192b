package scenario

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/stdlib"
)

func load(t *testing.T, dir string) *Scenario {
	t.Helper()
	scs, err := Load(filepath.Join("testdata", dir))
	require.NoError(t, err)
	require.Len(t, scs, 1)
	return scs[0]
}

func run(t *testing.T, sc *Scenario, opt Options) *Result {
	t.Helper()
	opt.Modules = stdlib.Modules()
	res := Run(context.Background(), sc, opt)
	require.NoError(t, res.Err)
	Check(res, false)
	return res
}

func TestRoleThatNeverListens(t *testing.T) {
	res := run(t, load(t, "neverlisten"), Options{})
	assert.True(t, res.TimedOut)
	server, client := res.Role("server"), res.Role("client")
	assert.Equal(t, "server.star:6 in sleep()", server.Where)
	assert.Contains(t, server.Failures[0], "stopped at the deadline (500ms), blocked at server.star:6 in sleep()")
	assert.False(t, client.Started)
	assert.Equal(t, []string{"never started: waiting for server to listen or end"}, client.Failures)
	assert.Less(t, res.Duration, 5*time.Second)
}

func TestRoleThatCrashesStopsTheOthers(t *testing.T) {
	res := run(t, load(t, "crash"), Options{})
	assert.False(t, res.TimedOut, "the crash, not the deadline, ends the run")
	server, client := res.Role("server"), res.Role("client")
	assert.Equal(t, 1, server.Exit)
	assert.Contains(t, server.Stderr, "ZeroDivisionError: division by zero")
	assert.Equal(t, "stopped: server failed", client.Stopped)
	// Mostly in recvfrom(), but the crash may come while it still connects.
	assert.Regexp(t, `^client\.star:\d+( in \w+\(\))?$`, client.Where)
	report := Report(res)
	assert.Contains(t, report, "server: exit status 1, want 0 (ended at server.star:8)")
	assert.Contains(t, report, "client: stopped: server failed, blocked at "+client.Where+"\n")
	assert.Contains(t, report, "client: hint: the server must answer")
}

func TestDeadlockedPairIsReportedAtTheDeadline(t *testing.T) {
	res := run(t, load(t, "deadlock"), Options{})
	require.True(t, res.TimedOut)
	report := Report(res)
	assert.Contains(t, report, "timeout: the scenario did not end within 2s")
	assert.Contains(t, report, "a: stopped at the deadline (2s), blocked at a.star:7 in recv()")
	assert.Contains(t, report, "b: stopped at the deadline (2s), blocked at b.star:5 in recv()")
}

func TestOutputMismatchShowsADiff(t *testing.T) {
	res := run(t, load(t, "mismatch"), Options{})
	require.True(t, res.Failed())
	assert.Equal(t, []string{"stdout differs:\n" +
		"--- hello stdout (want)\n+++ hello stdout (got)\n@@ -1,3 +1,3 @@\n one\n-2\n+two\n three\n"},
		res.Role("hello").Failures)
}

func TestFixedPortScenarioRuns20TimesAtOnce(t *testing.T) {
	sc := load(t, "fixedport")
	results := make([]*Result, 20)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := Run(context.Background(), sc, Options{Modules: stdlib.Modules()})
			Check(res, false)
			results[i] = res
		}()
	}
	wg.Wait()
	for i, res := range results {
		assert.False(t, res.Failed(), "run %d:\n%s", i, Report(res))
	}
}

func TestLANAddressesReachOnlyLoopback(t *testing.T) {
	var mu sync.Mutex
	var kernel []netip.Addr
	observe := func(sa syscall.Sockaddr) {
		mu.Lock()
		defer mu.Unlock()
		switch a := sa.(type) {
		case *syscall.SockaddrInet4:
			kernel = append(kernel, netip.AddrFrom4(a.Addr))
		case *syscall.SockaddrInet6:
			kernel = append(kernel, netip.AddrFrom16(a.Addr))
		}
	}
	res := run(t, load(t, "lan"), Options{observe: observe})
	assert.False(t, res.Failed(), Report(res))
	// bind('') and two connects to 192.168.1.101.
	require.Len(t, kernel, 3)
	for _, a := range kernel {
		assert.True(t, a.IsLoopback(), "%s is not loopback", a)
		assert.NotEqual(t, netip.MustParseAddr("127.0.0.1"), a, "a run has a block of its own")
	}
	assert.Equal(t, kernel[0], kernel[1], "the server's host is one kernel address")
}

func TestNATMapsBackAndAllocatesPortsInOrder(t *testing.T) {
	l := newLAN(t.TempDir())
	defer l.Close()
	server := l.host(netip.MustParseAddr("192.168.1.101"))
	client := l.host(netip.MustParseAddr("192.168.1.102"))
	k, err := l.outbound(client, syscall.AF_INET, &syscall.SockaddrInet4{Addr: [4]byte{192, 168, 1, 101}, Port: 8080})
	require.NoError(t, err)
	assert.Equal(t, &syscall.SockaddrInet4{Addr: server.kernel.As4(), Port: 8080}, k)
	// The kernel's ephemeral ports become 32768, 32769 in the order seen.
	v := l.inbound(syscall.AF_INET, &syscall.SockaddrInet4{Addr: client.kernel.As4(), Port: 51234})
	assert.Equal(t, &syscall.SockaddrInet4{Addr: [4]byte{192, 168, 1, 102}, Port: 32768}, v)
	v = l.inbound(syscall.AF_INET, &syscall.SockaddrInet4{Addr: client.kernel.As4(), Port: 40000})
	assert.Equal(t, &syscall.SockaddrInet4{Addr: [4]byte{192, 168, 1, 102}, Port: 32769}, v)
	// Replying to the virtual port reaches the kernel's.
	k, _ = l.outbound(server, syscall.AF_INET, &syscall.SockaddrInet4{Addr: [4]byte{192, 168, 1, 102}, Port: 32768})
	assert.Equal(t, &syscall.SockaddrInet4{Addr: client.kernel.As4(), Port: 51234}, k)
	// Loopback and the empty address mean the role's own host, in IPv6 too.
	k, _ = l.outbound(client, syscall.AF_INET, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 80})
	assert.Equal(t, &syscall.SockaddrInet4{Addr: client.kernel.As4(), Port: 80}, k)
	k, _ = l.outbound(server, syscall.AF_INET6, &syscall.SockaddrInet6{Port: 80})
	assert.Equal(t, &syscall.SockaddrInet6{Addr: netip.AddrFrom4(server.kernel.As4()).As16(), Port: 80}, k)
	// An address off the LAN goes nowhere real.
	k, _ = l.outbound(client, syscall.AF_INET, &syscall.SockaddrInet4{Addr: [4]byte{8, 8, 8, 8}, Port: 53})
	nowhere := netip.AddrFrom4(k.(*syscall.SockaddrInet4).Addr)
	assert.True(t, nowhere.IsLoopback() && l.inBlock(nowhere), "%s", nowhere)
	v = l.inbound(syscall.AF_INET, k)
	assert.Equal(t, &syscall.SockaddrInet4{Addr: [4]byte{8, 8, 8, 8}, Port: 53}, v)
}

func TestScenarioFileErrorsNameFileAndLine(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.star"), nil, 0o644))
	cases := []struct{ src, want string }{
		{"scenario(roles = [\n  role('a', 'a.star', colour = 1),\n])\n", `scenario.star:2: role: unexpected keyword argument "colour"`},
		{"scenario(roles = [role('a', 'missing.star')])\n", "scenario.star:1: role a: no file " + filepath.Join(dir, "missing.star")},
		{"\nscenario(roles = [role('a', 'a.star'), role('a', 'a.star')])\n", `scenario.star:2: two roles named "a"`},
		{"scenario(roles = [role('a', 'a.star', after = ['b'])])\n", `scenario.star:1: role a: after names "b"`},
		{"scenario(roles = [role('a', 'a.star', prompts = [(seen('b', 'x'), 'y')])])\n", `scenario.star:1: role a: seen names "b"`},
		{"scenario(roles = [role('a', 'a.star', prompts = [('> ', 1)])])\n", "scenario.star:1: role a: prompts[0]: the line must be a string, or None"},
		{"scenario(roles = [role('a', 'a.star', host = 'example.com')])\n", "scenario.star:1: role a: host must be an IPv4 address"},
		{"scenario(timeout = -1, roles = [role('a', 'a.star')])\n", "scenario.star:1: scenario: timeout must be more than 0 seconds"},
		{"scenario(roles = [role('a', 'a.star')], env = {'A': 1})\n", `scenario.star:1: scenario: env: "A": 1 must map names to strings`},
		{"scenario(roles = [role('a', 'a.star')],\n  allow = ['raw', 'net'])\n", `scenario.star:1: scenario: allow: "net" is not a permission (want one of: raw, unix, files)`},
		{"x = 1\n\nscenario(roles = [role('a', 'a.star', stdout = 3)])\n", "scenario.star:3: role a: stdout must be a string, golden(), lines(), contains() or match(), not int"},
		{"scenario(roles = [\n", "scenario.star:2: got end of file"},
		{"role('a', 'a.star')\n", "scenario.star: no scenario declared"},
		{"scenario(roles = [role('a', 'a.star', stdout = lines(re('(')))])\n", "scenario.star:1: re: bad regexp"},
	}
	for _, c := range cases {
		path := filepath.Join(dir, FileName)
		_, err := Parse(dir, path, []byte(c.src))
		require.Error(t, err, c.src)
		var fe *FileError
		require.ErrorAs(t, err, &fe)
		assert.Contains(t, err.Error(), filepath.Join(dir, c.want[:strings.IndexByte(c.want+":", ':')]), c.src)
		assert.Contains(t, err.Error(), c.want[len("scenario.star"):], c.src)
	}
}

func TestCommandReportAndExitStatus(t *testing.T) {
	var out bytes.Buffer
	junit := filepath.Join(t.TempDir(), "junit.xml")
	code := Test(context.Background(), []string{"testdata"}, TestOptions{
		Options: Options{Modules: stdlib.Modules()}, Parallel: 4, Out: &out, JUnit: junit,
		Run: regexp.MustCompile("fixedport|mismatch|lan"),
	})
	assert.Equal(t, ExitFail, code, out.String())
	text := out.String()
	assert.Regexp(t, `(?m)^ok   fixedport  \d+\.\d\ds$`, text)
	assert.Regexp(t, `(?m)^FAIL mismatch   \d+\.\d\ds$`, text)
	assert.Contains(t, text, "    hello: stdout differs:\n    --- hello stdout (want)\n")
	assert.True(t, strings.HasSuffix(text, "\n2 passed, 1 failed\n"), text)

	data, err := os.ReadFile(junit)
	require.NoError(t, err)
	var suites junitSuites
	require.NoError(t, xml.Unmarshal(data, &suites))
	require.Len(t, suites.Suites, 1)
	assert.Equal(t, 3, suites.Suites[0].Tests)
	assert.Equal(t, 1, suites.Suites[0].Failures)

	out.Reset()
	code = Test(context.Background(), []string{"testdata/fixedport"}, TestOptions{Options: Options{Modules: stdlib.Modules()}, Out: &out})
	assert.Equal(t, ExitPass, code, out.String())
	assert.True(t, strings.HasSuffix(out.String(), "\n1 passed, 0 failed\n"), out.String())

	out.Reset()
	code = Test(context.Background(), []string{"testdata/nowhere"}, TestOptions{Out: &out})
	assert.Equal(t, ExitNotRun, code)
	assert.Contains(t, out.String(), "testdata/nowhere: no such file or directory")
}

func TestBrokenScenarioFileExits2(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "broken")
	require.NoError(t, os.Mkdir(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, FileName), []byte("scenario(roles = [role('a', 'a.star')])\n"), 0o644))
	var out bytes.Buffer
	code := Test(context.Background(), []string{dir, "testdata/fixedport"}, TestOptions{Options: Options{Modules: stdlib.Modules()}, Out: &out})
	assert.Equal(t, ExitNotRun, code)
	assert.Contains(t, out.String(), "FAIL broken     0.00s\n    "+filepath.Join(dir, FileName)+":1: role a: no file")
	assert.Contains(t, out.String(), "ok   fixedport")
	assert.True(t, strings.HasSuffix(out.String(), "\n1 passed, 1 failed\n"), out.String())
}

func TestExerciseRoleSuppliedOnTheCommandLine(t *testing.T) {
	test := func(files map[string]string) (int, string) {
		var out bytes.Buffer
		code := Test(context.Background(), []string{"testdata/exercise"}, TestOptions{
			Options: Options{Modules: stdlib.Modules(), Files: files}, Out: &out,
		})
		return code, out.String()
	}
	code, out := test(nil)
	assert.Equal(t, ExitPass, code, out)
	assert.Contains(t, out, "skip exercise  0.00s\n    role server is to be supplied: --role server=FILE\n    hint: send back data.upper(), with sendall\n0 passed, 0 failed, 1 skipped\n")

	code, out = test(map[string]string{"server": "testdata/exercise/good_server.star"})
	assert.Equal(t, ExitPass, code, out)

	code, out = test(map[string]string{"server": "testdata/exercise/bad_server.star"})
	assert.Equal(t, ExitFail, code, out)
	assert.Contains(t, out, "AssertionError: the reply to hello: b'hello' != b'HELLO'")
	assert.Contains(t, out, "checker: hint: send back data.upper(), with sendall")
}

// A failed scenario's report ends with the path of a diagram of its run;
// --trace writes every scenario's trace.
func TestFailureDiagramAndTraces(t *testing.T) {
	var out bytes.Buffer
	failures, traces := t.TempDir(), t.TempDir()
	code := Test(context.Background(), []string{"testdata"}, TestOptions{
		Options: Options{Modules: stdlib.Modules()}, Out: &out,
		Run:      regexp.MustCompile("fixedport|mismatch"),
		Failures: failures, Traces: filepath.Join(traces, "*.txt"),
	})
	assert.Equal(t, ExitFail, code, out.String())
	diagram := filepath.Join(failures, "mismatch.html")
	assert.Contains(t, out.String(), "    diagram of the run: "+diagram+"\n")
	page, err := os.ReadFile(diagram)
	require.NoError(t, err)
	assert.Contains(t, string(page), "<svg")
	assert.NoFileExists(t, filepath.Join(failures, "fixedport.html"), "a scenario that passed has no diagram")
	for _, name := range []string{"mismatch", "fixedport"} {
		flow, err := os.ReadFile(filepath.Join(traces, name+".txt"))
		require.NoError(t, err, name)
		assert.Contains(t, string(flow), " start ", name)
	}
}

// The mistakes a first hour makes get clear words: a --role no scenario
// has, a missing scenario file named once, a text that differs only by its
// final newline.
func TestFirstHourMistakes(t *testing.T) {
	var out bytes.Buffer
	code := Test(context.Background(), []string{"testdata/exercise"}, TestOptions{
		Options: Options{Modules: stdlib.Modules(), Files: map[string]string{"student": "x.star"}}, Out: &out,
	})
	assert.Equal(t, ExitNotRun, code)
	assert.Contains(t, out.String(), "--role student: no scenario here has a role of that name (its roles: server, checker)")

	_, err := Load(filepath.Join(t.TempDir(), "empty"))
	require.Error(t, err)
	assert.Equal(t, 1, strings.Count(err.Error(), "scenario.star"), err.Error())
	assert.True(t, strings.HasSuffix(err.Error(), "scenario.star: no such file or directory"), err.Error())

	assert.Contains(t, newlineNote("hi", "hi\n"), "the output ends with a newline the expectation does not have")
	assert.Contains(t, newlineNote("hi\n", "hi"), "the expectation ends with a newline the output does not have")
	assert.Equal(t, "", newlineNote("a", "b"))
}

// An exercise's hint shows when the scenario fails, though the failure is
// the checker's.
func TestExerciseHintOnFailure(t *testing.T) {
	var out bytes.Buffer
	code := Test(context.Background(), []string{"testdata/exercise"}, TestOptions{
		Options: Options{Modules: stdlib.Modules(), Files: map[string]string{"server": "testdata/exercise/bad_server.star"}}, Out: &out,
	})
	assert.Equal(t, ExitFail, code, out.String())
	assert.Contains(t, out.String(), "hint: send back data.upper(), with sendall")
}

// -count runs a scenario several times and tells a flaky one from a
// failing one; the shards of --shard K/N run each scenario exactly once;
// -json writes go test -json's events.
func TestCountShardAndJSON(t *testing.T) {
	// The role's relative path is the test process's working directory's.
	counter := "runs.txt"
	os.Remove(counter)
	t.Cleanup(func() { os.Remove(counter) })
	var out bytes.Buffer
	code := Test(context.Background(), []string{"testdata/flaky"}, TestOptions{
		Options: Options{Modules: stdlib.Modules()}, Out: &out, Count: 3,
	})
	assert.Equal(t, ExitFail, code, out.String())
	assert.Regexp(t, `(?m)^FLAKY 1/3 failed flaky  \d+\.\d\ds$`, out.String())
	assert.Contains(t, out.String(), "the second run fails")

	all := map[string]int{}
	for k := 1; k <= 3; k++ {
		out.Reset()
		Test(context.Background(), []string{"testdata"}, TestOptions{
			Options: Options{Modules: stdlib.Modules()}, Out: &out, Shard: k, Shards: 3,
			Run: regexp.MustCompile("fixedport|mismatch|lan|crash|neverlisten"),
		})
		for _, m := range regexp.MustCompile(`(?m)^(?:ok  |FAIL) (\S+)`).FindAllStringSubmatch(out.String(), -1) {
			all[m[1]]++
		}
	}
	for _, name := range []string{"fixedport", "mismatch", "lan", "crash", "neverlisten"} {
		assert.Equal(t, 1, all[name], "%s ran in %d shards", name, all[name])
	}

	out.Reset()
	Test(context.Background(), []string{"testdata/fixedport"}, TestOptions{Options: Options{Modules: stdlib.Modules()}, Out: &out, JSON: true})
	var actions []string
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var e struct {
			Time    time.Time
			Action  string
			Package string
			Test    string
			Output  string
			Elapsed float64
		}
		require.NoError(t, json.Unmarshal([]byte(line), &e), line)
		assert.Equal(t, "fixedport", e.Test)
		assert.Equal(t, "testdata/fixedport", e.Package)
		actions = append(actions, e.Action)
	}
	assert.Equal(t, "run", actions[0])
	assert.Equal(t, "pass", actions[len(actions)-1])
}

// A skipped exercise (its student's role not given) shows its hints too.
func TestSkippedExerciseHint(t *testing.T) {
	var out bytes.Buffer
	code := Test(context.Background(), []string{"testdata/exercise"}, TestOptions{Options: Options{Modules: stdlib.Modules()}, Out: &out})
	assert.Equal(t, ExitPass, code, out.String())
	assert.Contains(t, out.String(), "role server is to be supplied: --role server=FILE\n    hint: send back data.upper(), with sendall\n")
}

func TestDeadlineNamesEachThreadsCall(t *testing.T) {
	res := run(t, load(t, "threadblocked"), Options{})
	require.True(t, res.TimedOut)
	server := res.Role("server")
	assert.Equal(t, []string{"reader at server.py:7 in recv()"}, server.Threads)
	assert.Contains(t, Report(res), "server: stopped at the deadline (500ms), blocked at server.py:11 in join(); reader at server.py:7 in recv()\n")
}

func TestRawSocketsRefusedUnlessAllowed(t *testing.T) {
	res := run(t, load(t, "rawrefused"), Options{})
	assert.False(t, res.Failed(), "%s", Report(res))
	assert.False(t, load(t, "rawrefused").Allows("raw"))
}

func TestEnvironIsTheScenarios(t *testing.T) {
	t.Setenv("HOME", "/home/someone")
	t.Setenv("SECRET_TOKEN", "not for scripts")
	res := run(t, load(t, "env"), Options{})
	assert.False(t, res.Failed(), "%s", Report(res))
}
