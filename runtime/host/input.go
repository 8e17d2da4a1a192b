package host

import (
	"go.starlark.net/starlark"
	"sync"
	"sync/atomic"
)

// inputState lets a caller wait for a line of standard input without taking
// it, as select() on sys.stdin does: the line waits in pending for the next
// ReadLine.
type inputState struct {
	mu      sync.Mutex
	asked   bool        // the reader was asked for a line not yet received
	pending *lineResult // a line received by WaitInput, not yet read
	// has says pending is set, readable while a wait holds mu.
	has atomic.Bool
}

func (p *Process) input() *inputState {
	return p.Once("host.input", func() any { return &inputState{} }).(*inputState)
}

// nextLine gets the next line of input: the pending one, else one from the
// reader goroutine. consume false leaves it pending. It gives up, with ok
// false, when stop is closed (nil: never), and with the run's cause on
// cancel; for the main thread (me), a Ctrl-C ends it with KeyboardInterrupt.
func (p *Process) nextLine(consume bool, stop <-chan struct{}, me *starlark.Thread) (r lineResult, ok bool, err error) {
	p.stdinOnce.Do(func() {
		p.stdinLines = make(chan lineResult)
		p.stdinWant = make(chan struct{})
		go p.readStdin()
	})
	in := p.input()
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.pending != nil {
		r = *in.pending
		if consume {
			in.pending = nil
			in.has.Store(false)
		}
		return r, true, nil
	}
	// A request left by a wait that gave up is still being answered: take
	// that answer instead of asking again.
	for !in.asked {
		select {
		case p.stdinWant <- struct{}{}:
			in.asked = true
		case <-p.ctx.Done():
			return r, false, p.Cause()
		case <-stop:
			return r, false, nil
		case <-p.InterruptedFor(me):
			if _, err := p.TakeSignal(me, false); err != nil {
				return r, false, err
			}
		}
	}
	for {
		select {
		case r = <-p.stdinLines:
			in.asked = false
			if !consume {
				in.pending = &r
				in.has.Store(true)
			}
			return r, true, nil
		case <-p.ctx.Done():
			return r, false, p.Cause()
		case <-stop:
			return r, false, nil
		case <-p.InterruptedFor(me):
			if _, err := p.TakeSignal(me, false); err != nil {
				return r, false, err
			}
		}
	}
}

// WaitInput waits, without taking it, until a line of standard input (or
// its end) can be read without blocking. It returns false when stop is
// closed first, and the run's cause when the run is cancelled. Call it
// without the interpreter lock.
func (p *Process) WaitInput(stop <-chan struct{}) (bool, error) {
	_, ok, err := p.nextLine(false, stop, nil)
	return ok, err
}

// InputPending reports whether a line of standard input waits to be read;
// it never blocks, even while another goroutine waits for input.
func (p *Process) InputPending() bool {
	if r, ok := p.stdin.(ReadyReader); ok && p.sim != nil {
		return p.input().has.Load() || r.Ready()
	}
	return p.input().has.Load()
}

// ReadyReader is a standard input that can tell, without blocking, that a
// read would not block: a simulated run waits for it in the run's order.
type ReadyReader interface {
	Ready() bool
}
