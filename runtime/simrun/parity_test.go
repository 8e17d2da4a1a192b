package simrun_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"sockstar/runtime"
	"sockstar/runtime/pycompare"
	"sockstar/runtime/simrun"
	"sockstar/stdlib"
)

// notModelled are socket programs of the tree that use what the simulated
// network refuses, with the reason.
var notModelled = map[string]string{
	"epoll.py":    "epoll on a regular file (its descriptor is the kernel's, not the simulated table's)",
	"into_dup.py": "socket.dup",
	"pinger.py":   "raw and packet sockets",
}

// TestSocketProgramsUnderSim runs the tree's Python programs that use
// sockets or select on the simulated network and checks that each prints
// what CPython prints on the kernel's: stdout, stderr and exit status.
func TestSocketProgramsUnderSim(t *testing.T) {
	var files []string
	for _, dir := range []string{"../testdata/py3", "../../stdlib/socket/testdata", "../../stdlib/socketserver/testdata",
		"../../stdlib/select/testdata/py3", "../../stdlib/threading/testdata/py3", "../trace/pcapng/testdata"} {
		found, err := filepath.Glob(filepath.Join(dir, "*.py"))
		require.NoError(t, err)
		for _, f := range found {
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			if strings.Contains(string(src), "socket") || strings.Contains(string(src), "select") {
				files = append(files, f)
			}
		}
	}
	require.Greater(t, len(files), 10)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			if why, ok := notModelled[filepath.Base(file)]; ok {
				t.Skipf("uses %s, which the simulated network refuses", why)
			}
			pycompare.CompareWith(t, file, stdlib.Modules(), func(cfg *runtime.Config) {
				simrun.Simulate(cfg, 1, nil)
			})
		})
	}
}
