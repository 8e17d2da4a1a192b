// Package host holds the state of one script run as the script sees it: its
// standard streams, argv, cancellation and the resources (sockets, files) it
// has open. Modules reach it through the thread's locals; nothing here is global.
package host

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	goruntime "runtime"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/trace"
)

// Resource is anything a script opens that must not outlive the run.
type Resource interface {
	// Interrupt wakes any call blocked on the resource; it is called once
	// the run is cancelled, from another goroutine.
	Interrupt()
	// Close releases the resource; it must be safe to call twice.
	Close() error
}

// Process is one run of one script: what a Python process would own.
type Process struct {
	Argv   []string
	Stdout io.Writer
	Stderr io.Writer
	// OnMemory, if set, is the error that stops the run when the process
	// is past its memory budget (see watchHeap).
	OnMemory func() error
	// Env, if not nil, is the environment the script sees (os.environ), as
	// KEY=VALUE strings; nil: the process's own.
	Env []string
	// Files, if set, fences the script's file calls (FileView); nil: the
	// machine's file system, as python3's.
	Files *FileView

	// Sources maps file names to their text, so tracebacks can quote lines.
	Sources map[string][]string
	// Trace, if set, records what the run does (runtime/trace).
	Trace *trace.Source
	// Doc, if set, is the module reference help() prints: a module's, or
	// the lines that name one of its members ("socket.recv").
	Doc func(name string) (string, bool)

	// readingInput counts the threads of a simulated run waiting in ReadLine.
	readingInput atomic.Int32

	ctx    context.Context
	cancel context.CancelFunc
	// stopParent unhooks the parent's cancel from the run (see New).
	stopParent func() bool

	stdin      io.Reader
	stdinOnce  sync.Once
	stdinLines chan lineResult
	stdinWant  chan struct{}

	cancelled atomic.Bool
	mu        sync.Mutex
	cause     error
	resources map[Resource]struct{}
	threads   map[*starlark.Thread]struct{}
	values    map[string]any
	flushes   map[any]exitFn
	flushSeq  int
	// measured are the calls whose results the script never keeps (Scratch).
	measured     map[Site]bool
	scratchBytes atomic.Int64 // the memory of every thread's scratch buffers

	// LastError is the error most recently caught by catch(), for traceback.print_exc.
	lastMu    sync.Mutex
	lastError error

	// gil is held by the goroutine running script code, as CPython's global
	// interpreter lock: script values are only touched under it, and every
	// blocking wait lets go of it.
	gil     sync.Mutex
	waiting atomic.Int32 // goroutines waiting for the gil
	// holder is the script thread that holds the gil; written and read only
	// under it.
	holder *starlark.Thread
	noGIL  bool // a process made by Of for a thread outside any run
	// sim, if set, is the simulated run the process is part of: its baton
	// stands for the interpreter lock, and simMain runs the main code.
	sim     *Sim
	simMain *SimThread

	live threadSet // the threads started by Go
	// mainDone says the main code has ended (MainEnded): only other
	// threads may run.
	mainDone atomic.Bool
	// atExit runs when the main code has ended, before the threads are
	// waited for (MainEnded).
	atExit []func()

	// A signal the main thread has not taken yet, an exception to raise or
	// a handler to call, and the script's handlers (interrupt.go).
	intrMu      sync.Mutex
	intrErr     error
	intrHandler starlark.Value
	intrSig     syscall.Signal
	handlers    map[syscall.Signal]starlark.Value
	intrCh      chan struct{}
	main        *starlark.Thread
	// mainAtomic is main, and intrPending whether intrErr is set, read
	// without the lock on every blocking call.
	mainAtomic  atomic.Pointer[starlark.Thread]
	intrPending atomic.Bool
	// mainWait is what the main thread blocks on in Go's poller (under mu).
	mainWait Resource

	// The eventfd that wakes calls waiting in the kernel (WaitFD) on cancel.
	waitMu     sync.RWMutex // held shared by each such wait
	wake       int
	wakeMade   bool
	wakeClosed bool

	// idleWatched says the run has the idle watch running (WatchIdle).
	idleWatched atomic.Bool
}

type lineResult struct {
	line string
	err  error
}

