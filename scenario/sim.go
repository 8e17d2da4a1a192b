package scenario

import (
	"cmp"
	"context"
	"fmt"
	"net/netip"

	"sockstar/runtime"
	"sockstar/runtime/host"
	"sockstar/runtime/py"
	"sockstar/runtime/simnet"
	"sockstar/stdlib/socket"
)

// simHost is the address of the host the roles that name none share (a
// function: a netip.Addr variable is set by an init function at every start).
func simHost() netip.Addr { return netip.AddrFrom4([4]byte{192, 168, 1, 100}) }

// simState is what a simulated run adds to runState. Everything in it is
// used holding the run's baton.
type simState struct {
	sim     *host.Sim
	net     *simnet.Network
	workers int // roles that are not daemons and have not ended
	// note records what a fault did in the run's trace (faultNotes).
	note func(at, peer netip.Addr, what, msg string)
}

// simRole is what a simulated run keeps per role.
type simRole struct {
	stack   *simnet.Stack
	thread  *host.SimThread // its main thread, made once it may start
	go_     chan struct{}   // closed when it may start
	started bool
	ended   bool
}

// runSim runs the scenario on a simulated network: every role's threads
// on one scheduler and one virtual clock, the choices fixed by the seed.
func (st *runState) runSim(ctx context.Context, res *Result) {
	seed := st.opt.Seed
	sm := &simState{sim: host.NewSim(seed)}
	sm.net = simnet.New(sm.sim)
	st.simRun = sm
	if st.rec != nil {
		st.rec.UseClock(sm.sim.Epoch, sm.sim.Wall)
	}
	res.Seed, res.Sim = seed, true
	for _, rr := range st.roles {
		addr := simHost()
		if rr.res.Role.Host != "" {
			addr = netip.MustParseAddr(rr.res.Role.Host)
		}
		rr.sim = &simRole{stack: sm.net.Stack(addr), go_: make(chan struct{})}
		if !rr.res.Role.Daemon {
			sm.workers++
		}
	}
	st.simLinks()
	sm.sim.OnIdle = st.simIdle
	if t := st.opt.Typing; t != nil {
		t.setKick(sm.sim.Kick)
		sm.sim.Outside = func() bool {
			waiting := st.waitingForTyping()
			if len(waiting) > 0 && t.Waiting != nil {
				t.Waiting(waiting)
			}
			return len(waiting) > 0
		}
	}
	sm.sim.OnStuck = func() {
		st.stopEveryone(fmt.Sprintf("stopped: deadlock at virtual time %.3f s (every thread waits on another, no timer is left)", sm.sim.Now().Seconds()))
	}
	sm.sim.After(st.sc.Timeout, func() {
		res.TimedOut = true
		st.stopEveryone(fmt.Sprintf("stopped at the deadline (%s)", st.sc.Timeout))
	})
	ended := make(chan *roleRun, len(st.roles))
	for _, rr := range st.roles {
		go st.runRoleSim(rr, ended)
	}
	st.simStartReady()
	sm.sim.Start()
	left := len(st.roles)
	done := ctx.Done()
	for left > 0 {
		select {
		case rr := <-ended:
			left--
			st.finish(rr)
		case <-done:
			done = nil
			// Ctrl-C, from outside the run: every wait sees the cancel.
			st.stopEveryone("stopped: the run was interrupted")
		}
	}
}

// simStartReady lets every role start whose roles before it listen or
// have ended; its main thread is made now, in the run's order.
func (st *runState) simStartReady() {
	for _, rr := range st.roles {
		if rr.sim.started {
			continue
		}
		ok := true
		for _, d := range rr.deps {
			if !d.sim.ended && !isClosed(d.ready) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		select {
		case <-st.stopAll:
			return // the run is stopping: roles not started stay so
		default:
		}
		rr.sim.started = true
		rr.sim.thread = st.simRun.sim.NewThread()
		close(rr.sim.go_)
	}
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// runRoleSim runs one role of a simulated run once it may start.
func (st *runState) runRoleSim(rr *roleRun, ended chan<- *roleRun) {
	defer func() { ended <- rr }()
	select {
	case <-rr.sim.go_:
	case <-st.stopAll:
		select {
		case <-rr.sim.go_:
		default:
			var names []string
			for _, d := range rr.deps {
				if !d.sim.ended && !isClosed(d.ready) {
					names = append(names, d.res.Role.Name)
				}
			}
			if len(names) > 0 {
				rr.res.Waiting = fmt.Sprintf("waiting for %s to listen or end", names[0])
			}
			close(rr.done)
			return
		}
	}
	rr.res.Started = true
	hooks := &socket.Hooks{
		Ready: func() {
			rr.once.Do(func() { close(rr.ready) })
			st.simStartReady()
		},
		NoRaw: !st.sc.Allows("raw"),
	}
	hooks.Faults = st.roleFaults(rr, st.simRun.sim.Rand().Float64)
	st.runProgram(rr, cmp.Or(rr.res.Role.Host, simHost().String()), hooks, func(cfg *runtime.Config) {
		cfg.Sim = rr.sim.thread
		setup := cfg.Setup
		cfg.Setup = func(p *host.Process) {
			socket.UseStack(p, rr.sim.stack)
			setup(p)
		}
		cfg.Exited = func(code int) { st.simExited(rr, code) }
	})
}

// simExited is a role's end, in the run's order: the roles after it may
// start, a failure stops everyone, and once only daemons are left they
// are stopped as soon as nothing else can happen.
func (st *runState) simExited(rr *roleRun, code int) {
	rr.sim.ended = true
	close(rr.done)
	rr.mu.Lock()
	stopped := rr.stopped
	rr.mu.Unlock()
	r := rr.res.Role
	if stopped == "" && !exitOK(r, code) {
		st.stopEveryone(fmt.Sprintf("stopped: %s failed", r.Name))
	}
	if !r.Daemon {
		st.simRun.workers--
		if st.simRun.workers == 0 {
			st.finishing.Store(true)
			st.stopOnce.Do(func() { close(st.stopAll) })
		}
	}
	st.simStartReady()
}

// simIdle stops, once every role that is not a daemon has ended, the
// daemons still running: nothing can run now, so they only wait.
func (st *runState) simIdle() bool {
	if !st.finishing.Load() {
		return false
	}
	any := false
	for _, rr := range st.roles {
		if !rr.res.Role.Daemon || !rr.sim.started || rr.sim.ended {
			continue
		}
		rr.mu.Lock()
		stopped := rr.stopped
		rr.mu.Unlock()
		if stopped == "" {
			st.stop(rr, "idle", py.New(py.SystemExit))
			any = true
		}
	}
	return any
}

// waitingForTyping lists the roles waiting to read a line of typed input
// that has not ended: a run stuck otherwise waits for them to be typed to.
func (st *runState) waitingForTyping() []string {
	t := st.opt.Typing
	if t == nil {
		return nil
	}
	var out []string
	for _, rr := range st.roles {
		rr.mu.Lock()
		p := rr.proc
		rr.mu.Unlock()
		if rr.sim.started && !rr.sim.ended && t.open(rr.res.Role.Name) && p != nil && p.ReadingInput() {
			out = append(out, rr.res.Role.Name)
		}
	}
	return out
}
