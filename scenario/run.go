package scenario

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	goruntime "runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"go.starlark.net/starlark"

	"sockstar/runtime"
	"sockstar/runtime/host"
	"sockstar/runtime/py"
	"sockstar/runtime/trace"
	"sockstar/stdlib/socket"
)

// Options say how scenarios run.
type Options struct {
	Modules map[string]*py.Module
	// Live, if set, gets every role's output as it comes, each line
	// prefixed with "[role] " (or "[scenario/role] " when LiveScenario).
	Live         io.Writer
	LiveErr      io.Writer // the live copy of stderr, when not Live
	LiveScenario bool
	// Watch, if set, sees every write to a role's stdout and stderr as it
	// is made, unbuffered (the playground shows a prompt before its line).
	Watch func(role, stream string, text []byte)
	// Typing, if set, is the input of the roles given none in the
	// scenario: lines typed while the run goes on (typing.go).
	Typing *Typing
	// Bare leaves the "[role] " prefix off (a single script run as a
	// scenario of its own: sockstar run --sandbox).
	Bare bool
	// Files replaces role files: role name -> path (--role NAME=FILE).
	Files map[string]string
	// Stdin, if set, is the input of the role named StdinRole instead of
	// its scripted input (sockstar run a.star b.star).
	Stdin     io.Reader
	StdinRole string
	// Grace is how long stopped roles get to end before the run gives up
	// on them; 0 means 5 s.
	Grace time.Duration
	// Doc is the module reference a role's help() prints.
	Doc func(name string) (string, bool)
	// Record keeps what every role does in Result.Events (runtime/trace);
	// a scenario with a trace expectation is always recorded.
	Record bool
	// DataCap is how many bytes of each call's data the recording keeps;
	// 0 is trace.DefaultDataCap. A packet capture wants them all.
	DataCap int
	// Sim runs the scenario on the simulated network, its choices fixed
	// by Seed.
	Sim  bool
	Seed uint64
	// Links and Faults are added to the scenario's own (--link, --fault).
	Links  []*Link
	Faults []*Fault

	// observe, if set, sees every kernel address a script's address was
	// mapped onto: tests check that it is loopback.
	observe func(kernel syscall.Sockaddr)
}

// Result is what one run of a scenario did.
type Result struct {
	Scenario *Scenario
	Roles    []*RoleResult
	Duration time.Duration
	TimedOut bool
	// Sim says the run was simulated, with Seed.
	Sim  bool
	Seed uint64
	// Err is set when the scenario could not run at all (a role file that
	// does not compile, a role left to be supplied): exit status 2.
	Err error
	// Skipped says why the scenario did not run (a role to be supplied).
	Skipped string
	// Events is what the roles did, when the run was recorded.
	Events []trace.Event
	// TraceFailure is how the recorded flow missed the scenario's trace
	// expectation, filled in by Check.
	TraceFailure string
	// live says the roles' output was shown as it came (Options.Live): a
	// report need not show their stderr again.
	live bool
	// Failures, per role in order, are filled in by Check.
	lan string
}

// RoleResult is what one role did.
type RoleResult struct {
	Role    *Role
	File    string // the file that ran
	Started bool
	Ready   bool
	Exit    int
	// Stopped says why the runner stopped the role; "" when it ended on
	// its own. Idle is a daemon stopped once the others were done.
	Stopped string
	Idle    bool
	Where   string // where it was when it ended with an error: "server.star:14 in accept()"
	// Threads says where each of its other threads was when the run
	// stopped it: "Thread-1 at server.star:21 in recv()".
	Threads []string
	Waiting string // for a role that never started: what it waited for
	Stdout  string
	Stderr  string
	// Failures are the expectations it missed, filled in by Check.
	Failures []string
}

// Failed reports whether any role missed an expectation or the run failed.
func (r *Result) Failed() bool {
	if r.Err != nil || r.TimedOut || r.TraceFailure != "" {
		return true
	}
	for _, rr := range r.Roles {
		if len(rr.Failures) > 0 {
			return true
		}
	}
	return false
}

