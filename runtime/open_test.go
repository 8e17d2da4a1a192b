package runtime_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime/leaktest"
)

// A file the script leaves open is flushed and closed when the run ends, as
// CPython's finalizers do at exit: its writes reach the disk and its
// descriptor is not leaked.
func TestOpenFilesCloseAtEnd(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	before := leaktest.OpenFDs(t)
	r := run(t, `
f = open('out.txt', 'w')
f.write('buffered, never flushed\n')
g = open('out.txt', 'rb')
print(g.read())
kept = [open('out.txt') for _ in range(5)]
`, "")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "b''\n", r.stdout, "the write waits in the buffer while the script runs")
	data, err := os.ReadFile(filepath.Join(dir, "out.txt"))
	require.NoError(t, err)
	assert.Equal(t, "buffered, never flushed\n", string(data))
	assert.Equal(t, before, leaktest.OpenFDs(t))
}

// A file the script closes, or that a with statement closes, is forgotten
// by the run at once.
func TestOpenFilesClosedByScript(t *testing.T) {
	t.Chdir(t.TempDir())
	before := leaktest.OpenFDs(t)
	r := run(t, `
for i in range(100):
    with open('f%d' % i, 'w') as f:
        f.write('x')
    g = open('f%d' % i)
    g.read()
    g.close()
print('done')
`, "")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "done\n", r.stdout)
	assert.Equal(t, before, leaktest.OpenFDs(t))
}