// New makes the state of a run; stdin may be nil (empty input).
func New(parent context.Context, argv []string, stdin io.Reader, stdout, stderr io.Writer) *Process {
	ctx, cancel := context.WithCancel(parent)
	if stdin == nil {
		stdin = eofReader{}
	}
	p := &Process{
		Argv:      argv,
		Stdout:    stdout,
		Stderr:    stderr,
		Sources:   map[string][]string{},
		ctx:       ctx,
		cancel:    cancel,
		stdin:     stdin,
		resources: map[Resource]struct{}{},
		threads:   map[*starlark.Thread]struct{}{},
	}
	// A cancelled parent (deadline, SIGINT wired by the caller) cancels the run.
	p.stopParent = context.AfterFunc(ctx, func() { p.Cancel(context.Cause(parent)) })
	watchHeap()
	return p
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

const localKey = "sockstar.host"

// Attach binds p to a thread; every thread that runs script code is attached.
func (p *Process) Attach(thread *starlark.Thread) {
	thread.SetLocal(localKey, p)
	p.mu.Lock()
	p.threads[thread] = struct{}{}
	cancelled := p.cancelled.Load()
	p.mu.Unlock()
	if cancelled {
		thread.Cancel(p.Cause().Error())
	}
}

// Detach forgets a thread whose work has ended.
func (p *Process) Detach(thread *starlark.Thread) {
	p.mu.Lock()
	delete(p.threads, thread)
	p.mu.Unlock()
}

// Of returns the process a thread belongs to. A thread without one gets a
// process with no input that discards output, so builtins never crash.
func Of(thread *starlark.Thread) *Process {
	if p, ok := thread.Local(localKey).(*Process); ok {
		return p
	}
	p := New(context.Background(), nil, nil, io.Discard, io.Discard)
	p.noGIL = true
	p.Attach(thread)
	return p
}

// Acquire takes the interpreter lock: call it before running script code on
// a goroutine, and Release when that goroutine is done with it.
func (p *Process) Acquire() {
	if p.noGIL || p.sim != nil {
		return
	}
	p.waiting.Add(1)
	p.gil.Lock()
	p.waiting.Add(-1)
}

// Release lets go of the interpreter lock.
func (p *Process) Release() {
	if p.noGIL || p.sim != nil {
		return
	}
	p.gil.Unlock()
}

// Unlocked runs a blocking wait with the interpreter lock released, so the
// script's other threads run meanwhile. fn must not touch script values.
func (p *Process) Unlocked(fn func() error) error {
	if p.sim != nil {
		// Only the baton's holder runs: a wait for something outside the
		// run (a name lookup, the terminal) holds the whole run still.
		return fn()
	}
	me := p.holder
	p.Release()
	defer p.Reacquire(me)
	return fn()
}

// Reacquire takes the interpreter lock back for thread, which let go of it
// to wait.
func (p *Process) Reacquire(thread *starlark.Thread) {
	if p.sim != nil {
		p.simEnter(thread)
		return
	}
	p.Acquire()
	p.holder = thread
	activity.Add(1)
}

// Holder is the script thread that runs script code now, the one that holds
// the interpreter lock: a value whose interface methods get no thread (a
// property read by Attr, a __str__ called by String) calls the script on
// it. Call it only holding the lock.
func (p *Process) Holder() *starlark.Thread { return p.holder }

// Contended reports whether another goroutine waits for the interpreter
// lock: a short system call is then worth making with the lock released.
func (p *Process) Contended() bool { return p.waiting.Load() > 0 }

// switchSteps is how many interpreter steps a thread runs before it offers
// the lock to another thread that waits for it.
const switchSteps = 10000

// Schedule makes a thread take turns with the others of its run: every
// switchSteps steps it lets a waiting thread have the interpreter lock.
func (p *Process) Schedule(thread *starlark.Thread) {
	if p.sim != nil {
		p.simSchedule(thread)
		return
	}
	thread.SetMaxExecutionSteps(switchSteps)
	thread.OnMaxSteps = func(th *starlark.Thread) {
		th.SetMaxExecutionSteps(th.ExecutionSteps() + switchSteps)
		activity.Add(1)
		if heapOver.Load() && p.OnMemory != nil {
			p.Cancel(p.OnMemory())
			return
		}
		p.signalBetweenSteps(th)
		if p.noGIL || p.waiting.Load() == 0 {
			return
		}
		p.gil.Unlock()
		goruntime.Gosched()
		p.Reacquire(th)
	}
}

// Context is cancelled when the run is.
func (p *Process) Context() context.Context { return p.ctx }

// Cancelled reports whether the run has been told to stop.
func (p *Process) Cancelled() bool { return p.cancelled.Load() || p.ctx.Err() != nil }

// ErrCancelled is the cause used when Cancel is given none.
var ErrCancelled = errors.New("run cancelled")

// Cause is the error a blocked call returns once the run is cancelled.
func (p *Process) Cause() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cause != nil {
		return p.cause
	}
	// The parent's cancel may be seen before Cancel has recorded its cause.
	if cause := context.Cause(p.ctx); cause != nil && cause != context.Canceled {
		return cause
	}
	return ErrCancelled
}