// Role returns the result of the role named name, or nil.
func (r *Result) Role(name string) *RoleResult {
	for _, rr := range r.Roles {
		if rr.Role.Name == name {
			return rr
		}
	}
	return nil
}

// roleRun is a role while it runs.
type roleRun struct {
	res    *RoleResult
	prog   *runtime.Program
	path   string // the role's file, as read
	host   *vhost
	ctx    context.Context
	cancel context.CancelCauseFunc
	ready  chan struct{}
	once   sync.Once
	done   chan struct{}
	deps   []*roleRun
	stdout *output
	stderr *output
	stdin  io.Reader
	// steps are its scripted input lines still to send; scan is, per watched
	// role ("" for itself), where the next prompt is looked for. Both are
	// guarded by runState.stepMu.
	steps  []Prompt
	scan   map[string]int
	endErr error
	mu     sync.Mutex
	// waitingOn are the role's waits in progress (one per thread that
	// waits in a socket call with nothing ready), by number.
	waitingOn map[uint64]socket.Probe
	// threadsAt is where its other threads were when everyone was stopped.
	threadsAt []string
	waits     uint64 // counts its waits, so a late check knows its own
	proc      *host.Process
	stopped   string
	idle      bool
	sim       *simRole // on a simulated run
}

// runState is one run of one scenario.
type runState struct {
	sc        *Scenario
	opt       Options
	rec       *trace.Recorder // nil unless the run is recorded
	lan       *lan
	roles     []*roleRun
	finishing atomic.Bool // every role that is not a daemon has ended
	stopAll   chan struct{}
	stopOnce  sync.Once
	liveMu    sync.Mutex
	stepMu    sync.Mutex    // orders the sending of scripted input across roles
	simRun    *simState     // set on a simulated run
	kernel    *kernelFaults // set on a run on the kernel's network
	settling  sync.WaitGroup
	// dir is the run's directory: its working directory and AF_UNIX paths;
	// files fences the roles' file calls in it (nil: allow = ["files"]).
	dir   string
	files *host.FileView
}

// settleTime bounds how long a daemon whose read waits for a peer's close
// is given for that close to arrive before it counts as idle. The close of
// a role that has ended comes within microseconds; only two daemons idle
// on a connection between them wait this long.
const settleTime = time.Second

// Run runs a scenario to its end (or its deadline) and returns what each
// role did; Check then compares that with the expectations.
func Run(ctx context.Context, sc *Scenario, opt Options) *Result {
	start := time.Now()
	res := &Result{Scenario: sc, live: opt.Live != nil}
	defer func() { res.Duration = time.Since(start) }()
	withFaults, err := withExtra(sc, opt.Links, opt.Faults)
	if err != nil {
		return &Result{Scenario: sc, Err: err}
	}
	sc = withFaults
	st := &runState{sc: sc, opt: opt, stopAll: make(chan struct{})}
	if opt.Record || sc.Trace != nil {
		st.rec = trace.New(cmp.Or(opt.DataCap, trace.DefaultDataCap))
		defer func() { res.Events = st.rec.Events() }()
	}
	if err := st.prepare(res); err != nil || res.Skipped != "" {
		res.Err = err
		return res
	}
	if st.dir, err = os.MkdirTemp("", "sockstar-run-"); err != nil {
		res.Err = err
		return res
	}
	defer os.RemoveAll(st.dir)
	if !sc.Allows("files") {
		if st.files, err = host.NewFileView(st.dir, st.readDirs()...); err != nil {
			res.Err = err
			return res
		}
	}
	if st.opt.Sim || sc.Sim {
		for _, rr := range st.roles {
			rr.ctx, rr.cancel = context.WithCancelCause(context.Background())
		}
		st.runSim(ctx, res)
		for _, rr := range st.roles {
			rr.cancel(nil)
		}
		return res
	}
	// Only Linux's build has the kernel's network: elsewhere the constant
	// test leaves the kernel runs (the NAT, the kernel's faults) out of the
	// binary, the browser's module among them.
	if goruntime.GOOS != "linux" {
		res.Err = fmt.Errorf("sockstar: the kernel's network is not built for %s/%s: run with --sim", goruntime.GOOS, goruntime.GOARCH)
		return res
	}
	st.lan = newLAN(st.dir)
	st.lan.realPaths = sc.Allows("unix")
	defer st.lan.Close()
	for _, rr := range st.roles {
		addr := netip.AddrFrom4([4]byte{127, 0, 0, 1})
		if rr.res.Role.Host != "" {
			addr = netip.MustParseAddr(rr.res.Role.Host)
		}
		rr.host = st.lan.host(addr)
	}
	res.lan = st.lan.String()
	st.startKernelFaults()
	defer st.stopKernelFaults()

	ctx, cancel := context.WithTimeoutCause(ctx, sc.Timeout, errDeadline)
	defer cancel()
	ended := make(chan *roleRun, len(st.roles))
	for _, rr := range st.roles {
		rr.ctx, rr.cancel = context.WithCancelCause(context.Background())
		go st.runRole(rr, ended)
	}
	st.supervise(ctx, res, ended)
	st.settling.Wait()
	for _, rr := range st.roles {
		rr.cancel(nil)
	}
	return res
}

