package scenario

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime/trace"
)

func events() []trace.Event {
	return []trace.Event{
		{Seq: 1, T: 0, Role: "server", Thread: "MainThread", Kind: "start"},
		{Seq: 2, T: 50, Role: "server", Thread: "MainThread", Kind: "call", Call: "accept", Result: "ok"},
		{Seq: 3, T: 90, Role: "client", Thread: "MainThread", Kind: "call", Call: "sendall", N: 5, Data: []byte("hello")},
		{Seq: 4, T: 120, Role: "client", Thread: "MainThread", Kind: "end"},
	}
}

func TestDiffEventsNamesTheFirstDifferingEvent(t *testing.T) {
	a, b := events(), events()
	assert.Empty(t, diffEvents(a, b))

	b[2].Thread = "Thread-1"
	b[3].T = 999 // a later difference is not the one reported
	d := diffEvents(a, b)
	lines := strings.Split(d, "\n")
	require.Len(t, lines, 3, d)
	assert.Equal(t, "event #3 differs:", lines[0])
	assert.Equal(t, `{"seq":3,"t_us":90,"role":"client","thread":"MainThread","kind":"call","call":"sendall","bytes":5,"data":"aGVsbG8="}`, lines[1])
	assert.Equal(t, `{"seq":3,"t_us":90,"role":"client","thread":"Thread-1","kind":"call","call":"sendall","bytes":5,"data":"aGVsbG8="}`, lines[2])

	// A run that stopped early differs at its first missing event.
	d = diffEvents(a, a[:2])
	assert.True(t, strings.HasPrefix(d, "event #3 differs:\n{\"seq\":3,"), d)
	assert.True(t, strings.HasSuffix(d, "\n(none: run 2 recorded 2 events)"), d)
}

func TestNondeterminismComparesEventsThenOutput(t *testing.T) {
	role := &Role{Name: "server"}
	run := func(ev []trace.Event, stdout string) *Result {
		return &Result{Events: ev, Roles: []*RoleResult{{Role: role, Stdout: stdout}}}
	}
	assert.Empty(t, nondeterminism(7, run(events(), "a\nb\n"), run(events(), "a\nb\n")))

	other := events()
	other[1].Result = "refused"
	msg := nondeterminism(7, run(events(), "a\nb\n"), run(other, "a\nb\n"))
	assert.True(t, strings.HasPrefix(msg, "not deterministic: seed 7, event #2 differs:\n"), msg)
	assert.Contains(t, msg, `"result":"refused"`)

	msg = nondeterminism(7, run(events(), "a\nb\n"), run(events(), "a\nc\n"))
	assert.Equal(t, "not deterministic: seed 7, server's stdout differs:\nrun 1: \"b\\n\"\nrun 2: \"c\\n\"", msg)
}

func TestReplayCommandQuotesForTheShell(t *testing.T) {
	sc := &Scenario{Name: "s2-tcp/hello-ok", Dir: "scenarios/s2-tcp", Roles: []*Role{{Name: "server"}, {Name: "client"}}}
	assert.Equal(t, `sockstar test --sim --seed 17 -run '^s2-tcp/hello-ok$' scenarios/s2-tcp`, replayCommand(sc, TestOptions{}, 17))

	sc.Dir = "my tests/it's"
	opt := TestOptions{CheckDeterminism: true, Options: Options{Files: map[string]string{"server": "mine.py", "other": "x.py"}}}
	assert.Equal(t, `sockstar test --sim --seed 3 --check-determinism --role server=mine.py -run '^s2-tcp/hello-ok$' 'my tests/it'\''s'`, replayCommand(sc, opt, 3))
}

func TestShellQuoteLeavesOnlyShellSafeWordsBare(t *testing.T) {
	for in, want := range map[string]string{
		"scenarios/s2-tcp":  "scenarios/s2-tcp",
		"A-z_0.9@%+=:,/":    "A-z_0.9@%+=:,/",
		"":                  "''",
		"a b":               "'a b'",
		"it's":              `'it'\''s'`,
		"$HOME":             "'$HOME'",
		"^s2-tcp/hello-ok$": "'^s2-tcp/hello-ok$'",
		"caf\u00e9":         "'caf\u00e9'",
	} {
		assert.Equal(t, want, shellQuote(in), "shellQuote(%q)", in)
	}
}
