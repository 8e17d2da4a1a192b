package scenario

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"net/netip"
	goruntime "runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime/linux"
	"sockstar/runtime/py"
	"sockstar/runtime/simnet"
	"sockstar/runtime/trace"
	"sockstar/stdlib/socket"
)

// Link is how the network between two roles (or hosts) misbehaves, one
// direction unless Both: link(a, b, delay=, jitter=, loss=, duplicate=,
// rate=, both=True) in scenario.star.
type Link struct {
	A, B      string
	Delay     time.Duration
	Jitter    time.Duration
	Loss      float64 // the chance a packet is lost
	Duplicate float64 // the chance a packet arrives twice
	Rate      int64   // bits per second; 0: no limit
	Both      bool
	Pos       string
}

// Fault is one misbehaviour: at a time (At >= 0) or for the whole run.
//
//	partition(a, b), heal(a, b)        no packet between a and b, and back
//	hold(a, b), release(a, b)          a's packets to b wait in the network, then go
//	short_reads(role, max=, p=)        a stream receive returns at most max bytes
//	partial_sends(role, max=, p=)      a stream send takes at most max bytes
//	on(sent(role, contains=), reset(a, b))   reset a's connections with b when role sends those bytes
//	on(connect(a, b, n=), refuse())    a's n-th connect to b is refused
//	on(sent(role, contains=), lose(times=))  the first times datagrams role sends with those bytes are lost
type Fault struct {
	Kind string
	At   time.Duration // < 0: from the start
	Role string        // short_reads, partial_sends
	A, B string        // partition, heal, hold, release, reset; connect's roles
	Max  int
	P    float64
	// Times is how many datagrams lose() loses.
	Times int
	// Delay is how long slow_close holds a close back.
	Delay time.Duration
	Pos   string
	// On is the event an on(...) fault waits for; the fault is its action.
	On *Trigger
}

// Trigger is an event on(...) watches for: sent(role, contains=b"...")
// or connect(a, b, n=1).
type Trigger struct {
	Kind     string // "sent" or "connect"
	Role     string // sent: who sends; connect: who connects
	To       string // connect: to whom
	Contains string // sent: the bytes
	N        int    // connect: which one, counting from 1
}

type triggerValue struct{ t *Trigger }

func (v *triggerValue) String() string        { return v.t.Kind + "(...)" }
func (v *triggerValue) Type() string          { return "event" }
func (v *triggerValue) Freeze()               {}
func (v *triggerValue) Truth() starlark.Bool  { return true }
func (v *triggerValue) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: event") }

// faultValue is a fault made in scenario.star, not yet placed in a list.
type faultValue struct{ f *Fault }

func (v *faultValue) String() string        { return v.f.Kind + "(...)" }
func (v *faultValue) Type() string          { return "fault" }
func (v *faultValue) Freeze()               {}
func (v *faultValue) Truth() starlark.Bool  { return true }
func (v *faultValue) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: fault") }

type linkValue struct{ l *Link }

func (v *linkValue) String() string        { return fmt.Sprintf("link(%q, %q)", v.l.A, v.l.B) }
func (v *linkValue) Type() string          { return "link" }
func (v *linkValue) Freeze()               {}
func (v *linkValue) Truth() starlark.Bool  { return true }
func (v *linkValue) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: link") }

// faultBuiltins are the scenario.star functions that make links and faults.
func (l *loader) faultBuiltins(d starlark.StringDict) {
	d["link"] = starlark.NewBuiltin("link", l.link)
	d["at"] = starlark.NewBuiltin("at", l.at)
	d["on"] = starlark.NewBuiltin("on", l.on)
	d["sent"] = starlark.NewBuiltin("sent", l.sent)
	d["connect"] = starlark.NewBuiltin("connect", l.connectEvent)
	d["refuse"] = starlark.NewBuiltin("refuse", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
			return nil, err
		}
		return &faultValue{&Fault{Kind: "refuse", At: -1, Pos: l.pos(thread)}}, nil
	})
	d["lose"] = starlark.NewBuiltin("lose", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		times := 1
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "times?", &times); err != nil {
			return nil, err
		}
		if times < 1 {
			return nil, fmt.Errorf("lose: times must be 1 or more datagrams, not %d", times)
		}
		return &faultValue{&Fault{Kind: "lose", Times: times, At: -1, Pos: l.pos(thread)}}, nil
	})
	for _, kind := range []string{"partition", "heal", "hold", "release", "reset"} {
		d[kind] = starlark.NewBuiltin(kind, l.pairFault(kind))
	}
	for _, kind := range []string{"short_reads", "partial_sends"} {
		d[kind] = starlark.NewBuiltin(kind, l.sizeFault(kind))
	}
	d["limit_data"] = starlark.NewBuiltin("limit_data", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var a, to string
		var n int
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "a", &a, "b", &to, "bytes", &n); err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, fmt.Errorf("limit_data: bytes must be 0 or more, not %d", n)
		}
		return &faultValue{&Fault{Kind: "limit_data", A: a, B: to, Max: n, At: -1, Pos: l.pos(thread)}}, nil
	})
	d["slow_close"] = starlark.NewBuiltin("slow_close", func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var role string
		var delay starlark.Value
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "role", &role, "delay", &delay); err != nil {
			return nil, err
		}
		d, err := durationArg("slow_close: delay", delay)
		if err != nil {
			return nil, err
		}
		return &faultValue{&Fault{Kind: "slow_close", Role: role, Delay: d, At: -1, Pos: l.pos(thread)}}, nil
	})
}