// Cancel stops the run: every thread stops at its next step and every
// blocked call on a tracked resource returns. The first cause wins.
func (p *Process) Cancel(cause error) {
	if cause == nil {
		cause = ErrCancelled
	}
	p.mu.Lock()
	if p.cancelled.Load() {
		p.mu.Unlock()
		return
	}
	p.cause = cause
	p.cancelled.Store(true)
	threads := make([]*starlark.Thread, 0, len(p.threads))
	for t := range p.threads {
		threads = append(threads, t)
	}
	resources := make([]Resource, 0, len(p.resources))
	for r := range p.resources {
		resources = append(resources, r)
	}
	wakeMade, wake := p.wakeMade && !p.wakeClosed, p.wake
	if wakeMade {
		signalFD(wake)
	}
	sim := p.sim // read under mu: a cancel may come from another goroutine as UseSim runs
	p.mu.Unlock()
	p.cancel()
	for _, t := range threads {
		t.Cancel(cause.Error())
	}
	for _, r := range resources {
		r.Interrupt()
	}
	if sim != nil {
		sim.Kick()
	}
}

// Track registers a resource so that it is interrupted on cancel and closed
// when the run ends. It returns false, and tracks nothing, once cancelled.
func (p *Process) Track(r Resource) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cancelled.Load() {
		return false
	}
	p.resources[r] = struct{}{}
	return true
}

// Untrack forgets a resource the script closed itself.
func (p *Process) Untrack(r Resource) {
	p.mu.Lock()
	delete(p.resources, r)
	p.mu.Unlock()
}

// Resources are what the script holds open now: a scenario's faults look
// for the connections they reset among them.
func (p *Process) Resources() []Resource {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]Resource, 0, len(p.resources))
	for r := range p.resources {
		out = append(out, r)
	}
	return out
}

// OpenResources counts what the script still holds open.
func (p *Process) OpenResources() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.resources)
}

// Close ends the run: cancels it (if still running) and closes everything
// it left open. Call it once the script has returned.
func (p *Process) Close() {
	// The run is over: cancelling it below must not start a goroutine for
	// the hook of New, which would only cancel it again.
	p.stopParent()
	// Stop what may still run (daemon threads), and close under the
	// interpreter lock: a thread that holds it may be using a descriptor.
	p.Cancel(ErrCancelled)
	p.Acquire()
	p.mu.Lock()
	resources := make([]Resource, 0, len(p.resources))
	for r := range p.resources {
		resources = append(resources, r)
	}
	p.resources = map[Resource]struct{}{}
	p.mu.Unlock()
	for _, r := range resources {
		r.Close()
	}
	p.Release()
	p.closeWake()
	p.unwatchIdle()
	p.cancel()
	if c, ok := p.stdin.(io.Closer); ok && p.stdinLines != nil && p.stdin != os.Stdin {
		c.Close()
	}
}

// Once returns the value stored under key, making it with mk the first time:
// per-run state that a module keeps, such as its per-run members.
func (p *Process) Once(key string, mk func() any) any {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.values[key]; ok {
		return v
	}
	if p.values == nil {
		p.values = map[string]any{}
	}
	v := mk()
	p.values[key] = v
	return v
}

// FlushAtEnd arranges for fn to run when the script's code and threads
// have ended, before its resources close: CPython flushes the files a
// script left open. A nil fn takes key's back (the file was closed).
func (p *Process) FlushAtEnd(key any, fn func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if fn == nil {
		delete(p.flushes, key)
		return
	}
	if p.flushes == nil {
		p.flushes = map[any]exitFn{}
	}
	p.flushSeq++
	p.flushes[key] = exitFn{p.flushSeq, fn}
}

type exitFn struct {
	seq int
	fn  func()
}

