package scenario

import (
	"bytes"
	"fmt"
	"net/netip"
	"strconv"
	"sync"
	"syscall"
	"time"

	"sockstar/runtime/host"
	"sockstar/runtime/trace"
	"sockstar/stdlib/socket"
)

// kernelFaults are the faults of a run on the kernel's network that change
// while it runs, made at the socket layer: partitions (a connect across
// one goes unanswered, a datagram is lost), and the timers of timed faults.
type kernelFaults struct {
	mu     sync.Mutex
	down   map[[2]netip.Addr]bool    // partitioned pairs of kernel addresses, lower first
	held   map[[2]netip.Addr]bool    // held directions: from, to
	holes  map[netip.Addr]*blackhole // per host: where an unanswered connect goes
	timers []*time.Timer             // the timed faults still to come
	note   func(at netip.Addr, what, msg string)
	// lost records a fault event (lose()'s) on the lifeline of the role
	// it names, or of the role on host at.
	lost func(at netip.Addr, e trace.Event)
	// changed is closed (and made anew) when a partition or hold changes.
	changed chan struct{}
	// done is closed at the run's end: queued sends are dropped.
	done chan struct{}
	// links are the scenario's links by direction (from, to).
	links map[[2]netip.Addr]*kernelLink
	// cut are the pairs (lower first) some partition or hold names.
	cut map[[2]netip.Addr]bool
}

// kernelLink is a link's timing in one direction, made by the sending
// sockets' queues: the link's delay, a jitter drawn in [0, jitter), and
// the time its rate keeps it busy, shared by the sockets that send over it.
type kernelLink struct {
	delay, jitter time.Duration
	rate          int64
	mu            sync.Mutex
	busy          time.Time
}

// blackhole is a listener whose queue is full: the kernel drops each SYN
// it gets, so a connect to it is retransmitted and times out as one across
// a real partition would (ETIMEDOUT after tcp_syn_retries, or the
// socket's own timeout first).
type blackhole struct {
	listener, filler int
	addr             syscall.Sockaddr
}

func pairOf(a, b netip.Addr) [2]netip.Addr {
	if b.Less(a) {
		a, b = b, a
	}
	return [2]netip.Addr{a, b}
}

// kernelHost is the machine of the LAN a link or fault names: a role's
// host, or the host with that address.
func (st *runState) kernelHost(name string) *vhost {
	for _, rr := range st.roles {
		if rr.res.Role.Name == name {
			return rr.host
		}
	}
	a, _ := netip.ParseAddr(name) // checkFaults made sure it is one
	return st.lan.host(a)
}

// startKernelFaults applies the faults without a time and sets timers for
// the timed ones; stopKernelFaults ends them with the run.
func (st *runState) startKernelFaults() {
	add := st.faultEvents()
	kf := &kernelFaults{down: map[[2]netip.Addr]bool{}, held: map[[2]netip.Addr]bool{}, holes: map[netip.Addr]*blackhole{},
		note:    func(at netip.Addr, what, msg string) { add(at, trace.Event{Kind: "fault", Call: what, Msg: msg}) },
		lost:    add,
		changed: make(chan struct{}), done: make(chan struct{}),
		links: map[[2]netip.Addr]*kernelLink{}, cut: map[[2]netip.Addr]bool{}}
	st.kernel = kf
	for _, lk := range st.sc.Links {
		if lk.Delay == 0 && lk.Jitter == 0 && lk.Rate == 0 {
			continue // loss and copies: kernelLinks
		}
		a, b := st.kernelHost(lk.A).kernel, st.kernelHost(lk.B).kernel
		kf.links[[2]netip.Addr{a, b}] = &kernelLink{delay: lk.Delay, jitter: lk.Jitter, rate: lk.Rate}
		if lk.Both {
			kf.links[[2]netip.Addr{b, a}] = &kernelLink{delay: lk.Delay, jitter: lk.Jitter, rate: lk.Rate}
		}
	}
	for _, f := range st.sc.Faults {
		switch f.Kind {
		case "partition", "hold":
			kf.cut[pairOf(st.kernelHost(f.A).kernel, st.kernelHost(f.B).kernel)] = true
		}
	}
	for _, f := range st.sc.Faults {
		if f.On != nil || f.A == "" {
			continue // at its event (roleFaults), or a role's own
		}
		a, b := st.kernelHost(f.A), st.kernelHost(f.B)
		var apply func()
		switch f.Kind {
		case "partition", "heal":
			down := f.Kind == "partition"
			apply = func() {
				kf.set(kf.down, pairOf(a.kernel, b.kernel), down)
				sep := " | "
				if !down {
					sep = " - "
				}
				kf.note(st.hostOf(f.A), f.Kind, f.Kind+": "+f.A+sep+f.B)
			}
		case "hold", "release":
			apply = func() {
				kf.set(kf.held, [2]netip.Addr{a.kernel, b.kernel}, f.Kind == "hold")
				kf.note(st.hostOf(f.A), f.Kind, f.Kind+": "+f.A+" -> "+f.B)
			}
		case "reset":
			apply = func() { st.kernelReset(f.A, f.B, "") }
		default:
			continue
		}
		if f.At < 0 {
			apply()
			continue
		}
		kf.mu.Lock()
		kf.timers = append(kf.timers, time.AfterFunc(f.At, apply))
		kf.mu.Unlock()
	}
}

