package pytime_test

import (
	"context"
	"io"
	"sync"
	"testing"
	"time"

	"sockstar/runtime"
	"sockstar/stdlib"
)

// signalWriter closes started at the script's first output.
type signalWriter struct {
	once    sync.Once
	started chan struct{}
}

func (w *signalWriter) Write(b []byte) (int, error) {
	w.once.Do(func() { close(w.started) })
	return len(b), nil
}

// A long sleep ends once the run is cancelled while it sleeps.
func TestSleepEndsOnCancel(t *testing.T) {
	mods := stdlib.Modules()
	prog, err := runtime.Compile("sleep.star", []byte("import time\nprint('sleeping')\ntime.sleep(3600)\nprint('woke')\n"), mods)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := &signalWriter{started: make(chan struct{})}
	done := make(chan int, 1)
	go func() {
		done <- prog.Run(ctx, runtime.Config{Modules: mods, Argv: []string{"sleep.star"}, Stdout: out, Stderr: io.Discard})
	}()
	select {
	case <-out.started: // the script is about to sleep
	case <-time.After(10 * time.Second):
		t.Fatal("the script never started")
	}
	cancel()
	select {
	case code := <-done:
		if code == 0 {
			t.Fatal("a cancelled sleep(3600) let the script end normally")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sleep(3600) did not end when the run was cancelled")
	}
}
