package host

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime/linux"
)

// A view's paths are checked once links and ".." are resolved: a link in
// the run's directory that leads out is refused, one that stays in is
// followed, and unlink acts on a link itself.
func TestFileViewResolvesBeforeChecking(t *testing.T) {
	// out is not under /tmp, which is the run's own (nor is the clone,
	// here, when it is under /tmp: CI's may be).
	dir := t.TempDir()
	base, err := filepath.Abs(".")
	require.NoError(t, err)
	if base == "/tmp" || strings.HasPrefix(base, "/tmp/") {
		base = "/var/tmp"
	}
	out, err := os.MkdirTemp(base, "view-test-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(out) })
	out, err = filepath.Abs(out)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(out, "secret"), nil, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "mine"), nil, 0o644))
	if err := os.Symlink(out, filepath.Join(dir, "out")); errors.Is(err, os.ErrPermission) {
		t.Skipf("links that lead out of a directory are refused here (wazero's sandbox): %v", err)
	} else {
		require.NoError(t, err)
	}
	require.NoError(t, os.Symlink(filepath.Join(out, "secret"), filepath.Join(dir, "secret")))
	require.NoError(t, os.Symlink("mine", filepath.Join(dir, "alias")))
	require.NoError(t, os.Symlink("loop", filepath.Join(dir, "loop")))
	v, err := NewFileView(dir)
	require.NoError(t, err)

	for _, c := range []struct {
		path          string
		write, follow bool
		want          string // "" for EACCES
	}{
		{"mine", true, true, "mine"},
		{"alias", false, true, "mine"},
		{"alias", true, false, "alias"},
		{"out/secret", false, true, ""},
		{"out/../mine", false, true, ""}, // ".." of the link's target, as the kernel walks it
		{"secret", false, true, ""},
		{"secret", true, false, "secret"}, // unlink removes the link, which is the run's
		{"nothing/../../" + filepath.Base(dir) + "/mine", false, true, "mine"},
		{"../../../../../../../../../.." + out + "/secret", false, true, ""},
		{filepath.Join(out, "secret"), false, true, ""},
		{"/etc/passwd", false, true, ""},
	} {
		got, err := v.Path(c.path, c.write, c.follow)
		if c.want == "" {
			assert.Equal(t, linux.EACCES, err, c.path)
			continue
		}
		require.NoError(t, err, c.path)
		assert.Equal(t, filepath.Join(v.Dir, c.want), got, c.path)
	}
	_, err = v.Path("loop", false, true)
	assert.Equal(t, linux.ELOOP, err)
	// /tmp is the run's own.
	got, err := v.Path("/tmp/x", true, true)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(v.Dir, TwinRoot, "tmp", "x"), got)
}
