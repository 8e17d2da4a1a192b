package host

import (
	"context"
	"errors"
	"io"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"sockstar/runtime/leaktest"
)

// socketPair is a connected pair of non-blocking stream sockets, closed
// when the test ends.
func socketPair(t *testing.T) (int, int) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	t.Cleanup(func() {
		syscall.Close(fds[0])
		syscall.Close(fds[1])
	})
	return fds[0], fds[1]
}

func newRun() *Process {
	return New(context.Background(), nil, nil, io.Discard, io.Discard)
}

// wait is WaitFD called as a builtin calls it, holding the interpreter lock.
func wait(p *Process, fd int, write bool, deadline time.Time) (bool, error) {
	p.Acquire()
	defer p.Release()
	return p.WaitFD(fd, write, deadline)
}

func TestWaitFDReadyAndDeadline(t *testing.T) {
	p := newRun()
	defer p.Close()
	a, b := socketPair(t)

	// Nothing to read: the deadline ends the wait, which is not an error.
	ready, err := wait(p, a, false, time.Now().Add(20*time.Millisecond))
	require.NoError(t, err)
	assert.False(t, ready)

	// A peer's byte makes it readable; a fresh socket is writable at once.
	_, err = syscall.Write(b, []byte("x"))
	require.NoError(t, err)
	ready, err = wait(p, a, false, time.Time{})
	require.NoError(t, err)
	assert.True(t, ready)
	ready, err = wait(p, b, true, time.Time{})
	require.NoError(t, err)
	assert.True(t, ready)
}

// TestWaitFDCancel cancels a run whose call waits with no deadline: the
// wait ends with the run's cause, whether the cancel came before the
// kernel wait began or during it.
func TestWaitFDCancel(t *testing.T) {
	p := newRun()
	a, _ := socketPair(t)
	cause := errors.New("stop")
	done := make(chan error, 1)
	go func() {
		_, err := wait(p, a, false, time.Time{})
		done <- err
	}()
	p.Cancel(cause)
	select {
	case err := <-done:
		assert.Equal(t, cause, err)
	case <-time.After(10 * time.Second):
		t.Fatal("a cancelled run's wait did not end")
	}
	// A wait that starts after the cancel ends at once too.
	_, err := wait(p, a, false, time.Time{})
	assert.Equal(t, cause, err)
	p.Close()
}

// TestWaitFDLeavesNoDescriptor checks the run's eventfd is closed with it.
func TestWaitFDLeavesNoDescriptor(t *testing.T) {
	a, b := socketPair(t)
	_, err := syscall.Write(b, []byte("x"))
	require.NoError(t, err)
	before := leaktest.OpenFDs(t)
	for range 20 {
		p := newRun()
		_, err := wait(p, a, false, time.Time{})
		require.NoError(t, err)
		p.Close()
	}
	assert.Equal(t, before, leaktest.OpenFDs(t))
}

func TestAloneCountsThreads(t *testing.T) {
	p := newRun()
	defer p.Close()
	assert.True(t, p.Alone())
	p.live.count.Add(1)
	assert.False(t, p.Alone())
	p.live.count.Add(-1)
	assert.True(t, p.Alone())
}