// RunFlushes runs what FlushAtEnd arranged, once; call it holding the
// interpreter lock.
func (p *Process) RunFlushes() {
	p.mu.Lock()
	fns := make([]exitFn, 0, len(p.flushes))
	for _, f := range p.flushes {
		fns = append(fns, f)
	}
	p.flushes = nil
	p.mu.Unlock()
	// In the order they were arranged: the files in the order they were made.
	sort.Slice(fns, func(i, j int) bool { return fns[i].seq < fns[j].seq })
	for _, f := range fns {
		f.fn()
	}
}

// SetLastError records the error a script caught, for traceback.print_exc.
func (p *Process) SetLastError(err error) {
	p.lastMu.Lock()
	p.lastError = err
	p.lastMu.Unlock()
}

// LastError is the error most recently caught, or nil.
func (p *Process) LastError() error {
	p.lastMu.Lock()
	defer p.lastMu.Unlock()
	return p.lastError
}

// ReadingInput reports whether a thread of a simulated run waits in
// ReadLine for a line of standard input.
func (p *Process) ReadingInput() bool { return p.readingInput.Load() > 0 }

// ReadLine reads one line of standard input, newline included. It returns
// io.EOF once the input is exhausted, and the run's cause when cancelled while
// waiting. One goroutine reads stdin, so a cancelled wait loses no input.
func (p *Process) ReadLine() (line string, err error) {
	if r, ok := p.stdin.(ReadyReader); ok && p.sim != nil && !p.input().has.Load() {
		// Wait in the run's order for what another role will type.
		p.readingInput.Add(1)
		_, err := p.SimWait(r.Ready, time.Time{})
		p.readingInput.Add(-1)
		if err != nil {
			return "", err
		}
	}
	me := p.holder
	p.Unlocked(func() error {
		line, err = p.readLine(me)
		return nil
	})
	return line, err
}

func (p *Process) readLine(me *starlark.Thread) (string, error) {
	r, _, err := p.nextLine(true, nil, me)
	if err != nil {
		return "", err
	}
	return r.line, r.err
}

func (p *Process) readStdin() {
	r := bufio.NewReader(p.stdin)
	var readErr error
	for {
		select {
		case <-p.stdinWant:
		case <-p.ctx.Done():
			return
		}
		res := lineResult{err: readErr}
		if readErr == nil {
			line, err := r.ReadString('\n')
			if err != nil {
				readErr = err
				if line == "" {
					res.err = err
				}
			}
			res.line = line
		}
		select {
		case p.stdinLines <- res:
		case <-p.ctx.Done():
			return
		}
	}
}

// Sleep waits d, or until the run is cancelled.
func (p *Process) Sleep(d time.Duration) error {
	if p.cancelled.Load() {
		return p.Cause()
	}
	if d <= 0 {
		return nil
	}
	if p.sim != nil {
		_, err := p.SimWait(func() bool { return false }, p.Now().Add(d))
		return err
	}
	t := time.NewTimer(d)
	defer t.Stop()
	me := p.holder
	intr := p.InterruptedFor(me)
	return p.Unlocked(func() error {
		for {
			select {
			case <-t.C:
				return nil
			case <-p.ctx.Done():
				return p.Cause()
			case <-intr:
				if _, err := p.TakeSignal(me, false); err != nil {
					return err
				}
				intr = p.InterruptedFor(me)
			}
		}
	})
}

// threadSet counts the script threads a run started besides its main one,
// so that the run can wait for them as CPython waits at exit.
type threadSet struct {
	mu        sync.Mutex
	all       int           // threads started and not ended
	nonDaemon int           // of those, the ones the run waits for
	changed   chan struct{} // closed and replaced whenever a thread ends
	count     atomic.Int32  // all, read without the mutex
}

// Go runs fn as a new script thread of the run: thread is attached and takes
// turns with the others, and fn runs holding the interpreter lock. Call it
// holding the lock; like CPython's Thread.start, it returns once the new
// thread has the lock and has run until it blocks or yields. A daemon
// thread is not waited for at the end of the run.
func (p *Process) Go(thread *starlark.Thread, daemon bool, fn func()) {
	p.Attach(thread)
	p.Schedule(thread)
	p.live.mu.Lock()
	if p.live.changed == nil {
		p.live.changed = make(chan struct{})
	}
	p.live.all++
	p.live.count.Add(1)
	if !daemon {
		p.live.nonDaemon++
	}
	p.live.mu.Unlock()
	if p.sim != nil {
		p.simGo(thread, daemon, fn)
		return
	}
	started := make(chan struct{})
	go func() {
		p.Reacquire(thread)
		close(started)
		defer p.endThread(thread, daemon)
		fn()
	}()
	p.Unlocked(func() error {
		<-started
		return nil
	})
}

