package host

import (
	"container/heap"
	"math/rand/v2"
	"sync"
	"time"

	"go.starlark.net/starlark"
)

// Sim is a run on the simulated network: one virtual clock and one
// scheduler for every thread of every process in it. Exactly one script
// thread of the whole run runs at a time, the holder of the baton. It gives
// the baton up only where it blocks, yields or ends, and the next holder is
// drawn by a generator seeded by the run's seed; when no thread can run,
// the clock jumps to the next timer or deadline. State the threads share
// (the network, the clock, sync objects) is touched only by the holder, so
// the same seed takes the same path every time.
type Sim struct {
	// StepCost is the virtual time one interpreter step takes, so a busy
	// loop moves the clock and a run always ends.
	StepCost time.Duration
	// Quantum is how many steps a thread runs before the scheduler may
	// hand the baton to another.
	Quantum uint64
	// Epoch is the wall time at virtual time zero (time.time()).
	Epoch time.Time
	// OnIdle, if set, is called holding the baton when no thread can run
	// at the present time, before the clock moves on: the caller may stop
	// what only waits (a scenario's daemons). It reports whether it changed
	// anything.
	OnIdle func() bool
	// OnStuck, if set, is called holding the baton when no thread can ever
	// run again: every one waits on something nobody will do, and no timer
	// is left. The run is then in a deadlock; the caller ends it.
	OnStuck func()
	// Outside, if set, is asked holding the baton when no thread can run
	// at the present time: true says a thread waits for something from
	// outside the run (a line typed in the playground), and the run then
	// waits for a Kick with its clock stopped, as if it came at once.
	Outside func() bool

	rng *rand.Rand
	now time.Duration

	timers timerHeap
	seq    uint64

	// threads are the live threads, in the order they were made: the
	// candidates the generator draws from are listed in this order.
	threads []*SimThread
	nextID  uint64
	cands   []*SimThread // pick's list of threads that may run

	// mu guards holder and kicks against calls from outside the run (a
	// cancel, a signal) made while no thread holds the baton.
	mu     sync.Mutex
	holder *SimThread
	idle   bool // no thread can run, none holds the baton
	kicks  uint64
	// outside is the baton's stand-in while an outside call runs the
	// scheduler.
	outside SimThread
}

// IdleGap is how long nothing must be due for the run to count as idle.
const IdleGap = 100 * time.Millisecond

// DefaultSeed is the seed of a run that names none.
const DefaultSeed = 1

// NewSim makes a simulated run whose choices come from seed.
func NewSim(seed uint64) *Sim {
	s := &Sim{
		StepCost: 10 * time.Nanosecond,
		Quantum:  1000,
		Epoch:    time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
		rng:      rand.New(rand.NewPCG(seed, 0x736f636b73746172)),
	}
	s.outside.sim = s
	return s
}

// Now is the virtual time since the run began.
func (s *Sim) Now() time.Duration { return s.now }

// Wall is the virtual time as a wall-clock time.
func (s *Sim) Wall() time.Time { return s.Epoch.Add(s.now) }

// After runs fn, holding the baton, once d of virtual time has passed;
// timers due at one time run in the order they were set.
func (s *Sim) After(d time.Duration, fn func()) {
	if d < 0 {
		d = 0
	}
	s.seq++
	heap.Push(&s.timers, timer{at: s.now + d, seq: s.seq, fn: fn})
}

// Rand is the run's generator, for choices the network makes.
func (s *Sim) Rand() *rand.Rand { return s.rng }

// SimThread is one thread of a simulated run: a script thread, made in the
// order the run makes them and then entered by the goroutine that runs it.
type SimThread struct {
	sim  *Sim
	id   uint64
	wake chan struct{}
	// Set when the goroutine enters, read by the scheduler.
	p  *Process
	th *starlark.Thread

	runnable bool
	ready    func() bool // while waiting: true once the thread may go on
	// watch says a cancel of the thread's process (and, for its main
	// thread, a signal) ends the wait too (SimWait).
	watch, isMain bool
	until         time.Duration // while waiting: when it gives up; < 0: never
	timedOut      bool
	ended         bool
	steps         uint64 // interpreter steps already counted into the clock
}

