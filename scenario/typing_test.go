package scenario

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"sockstar/stdlib"
)

// TestSimTyping: a role given no input reads what is typed while the run
// goes on; the simulated run waits for each line (told through Waiting)
// instead of ending in a deadlock, and ends when the input does.
func TestSimTyping(t *testing.T) {
	scs, err := Load("testdata/typing")
	require.NoError(t, err)
	typing := NewTyping()
	asked := make(chan []string, 10)
	typing.Waiting = func(roles []string) { asked <- roles }
	var watched strings.Builder
	var mu sync.Mutex
	done := make(chan *Result)
	go func() {
		done <- Run(context.Background(), scs[0], Options{Modules: stdlib.Modules(), Typing: typing,
			Watch: func(role, stream string, text []byte) {
				mu.Lock()
				watched.WriteString(role + ":" + string(text) + "|")
				mu.Unlock()
			}})
	}()
	// Typed from outside the run, each once the run waits for it, as the
	// page's input line does.
	for _, line := range []string{"hello", "world", ""} {
		var roles []string
		select {
		case roles = <-asked:
		case res := <-done:
			t.Fatalf("the run ended waiting for %q: %s\nclient: %q %q", line, Report(res), res.Role("client").Stdout, res.Role("client").Stderr)
		}
		require.Equal(t, []string{"client"}, roles)
		if line == "" {
			typing.End("client")
		} else {
			require.True(t, typing.Type("client", line+"\n"))
		}
	}
	res := <-done
	require.False(t, res.Failed(), "%s", Report(res))
	require.Equal(t, "> HELLO\n> WORLD\n> bye\n", res.Role("client").Stdout)
	require.False(t, typing.Type("client", "late\n"), "typing after the end")
	mu.Lock()
	defer mu.Unlock()
	// The prompt is seen before its line is typed.
	require.Contains(t, watched.String(), "client:> |")
}