func (l *loader) link(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var (
		a, bName                       string
		delay, jitter, loss, dup, rate starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
		both                                          = true
	)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "a", &a, "b", &bName, "delay?", &delay, "jitter?", &jitter,
		"loss?", &loss, "duplicate?", &dup, "rate?", &rate, "both?", &both); err != nil {
		return nil, err
	}
	lk := &Link{A: a, B: bName, Both: both, Pos: l.pos(thread)}
	var err error
	if lk.Delay, err = durationArg("link: delay", delay); err != nil {
		return nil, err
	}
	if lk.Jitter, err = durationArg("link: jitter", jitter); err != nil {
		return nil, err
	}
	if lk.Loss, err = chanceArg("link: loss", loss); err != nil {
		return nil, err
	}
	if lk.Duplicate, err = chanceArg("link: duplicate", dup); err != nil {
		return nil, err
	}
	if lk.Rate, err = rateArg("link: rate", rate); err != nil {
		return nil, err
	}
	return &linkValue{lk}, nil
}

func (l *loader) at(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var when starlark.Value
	var fv *faultValue
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &when, &fv); err != nil {
		return nil, err
	}
	d, err := durationArg("at", when)
	if err != nil {
		return nil, err
	}
	f := *fv.f
	f.At, f.Pos = d, l.pos(thread)
	return &faultValue{&f}, nil
}

func (l *loader) on(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var tv *triggerValue
	var fv *faultValue
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &tv, &fv); err != nil {
		return nil, err
	}
	f := *fv.f
	f.On, f.Pos = tv.t, l.pos(thread)
	switch {
	case tv.t.Kind == "sent" && f.Kind != "reset" && f.Kind != "lose":
		return nil, fmt.Errorf("on(sent(...), ...) takes reset(a, b) or lose(), not %s(...)", f.Kind)
	case tv.t.Kind == "connect" && f.Kind != "refuse":
		return nil, fmt.Errorf("on(connect(...), ...) takes refuse(), not %s(...)", f.Kind)
	}
	return &faultValue{&f}, nil
}

func (l *loader) sent(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var role string
	var contains starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "role", &role, "contains", &contains); err != nil {
		return nil, err
	}
	text, ok := starlark.AsString(contains)
	if b, isBytes := contains.(starlark.Bytes); isBytes {
		text, ok = string(b), true
	}
	if !ok || text == "" {
		return nil, fmt.Errorf("sent: contains must be bytes or a string that is not empty, not %s", contains.Type())
	}
	return &triggerValue{&Trigger{Kind: "sent", Role: role, Contains: text}}, nil
}

func (l *loader) connectEvent(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a, to string
	n := 1
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "a", &a, "b", &to, "n?", &n); err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, fmt.Errorf("connect: n counts connects from 1, not %d", n)
	}
	return &triggerValue{&Trigger{Kind: "connect", Role: a, To: to, N: n}}, nil
}

func (l *loader) pairFault(kind string) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var a, bName string
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &a, &bName); err != nil {
			return nil, err
		}
		return &faultValue{&Fault{Kind: kind, A: a, B: bName, At: -1, Pos: l.pos(thread)}}, nil
	}
}

func (l *loader) sizeFault(kind string) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(thread *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var role string
		max := 1
		var p starlark.Value = starlark.MakeInt(1)
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "role", &role, "max?", &max, "p?", &p); err != nil {
			return nil, err
		}
		if max < 1 {
			return nil, fmt.Errorf("%s: max must be 1 or more bytes, not %d", kind, max)
		}
		chance, err := chanceArg(kind+": p", p)
		if err != nil {
			return nil, err
		}
		return &faultValue{&Fault{Kind: kind, Role: role, Max: max, P: chance, At: -1, Pos: l.pos(thread)}}, nil
	}
}