// NewThread makes a thread that may run from now on. Call it holding the
// baton, or before the run starts: the order threads are made in is part
// of what the seed fixes.
func (s *Sim) NewThread() *SimThread {
	s.nextID++
	t := &SimThread{sim: s, id: s.nextID, wake: make(chan struct{}, 1), runnable: true, until: -1}
	s.threads = append(s.threads, t)
	return t
}

// enter binds t to the goroutine and script thread that run it, and waits
// until t holds the baton.
func (t *SimThread) enter(p *Process, th *starlark.Thread) {
	t.p, t.th = p, th
	if th != nil {
		t.steps = th.ExecutionSteps()
	}
	<-t.wake
	t.took()
}

// took is what a thread does on getting the baton.
func (t *SimThread) took() {
	if t.p != nil && t.th != nil {
		t.p.holder = t.th
	}
}

// count adds the steps t ran since it last gave up the baton to the clock.
func (t *SimThread) count() {
	if t.th == nil {
		return
	}
	n := t.th.ExecutionSteps()
	if n > t.steps {
		t.sim.now += time.Duration(n-t.steps) * t.sim.StepCost
	}
	t.steps = n
}

// Yield lets the scheduler choose who runs next; t may be chosen again.
func (t *SimThread) Yield() {
	t.count()
	t.runnable = true
	t.sim.switchFrom(t)
}

// Block waits until ready reports true or the virtual time until (< 0:
// never) comes; it reports whether it gave up at until. ready is called
// holding the baton, by whichever thread runs the scheduler.
func (t *SimThread) Block(ready func() bool, until time.Duration) (timedOut bool) {
	t.count()
	if ready() {
		return false
	}
	if until >= 0 && until <= t.sim.now {
		return true
	}
	t.runnable, t.ready, t.until, t.timedOut = false, ready, until, false
	t.sim.switchFrom(t)
	t.ready, t.until = nil, -1
	return t.timedOut
}

// Exit ends t: the baton goes to another thread and t never runs again.
func (t *SimThread) Exit() {
	t.count()
	t.ended = true
	s := t.sim
	for i, u := range s.threads {
		if u == t {
			s.threads = append(s.threads[:i], s.threads[i+1:]...)
			break
		}
	}
	s.switchFrom(t)
}

// switchFrom gives the baton from t (which holds it) to the thread the
// scheduler picks, and waits, unless t has ended, until t has it again.
func (s *Sim) switchFrom(t *SimThread) {
	next := s.pick()
	if next == t {
		t.took()
		return
	}
	if next != nil {
		s.holder = next
		next.wake <- struct{}{}
	}
	if t.ended || t == &s.outside {
		return
	}
	<-t.wake
	t.took()
}

// pick chooses the next holder, firing timers and moving the clock as it
// must; nil: no thread can run, and the baton is left with no one until a
// Kick.
func (s *Sim) pick() *SimThread {
	cands := s.cands[:0] // reused: only the baton's holder picks
	stuckTold := false
	for {
		s.mu.Lock()
		kicks := s.kicks
		s.mu.Unlock()
		for s.timers.Len() > 0 && s.timers[0].at <= s.now {
			heap.Pop(&s.timers).(timer).fn()
		}
		cands = s.runnable(cands[:0])
		if len(cands) > 0 {
			t := cands[0]
			if len(cands) > 1 {
				t = cands[s.rng.IntN(len(cands))]
			}
			if !t.runnable {
				// A wait that is over: by its deadline unless its event came.
				t.timedOut = !t.ready()
				t.runnable = true
			}
			s.cands = cands[:0]
			return t
		}
		if s.Outside != nil && s.Outside() {
			s.mu.Lock()
			if s.kicks != kicks {
				s.mu.Unlock()
				continue
			}
			s.holder, s.idle = nil, true
			s.mu.Unlock()
			return nil
		}
		next, ok := s.nextTime()
		// Idle means nothing can run and nothing is on its way soon (a
		// packet in flight, a close the peer has yet to see).
		if s.OnIdle != nil && (!ok || next-s.now >= IdleGap) && s.OnIdle() {
			continue
		}
		if len(s.threads) == 0 {
			ok = false // the run is over: what is left to happen nobody sees
		}
		if ok {
			s.now = max(s.now, next)
			continue
		}
		if s.OnStuck != nil && len(s.threads) > 0 && !stuckTold {
			stuckTold = true
			s.OnStuck()
			continue
		}
		// Kept before the baton is let go: a Kick from another goroutine
		// may pick as soon as idle is set.
		s.cands = cands[:0]
		s.mu.Lock()
		if s.kicks != kicks {
			s.mu.Unlock()
			continue // something from outside may have made a thread ready
		}
		s.holder, s.idle = nil, true
		s.mu.Unlock()
		return nil
	}
}

