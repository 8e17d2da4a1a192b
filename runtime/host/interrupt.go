package host

import (
	"sort"
	"syscall"

	"go.starlark.net/starlark"

	"sockstar/runtime/linux"
)

// A signal is the main thread's, as in CPython. By default Ctrl-C raises
// KeyboardInterrupt there: an exception the script may catch, not the end
// of the run, while the other threads go on. Signal stops the main
// thread's script code (its thread is cancelled, so the interpreter stops
// at its next step) and wakes the wait it is in; whichever sees it first,
// the wait or a try statement, takes it (TakeInterruptFor), which undoes
// the cancel and gives the exception to raise.
//
// A handler the script set with signal.signal is called instead, on the
// main thread: by the wait it wakes, which then waits on, or between two
// steps of its code (the interpreter's periodic step check); an exception
// the handler raises is raised where the thread was. Only the main
// thread's waits watch for signals (InterruptedFor).

// SetMain names the run's main thread, the one a Ctrl-C interrupts.
func (p *Process) SetMain(thread *starlark.Thread) {
	p.intrMu.Lock()
	p.main = thread
	p.mainAtomic.Store(thread)
	p.intrMu.Unlock()
}

// Ignore is the handler of a signal the script ignores (signal.SIG_IGN),
// and Default of one it gave the system's action (signal.SIG_DFL: a
// Ctrl-C then ends the process at once, by the signal).
var (
	Ignore  starlark.Value = starlark.String("SIG_IGN")
	Default starlark.Value = starlark.String("SIG_DFL")
)

// SetSignalHandler sets the script's handler of a signal: a callable,
// Ignore, or nil for the default.
func (p *Process) SetSignalHandler(sig syscall.Signal, handler starlark.Value) {
	p.intrMu.Lock()
	defer p.intrMu.Unlock()
	if p.handlers == nil {
		p.handlers = map[syscall.Signal]starlark.Value{}
	}
	if handler == nil {
		delete(p.handlers, sig)
		return
	}
	p.handlers[sig] = handler
}

// SignalHandler is the script's handler of a signal, nil for the default.
func (p *Process) SignalHandler(sig syscall.Signal) starlark.Value {
	p.intrMu.Lock()
	defer p.intrMu.Unlock()
	return p.handlers[sig]
}

// Interrupt is Signal(SIGINT, err): a Ctrl-C raising err, a KeyboardInterrupt.
func (p *Process) Interrupt(err error) (again bool) {
	return p.Signal(linux.SIGINT, err)
}

// Signal delivers a signal, by Linux's number, to the main thread. Without a handler of the
// script's, SIGINT raises dflt there and any other signal cancels the run
// with it. A signal that comes while another is on its way counts once. It
// reports whether the run is already stopping, or the script gave the
// signal the system's action: the caller then ends the process.
func (p *Process) Signal(sig syscall.Signal, dflt error) (again bool) {
	p.intrMu.Lock()
	defer p.intrMu.Unlock()
	if p.Cancelled() {
		return true
	}
	if p.intrErr != nil || p.intrHandler != nil {
		// One still on its way: signals that come together count once, as
		// the kernel's pending signals do (timeout -s INT sends two).
		return false
	}
	handler := p.handlers[sig]
	switch {
	case handler == Ignore:
		return false
	case handler == Default:
		return true
	case p.main == nil || (handler == nil && sig != linux.SIGINT):
		p.Cancel(dflt)
		return false
	case handler != nil:
		p.intrHandler, p.intrSig = handler, sig
	default:
		p.intrErr = dflt
		p.main.Cancel("KeyboardInterrupt")
	}
	p.intrPending.Store(true)
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
	sim := p.sim
	p.mu.Unlock()
	if sim != nil {
		defer sim.Kick() // the main thread's wait sees the signal
	}
	return false
}

// InterruptPending reports whether a signal waits to be taken.
func (p *Process) InterruptPending() bool { return p.intrPending.Load() }

// InterruptedFor is Interrupted for the main thread, and nil (never
// ready) for the others: a signal is the main thread's.
func (p *Process) InterruptedFor(thread *starlark.Thread) <-chan struct{} {
	if thread == nil || thread != p.mainThread() {
		return nil
	}
	return p.Interrupted()
}

func (p *Process) mainThread() *starlark.Thread { return p.mainAtomic.Load() }