// linksAndFaults reads scenario()'s links and faults lists.
func linksAndFaults(sc *Scenario, links, faults *starlark.List) error {
	if links != nil {
		for i := range links.Len() {
			v, ok := links.Index(i).(*linkValue)
			if !ok {
				return fmt.Errorf("scenario: links[%d] is a %s, not a link(...)", i, links.Index(i).Type())
			}
			sc.Links = append(sc.Links, v.l)
		}
	}
	if faults != nil {
		for i := range faults.Len() {
			v, ok := faults.Index(i).(*faultValue)
			if !ok {
				return fmt.Errorf("scenario: faults[%d] is a %s, not a fault such as partition(...) or at(\"2s\", ...)", i, faults.Index(i).Type())
			}
			sc.Faults = append(sc.Faults, v.f)
		}
	}
	return nil
}

// checkFaults checks the names links and faults use: each a role of the
// scenario or the address of a host.
func checkFaults(sc *Scenario, roles map[string]int) error {
	known := func(name string) bool {
		if _, ok := roles[name]; ok {
			return true
		}
		for _, r := range sc.Roles {
			if r.Host != "" && r.Host == name {
				return true
			}
		}
		return false
	}
	unknown := func(pos, what, name string) error {
		names := make([]string, len(sc.Roles))
		for i, r := range sc.Roles {
			names[i] = r.Name
		}
		return &FileError{Pos: pos, Msg: fmt.Sprintf("%s names %q, which is neither a role (%s) nor a role's host", what, name, strings.Join(names, ", "))}
	}
	for _, lk := range sc.Links {
		for _, n := range []string{lk.A, lk.B} {
			if !known(n) {
				return unknown(lk.Pos, "link", n)
			}
		}
	}
	for _, f := range sc.Faults {
		names := []string{f.Role, f.A, f.B}
		if f.On != nil {
			names = append(names, f.On.Role, f.On.To)
		}
		for _, n := range names {
			if n != "" && !known(n) {
				return unknown(f.Pos, f.Kind, n)
			}
		}
		switch {
		case f.Kind == "refuse" && f.On == nil:
			return &FileError{Pos: f.Pos, Msg: "refuse() goes inside on(connect(a, b), refuse())"}
		case f.Kind == "lose" && f.On == nil:
			return &FileError{Pos: f.Pos, Msg: "lose() goes inside on(sent(role, contains=b\"...\"), lose())"}
		case f.Kind == "reset" && f.On == nil && f.At < 0:
			return &FileError{Pos: f.Pos, Msg: "reset(a, b) needs a moment: at(\"2s\", reset(a, b)) or on(sent(role, contains=b\"...\"), reset(a, b))"}
		case f.On != nil && f.At >= 0:
			return &FileError{Pos: f.Pos, Msg: "give on(...) or at(...), not both"}
		}
		if f.On != nil && f.On.Role != "" {
			if _, ok := roles[f.On.Role]; !ok {
				return &FileError{Pos: f.Pos, Msg: fmt.Sprintf("%s(...) names %q: it takes a role, not a host", f.On.Kind, f.On.Role)}
			}
		}
		if f.Role != "" {
			if _, ok := roles[f.Role]; !ok {
				return &FileError{Pos: f.Pos, Msg: fmt.Sprintf("%s names %q: it takes a role, not a host", f.Kind, f.Role)}
			}
			if f.At >= 0 {
				return &FileError{Pos: f.Pos, Msg: fmt.Sprintf("%s holds for the whole run: give it without at(...)", f.Kind)}
			}
		}
	}
	return nil
}

// durationArg reads a duration: a number of seconds, or a string with a
// unit ("20ms", "1.5s", "250us", "2m"); None is 0.
func durationArg(what string, v starlark.Value) (time.Duration, error) {
	switch x := v.(type) {
	case starlark.NoneType:
		return 0, nil
	case starlark.Int, starlark.Float:
		f, _ := starlark.AsFloat(x)
		if f < 0 || math.IsNaN(f) || f > 1e9 {
			return 0, fmt.Errorf("%s: %v is not a duration of 0 or more seconds", what, x)
		}
		return time.Duration(f * float64(time.Second)), nil
	case starlark.String:
		s := strings.TrimSpace(string(x))
		for _, u := range []struct {
			suffix string
			unit   time.Duration
		}{{"us", time.Microsecond}, {"µs", time.Microsecond}, {"ms", time.Millisecond}, {"s", time.Second}, {"m", time.Minute}, {"h", time.Hour}} {
			if num, ok := strings.CutSuffix(s, u.suffix); ok {
				f, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
				if err == nil && f >= 0 && f*float64(u.unit) < math.MaxInt64 {
					return time.Duration(f * float64(u.unit)), nil
				}
				break
			}
		}
		return 0, fmt.Errorf("%s: %q is not a duration (want a number and a unit: \"20ms\", \"1.5s\", \"250us\", \"2m\")", what, s)
	}
	return 0, fmt.Errorf("%s: want a duration such as \"20ms\" or a number of seconds, not %s", what, v.Type())
}

