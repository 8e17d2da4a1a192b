package scenario

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime/trace"
	"sockstar/stdlib"
)

// TestSeedScenariosUnderSim is `sockstar test --sim scenarios/`: every
// scenario passes on the simulated network with the expectations and
// golden files it has on the kernel's; and a second run with the same
// seed records the same trace, event for event.
func TestSeedScenariosUnderSim(t *testing.T) {
	dirs, err := Find([]string{"../scenarios"})
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for _, dir := range dirs {
		scs, err := Load(dir)
		require.NoError(t, err)
		for _, sc := range scs {
			t.Run(sc.Name, func(t *testing.T) {
				t.Parallel()
				var traces [2][]trace.Event
				for i := range traces {
					res := Run(context.Background(), sc, Options{Modules: stdlib.Modules(), Sim: true, Seed: 3, Record: true})
					require.NoError(t, res.Err)
					Check(res, false)
					require.False(t, res.Failed(), "%s", Report(res))
					assert.False(t, res.TimedOut)
					traces[i] = res.Events
				}
				require.NotEmpty(t, traces[0])
				assert.Equal(t, traces[0], traces[1], "one seed, two traces")
			})
		}
	}
}

// TestSimSeedsChooseTheOrder runs a scenario whose clients race under
// several seeds: the roles' calls come in more than one order.
func TestSimSeedsChooseTheOrder(t *testing.T) {
	scs, err := Load("../scenarios/threaded-echo")
	require.NoError(t, err)
	orders := map[string]bool{}
	for seed := uint64(1); seed <= 8; seed++ {
		res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules(), Sim: true, Seed: seed, Record: true})
		require.NoError(t, res.Err)
		Check(res, false)
		require.False(t, res.Failed(), "seed %d: %s", seed, Report(res))
		var order string
		for _, e := range res.Events {
			order += e.Role + "/" + e.Thread + ":" + e.Call + " "
		}
		orders[order] = true
	}
	assert.Greater(t, len(orders), 1, "every seed ran the roles in one order")
}
