package pytime_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	pytime "sockstar/stdlib/time"
)

// A long sleep ends, with the run's cause, once the run is cancelled.
func TestSleepEndsOnCancel(t *testing.T) {
	p := host.New(context.Background(), nil, nil, io.Discard, io.Discard)
	defer p.Close()
	thread := &starlark.Thread{Name: "sleeper"}
	p.Attach(thread)
	sleep := pytime.Module.Members["sleep"]
	done := make(chan error, 1)
	go func() {
		_, err := starlark.Call(thread, sleep, starlark.Tuple{starlark.MakeInt(3600)}, nil)
		done <- err
	}()
	stop := errors.New("stopped by test")
	p.Cancel(stop)
	select {
	case err := <-done:
		if !errors.Is(err, stop) {
			t.Fatalf("sleep returned %v, want the cancel cause", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sleep(3600) did not end when the run was cancelled")
	}
}