var errDeadline = errors.New("deadline")

// prepare compiles every role and makes its streams.
func (st *runState) prepare(res *Result) error {
	modules := st.opt.Modules
	for _, r := range st.sc.Roles {
		rr := &roleRun{res: &RoleResult{Role: r, File: r.File}, ready: make(chan struct{}), done: make(chan struct{})}
		res.Roles = append(res.Roles, rr.res)
		st.roles = append(st.roles, rr)
		path := ""
		if f, ok := st.opt.Files[r.Name]; ok {
			rr.res.File = f
			path = f
		} else if filepath.IsAbs(r.File) {
			path = r.File
		} else if r.File != "" {
			path = filepath.Join(st.sc.Dir, r.File)
		} else {
			res.Skipped = fmt.Sprintf("role %s is to be supplied: --role %s=FILE", r.Name, r.Name)
			// The exercise's hints, for the student about to write it.
			for _, other := range st.sc.Roles {
				if other.Hint != "" {
					res.Skipped += "\n    hint: " + other.Hint
				}
			}
			return nil
		}
		rr.path = path
		src, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("role %s: %v", r.Name, err)
		}
		prog, err := runtime.Compile(rr.res.File, src, modules)
		if err != nil {
			return fmt.Errorf("role %s: %v", r.Name, err)
		}
		rr.prog = prog
	}
	byName := map[string]*roleRun{}
	for i, rr := range st.roles {
		r := rr.res.Role
		byName[r.Name] = rr
		if r.After == nil {
			rr.deps = append([]*roleRun(nil), st.roles[:i]...)
		}
	}
	for _, rr := range st.roles {
		for _, a := range rr.res.Role.After {
			rr.deps = append(rr.deps, byName[a])
		}
	}
	for _, rr := range st.roles {
		st.streams(rr)
	}
	return nil
}

// readDirs are the directories the roles may read besides the run's: the
// scenario's, and each role file's (a script run with --sandbox: its own).
func (st *runState) readDirs() []string {
	var dirs []string
	if !st.sc.commandLine {
		dirs = append(dirs, st.sc.Dir)
	}
	for _, rr := range st.roles {
		dirs = append(dirs, filepath.Dir(rr.path))
	}
	return dirs
}

