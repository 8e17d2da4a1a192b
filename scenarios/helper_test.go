package scenarios_test

// The namespace helper: the test binary re-executes itself under
// `unshare -rn` with helperEnv set, reads a plan on stdin, runs every role of
// one scenario in that fresh network namespace (its own loopback, so fixed
// ports never collide and nothing reaches a real network), and writes the
// outcome of each role as JSON on stdout.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const helperEnv = "SOCKSTAR_SCENARIO_HELPER"

// plan is one run of one scenario in one language.
type plan struct {
	Dir     string              // working directory of every role
	Argv    map[string][]string // role name -> command line
	Steps   []step
	Timeout time.Duration // for the whole run
}

// step is one action of the orchestration; Op says which:
//
//	start     start Role
//	listen    wait until something listens on Proto ("tcp"/"udp") port Port
//	connected wait until Count TCP connections to local port Port are established
//	write     write Text on Role's stdin
//	close     close Role's stdin
//	expect    wait until Role's stdout holds Text at least Count (default 1) times
//	refute    fail if Role's stdout holds Text now
//	interrupt send SIGINT to Role
//	exit      wait until Role has exited
type step struct {
	Op    string
	Role  string `json:",omitempty"`
	Text  string `json:",omitempty"`
	Proto string `json:",omitempty"`
	Port  int    `json:",omitempty"`
	Count int    `json:",omitempty"`
}

// outcome is what a role left behind.
type outcome struct {
	Stdout string
	Stderr string
	Exit   string // "exit N" or "signal NAME"
}

// report is the helper's answer: every role's outcome, and Err when the
// orchestration itself failed (a wait that timed out, a role still running).
type report struct {
	Roles map[string]outcome
	Err   string `json:",omitempty"`
}

// runHelper is the helper's main: plan on stdin, report on stdout.
func runHelper() int {
	// Go catches SIGINT here, so the roles start with its default action even
	// if this process inherited it ignored (a background job of a shell).
	signal.Notify(make(chan os.Signal, 1), os.Interrupt)
	var pl plan
	if err := json.NewDecoder(os.Stdin).Decode(&pl); err != nil {
		fmt.Fprintln(os.Stderr, "helper: reading plan:", err)
		return 2
	}
	rep := execute(pl)
	if err := json.NewEncoder(os.Stdout).Encode(rep); err != nil {
		fmt.Fprintln(os.Stderr, "helper: writing report:", err)
		return 2
	}
	return 0
}

// watched collects a role's output and wakes those waiting for more.
type watched struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func newWatched() *watched { return &watched{changed: make(chan struct{})} }

func (w *watched) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	close(w.changed)
	w.changed = make(chan struct{})
	return len(p), nil
}

func (w *watched) snapshot() (string, <-chan struct{}) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String(), w.changed
}

type proc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *watched
	stderr *watched
	done   chan struct{} // closed once the process has exited and its output is read
}

func execute(pl plan) report {
	rep := report{Roles: map[string]outcome{}}
	ctx, cancel := context.WithTimeout(context.Background(), pl.Timeout)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "ip", "link", "set", "lo", "up").CombinedOutput(); err != nil {
		rep.Err = fmt.Sprintf("ip link set lo up: %v: %s", err, out)
		return rep
	}
	procs := map[string]*proc{}
	err := runSteps(ctx, pl, procs)
	// Whatever a failed step left running is killed: the report says why.
	for name, p := range procs {
		select {
		case <-p.done:
		default:
			if err == nil {
				err = fmt.Errorf("role %s still running at the end of the plan", name)
			}
			p.cmd.Process.Kill()
			<-p.done
		}
		rep.Roles[name] = outcome{
			Stdout: p.stdout.buf.String(),
			Stderr: p.stderr.buf.String(),
			Exit:   exitString(p.cmd.ProcessState),
		}
	}
	if err != nil {
		rep.Err = err.Error()
	}
	return rep
}

func exitString(ps *os.ProcessState) string {
	if ps == nil {
		return "not started"
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return "signal " + ws.Signal().String()
	}
	return "exit " + strconv.Itoa(ps.ExitCode())
}

func runSteps(ctx context.Context, pl plan, procs map[string]*proc) error {
	for i, st := range pl.Steps {
		if err := runStep(ctx, pl, procs, st); err != nil {
			return fmt.Errorf("step %d %+v: %w", i+1, st, err)
		}
	}
	return nil
}