// chanceArg reads a probability: 0.1 or "10%"; None is 0.
func chanceArg(what string, v starlark.Value) (float64, error) {
	var f float64
	switch x := v.(type) {
	case starlark.NoneType:
		return 0, nil
	case starlark.Int, starlark.Float:
		f, _ = starlark.AsFloat(x)
	case starlark.String:
		num, ok := strings.CutSuffix(strings.TrimSpace(string(x)), "%")
		p, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if !ok || err != nil {
			return 0, fmt.Errorf("%s: %q is not a probability (want 0.1 or \"10%%\")", what, string(x))
		}
		f = p / 100
	default:
		return 0, fmt.Errorf("%s: want a probability such as 0.1 or \"10%%\", not %s", what, v.Type())
	}
	if f < 0 || f > 1 || math.IsNaN(f) {
		return 0, fmt.Errorf("%s: %v is not a probability between 0 and 1 (or 0%% and 100%%)", what, v)
	}
	return f, nil
}

// rateArg reads a rate in bits per second: "1mbit", "512kbit", "10gbit",
// "100bit", or in bytes: "125kbps" (tc's units); None is no limit.
func rateArg(what string, v starlark.Value) (int64, error) {
	s, ok := v.(starlark.String)
	if v == starlark.None {
		return 0, nil
	}
	if !ok {
		return 0, fmt.Errorf("%s: want a rate such as \"1mbit\" or \"125kbps\", not %s", what, v.Type())
	}
	text := strings.ToLower(strings.TrimSpace(string(s)))
	for _, u := range []struct {
		suffix string
		bits   float64
	}{{"gbit", 1e9}, {"mbit", 1e6}, {"kbit", 1e3}, {"bit", 1}, {"gbps", 8e9}, {"mbps", 8e6}, {"kbps", 8e3}, {"bps", 8}} {
		if num, ok := strings.CutSuffix(text, u.suffix); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
			if err == nil && f > 0 && f*u.bits < math.MaxInt64 && f*u.bits >= 1 {
				return int64(f * u.bits), nil
			}
			break
		}
	}
	return 0, fmt.Errorf("%s: %q is not a rate (want a number and a unit: \"1mbit\", \"512kbit\", \"125kbps\")", what, string(s))
}

// roleFaults are the socket-layer faults of a role, drawing from chance.
func (st *runState) roleFaults(rr *roleRun, chance func() float64) *socket.Faults {
	var f *socket.Faults
	me := rr.res.Role.Name
	var losing []*Fault
	for _, fl := range st.sc.Faults {
		who := fl.Role
		if fl.On != nil {
			who = fl.On.Role
		}
		if fl.Kind == "limit_data" {
			who = fl.A
		}
		if who != me {
			continue
		}
		if f == nil {
			f = &socket.Faults{Chance: chance}
		}
		cut := socket.Cut{Max: fl.Max, P: fl.P}
		switch {
		case fl.Kind == "short_reads":
			f.ShortReads = cut
		case fl.Kind == "partial_sends":
			f.PartialSends = cut
		case fl.On != nil && fl.On.Kind == "connect":
			f.Refuse = st.refuser(fl, f.Refuse)
		case fl.Kind == "lose":
			losing = append(losing, fl)
		case fl.On != nil && fl.On.Kind == "sent" && st.simRun != nil:
			f.Sent = st.resetOnSent(fl, f.Sent)
		case fl.Kind == "limit_data" && st.simRun != nil:
			f.Sent = st.limitData(fl, f.Sent)
		case fl.Kind == "slow_close" && st.simRun != nil:
			f.SlowClose, f.After = fl.Delay, st.simRun.sim.After
		case fl.Kind == "slow_close":
			f.SlowClose, f.After = fl.Delay, func(d time.Duration, fn func()) { time.AfterFunc(d, fn) }
		}
	}
	if len(losing) > 0 {
		f.Lose = st.loser(losing)
	}
	if st.simRun == nil && goruntime.GOOS == "linux" { // kernel runs are Linux's alone (Run)
		f = st.kernelLinks(rr, f, chance)
		f = st.kernelRoleFaults(rr, f, chance)
	}
	return f
}

