package scenario

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/stdlib"
)

// teachingPack lists the fault scenarios of the teaching pack: each passes
// with its own programs and fails with the tutorial's naive one in place
// of the role it names.
var teachingPack = []struct{ dir, role, naive string }{
	{"fault-short-reads", "server", "naive_server.py"},
	{"fault-partial-sends", "client", "naive_client.py"},
	{"fault-reset-peer", "server", "naive_server.py"},
	{"fault-partition", "client", "naive_client.py"},
	{"fault-udp-loss", "client", "naive_client.py"},
}

// TestTeachingPack runs each pack scenario under 50 seeds with the fixed
// code (every one passes, its trace equal to its golden trace.txt) and with the naive code (every one fails, and
// shows the hint).
func TestTeachingPack(t *testing.T) {
	for _, p := range teachingPack {
		t.Run(p.dir, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join("../scenarios", p.dir)
			scs, err := Load(dir)
			require.NoError(t, err)
			require.Len(t, scs, 1)
			// Every scenario keeps its golden diagram: the same run under every seed.
			require.NotNil(t, scs[0].Trace, "%s has no trace = golden(...)", p.dir)
			require.Equal(t, "golden", scs[0].Trace.Kind)
			naive := map[string]string{p.role: filepath.Join(dir, p.naive)}
			for seed := uint64(1); seed <= 50; seed++ {
				res := Run(context.Background(), scs[0], Options{Modules: stdlib.Modules(), Sim: true, Seed: seed})
				require.NoError(t, res.Err)
				Check(res, false)
				require.False(t, res.Failed(), "seed %d, fixed code: %s", seed, Report(res))

				res = Run(context.Background(), scs[0], Options{Modules: stdlib.Modules(), Sim: true, Seed: seed, Files: naive})
				require.NoError(t, res.Err)
				Check(res, false)
				require.True(t, res.Failed(), "seed %d: the naive code passed", seed)
				assert.Contains(t, Report(res), "hint: ", "seed %d", seed)
			}
		})
	}
}
