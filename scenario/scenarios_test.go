package scenario

import (
	"context"
	"regexp"
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