// kernelLinks makes a scenario's links on the kernel's network, at the
// socket layer: a datagram the role sends over a lossy link may be lost or
// sent twice; a TCP connect over one fails, saying to use --sim (the
// kernel's TCP would only retransmit what a link lost, unseen).
func (st *runState) kernelLinks(rr *roleRun, f *socket.Faults, chance func() float64) *socket.Faults {
	own := rr.host.kernel
	type out struct {
		to        netip.Addr
		loss, dup float64
		pos       string
	}
	var links []out
	// lossy are the links that would lose a connection's segments either
	// way: from own, or to it (the peer's answers).
	lossy := map[netip.Addr]string{}
	for _, lk := range st.sc.Links {
		a, b := st.kernelHost(lk.A).kernel, st.kernelHost(lk.B).kernel
		switch {
		case a == own:
			links = append(links, out{b, lk.Loss, lk.Duplicate, lk.Pos})
		case lk.Both && b == own:
			links = append(links, out{a, lk.Loss, lk.Duplicate, lk.Pos})
		}
		if lk.Loss > 0 && (a == own || b == own) {
			peer := b
			if a != own {
				peer = a
			}
			if lossy[peer] == "" {
				lossy[peer] = lk.Pos
			}
		}
	}
	if len(links) == 0 && len(lossy) == 0 {
		return f
	}
	if f == nil {
		f = &socket.Faults{Chance: chance}
	}
	match := func(sa syscall.Sockaddr) *out {
		dst := addrOf(sa) // the kernel's: a loopback address is own's by now
		for i := range links {
			if dst == links[i].to {
				return &links[i]
			}
		}
		return nil
	}
	f.Datagram = func(sa syscall.Sockaddr) int {
		l := match(sa)
		switch {
		case l == nil:
			return 1
		case l.loss > 0 && chance() < l.loss:
			return 0
		case l.dup > 0 && chance() < l.dup:
			return 2
		}
		return 1
	}
	f.Stream = func(sa syscall.Sockaddr) error {
		if pos := lossy[addrOf(sa)]; pos != "" {
			e := py.FromErrno(linux.EOPNOTSUPP)
			e.Strerror = starlark.String("Operation not supported: " + pos + ": the kernel's network cannot lose TCP segments; run with --sim")
			e.Args = starlark.Tuple{e.Errno, e.Strerror}
			return e
		}
		return nil
	}
	return f
}

// addrOf is the IP address of sa ("" for others).
func addrOf(sa syscall.Sockaddr) netip.Addr {
	switch a := sa.(type) {
	case *syscall.SockaddrInet4:
		return netip.AddrFrom4(a.Addr)
	case *syscall.SockaddrInet6:
		return netip.AddrFrom16(a.Addr).Unmap()
	}
	return netip.Addr{}
}

// portOf is the port of sa (0 for others).
func portOf(sa syscall.Sockaddr) int {
	switch a := sa.(type) {
	case *syscall.SockaddrInet4:
		return a.Port
	case *syscall.SockaddrInet6:
		return a.Port
	}
	return 0
}

// reaches says whether a packet from host own to dst goes to host target:
// a loopback (or unspecified) address stays on own.
func reaches(own, target, dst netip.Addr) bool {
	return dst == target || ((dst.IsLoopback() || dst.IsUnspecified()) && own == target)
}

// refuser refuses the n-th connect of on(connect(a, b, n), refuse()) to
// b's host (a loopback address reaches b when a and b share a host), and
// otherwise asks next (an earlier fault's refuser), if any.
func (st *runState) refuser(fl *Fault, next func(syscall.Sockaddr) bool) func(syscall.Sockaddr) bool {
	count := 0
	own, target := st.hostOf(fl.On.Role), st.hostOf(fl.On.To)
	return func(sa syscall.Sockaddr) bool {
		if reaches(own, target, addrOf(sa)) {
			count++
			if count == fl.On.N {
				return true
			}
		}
		return next != nil && next(sa)
	}
}

// loser loses the datagrams of a role's on(sent(role, contains=...),
// lose(times=N)) faults: the first N it sends that carry those bytes, each
// fault in turn. Under --sim the network loses it as a link loses one (the
// trace and the capture note it); on the kernel's network the socket does
// not send it, and the trace notes it.
func (st *runState) loser(faults []*Fault) func([]byte, syscall.Sockaddr) bool {
	var mu sync.Mutex
	lost := make([]int, len(faults))
	from := st.hostOf(faults[0].On.Role)
	return func(data []byte, sa syscall.Sockaddr) bool {
		var fl *Fault
		mu.Lock()
		for i, x := range faults {
			if lost[i] < x.Times && bytes.Contains(data, []byte(x.On.Contains)) {
				lost[i]++
				fl = x
				break
			}
		}
		mu.Unlock()
		if fl == nil {
			return false
		}
		why := "lose() on " + fl.On.Role + "'s send of " + strconv.Quote(fl.On.Contains)
		if st.simRun != nil {
			st.simRun.net.LoseDatagram(from, data, why, fl.On.Role)
			return false // the network loses it
		}
		// The role the datagram went to, if its host has one only, as the
		// sim names it; else where it went.
		to, addr, roles := "", addrOf(sa), 0
		for _, rr := range st.roles {
			if rr.host.kernel == addrOf(sa) {
				to, addr = rr.res.Role.Name, rr.host.virtual // as the script sees it
				roles++
			}
		}
		if roles != 1 {
			to = netip.AddrPortFrom(addr, uint16(portOf(sa))).String()
		}
		st.kernel.lost(from, trace.Event{Kind: "fault", Call: "lost", Args: why, Role: fl.On.Role,
			Msg: "lost: datagram (" + strconv.Itoa(len(data)) + " bytes) to " + to})
		return true
	}
}