// streams makes a role's stdout, stderr and stdin.
func (st *runState) streams(rr *roleRun) {
	r := rr.res.Role
	prefix := "[" + r.Name + "] "
	if st.opt.Bare {
		prefix = ""
	}
	if st.opt.LiveScenario {
		prefix = "[" + st.sc.Name + "/" + r.Name + "] "
	}
	rr.stdout = &output{live: st.opt.Live, liveMu: &st.liveMu, prefix: prefix, written: st.advance}
	rr.stderr = &output{live: st.opt.Live, liveMu: &st.liveMu, prefix: prefix}
	if w := st.opt.Watch; w != nil {
		rr.stdout.watch = func(p []byte) { w(r.Name, "stdout", p) }
		rr.stderr.watch = func(p []byte) { w(r.Name, "stderr", p) }
	}
	if st.opt.LiveErr != nil {
		rr.stderr.live = st.opt.LiveErr
	}
	switch {
	case st.opt.Stdin != nil && st.opt.StdinRole == r.Name:
		rr.stdin = st.opt.Stdin
	case st.opt.Typing != nil && r.Prompts == nil && r.Input == nil:
		rr.stdin = st.opt.Typing.input(r.Name)
	case r.Prompts != nil:
		in := newInput()
		rr.stdin = in
		rr.steps = r.Prompts
		rr.scan = map[string]int{}
		rr.stdout.input = in
	default:
		in := newInput()
		for _, line := range r.Input {
			in.add(line + "\n")
		}
		in.Close()
		rr.stdin = in
	}
}

// runRole waits for the roles before it, then runs the role.
func (st *runState) runRole(rr *roleRun, ended chan<- *roleRun) {
	defer func() { ended <- rr }()
	defer close(rr.done)
	for _, d := range rr.deps {
		select {
		case <-d.ready:
		case <-d.done:
		case <-st.stopAll:
			rr.res.Waiting = fmt.Sprintf("waiting for %s to listen or end", d.res.Role.Name)
			return
		}
	}
	select {
	case <-st.stopAll:
		return
	default:
	}
	rr.res.Started = true
	hooks := st.lan.hooks(rr.host, func() { rr.once.Do(func() { close(rr.ready) }) }, func(probe socket.Probe) func() {
		rr.mu.Lock()
		if rr.waitingOn == nil {
			rr.waitingOn = map[uint64]socket.Probe{}
		}
		rr.waits++
		id := rr.waits
		rr.waitingOn[id] = probe
		rr.mu.Unlock()
		// It just found nothing to do, and nobody is left to give it any,
		// unless it reads from a connection whose end is on its way (the
		// last client's close, still in the kernel's loopback queue).
		if st.finishing.Load() && rr.res.Role.Daemon {
			if probes, _ := st.idleProbes(rr); probes != nil && !settleAny(probes) {
				st.stop(rr, "idle", py.New(py.SystemExit))
			}
		}
		return func() {
			rr.mu.Lock()
			delete(rr.waitingOn, id)
			rr.mu.Unlock()
		}
	})
	hooks.NoRaw = !st.sc.Allows("raw")
	hooks.Faults = st.roleFaults(rr, kernelChance(st.opt.Seed, slices.Index(st.roles, rr)))
	if observe := st.opt.observe; observe != nil {
		out := hooks.Outbound
		hooks.Outbound = func(family int, sa syscall.Sockaddr) (syscall.Sockaddr, error) {
			k, err := out(family, sa)
			observe(k)
			return k, err
		}
	}
	st.runProgram(rr, rr.res.Role.Host, hooks, func(*runtime.Config) {})
}