// IsMain reports whether thread is the run's main thread.
func (p *Process) IsMain(thread *starlark.Thread) bool { return thread == p.mainThread() }

// MainWaitsOn records the resource the main thread blocks on in Go's
// poller (nil when it is done), so that a signal can wake it; a signal
// already pending wakes it at once.
func (p *Process) MainWaitsOn(thread *starlark.Thread, r Resource) bool {
	if thread == nil || thread != p.mainThread() {
		return false
	}
	p.mu.Lock()
	p.mainWait = r
	p.mu.Unlock()
	if r != nil && p.intrPending.Load() {
		// The signal came before the wait was recorded, so it woke
		// nothing: the wait ends at once, as if woken.
		r.Interrupt()
	}
	return true
}

// Interrupted is closed while a signal is pending.
func (p *Process) Interrupted() <-chan struct{} {
	p.intrMu.Lock()
	defer p.intrMu.Unlock()
	if p.intrCh == nil {
		p.intrCh = make(chan struct{})
	}
	return p.intrCh
}

// TakeInterruptFor takes the pending signal on the main thread, which
// holds the interpreter lock: it returns the exception to raise, or calls
// the script's handler and returns what it raised (nil: go on). Other
// threads take nothing.
func (p *Process) TakeInterruptFor(thread *starlark.Thread) error {
	_, err := p.take(thread, true)
	return err
}

// TakeSignal is TakeInterruptFor for a wait, which holds the interpreter
// lock or not (then it takes the lock back to call a handler). took
// reports whether there was a signal: a wait whose handler returned waits on.
func (p *Process) TakeSignal(thread *starlark.Thread, locked bool) (took bool, err error) {
	return p.take(thread, locked)
}

func (p *Process) take(thread *starlark.Thread, locked bool) (bool, error) {
	if !p.intrPending.Load() || thread == nil || thread != p.mainThread() {
		return false, nil // the common case, without a lock
	}
	p.intrMu.Lock()
	err, handler, sig := p.intrErr, p.intrHandler, p.intrSig
	if err == nil && handler == nil {
		p.intrMu.Unlock()
		return false, nil
	}
	p.intrErr, p.intrHandler = nil, nil
	p.intrPending.Store(false)
	p.intrCh = nil
	if err != nil {
		p.main.Uncancel()
	}
	p.mu.Lock()
	if p.wakeMade && !p.wakeClosed && !p.cancelled.Load() {
		drainWake(p.wake)
	}
	p.mu.Unlock()
	p.intrMu.Unlock()
	if err != nil {
		return true, err
	}
	if !locked {
		p.Reacquire(thread)
		defer p.Release()
	}
	_, err = starlark.Call(thread, handler, starlark.Tuple{starlark.MakeInt(int(sig)), starlark.None}, nil)
	return true, err
}

// signalBetweenSteps calls a pending handler between two steps of the main
// thread's code; what it raises is raised there, as a KeyboardInterrupt is.
func (p *Process) signalBetweenSteps(th *starlark.Thread) {
	if !p.intrPending.Load() || th != p.mainThread() {
		return
	}
	p.intrMu.Lock()
	handlerPending := p.intrHandler != nil
	p.intrMu.Unlock()
	if !handlerPending {
		return
	}
	if _, err := p.take(th, true); err != nil {
		p.intrMu.Lock()
		p.intrErr = err
		p.intrPending.Store(true)
		th.Cancel("signal")
		p.intrMu.Unlock()
	}
}

// A ThreadStack is where one of the run's threads is: its name and call
// stack, innermost frame last.
type ThreadStack struct {
	Name  string
	Stack starlark.CallStack
}

// OtherThreads is where each thread of the run but the main one is, in
// the order of their names. Call it holding the interpreter lock: every
// other thread has then left script code (it waits in a call, or for the
// lock), so its stack holds still.
func (p *Process) OtherThreads() []ThreadStack {
	main := p.mainThread()
	p.mu.Lock()
	threads := make([]*starlark.Thread, 0, len(p.threads))
	for t := range p.threads {
		if t != main {
			threads = append(threads, t)
		}
	}
	p.mu.Unlock()
	out := make([]ThreadStack, 0, len(threads))
	for _, t := range threads {
		out = append(out, ThreadStack{Name: t.Name, Stack: t.CallStack()})
	}
	// sort.Slice, not a slices instance of its own: the browser's module is smaller.
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