// limitData resets the connections between a and b of limit_data(a, b,
// bytes=N) once a has sent more than N bytes on its stream sockets, as
// Toxiproxy's limit_data closes a connection past its limit.
func (st *runState) limitData(fl *Fault, next func([]byte)) func([]byte) {
	a, b := st.hostOf(fl.A), st.hostOf(fl.B)
	sent, done := 0, false
	return func(data []byte) {
		if next != nil {
			next(data)
		}
		sent += len(data)
		if sent > fl.Max && !done {
			done = true
			st.simRun.net.Reset(a, b)
			st.simRun.note(a, b, "reset", fmt.Sprintf("reset: %s - %s (limit_data: %s sent %d bytes, more than %d)", fl.A, fl.B, fl.A, sent, fl.Max))
		}
	}
}

// resetOnSent resets the connections between a and b of on(sent(role,
// contains=...), reset(a, b)) each time the role sends those bytes.
func (st *runState) resetOnSent(fl *Fault, next func([]byte)) func([]byte) {
	a, b := st.hostOf(fl.A), st.hostOf(fl.B)
	want := []byte(fl.On.Contains)
	return func(data []byte) {
		if next != nil {
			next(data)
		}
		if bytes.Contains(data, want) {
			st.simRun.net.Reset(a, b)
			st.simRun.note(a, b, "reset", "reset: "+fl.A+" - "+fl.B+" (on "+fl.On.Role+"'s send of "+strconv.Quote(fl.On.Contains)+")")
		}
	}
}

// kernelChance is a role's generator on the kernel's network: seeded, so
// the same seed draws the same numbers, though the kernel orders the calls.
func kernelChance(seed uint64, role int) func() float64 {
	r := rand.New(rand.NewPCG(seed, uint64(role)))
	var mu sync.Mutex
	return func() float64 {
		mu.Lock()
		defer mu.Unlock()
		return r.Float64()
	}
}

// ParseLink reads a --link SPEC: "A<->B" (both ways) or "A->B" (one way),
// then name=value settings: delay=50ms jitter=5ms loss=10% duplicate=1%
// rate=1mbit.
func ParseLink(spec string) (*Link, error) {
	fields := strings.Fields(spec)
	if len(fields) == 0 {
		return nil, fmt.Errorf("--link %q: want A<->B or A->B, then settings such as delay=50ms loss=10%%", spec)
	}
	lk := &Link{Pos: "--link " + spec}
	if a, b, ok := strings.Cut(fields[0], "<->"); ok {
		lk.A, lk.B, lk.Both = a, b, true
	} else if a, b, ok := strings.Cut(fields[0], "->"); ok {
		lk.A, lk.B = a, b
	}
	if lk.A == "" || lk.B == "" {
		return nil, fmt.Errorf("--link %q: want A<->B or A->B first, naming two roles or hosts", spec)
	}
	for _, f := range fields[1:] {
		name, value, ok := strings.Cut(f, "=")
		v := starlark.String(value)
		var err error
		switch {
		case !ok:
			err = fmt.Errorf("%q is not name=value", f)
		case name == "delay":
			lk.Delay, err = durationArg("delay", v)
		case name == "jitter":
			lk.Jitter, err = durationArg("jitter", v)
		case name == "loss":
			lk.Loss, err = chanceArg("loss", v)
		case name == "duplicate":
			lk.Duplicate, err = chanceArg("duplicate", v)
		case name == "rate":
			lk.Rate, err = rateArg("rate", v)
		default:
			err = fmt.Errorf("no setting %q (want delay, jitter, loss, duplicate or rate)", name)
		}
		if err != nil {
			return nil, fmt.Errorf("--link %q: %v", spec, err)
		}
	}
	return lk, nil
}

