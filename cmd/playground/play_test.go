package playground

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPlayIsTheCLIsRun: for every scenario under scenarios/, what Play
// gives the page (the run and its .txt trace) is what `sockstar test
// --sim --seed 3` does with the same files; the page's own runs are
// compared with Play by the browser tests.
func TestPlayIsTheCLIsRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds sockstar")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "sockstar")
	out, err := exec.Command("go", "build", "-o", bin, "../sockstar").CombinedOutput()
	require.NoError(t, err, "%s", out)
	traces := filepath.Join(tmp, "traces")
	cmd := exec.Command(bin, "test", "--sim", "--seed", "3", "--trace", traces+"/*.txt", "../../scenarios")
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	dirs, err := filepath.Glob("../../scenarios/*/scenario.star")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(dirs), 20)
	for _, spec := range dirs {
		dir := filepath.Dir(spec)
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			files := map[string]string{}
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			for _, e := range entries {
				if e.Type().IsRegular() && !strings.HasSuffix(e.Name(), ".go") {
					b, err := os.ReadFile(filepath.Join(dir, e.Name()))
					require.NoError(t, err)
					files[e.Name()] = string(b)
				}
			}
			text, err := os.ReadFile(spec)
			require.NoError(t, err)
			for _, f := range strings.Split(string(text), `"`) {
				if strings.HasPrefix(f, "../") && validPath(f) {
					b, err := os.ReadFile(filepath.Join(dir, f))
					require.NoError(t, err)
					files[f] = string(b)
				}
			}
			resp := Play(context.Background(), t.TempDir(), Request{Files: files, Seed: 3, Name: name}, nil, nil)
			require.Empty(t, resp.Err)
			require.False(t, resp.Failed, "%s", resp.Report)
			file := name + ".txt"
			if resp.Name != "" {
				file = name + "-" + resp.Name + ".txt"
			}
			want, err := os.ReadFile(filepath.Join(traces, file))
			require.NoError(t, err)
			require.Equal(t, string(want), resp.Trace.Text)
		})
	}
}
