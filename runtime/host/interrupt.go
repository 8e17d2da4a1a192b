package host

import (
	"syscall"

	"go.starlark.net/starlark"
)

// A Ctrl-C is CPython's KeyboardInterrupt in the main thread: an exception
// the script may catch, not the end of the run; the other threads go on.
// Interrupt stops the main thread's script code (its thread is cancelled,
// so the interpreter stops at the next step) and wakes the wait it is in;
// whichever sees it first, the wait or a try statement, takes it with
// TakeInterrupt, which undoes the cancel and gives the exception to raise.
// Only the main thread's waits watch for it (InterruptedFor).

// SetMain names the run's main thread, the one a Ctrl-C interrupts.
func (p *Process) SetMain(thread *starlark.Thread) {
	p.intrMu.Lock()
	p.main = thread
	p.mainAtomic.Store(thread)
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
	if p.main == nil {
		p.Cancel(err)
		return false
	}
	p.intrErr = err
	p.intrPending.Store(true)
	p.main.Cancel("KeyboardInterrupt")
	if p.intrCh == nil {
		p.intrCh = make(chan struct{})
	}
	close(p.intrCh)
	p.mu.Lock()
	if p.wakeMade && !p.wakeClosed {
		signalFD(p.wake)
	}
	if p.mainWait != nil {
		p.mainWait.Interrupt()
	}
	p.mu.Unlock()
	return false
}

// InterruptPending reports whether a Ctrl-C waits to be taken.
func (p *Process) InterruptPending() bool { return p.intrPending.Load() }

// InterruptedFor is Interrupted for the main thread, and nil (never
// ready) for the others: a Ctrl-C is the main thread's.
func (p *Process) InterruptedFor(thread *starlark.Thread) <-chan struct{} {
	if thread == nil || thread != p.mainThread() {
		return nil
	}
	return p.Interrupted()
}

// TakeInterruptFor is TakeInterrupt on the main thread, nil on the others.
func (p *Process) TakeInterruptFor(thread *starlark.Thread) error {
	if thread == nil || thread != p.mainThread() {
		return nil
	}
	return p.TakeInterrupt()
}

func (p *Process) mainThread() *starlark.Thread { return p.mainAtomic.Load() }

// MainWaitsOn records the resource the main thread blocks on in Go's
// poller (nil when it is done), so that a Ctrl-C can wake it.
func (p *Process) MainWaitsOn(thread *starlark.Thread, r Resource) bool {
	if thread == nil || thread != p.mainThread() {
		return false
	}
	p.mu.Lock()
	p.mainWait = r
	p.mu.Unlock()
	return true
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
	if !p.intrPending.Load() {
		return nil // the common case, without a lock
	}
	p.intrMu.Lock()
	defer p.intrMu.Unlock()
	err := p.intrErr
	if err == nil {
		return nil
	}
	p.intrErr = nil
	p.intrPending.Store(false)
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

