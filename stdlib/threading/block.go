package threading

import (
	"math"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/host"
	"sockstar/runtime/py"
)

// Forever is the timeout of a wait that has none.
const Forever time.Duration = -1

// Block waits until attempt succeeds, with the interpreter lock released
// between attempts so the run's other threads go on. attempt must not touch
// script values; it reports success, or a channel closed when it is worth
// trying again. Block returns false when d (Forever: none) passes first,
// and the run's cause when the run is cancelled.
func Block(p *host.Process, d time.Duration, attempt func() (bool, <-chan struct{})) (bool, error) {
	ok, changed := attempt()
	if ok {
		return true, nil
	}
	if d == 0 {
		return false, nil
	}
	if p.Cancelled() {
		return false, p.Cause()
	}
	if p.Sim() != nil {
		return simBlock(p, d, attempt, changed)
	}
	var timeout <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	done := p.Context().Done()
	me := p.Holder()
	err := p.Unlocked(func() error {
		for {
			select {
			case <-changed:
			case <-timeout:
				ok, _ = attempt()
				return nil
			case <-done:
				return p.Cause()
			case <-p.InterruptedFor(me):
				if _, err := p.TakeSignal(me, false); err != nil {
					return err
				}
			}
			if ok, changed = attempt(); ok {
				return nil
			}
		}
	})
	if err != nil {
		return false, err
	}
	return ok, nil
}

// Seconds reads a timeout in seconds (int or float) as a duration; very
// large values mean no timeout.
func Seconds(fn string, v starlark.Value) (time.Duration, float64, error) {
	var f float64
	switch x := v.(type) {
	case starlark.Int:
		f = float64(x.Float())
	case starlark.Float:
		f = float64(x)
	default:
		return 0, 0, py.Errorf(py.TypeError, "'%s' object cannot be interpreted as an integer or float", py.TypeOf(v).Name())
	}
	if math.IsNaN(f) {
		return 0, f, py.Errorf(py.ValueError, "Invalid value NaN (not a number)")
	}
	if f*float64(time.Second) >= math.MaxInt64 {
		return Forever, f, nil
	}
	if f <= 0 {
		return 0, f, nil
	}
	d := time.Duration(f * float64(time.Second))
	if d == 0 {
		d = 1
	}
	return d, f, nil
}

// optTimeout reads a timeout that may be None (Forever); negative is zero.
func optTimeout(fn string, v starlark.Value) (time.Duration, error) {
	if v == nil || v == starlark.None {
		return Forever, nil
	}
	d, _, err := Seconds(fn, v)
	return d, err
}

// simBlock is Block on a simulated run. The scheduler asks whether the
// change channel is closed, which changes nothing; attempt runs only on
// the thread's own turn.
func simBlock(p *host.Process, d time.Duration, attempt func() (bool, <-chan struct{}), changed <-chan struct{}) (bool, error) {
	var deadline time.Time
	if d > 0 {
		deadline = p.Now().Add(d)
	}
	for {
		ch := changed
		timedOut, err := p.SimWait(func() bool {
			select {
			case <-ch:
				return true
			default:
				return false
			}
		}, deadline)
		if err != nil {
			return false, err
		}
		ok, next := attempt()
		if ok || timedOut {
			return ok, nil
		}
		changed = next
	}
}
