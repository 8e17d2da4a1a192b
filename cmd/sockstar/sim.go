package main

import (
	"net/netip"

	"sockstar/runtime"
	"sockstar/runtime/host"
	"sockstar/runtime/py"
	"sockstar/runtime/simnet"
	"sockstar/runtime/trace"
	"sockstar/stdlib/socket"
)

// soloHost is the address of the host a single script runs on under --sim.
var soloHost = netip.AddrFrom4([4]byte{192, 168, 1, 100})

// simulate makes cfg's run a simulated one: its sockets on a network of
// its own, its threads on the run's scheduler, its time virtual.
func simulate(cfg *runtime.Config, seed uint64, rec *trace.Recorder, proc func() *host.Process) {
	sim := host.NewSim(seed)
	if rec != nil {
		rec.UseClock(sim.Epoch, sim.Wall)
	}
	net := simnet.New(sim)
	stack := net.Stack(soloHost)
	cfg.Sim = sim.NewThread()
	setup := cfg.Setup
	cfg.Setup = func(p *host.Process) {
		if setup != nil {
			setup(p)
		}
		socket.UseStack(p, stack)
	}
	sim.OnStuck = func() {
		if p := proc(); p != nil {
			p.Cancel(py.Errorf(py.RuntimeError, "deadlock under --sim: every thread waits for something no thread will do, and no timer is left (virtual time %.6f s, seed %d)", sim.Now().Seconds(), seed))
		}
	}
	sim.Start()
}
