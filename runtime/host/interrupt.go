package host

import (
	"syscall"

	"go.starlark.net/starlark"
)

// A Ctrl-C is CPython's KeyboardInterrupt in the main thread: an exception
// the script may catch, not the end of the run. Interrupt stops the main
// thread's script code (its thread is cancelled, so the interpreter stops
// at the next step) and wakes the wait it is in; whichever sees it first,
// the wait or a try statement, takes it with TakeInterrupt, which undoes
// the cancel and gives the exception to raise. Only a run whose main thread
// is alone is interrupted so: its waits are the ones that watch for it. A
// run with other threads is cancelled, as before.

// SetMain names the run's main thread, the one a Ctrl-C interrupts.
func (p *Process) SetMain(thread *starlark.Thread) {
	p.intrMu.Lock()
	p.main = thread
	p.intrMu.Unlock()
}

// Interrupt delivers err (a KeyboardInterrupt) to the main thread, or
// cancels the run with it where the main thread is not alone. It reports
// whether an earlier one was still pending, or the run already stopping:
// a second Ctrl-C that a caller may treat as "stop now".
func (p *Process) Interrupt(err error) (again bool) {
	p.intrMu.Lock()
	defer p.intrMu.Unlock()
	if p.intrErr != nil || p.Cancelled() {
		return true
	}
	if p.main == nil || !p.Alone() {
		p.Cancel(err)
		return false
	}
	p.intrErr = err
	p.main.Cancel("KeyboardInterrupt")
	if p.intrCh == nil {
		p.intrCh = make(chan struct{})
	}
	close(p.intrCh)
	p.mu.Lock()
	if p.wakeMade && !p.wakeClosed {
		signalFD(p.wake)
	}
	p.mu.Unlock()
	return false
}

// Interrupted is closed while an interrupt is pending.
func (p *Process) Interrupted() <-chan struct{} {
	p.intrMu.Lock()
	defer p.intrMu.Unlock()
	if p.intrCh == nil {
		p.intrCh = make(chan struct{})
	}
	return p.intrCh
}

// TakeInterrupt returns the pending interrupt, if any, and clears it: the
// main thread runs on, to raise it.
func (p *Process) TakeInterrupt() error {
	p.intrMu.Lock()
	defer p.intrMu.Unlock()
	err := p.intrErr
	if err == nil {
		return nil
	}
	p.intrErr = nil
	p.intrCh = nil
	p.main.Uncancel()
	p.mu.Lock()
	if p.wakeMade && !p.wakeClosed && !p.cancelled.Load() {
		var buf [8]byte
		syscall.Read(p.wake, buf[:]) // the eventfd is readable again only on the next signal
	}
	p.mu.Unlock()
	return err
}

// interruptPending reports, without taking it, whether an interrupt waits.
func (p *Process) interruptPending() bool {
	p.intrMu.Lock()
	defer p.intrMu.Unlock()
	return p.intrErr != nil
}