// runProgram runs a role's program with hooks, its streams and the
// scenario's environment; sim adds what a simulated run needs. The role's
// host is named hostName in its trace.
func (st *runState) runProgram(rr *roleRun, hostName string, hooks *socket.Hooks, sim func(*runtime.Config)) {
	var src *trace.Source
	if st.rec != nil {
		src = &trace.Source{R: st.rec, Role: rr.res.Role.Name, Host: hostName}
	}
	cfg := runtime.Config{
		Trace:   src,
		Doc:     st.opt.Doc,
		Modules: st.opt.Modules,
		Argv:    append([]string{rr.res.File}, rr.res.Role.Args...),
		Stdin:   rr.stdin,
		Stdout:  rr.stdout,
		Stderr:  rr.stderr,
		Env:     st.sc.environ(),
		Setup: func(p *host.Process) {
			p.Files = st.files
			socket.SetHooks(p, hooks)
			rr.mu.Lock()
			rr.proc = p
			rr.mu.Unlock()
		},
		Ended: func(err error) { rr.endErr = err },
	}
	sim(&cfg)
	rr.res.Exit = rr.prog.Run(rr.ctx, cfg)
	rr.stdout.flush()
	rr.stderr.flush()
	rr.once.Do(func() { close(rr.ready) })
}

// stop cancels a role with cause; why is kept for the report.
func (st *runState) stop(rr *roleRun, why string, cause error) {
	rr.mu.Lock()
	if rr.stopped == "" {
		rr.stopped = why
		rr.idle = why == "idle"
	}
	p := rr.proc
	rr.mu.Unlock()
	if p != nil {
		p.Cancel(cause)
	}
	rr.cancel(cause)
}

// stopEveryone stops every role still running, and every role waiting to start.
func (st *runState) stopEveryone(why string) {
	st.stopOnce.Do(func() { close(st.stopAll) })
	// Hold every role's interpreter lock while stopping them all, so none
	// gets to close its sockets (and wake another with a hang-up) before
	// all are interrupted: each reports where it was blocked.
	var held []*host.Process
	for _, rr := range st.roles {
		rr.mu.Lock()
		p := rr.proc
		rr.mu.Unlock()
		if p != nil {
			p.Acquire()
			held = append(held, p)
			var at []string
			for _, ts := range p.OtherThreads() {
				if w := whereStack(ts.Stack); w != "" {
					at = append(at, ts.Name+" at "+w)
				}
			}
			rr.mu.Lock()
			rr.threadsAt = at
			rr.mu.Unlock()
		}
	}
	for _, rr := range st.roles {
		select {
		case <-rr.done:
		default:
			st.stop(rr, why, py.New(py.KeyboardInterrupt))
		}
	}
	for _, p := range held {
		p.Release()
	}
}

// supervise waits for every role to end, stops the daemons once the others
// are done, everyone when a role fails or the deadline passes.
func (st *runState) supervise(ctx context.Context, res *Result, ended <-chan *roleRun) {
	left := len(st.roles)
	workers := 0
	for _, rr := range st.roles {
		if !rr.res.Role.Daemon {
			workers++
		}
	}
	var grace <-chan time.Time
	deadline := ctx.Done()
	for left > 0 {
		select {
		case rr := <-ended:
			left--
			st.finish(rr)
			r := rr.res.Role
			if rr.res.Started && rr.res.Stopped == "" && !exitOK(r, rr.res.Exit) {
				st.stopEveryone(fmt.Sprintf("stopped: %s failed", r.Name))
			}
			if !r.Daemon {
				workers--
				if workers == 0 {
					st.stopIdle()
				}
			}
		case <-deadline:
			deadline = nil
			if context.Cause(ctx) == errDeadline {
				res.TimedOut = true
				st.stopEveryone(fmt.Sprintf("stopped at the deadline (%s)", st.sc.Timeout))
			} else {
				st.stopEveryone("stopped: the run was interrupted")
			}
			g := st.opt.Grace
			if g == 0 {
				g = 5 * time.Second
			}
			grace = time.After(g)
		case <-grace:
			for _, rr := range st.roles {
				select {
				case <-rr.done:
				default:
					rr.res.Stopped = "did not stop when told to"
				}
			}
			return
		}
	}
}

// exitOK says whether a role that ended on its own ended as expected; a
// daemon with no stated status is expected to end well if it ends at all.
func exitOK(r *Role, code int) bool {
	if r.Exit != nil {
		return code == *r.Exit
	}
	return !r.Daemon || code == 0
}