// endThread releases the lock of a thread whose fn returned and counts it out.
func (p *Process) endThread(thread *starlark.Thread, daemon bool) {
	p.dropScratch(thread)
	p.Release()
	p.Detach(thread)
	if p.sim != nil {
		defer simThread(thread).Exit()
	}
	p.live.mu.Lock()
	p.live.all--
	p.live.count.Add(-1)
	if !daemon {
		p.live.nonDaemon--
	}
	close(p.live.changed)
	p.live.changed = make(chan struct{})
	p.live.mu.Unlock()
	if p.sim == nil {
		// What the thread alone held is garbage now: its sockets close (collect.go).
		collectSoon()
	}
}

// waitThreads waits until count() is zero; it gives up early, with the
// run's cause, when stop is closed or timeout fires (nil: never).
func (p *Process) waitThreads(count func() int, stop <-chan struct{}, timeout <-chan time.Time) error {
	for {
		p.live.mu.Lock()
		n, ch := count(), p.live.changed
		p.live.mu.Unlock()
		if n == 0 {
			return nil
		}
		select {
		case <-ch:
		case <-stop:
			return p.Cause()
		case <-timeout:
			return p.Cause()
		}
	}
}

// WaitThreads waits, without the interpreter lock, until every non-daemon
// thread has ended, as CPython does before it exits. It returns the run's
// cause if the run is cancelled first.
func (p *Process) WaitThreads() error {
	if p.sim != nil {
		_, err := p.SimWait(func() bool { return p.nonDaemon() == 0 }, time.Time{})
		return err
	}
	return p.waitThreads(func() int { return p.live.nonDaemon }, p.ctx.Done(), nil)
}

// stopGrace bounds how long StopThreads waits for cancelled threads: each
// wait of theirs ends on cancel, so only a stuck builtin would need it.
const stopGrace = 5 * time.Second

// StopThreads ends the threads that are still running (daemons at a normal
// end; every one when the main thread failed or the run was cancelled) by
// cancelling the run with cause, and waits for them to end. Call it without
// the interpreter lock.
func (p *Process) StopThreads(cause error) {
	p.live.mu.Lock()
	n := p.live.all
	p.live.mu.Unlock()
	if n == 0 {
		return
	}
	p.Cancel(cause)
	if p.sim != nil {
		// Cancelled, so SimWait would end at once: wait as the scheduler's thread.
		t := simThread(p.holder)
		t.Block(func() bool { return p.Threads() == 0 }, p.sim.now+stopGrace)
		return
	}
	timer := time.NewTimer(stopGrace)
	defer timer.Stop()
	p.waitThreads(func() int { return p.live.all }, nil, timer.C)
}

// AtExit registers fn to run once the main thread's code has ended, before
// the run waits for its other threads, as CPython's
// threading._register_atexit: a pool of worker threads is told there will
// be no more work, finishes what it has, and ends. fn runs without the
// interpreter lock and must not touch script values.
func (p *Process) AtExit(fn func()) {
	p.mu.Lock()
	p.atExit = append(p.atExit, fn)
	p.mu.Unlock()
}

// MainEnded runs, once, the functions AtExit registered; the runner calls
// it when the main code has ended and the run will wait for its threads.
func (p *Process) MainEnded() {
	p.mainDone.Store(true)
	p.mu.Lock()
	fns := p.atExit
	p.atExit = nil
	p.mu.Unlock()
	for _, fn := range fns {
		fn()
	}
}

// ThreadEnded is closed when one of the run's threads next ends.
func (p *Process) ThreadEnded() <-chan struct{} {
	p.live.mu.Lock()
	defer p.live.mu.Unlock()
	if p.live.changed == nil {
		p.live.changed = make(chan struct{})
	}
	return p.live.changed
}

// Running counts the script threads that may still run code: the main
// thread until its code has ended, and the others started and not ended.
func (p *Process) Running() int {
	n := p.Threads()
	if !p.mainDone.Load() {
		n++
	}
	return n
}

// Threads counts the script threads started by Go that have not ended.
func (p *Process) Threads() int {
	p.live.mu.Lock()
	defer p.live.mu.Unlock()
	return p.live.all
}