func runStep(ctx context.Context, pl plan, procs map[string]*proc, st step) error {
	p := procs[st.Role]
	if st.Op != "start" && st.Role != "" && p == nil {
		return fmt.Errorf("role %q not started", st.Role)
	}
	switch st.Op {
	case "start":
		argv, ok := pl.Argv[st.Role]
		if !ok {
			return fmt.Errorf("no command for role %q", st.Role)
		}
		np, err := start(ctx, pl.Dir, argv)
		if err != nil {
			return err
		}
		procs[st.Role] = np
	case "listen":
		return poll(ctx, func() (bool, error) { return listening(st.Proto, st.Port) }, procs)
	case "connected":
		return poll(ctx, func() (bool, error) {
			n, err := established(st.Port)
			return n >= st.Count, err
		}, procs)
	case "write":
		_, err := io.WriteString(p.stdin, st.Text)
		return err
	case "close":
		return p.stdin.Close()
	case "expect":
		return expect(ctx, p, st.Text, max(st.Count, 1))
	case "refute":
		if out, _ := p.stdout.snapshot(); strings.Contains(out, st.Text) {
			return fmt.Errorf("stdout already holds %q: %q", st.Text, out)
		}
	case "interrupt":
		return p.cmd.Process.Signal(os.Interrupt)
	case "exit":
		select {
		case <-p.done:
		case <-ctx.Done():
			return ctx.Err()
		}
	default:
		return fmt.Errorf("unknown op %q", st.Op)
	}
	return nil
}

func start(ctx context.Context, dir string, argv []string) (*proc, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = os.Environ()
	p := &proc{cmd: cmd, stdout: newWatched(), stderr: newWatched(), done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	cmd.WaitDelay = time.Second
	// A helper killed at its deadline takes its roles with it: no server outlives the test.
	dieWithTest(cmd)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	p.stdin = stdin
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// expect waits for text to appear count times in p's stdout.
func expect(ctx context.Context, p *proc, text string, count int) error {
	for {
		out, changed := p.stdout.snapshot()
		if strings.Count(out, text) >= count {
			return nil
		}
		select {
		case <-changed:
		case <-p.done:
			if out, _ := p.stdout.snapshot(); strings.Count(out, text) >= count {
				return nil
			}
			return fmt.Errorf("exited (%s) before printing %q; stdout %q, stderr %q",
				exitString(p.cmd.ProcessState), text, out, p.stderr.buf.String())
		case <-ctx.Done():
			return fmt.Errorf("%w waiting for %q; stdout so far %q", ctx.Err(), text, out)
		}
	}
}

// poll checks cond every few milliseconds: the kernel's socket tables have no
// change notification. A role that exits meanwhile (a failed bind) ends the wait.
func poll(ctx context.Context, cond func() (bool, error), procs map[string]*proc) error {
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		ok, err := cond()
		if err != nil || ok {
			return err
		}
		for name, p := range procs {
			select {
			case <-p.done:
				if p.cmd.ProcessState.ExitCode() != 0 {
					return fmt.Errorf("role %s exited (%s) while waiting; stderr %q", name, exitString(p.cmd.ProcessState), p.stderr.buf.String())
				}
			default:
			}
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// sockets reads /proc/net/<table> (of this namespace) as (local port, state) pairs.
func sockets(table string) ([][2]int, error) {
	f, err := os.Open("/proc/net/" + table)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil // no IPv6 in this kernel
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][2]int
	sc := bufio.NewScanner(f)
	sc.Scan() // the header
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 4 {
			continue
		}
		local := fields[1]
		port, err1 := strconv.ParseUint(local[strings.LastIndexByte(local, ':')+1:], 16, 16)
		state, err2 := strconv.ParseUint(fields[3], 16, 8)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("/proc/net/%s: bad line %q", table, sc.Text())
		}
		out = append(out, [2]int{int(port), int(state)})
	}
	return out, sc.Err()
}

const (
	tcpEstablished = 0x01
	tcpListen      = 0x0A
)

func listening(proto string, port int) (bool, error) {
	for _, table := range []string{proto, proto + "6"} {
		socks, err := sockets(table)
		if err != nil {
			return false, err
		}
		for _, s := range socks {
			// A bound UDP socket is all a UDP server needs.
			if s[0] == port && (proto == "udp" || s[1] == tcpListen) {
				return true, nil
			}
		}
	}
	return false, nil
}

func established(port int) (int, error) {
	n := 0
	for _, table := range []string{"tcp", "tcp6"} {
		socks, err := sockets(table)
		if err != nil {
			return 0, err
		}
		for _, s := range socks {
			if s[0] == port && s[1] == tcpEstablished {
				n++
			}
		}
	}
	return n, nil
}
