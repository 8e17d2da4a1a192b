package py_test

import (
	"context"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// An open file is a resource of its run until the script closes it, by
// close() or a with statement, and no longer after.
func TestOpenTracksFiles(t *testing.T) {
	t.Chdir(t.TempDir())
	p := host.New(context.Background(), nil, nil, io.Discard, io.Discard)
	defer p.Close()
	thread := &starlark.Thread{}
	p.Attach(thread)
	open, _ := py.Builtin("open")
	call := func(fn starlark.Value, args ...starlark.Value) starlark.Value {
		t.Helper()
		v, err := starlark.Call(thread, fn, args, nil)
		require.NoError(t, err)
		return v
	}
	f := call(open, starlark.String("a"), starlark.String("w"))
	g := call(open, starlark.String("a"), starlark.String("rb"))
	assert.Equal(t, 2, p.OpenResources())
	closeF, err := py.GetAttr(f, "close")
	require.NoError(t, err)
	call(closeF)
	assert.Equal(t, 1, p.OpenResources())
	require.NoError(t, g.(py.Closer).CloseFor(thread))
	assert.Equal(t, 0, p.OpenResources())
}