// ParseFault reads a --fault SPEC: a fault's name and its arguments, as
// in scenario.star: "partition A B at=2s", "heal A B at=5s",
// "short_reads ROLE max=3 p=50%", "partial_sends ROLE max=100",
// "lose ROLE contains=\"ping 3\" times=2" (a value in double quotes may
// have spaces).
func ParseFault(spec string) (*Fault, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("--fault %q: %s", spec, fmt.Sprintf(format, args...))
	}
	fields, err := specFields(spec)
	if err != nil {
		return nil, bad("%v", err)
	}
	if len(fields) == 0 {
		return nil, bad("want a fault: partition, heal, short_reads, partial_sends, lose ...")
	}
	f := &Fault{Kind: fields[0], At: -1, Max: 1, P: 1, Times: 1, Pos: "--fault " + spec}
	contains := ""
	hasContains := false
	var names []string
	for _, a := range fields[1:] {
		name, value, ok := strings.Cut(a, "=")
		if !ok {
			names = append(names, a)
			continue
		}
		v := starlark.String(value)
		var err error
		switch name {
		case "at":
			f.At, err = durationArg("at", v)
		case "max":
			f.Max, err = strconv.Atoi(value)
			if err == nil && f.Max < 1 {
				err = fmt.Errorf("max must be 1 or more bytes, not %d", f.Max)
			}
		case "p":
			f.P, err = chanceArg("p", v)
		case "delay":
			f.Delay, err = durationArg("delay", v)
		case "times":
			f.Times, err = strconv.Atoi(value)
			if err == nil && f.Times < 1 {
				err = fmt.Errorf("times must be 1 or more datagrams, not %d", f.Times)
			}
		case "contains":
			contains, hasContains = value, true
			if value == "" {
				err = fmt.Errorf("contains must not be empty")
			}
		default:
			err = fmt.Errorf("no setting %q", name)
		}
		if err != nil {
			return nil, bad("%v", err)
		}
	}
	switch f.Kind {
	case "partition", "heal", "hold", "release", "reset":
		if len(names) != 2 {
			return nil, bad("%s takes two roles or hosts: %s A B [at=TIME]", f.Kind, f.Kind)
		}
		f.A, f.B = names[0], names[1]
	case "short_reads", "partial_sends", "slow_close":
		if len(names) != 1 {
			return nil, bad("%s takes one role: %s ROLE [max=BYTES] [p=CHANCE]", f.Kind, f.Kind)
		}
		f.Role = names[0]
	case "lose":
		if len(names) != 1 || !hasContains {
			return nil, bad("lose takes one role and the bytes its lost datagrams carry: lose ROLE contains=BYTES [times=N]")
		}
		f.On = &Trigger{Kind: "sent", Role: names[0], Contains: contains}
		if f.At >= 0 {
			return nil, bad("lose happens on the role's sends: give it without at=")
		}
	default:
		return nil, bad("no fault %q (want partition, heal, hold, release, reset, short_reads, partial_sends, slow_close or lose)", f.Kind)
	}
	if hasContains && f.Kind != "lose" {
		return nil, bad("contains= is lose's setting")
	}
	return f, nil
}

// specFields splits a --fault SPEC at spaces; a part in double quotes,
// with Go's escapes, stays whole: contains="ping 3".
func specFields(spec string) ([]string, error) {
	var fields []string
	var cur strings.Builder
	in := false // a field is under way
	for i := 0; i < len(spec); {
		switch c := spec[i]; {
		case c == ' ' || c == '\t' || c == '\n':
			if in {
				fields = append(fields, cur.String())
				cur.Reset()
				in = false
			}
			i++
		case c == '"':
			q, err := strconv.QuotedPrefix(spec[i:])
			if err != nil {
				return nil, fmt.Errorf("%s is not a quoted string", spec[i:])
			}
			text, _ := strconv.Unquote(q)
			cur.WriteString(text)
			in = true
			i += len(q)
		default:
			cur.WriteByte(c)
			in = true
			i++
		}
	}
	if in {
		fields = append(fields, cur.String())
	}
	return fields, nil
}

// withExtra is sc with the command line's links and faults added, checked
// against its roles.
func withExtra(sc *Scenario, links []*Link, faults []*Fault) (*Scenario, error) {
	if len(links)+len(faults) == 0 {
		return sc, nil
	}
	c := *sc
	c.Links = append(append([]*Link(nil), sc.Links...), links...)
	c.Faults = append(append([]*Fault(nil), sc.Faults...), faults...)
	roles := map[string]int{}
	for i, r := range c.Roles {
		roles[r.Name] = i
	}
	if err := checkFaults(&c, roles); err != nil {
		return nil, err
	}
	return &c, nil
}

// hostOf is the address of the host a link or fault names: a role's host,
// or a host's address itself.
func (st *runState) hostOf(name string) netip.Addr {
	for _, rr := range st.roles {
		if rr.res.Role.Name == name {
			if rr.res.Role.Host != "" {
				return netip.MustParseAddr(rr.res.Role.Host)
			}
			return simHost()
		}
	}
	a, _ := netip.ParseAddr(name) // checkFaults made sure it is one
	return a
}