// set sets a partition or hold, and wakes the queues that wait on one.
func (kf *kernelFaults) set(m map[[2]netip.Addr]bool, k [2]netip.Addr, on bool) {
	kf.mu.Lock()
	defer kf.mu.Unlock()
	m[k] = on
	close(kf.changed)
	kf.changed = make(chan struct{})
}

// holds says whether what from sends to to waits (a partition or a hold),
// and gives a channel closed when that may change.
func (kf *kernelFaults) holds(from, to netip.Addr) (bool, <-chan struct{}) {
	kf.mu.Lock()
	defer kf.mu.Unlock()
	return kf.down[pairOf(from, to)] || kf.held[[2]netip.Addr{from, to}], kf.changed
}

// heldEither says whether a hold keeps packets from a to b or back (a
// connect's handshake cannot complete), with holds' channel.
func (kf *kernelFaults) heldEither(a, b netip.Addr) (bool, <-chan struct{}) {
	kf.mu.Lock()
	defer kf.mu.Unlock()
	return kf.held[[2]netip.Addr{a, b}] || kf.held[[2]netip.Addr{b, a}], kf.changed
}

// paths is a role's Faults.Path: what its sockets send to a host over a
// link with timing, or across a partition or hold, goes through a queue.
func (st *runState) paths(own netip.Addr, chance func() float64) func(syscall.Sockaddr) *socket.Path {
	kf := st.kernel
	var mu sync.Mutex
	made := map[netip.Addr]*socket.Path{}
	return func(sa syscall.Sockaddr) *socket.Path {
		to := addrOf(sa)
		mu.Lock()
		defer mu.Unlock()
		if p, ok := made[to]; ok {
			return p
		}
		var p *socket.Path
		lk := kf.links[[2]netip.Addr{own, to}]
		if lk != nil || kf.cut[pairOf(own, to)] {
			p = &socket.Path{Held: func() (bool, <-chan struct{}) { return kf.holds(own, to) },
				Handshake: func() (bool, <-chan struct{}) { return kf.heldEither(own, to) }}
		}
		if lk != nil {
			p.Delay = func(n int) time.Duration {
				d := lk.delay
				if lk.rate > 0 {
					// One packet at a time: these bytes wait for those before them.
					lk.mu.Lock()
					now := time.Now()
					lk.busy = later(lk.busy, now).Add(time.Duration(int64(n) * 8 * int64(time.Second) / lk.rate))
					d += lk.busy.Sub(now)
					lk.mu.Unlock()
				}
				if lk.jitter > 0 {
					d += time.Duration(chance() * float64(lk.jitter))
				}
				return d
			}
		}
		made[to] = p
		return p
	}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func (st *runState) stopKernelFaults() {
	kf := st.kernel
	kf.mu.Lock()
	defer kf.mu.Unlock()
	close(kf.done)
	for _, t := range kf.timers {
		t.Stop()
	}
	for _, h := range kf.holes {
		h.close()
	}
	kf.holes = nil
}

// partitioned says whether hosts a and b (kernel addresses) are cut off.
func (kf *kernelFaults) partitioned(a, b netip.Addr) bool {
	kf.mu.Lock()
	defer kf.mu.Unlock()
	return kf.down[pairOf(a, b)]
}

// hole is the blackhole on host h's address, made on first use.
func (kf *kernelFaults) hole(h netip.Addr) (syscall.Sockaddr, error) {
	kf.mu.Lock()
	defer kf.mu.Unlock()
	if bh := kf.holes[h]; bh != nil {
		return bh.addr, nil
	}
	if kf.holes == nil {
		return nil, syscall.ECONNREFUSED // the run is over
	}
	bh, err := newBlackhole(h)
	if err != nil {
		return nil, err
	}
	kf.holes[h] = bh
	return bh.addr, nil
}

// kernelReset resets the connections between a and b on the kernel's
// network, with real RSTs, and notes it in the trace.
func (st *runState) kernelReset(a, b, why string) {
	var procs []*host.Process
	for _, rr := range st.roles {
		rr.mu.Lock()
		if rr.proc != nil {
			procs = append(procs, rr.proc)
		}
		rr.mu.Unlock()
	}
	socket.ResetConns(procs, st.kernelHost(a).kernel, st.kernelHost(b).kernel)
	st.kernel.note(st.hostOf(a), "reset", "reset: "+a+" - "+b+why)
}

// kernelRoleFaults adds to a role's faults those the kernel's network
// makes at the socket layer for the scenario's partitions and resets.
func (st *runState) kernelRoleFaults(rr *roleRun, f *socket.Faults, chance func() float64) *socket.Faults {
	me := rr.res.Role.Name
	var sending func([]byte) bool
	for _, fl := range st.sc.Faults {
		switch {
		case fl.On != nil && fl.On.Kind == "sent" && fl.On.Role == me && fl.Kind == "reset":
			sending = st.kernelResetOnSent(fl, sending)
		case fl.Kind == "limit_data" && fl.A == me:
			sending = st.kernelLimitData(fl, sending)
		}
	}
	partitions := false
	for _, fl := range st.sc.Faults {
		partitions = partitions || fl.Kind == "partition"
	}
	kf := st.kernel
	if sending == nil && !partitions && len(kf.links) == 0 && len(kf.cut) == 0 {
		return f
	}
	if f == nil {
		f = &socket.Faults{Chance: chance}
	}
	f.Sending = sending
	own := rr.host.kernel
	if len(kf.links) > 0 || len(kf.cut) > 0 {
		f.Path, f.Done = st.paths(own, chance), kf.done
	}
	if !partitions {
		return f
	}
	f.Unanswered = func(sa syscall.Sockaddr) syscall.Sockaddr {
		to := addrOf(sa)
		if !to.Is4() || !kf.partitioned(own, to) {
			return nil
		}
		hole, err := kf.hole(to)
		if err != nil {
			return nil
		}
		if _, v6 := sa.(*syscall.SockaddrInet6); v6 {
			// A dual-stack socket reaches the hole v4-mapped.
			h := hole.(*syscall.SockaddrInet4)
			return &syscall.SockaddrInet6{Addr: netip.AddrFrom4(h.Addr).As16(), Port: h.Port}
		}
		return hole
	}
	datagram := f.Datagram
	f.Datagram = func(sa syscall.Sockaddr) int {
		if kf.partitioned(own, addrOf(sa)) {
			return 0 // lost in the partition
		}
		if datagram != nil {
			return datagram(sa)
		}
		return 1
	}
	return f
}

// kernelResetOnSent is on(sent(role, contains=...), reset(a, b)) on the
// kernel's network: the send that carries those bytes resets a's
// connections with b instead, as the sim's reset overtakes them.
func (st *runState) kernelResetOnSent(fl *Fault, next func([]byte) bool) func([]byte) bool {
	want := []byte(fl.On.Contains)
	return func(data []byte) bool {
		if next != nil && next(data) {
			return true
		}
		if !bytes.Contains(data, want) {
			return false
		}
		st.kernelReset(fl.A, fl.B, " (on "+fl.On.Role+"'s send of "+strconv.Quote(fl.On.Contains)+")")
		return true
	}
}

// kernelLimitData is limit_data(a, b, bytes=N) on the kernel's network:
// the send that takes a past N bytes resets its connections with b instead.
func (st *runState) kernelLimitData(fl *Fault, next func([]byte) bool) func([]byte) bool {
	var mu sync.Mutex
	sent, done := 0, false
	return func(data []byte) bool {
		if next != nil && next(data) {
			return true
		}
		mu.Lock()
		sent += len(data)
		over := sent > fl.Max && !done
		done = done || over
		total := sent
		mu.Unlock()
		if over {
			st.kernelReset(fl.A, fl.B, fmt.Sprintf(" (limit_data: %s sent %d bytes, more than %d)", fl.A, total, fl.Max))
		}
		return over
	}
}
