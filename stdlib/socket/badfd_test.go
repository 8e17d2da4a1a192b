package socket

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestBadFDIsNotShared: catch writes a traceback into the exception it
// returns, so each EBADF must be an exception of its own, never one shared
// by runs.
func TestBadFDIsNotShared(t *testing.T) {
	a, b := errBadFD(), errBadFD()
	assert.NotSame(t, a, b)
	assert.Equal(t, "OSError: [Errno 9] Bad file descriptor", a.Error())
}