// simLinks gives the simulated network the scenario's links and faults:
// links and faults without a time at once, timed faults at their time.
func (st *runState) simLinks() {
	net, sim := st.simRun.net, st.simRun.sim
	net.SetRand(sim.Rand())
	note := st.faultNotes()
	st.simRun.note = note
	for _, lk := range st.sc.Links {
		a, b := st.hostOf(lk.A), st.hostOf(lk.B)
		shape := simnet.Link{Delay: lk.Delay, Jitter: lk.Jitter, Loss: lk.Loss, Duplicate: lk.Duplicate, Rate: lk.Rate}
		net.SetLink(a, b, shape)
		if lk.Both {
			net.SetLink(b, a, shape)
		}
	}
	for _, f := range st.sc.Faults {
		if f.On != nil || f.A == "" {
			continue // at its event (roleFaults), or a role's own (short reads ...)
		}
		a, b := st.hostOf(f.A), st.hostOf(f.B)
		var apply func()
		switch f.Kind {
		case "partition", "heal":
			down := f.Kind == "partition"
			apply = func() {
				net.SetDown(a, b, down)
				sep := " | "
				if !down {
					sep = " - "
				}
				note(a, b, f.Kind, f.Kind+": "+f.A+sep+f.B)
			}
		case "hold", "release":
			apply = func() {
				net.SetHold(a, b, f.Kind == "hold")
				note(a, b, f.Kind, f.Kind+": "+f.A+" -> "+f.B)
			}
		case "reset":
			apply = func() {
				net.Reset(a, b)
				note(a, b, f.Kind, "reset: "+f.A+" - "+f.B)
			}
		default:
			continue
		}
		if f.At < 0 {
			apply()
			continue
		}
		sim.After(f.At, apply)
	}
}

// faultNotes records what the faults do in the run's trace, on the
// lifeline of the role whose host it happens at; a run not recorded gets
// a function that does nothing. A fault between two hosts names the
// other one, peer (a reset's RSTs in the capture go between them).
func (st *runState) faultNotes() func(at, peer netip.Addr, what, msg string) {
	add := st.faultEvents()
	note := func(at, peer netip.Addr, what, msg string) {
		e := trace.Event{Kind: "fault", Call: what, Msg: msg}
		if peer.IsValid() {
			e.KLocal, e.KPeer = at.String(), peer.String()
		}
		add(at, e)
	}
	if st.rec == nil {
		return note
	}
	roleAt := st.roleAt()
	st.simRun.net.SetOnPacket(func(p simnet.PacketNote) {
		what := p.Proto + " segment (" + strconv.Itoa(p.Size) + " bytes)"
		var flags []string
		if p.Proto == "tcp" {
			for _, f := range []struct {
				on   bool
				name string
			}{{p.SYN, "SYN"}, {p.FIN, "FIN"}, {p.RST, "RST"}, {p.ACK, "ACK"}} {
				if f.on {
					flags = append(flags, f.name)
				}
			}
		}
		switch {
		case p.Proto == "udp":
			what = "datagram (" + strconv.Itoa(p.Size) + " bytes)"
		case p.Size == 0 && (p.SYN || p.FIN || p.RST):
			what = "tcp " + strings.Join(flags, "-")
		case p.Size == 0:
			what = "tcp ack"
		}
		to := roleAt[p.To.Addr().Unmap()]
		if to == "" {
			to = p.To.String()
		}
		msg := p.What + ": " + what + " to " + to
		if p.What == "retransmitted" {
			msg = fmt.Sprintf("%s after %d lost: %s to %s", p.What, p.Tries, what, to)
		}
		// The packet's flow, size and sequence number let the capture
		// (runtime/trace/pcapng) show it where it belongs.
		add(p.From.Addr().Unmap(), trace.Event{Kind: "fault", Call: p.What, Msg: msg, Args: p.Why, Role: p.By,
			Proto: p.Proto, KLocal: p.From.String(), KPeer: p.To.String(), N: p.Size,
			TCPSeq: p.Seq, TCPFlags: strings.Join(flags, ", ")})
	})
	return note
}

// roleAt is, per host (hostOf), the first role on it.
func (st *runState) roleAt() map[netip.Addr]string {
	roleAt := map[netip.Addr]string{}
	for _, rr := range st.roles {
		if a := st.hostOf(rr.res.Role.Name); roleAt[a] == "" {
			roleAt[a] = rr.res.Role.Name
		}
	}
	return roleAt
}

// faultEvents records fault events, on the lifeline of the role on host at
// (hostOf), or of the one an event names, at the time they happen; a run not recorded gets one that does
// nothing. Timers of the kernel's network call it from goroutines of their
// own.
func (st *runState) faultEvents() func(at netip.Addr, e trace.Event) {
	if st.rec == nil {
		return func(netip.Addr, trace.Event) {}
	}
	roleAt := st.roleAt()
	var mu sync.Mutex
	sources := map[string]*trace.Source{}
	return func(at netip.Addr, e trace.Event) {
		role := roleAt[at]
		if e.Role != "" {
			role = e.Role // the sender a fault named: its host may have others
		}
		mu.Lock()
		src := sources[role]
		if src == nil {
			src = &trace.Source{R: st.rec, Role: role, Host: at.String()}
			sources[role] = src
		}
		mu.Unlock()
		e.Thread, e.T = "MainThread", st.rec.Since(st.rec.Now())
		src.Add(e)
	}
}
