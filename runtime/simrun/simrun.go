// Package simrun runs one script on a simulated network of its own: the
// set-up `sockstar run --sim FILE` and the tests that compare such runs
// with CPython share.
package simrun

import (
	"net/netip"

	"sockstar/runtime"
	"sockstar/runtime/host"
	"sockstar/runtime/py"
	"sockstar/runtime/simnet"
	"sockstar/runtime/trace"
	"sockstar/stdlib/socket"
)

// Host is the address of the host a single script runs on. A function, not
// a variable: a netip.Addr variable is set by an init function at every start.
func Host() netip.Addr { return netip.AddrFrom4([4]byte{192, 168, 1, 100}) }

// Simulate makes cfg's run a simulated one: its sockets on a network of
// its own, its threads on the run's scheduler, its time virtual, its
// choices fixed by seed. rec, if set, is stamped with virtual time.
func Simulate(cfg *runtime.Config, seed uint64, rec *trace.Recorder) {
	sim := host.NewSim(seed)
	if rec != nil {
		rec.UseClock(sim.Epoch, sim.Wall)
	}
	net := simnet.New(sim)
	stack := net.Stack(Host())
	cfg.Sim = sim.NewThread()
	setup := cfg.Setup
	var p *host.Process
	cfg.Setup = func(q *host.Process) {
		p = q
		if setup != nil {
			setup(q)
		}
		socket.UseStack(q, stack)
	}
	sim.OnStuck = func() {
		if p != nil {
			p.Cancel(py.Errorf(py.RuntimeError, "deadlock under --sim: every thread waits for something no thread will do, and no timer is left (virtual time %.6f s, seed %d)", sim.Now().Seconds(), seed))
		}
	}
	sim.Start()
}
