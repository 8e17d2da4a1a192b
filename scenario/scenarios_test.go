package scenario

import (
	"context"
	"regexp"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/stdlib"
)

// missingModule spots a role that could not import a module sockstar does
// not have yet: that scenario is skipped, naming the module, not failed.
var missingModule = regexp.MustCompile(`ModuleNotFoundError: No module named '(\w+)'`)

// TestSeedScenarios is `sockstar test scenarios/`: every scenario of the
// catalog, run in parallel, each on its own loopback block.
func TestSeedScenarios(t *testing.T) {
	dirs, err := Find([]string{"../scenarios"})
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for _, dir := range dirs {
		scs, err := Load(dir)
		require.NoError(t, err)
		for _, sc := range scs {
			t.Run(sc.Name, func(t *testing.T) {
				t.Parallel()
				res := Run(context.Background(), sc, Options{Modules: stdlib.Modules()})
				require.NoError(t, res.Err)
				Check(res, false)
				if res.Failed() {
					for _, rr := range res.Roles {
						if m := missingModule.FindStringSubmatch(rr.Stderr); m != nil {
							t.Skipf("role %s needs the %s module, which sockstar lacks", rr.Role.Name, m[1])
						}
					}
				}
				assert.False(t, res.Failed(), "%s", Report(res))
			})
		}
	}
}

// TestDaemonKeepsItsLastLines runs s4-tcp 500 times, 50 at once: the
// server, a daemon, is stopped as idle only once the last client's close
// has reached it, so its output always ends with the line it prints after
// that connection ends (it lost it about once in 5,000 runs when the
// close was still in the kernel's loopback queue as the client ended).
func TestDaemonKeepsItsLastLines(t *testing.T) {
	scs, err := Load("../scenarios/s4-tcp")
	require.NoError(t, err)
	require.Len(t, scs, 1)
	const runs, together = 500, 50
	failed := make(chan string, runs)
	sem := make(chan struct{}, together)
	var wg sync.WaitGroup
	for range runs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules()})
			Check(res, false)
			if res.Err != nil || res.Failed() {
				failed <- Report(res)
			}
		}()
	}
	wg.Wait()
	close(failed)
	n := 0
	for report := range failed {
		if n == 0 {
			t.Errorf("first failure:\n%s", report)
		}
		n++
	}
	assert.Zero(t, n, "runs that failed, of %d", runs)
}