// stopIdle runs once every role that is not a daemon has ended: a daemon
// that waits with nothing ready in the kernel is stopped now, the others
// as soon as they wait so.
func (st *runState) stopIdle() {
	st.finishing.Store(true)
	st.stopOnce.Do(func() { close(st.stopAll) })
	for _, rr := range st.roles {
		if !rr.res.Role.Daemon {
			continue
		}
		st.settling.Add(1)
		go func() {
			defer st.settling.Done()
			st.stopWhenIdle(rr)
		}()
	}
}

// stopWhenIdle stops a daemon once each of its threads waits with nothing
// ready, looking again whenever one of its threads ends (a thread that
// goes on to wait is looked at by its wait).
func (st *runState) stopWhenIdle(rr *roleRun) {
	rr.mu.Lock()
	p := rr.proc
	rr.mu.Unlock()
	if p == nil {
		return
	}
	for {
		ended := p.ThreadEnded()
		if probes, wait := st.idleProbes(rr); probes != nil {
			if settleAny(probes) {
				return // woken: checked again at its next wait
			}
			rr.mu.Lock()
			same := rr.waits == wait && len(rr.waitingOn) == len(probes)
			rr.mu.Unlock()
			if same {
				st.stop(rr, "idle", py.New(py.SystemExit))
			}
			return
		}
		select {
		case <-ended:
		case <-rr.done:
			return
		}
	}
}

// idleProbes are the waits of a role every one of whose threads waits in a
// socket call with nothing ready, and the count of its waits then; nil if
// a thread of it may still run (it is checked again at its next wait).
func (st *runState) idleProbes(rr *roleRun) ([]socket.Probe, uint64) {
	rr.mu.Lock()
	p := rr.proc
	probes := make([]socket.Probe, 0, len(rr.waitingOn))
	for _, pr := range rr.waitingOn {
		probes = append(probes, pr)
	}
	wait := rr.waits
	rr.mu.Unlock()
	if p == nil || len(probes) == 0 || len(probes) < p.Running() {
		return nil, 0
	}
	for _, pr := range probes {
		if pr.Ready() {
			return nil, 0
		}
	}
	return probes, wait
}

// settleAny reports whether one of the waits gets what it waits for
// within settleTime (a read whose peer's close is on its way).
func settleAny(probes []socket.Probe) bool {
	for _, pr := range probes {
		if pr.Settle(settleTime) {
			return true
		}
	}
	return false
}

// finish copies what a role did into its result.
func (st *runState) finish(rr *roleRun) {
	rr.mu.Lock()
	rr.res.Stopped, rr.res.Idle = rr.stopped, rr.idle
	rr.res.Threads = rr.threadsAt
	rr.mu.Unlock()
	rr.res.Stdout = rr.stdout.String()
	rr.res.Stderr = rr.stderr.String()
	if rr.endErr != nil {
		rr.res.Where = where(rr.endErr)
	}
}

// where names the innermost script line of the error a role ended with,
// and the call it was in: "server.star:14 in accept()".
func where(err error) string {
	var ee *starlark.EvalError
	if !errors.As(err, &ee) {
		return ""
	}
	return whereStack(ee.CallStack)
}

// whereStack is where for a call stack, innermost frame last.
func whereStack(stack starlark.CallStack) string {
	if len(stack) == 0 {
		return ""
	}
	inner := stack[len(stack)-1]
	for i := len(stack) - 1; i >= 0; i-- {
		fr := stack[i]
		if fr.Pos.Filename() == "<builtin>" || fr.Pos.Line == 0 {
			continue
		}
		s := fmt.Sprintf("%s:%d", fr.Pos.Filename(), fr.Pos.Line)
		if inner.Pos.Filename() == "<builtin>" || inner.Pos.Line == 0 {
			name := inner.Name
			if i := strings.LastIndexByte(name, '.'); i >= 0 {
				name = name[i+1:]
			}
			return s + " in " + name + "()"
		}
		if fr.Name != "<toplevel>" {
			return s + " in " + fr.Name + "()"
		}
		return s
	}
	return ""
}