// runnable appends the threads that may run now, in the order made. Every
// wait is asked again each time: any thread that ran may have changed what
// it waits for.
func (s *Sim) runnable(out []*SimThread) []*SimThread {
	for _, t := range s.threads {
		if t.runnable || (t.until >= 0 && t.until <= s.now) || t.ready() || (t.watch && t.p.stopped(t.isMain)) {
			out = append(out, t)
		}
	}
	return out
}

// nextTime is the earliest timer or wait deadline to come.
func (s *Sim) nextTime() (time.Duration, bool) {
	var at time.Duration
	ok := false
	if s.timers.Len() > 0 {
		at, ok = s.timers[0].at, true
	}
	for _, t := range s.threads {
		if !t.runnable && t.until >= 0 && (!ok || t.until < at) {
			at, ok = t.until, true
		}
	}
	return at, ok
}

// Kick tells the scheduler that something from outside the run (a cancel,
// a signal) may have made a waiting thread ready. If no thread holds the
// baton, the caller runs the scheduler and hands the baton on.
func (s *Sim) Kick() {
	s.mu.Lock()
	s.kicks++
	if !s.idle {
		s.mu.Unlock()
		return // the holder looks again before it lets the baton go
	}
	s.idle = false
	s.holder = &s.outside
	s.mu.Unlock()
	s.switchFrom(&s.outside)
}

// Start begins a run whose first threads were made beforehand: one of
// them gets the baton. Call it once, from outside the run.
func (s *Sim) Start() {
	s.mu.Lock()
	s.idle = true
	s.mu.Unlock()
	s.Kick()
}

// Holding reports whether t holds the baton.
func (t *SimThread) Holding() bool { return t.sim.holder == t }

// Sim is the simulated run t belongs to.
func (t *SimThread) Sim() *Sim { return t.sim }

type timer struct {
	at  time.Duration
	seq uint64
	fn  func()
}