// output keeps a role's stream whole and copies it line by line to the live
// writer; written is told of every write, to send scripted input.
type output struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	live    io.Writer
	liveMu  *sync.Mutex
	prefix  string
	partial []byte
	input   *input
	written func()
	watch   func([]byte)
}

func (o *output) Write(p []byte) (int, error) {
	if o.watch != nil {
		o.watch(p)
	}
	o.mu.Lock()
	o.buf.Write(p)
	if o.live != nil {
		o.partial = append(o.partial, p...)
		if i := bytes.LastIndexByte(o.partial, '\n'); i >= 0 {
			o.emit(o.partial[:i+1])
			o.partial = append([]byte(nil), o.partial[i+1:]...)
		}
	}
	o.mu.Unlock()
	if o.written != nil {
		o.written()
	}
	return len(p), nil
}

// advance sends every scripted line whose prompt has shown: a role's own
// prompt, or seen(role, text) in another role's output. Each role looks for
// the next text after the last one it matched in the same output.
func (st *runState) advance() {
	st.stepMu.Lock()
	defer st.stepMu.Unlock()
	for _, rr := range st.roles {
		for len(rr.steps) > 0 {
			step := rr.steps[0]
			watched := rr
			if step.Role != "" {
				watched = st.role(step.Role)
			}
			if watched == nil || watched.stdout == nil {
				break
			}
			text := watched.stdout.String()
			from := rr.scan[step.Role]
			i := strings.Index(text[from:], step.Text)
			if i < 0 {
				break
			}
			rr.scan[step.Role] = from + i + len(step.Text)
			if step.EOF {
				rr.steps = nil
			} else {
				rr.stdout.input.add(step.Line + "\n")
				rr.steps = rr.steps[1:]
			}
			if len(rr.steps) == 0 {
				rr.stdout.input.Close()
			}
		}
	}
}

func (st *runState) role(name string) *roleRun {
	for _, rr := range st.roles {
		if rr.res.Role.Name == name {
			return rr
		}
	}
	return nil
}

func (o *output) emit(text []byte) {
	o.liveMu.Lock()
	defer o.liveMu.Unlock()
	for _, line := range strings.SplitAfter(string(text), "\n") {
		if line != "" {
			io.WriteString(o.live, o.prefix+line)
		}
	}
}

func (o *output) flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.live != nil && len(o.partial) > 0 {
		o.emit(append(o.partial, '\n'))
		o.partial = nil
	}
	if o.input != nil {
		o.input.Close()
	}
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// input is a role's standard input: lines queued by the runner; reads
// wait for more until it is closed.
type input struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	closed bool
	more   chan struct{} // closed and replaced whenever data arrives or input ends
}

func newInput() *input { return &input{more: make(chan struct{})} }

func (in *input) add(s string) {
	in.mu.Lock()
	in.buf.WriteString(s)
	close(in.more)
	in.more = make(chan struct{})
	in.mu.Unlock()
}

func (in *input) Read(p []byte) (int, error) {
	for {
		in.mu.Lock()
		if in.buf.Len() > 0 {
			n, _ := in.buf.Read(p)
			in.mu.Unlock()
			return n, nil
		}
		if in.closed {
			in.mu.Unlock()
			return 0, io.EOF
		}
		more := in.more
		in.mu.Unlock()
		<-more
	}
}

// Ready reports whether a read would not wait: there is input, or its end.
func (in *input) Ready() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.buf.Len() > 0 || in.closed
}

// Close ends the input: reads return io.EOF once the queue is empty.
func (in *input) Close() error {
	in.mu.Lock()
	defer in.mu.Unlock()
	if !in.closed {
		in.closed = true
		close(in.more)
		in.more = make(chan struct{})
	}
	return nil
}