type timerHeap []timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].at != h[j].at {
		return h[i].at < h[j].at
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x any)   { *h = append(*h, x.(timer)) }
func (h *timerHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

const simKey = "sockstar.simthread"

// UseSim makes p a process of the simulated run s; call it before the run
// starts. main is the thread its main code runs on, made by s beforehand.
func (p *Process) UseSim(s *Sim, main *SimThread) {
	p.mu.Lock() // Cancel and Signal, from other goroutines, read sim under it
	p.sim, p.simMain = s, main
	p.mu.Unlock()
}

// Sim is the simulated run p belongs to; nil on the kernel's network.
func (p *Process) Sim() *Sim { return p.sim }

// simThread is the simulated thread that runs th.
func simThread(th *starlark.Thread) *SimThread {
	t, _ := th.Local(simKey).(*SimThread)
	return t
}

// Now is the time as the run sees it: the wall clock, or the virtual one.
func (p *Process) Now() time.Time {
	if p.sim != nil {
		p.simCount()
		return p.sim.Wall()
	}
	return time.Now()
}

// SimWait blocks the script thread that holds the baton until ready
// (called holding the baton) reports true, or deadline (zero: none) comes;
// it reports whether the deadline came first. A cancel ends it with the
// run's cause; a signal to the main thread runs its handler (or raises its
// exception) and the wait goes on, as a CPython call retried after EINTR.
func (p *Process) SimWait(ready func() bool, deadline time.Time) (timedOut bool, err error) {
	me := p.holder
	t := simThread(me)
	until := time.Duration(-1)
	if !deadline.IsZero() {
		until = max(deadline.Sub(p.sim.Epoch), 0)
	}
	isMain := me == p.mainThread()
	for {
		if p.Cancelled() {
			return false, p.Cause()
		}
		t.watch, t.isMain = true, isMain
		timedOut = t.Block(ready, until)
		t.watch = false
		if p.Cancelled() {
			return false, p.Cause()
		}
		if isMain && p.intrPending.Load() {
			if _, err := p.TakeSignal(me, true); err != nil {
				return false, err
			}
			if ready() {
				return false, nil
			}
			continue // a handler ran: wait on
		}
		return timedOut, nil
	}
}

// SimBegin waits, in a simulated run, until the process's main thread
// holds the baton: what the run does from then on (its trace, its
// sockets) happens in the run's order.
func (p *Process) SimBegin() {
	if p.sim != nil && p.simMain.p == nil {
		p.simMain.enter(p, nil)
	}
}

// simEnter binds a script thread to its simulated thread, and waits for
// its turn if it has not had one yet.
func (p *Process) simEnter(thread *starlark.Thread) {
	t := simThread(thread)
	if t == nil {
		t = p.simMain
		thread.SetLocal(simKey, t)
	}
	switch {
	case t.p == nil:
		t.enter(p, thread)
	case t.th == nil:
		t.th, t.steps = thread, thread.ExecutionSteps()
		t.took()
	}
}

// ExitSim ends the main thread of a simulated process once the run is
// closed: the baton goes on to the other processes of the run.
func (p *Process) ExitSim() {
	if p.sim != nil && p.simMain != nil && !p.simMain.ended {
		p.simMain.Exit()
	}
}

// stopped reports what ends any wait of the process's threads: a cancel,
// and for its main thread a signal.
func (p *Process) stopped(isMain bool) bool {
	return p.Cancelled() || (isMain && p.intrPending.Load())
}

// simSchedule makes a thread of a simulated run give the scheduler a
// choice every Quantum steps.
func (p *Process) simSchedule(thread *starlark.Thread) {
	q := p.sim.Quantum
	thread.SetMaxExecutionSteps(q)
	thread.OnMaxSteps = func(th *starlark.Thread) {
		th.SetMaxExecutionSteps(th.ExecutionSteps() + q)
		if heapOver.Load() && p.OnMemory != nil {
			p.Cancel(p.OnMemory())
			return
		}
		p.signalBetweenSteps(th)
		if t := simThread(th); t != nil {
			t.Yield()
		}
	}
}

// simGo is Go on a simulated run: the new thread is made now, in the
// run's order, and the caller waits, as CPython's Thread.start does,
// until it has started.
func (p *Process) simGo(thread *starlark.Thread, daemon bool, fn func()) {
	t := p.sim.NewThread()
	thread.SetLocal(simKey, t)
	started := false
	go func() {
		t.enter(p, thread)
		started = true
		defer p.endThread(thread, daemon)
		fn()
	}()
	me := p.holder
	simThread(me).Block(func() bool { return started }, -1)
}

func (p *Process) nonDaemon() int {
	p.live.mu.Lock()
	defer p.live.mu.Unlock()
	return p.live.nonDaemon
}

// mono anchors the kernel network's monotonic clock at its first reading
// (time.Now() in a declaration would run in an init function at every
// start of sockstar).
var mono struct {
	once  sync.Once
	start time.Time
}

// Monotonic is the run's monotonic clock: time since an arbitrary start.
func (p *Process) Monotonic() time.Duration {
	if p.sim != nil {
		p.simCount()
		return p.sim.now
	}
	mono.once.Do(func() { mono.start = time.Now() })
	return time.Since(mono.start)
}

// simCount moves the clock by the steps the running thread has made.
func (p *Process) simCount() {
	if p.holder != nil {
		if t := simThread(p.holder); t != nil && t.Holding() {
			t.count()
		}
	}
}
