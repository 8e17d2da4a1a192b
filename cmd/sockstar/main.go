// Go's runtime would keep the cgroup CPU quota files open on descriptors 3
// and 4 from its start, to size GOMAXPROCS; a script's sockets must be
// numbered from 3 as CPython numbers them (see host.ReserveLowFDs). The
// quota is not read: sockstar sizes its threads by the CPUs it sees.
//
//go:debug containermaxprocs=0
//go:debug updatemaxprocs=0

// Command sockstar runs Python socket programs ported to Starlark.
//
//	sockstar run FILE.star [ARG ...]
//	sockstar run DIR | A.star B.star ...
//	sockstar test [flags] [PATH ...]
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"sockstar/runtime"
	"sockstar/runtime/host"
	"sockstar/runtime/linux"
	"sockstar/runtime/py"
	"sockstar/runtime/simrun"
	"sockstar/runtime/trace"
	"sockstar/stdlib"
)

const runUsage = `usage: sockstar run [--trace FILE ...] FILE.py [ARG ...]
       sockstar run [--trace FILE ...] -c 'CODE' [ARG ...]
       sockstar run [--trace FILE ...] - [ARG ...]      (the script on standard input)
       sockstar run [--trace FILE ...] DIR | A.py B.py ... | A.py ARG... -- B.py ARG...

Runs a script as python3 runs it (a .py or .star file, code given with -c, or
a script read from standard input), or the roles of a scenario together
(DIR/scenario.star, or several scripts as the roles of one; with --, each
script gets the arguments that follow it: server.py -- client.py 127.0.0.1).

  --trace FILE   also write what the run did, in the format FILE's extension
                 names: .html (a sequence diagram), .txt (a text flow), .jsonl
                 (the events), .mmd (Mermaid)
  --trace-data BYTES
                 how many bytes of each call's data the trace keeps (4096)
  --pcap FILE    also write the run's TCP and UDP traffic as packets, a pcapng
                 capture for Wireshark or tshark (FILE.pcapng)
  --max-memory SIZE
                 the most one value the script makes may take (512M, 2G):
                 past it, MemoryError (default: a quarter of the machine's
                 memory, at most 4G; 1G off Linux); uncaught, exit status 3
  --max-threads N
                 how many threads the script may have at once; past it,
                 RuntimeError: can't start new thread (default 32768);
                 uncaught in the main thread, exit status 4
  --sim          run on the simulated network: virtual time, one thread at
                 a time, every interleaving fixed by the seed
  --seed N       the simulated run's seed (default 1; implies --sim)
  --link SPEC    shape the network between two roles: 'client<->server
                 delay=50ms loss=10%' (sockstar help faults)
  --fault SPEC   a fault: 'short_reads server max=3' (sockstar help faults)
  --record FILE  save the run (a scenario, simulated) to FILE: its arguments,
                 its seed and every event, for --replay
  --sandbox      run the script under a scenario's rules: its own loopback
                 addresses, only its own sockets reachable, its files and
                 AF_UNIX paths in a directory of its own, a filtered
                 environment, no raw sockets (as a role of sockstar run DIR is)
  --replay FILE  run a recording again, from the directory it was made in,
                 and say whether every event came out the same, or the first
                 that did not (exit status 1)

Exit status: the script's (0, sys.exit's, 1 for an uncaught exception), 2 for
a file that does not compile, 3 and 4 past the memory and thread budgets, 124
for a scenario stopped at its deadline, 130 after Ctrl-C. Of several scenarios,
one that could not run (2) outranks a deadline (124), which outranks a failed
one (1), as under sockstar test.
`

const faultsHelp = `Faults: a misbehaving network, written beside the programs

In scenario.star:

  scenario(..., links = [link(...), ...], faults = [...])

  link(a, b, delay=, jitter=, loss=, duplicate=, rate=, both=True)
      the packets from a to b (and back, unless both=False): a and b are
      roles or role hosts (roles on one host share its loopback). delay and
      jitter are durations ("20ms", "1.5s", "250us" or seconds); loss and
      duplicate probabilities (0.1 or "10%"); rate a rate in tc's units
      ("1mbit", "512kbit", "125kbps"). A lost TCP segment is sent again
      with Linux's backoff (200 ms doubling, 15 times, then ETIMEDOUT); a
      lost datagram is gone. On the kernel's network (see below) a TCP
      connect over a lossy link fails, naming --sim.
  partition(a, b), heal(a, b)
      no packet between a and b, and back again. A connect across it goes
      unanswered: it times out (TimeoutError "timed out" at the socket's
      timeout, or ETIMEDOUT after Linux's SYN retries, about 127 s).
  hold(a, b), release(a, b)
      a's packets to b wait in the network, nothing lost, and go on in
      order at release.
  reset(a, b)
      every TCP connection between a and b is reset, both ends get
      ConnectionResetError (EPIPE for one whose peer had closed); at a
      time, at("2s", reset(a, b)), or on an event.
  on(sent(role, contains=b"QUIT"), reset(a, b))
      the reset, each time the role sends those bytes.
  on(sent(role, contains=b"ping 3"), lose(times=1))
      the first N (times=N) UDP datagrams the role sends with those bytes
      (sendto, or send on a connected socket) are lost, the same ones
      under every seed (a link's loss= draws them); nobody is told.
  limit_data(a, b, bytes=N)
      a's connections with b are reset once a has sent more than N bytes
      on its stream sockets.
  slow_close(role, delay="2s")
      the network sees each close of the role's stream sockets (its FIN)
      that much later, even at the end of its process.
  on(connect(a, b, n=2), refuse())
      a's n-th connect to b is refused (ConnectionRefusedError).
  at(time, fault)
      the fault from that time on: at("2s", partition("client", "server")).
  short_reads(role, max=1, p=1)
      each receive on the role's stream sockets returns at most max bytes,
      with probability p.
  partial_sends(role, max=1, p=1)
      each send on the role's stream sockets takes at most max bytes, with
      probability p (sendall sends the rest in more calls).

Every chance is drawn from the run's seeded generator: the same --seed
gives the same faults. --trace shows each fault as a line; under --sim,
--pcap has each lost packet, commented, and each TCP retransmission, which
Wireshark flags itself.

Under --sim every fault is exact and deterministic. On the kernel's
network (without --sim) they are made at the socket layer, and differ so:
  - delay, jitter, rate: a send returns at once and its bytes reach the
    peer's socket when due, in order, the FIN after them; the handshake
    and the ACKs are not delayed.
  - a partition or hold keeps what existing connections send until the
    heal or release (no retransmissions, no ETIMEDOUT however long it
    lasts); datagrams across a partition are lost, across a hold kept.
    A connect begun during a partition stays unanswered after the heal;
    one held by a hold completes at the release (unless non-blocking).
  - reset: a real RST (one end is disconnected, connect to AF_UNSPEC); an
    on(sent(...)) reset takes the bytes that trigger it and loses them.
  - loss and duplicate: datagrams only; a TCP connect over a lossy link
    fails with an OSError naming --sim, the one fault that needs it.

On the command line, for one run, without editing scenario.star:

  --link 'client<->server delay=50ms loss=10%'     (or 'a->b ...' one way)
  --fault 'partition client server at=2s'
  --fault 'heal client server at=5s'
  --fault 'hold client server'  --fault 'release client server at=3s'
  --fault 'reset client server at=2s'
  --fault 'slow_close server delay=2s'
  --fault 'short_reads server max=3 p=50%'
  --fault 'partial_sends client max=100'
  --fault 'lose client contains="ping 3" times=2'

  sockstar run --sim --link 'client<->server delay=50ms loss=10%' server.py client.py

The teaching pack in scenarios/fault-* shows each fault beside the
tutorial code it breaks.
`

const usage = `usage: sockstar <command> [arguments]

commands:
  run FILE.py [ARG ...]     run a script as python3 would (.py or .star)
  run DIR                   run a scenario's roles together (DIR/scenario.star)
  run A.py B.py ...         run scripts as the roles of one scenario
    run --trace FILE ...    also write what the run did: FILE.txt (a text flow),
                            .jsonl (the events), .mmd (a Mermaid diagram),
                            .html (a sequence diagram page)
    run --pcap FILE ...     also write the run's TCP and UDP traffic as packets,
                            FILE.pcapng, for Wireshark or tshark
  test [PATH ...]           run and check scenarios ('sockstar test -h')
  playground                serve the browser playground ('sockstar playground -h')
  repl                      try statements one at a time (also: sockstar alone on a terminal)
  doc [MODULE[.NAME]]       what a module has, and where it differs from CPython
  help                      show this text
`

func main() {
	// SOCKSTAR_CPUPROFILE=FILE writes a Go CPU profile of the run, for pprof,
	// in a binary built with -tags cpuprofile (bench/profile.sh builds one).
	stopProfile := func() {}
	if path := os.Getenv("SOCKSTAR_CPUPROFILE"); path != "" {
		stopProfile = startCPUProfile(path)
	}
	growStack(0)
	tuneGC()
	host.ReserveLowFDs()
	code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stopProfile()
	if code == runtime.ExitInterrupt {
		// As CPython does after an uncaught KeyboardInterrupt: die of SIGINT,
		// so the parent (a shell, a test) sees the signal, not just a status.
		if interruptSelf() {
			// The signal is delivered to another thread; give it the moment it takes.
			time.Sleep(time.Second)
		}
	}
	os.Exit(code)
}

// growStack grows the main goroutine's stack once, while it holds two
// frames, to what a run needs: from Go's first 2 KiB it would otherwise
// double several times on the way in, each time copying every frame of a
// deeper stack. The stack grows for the frame's size, checked on entry;
// the array is only made (zeroed, its pages touched) if n > 0, and main
// passes 0.
//
//go:noinline
func growStack(n int) {
	if n > 0 {
		var pad [stackNeed]byte
		keep(pad[:n])
	}
}

const stackNeed = 16 << 10

//go:noinline
func keep([]byte) {}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		if isTerminal(stdin) {
			return runREPL(stdin, stdout, stderr)
		}
		fmt.Fprint(stderr, usage)
		return runtime.ExitUsage
	}
	switch args[0] {
	case "repl":
		return runREPL(stdin, stdout, stderr)
	case "doc":
		return runDoc(args[1:], stdout, stderr)
	case "run":
		outs, rest, err := traceFlags(args[1:])
		if err != nil {
			fmt.Fprintf(stderr, "sockstar: error: %v\n", err)
			return runtime.ExitUsage
		}
		host.SetMaxMemory(outs.memory)
		host.SetMaxThreads(outs.threads)
		if outs.replay != "" {
			if len(rest) > 0 {
				fmt.Fprintln(stderr, "sockstar: error: --replay FILE runs the recording's own arguments: give nothing else")
				return runtime.ExitUsage
			}
			goruntime.GOMAXPROCS(1)
			return replay(outs.replay, stdin, stdout, stderr)
		}
		if len(rest) < 1 {
			fmt.Fprintln(stderr, "sockstar: error: run needs a script: sockstar run FILE.py [ARG ...]")
			return runtime.ExitUsage
		}
		if rest[0] == "-h" || rest[0] == "--help" {
			fmt.Fprint(stdout, runUsage)
			return runtime.ExitOK
		}
		if outs.record != "" && !isScenario(rest) {
			fmt.Fprintln(stderr, "sockstar: error: --record records a scenario (DIR) or several scripts (a.py b.py), not one script")
			return runtime.ExitUsage
		}
		if isScenario(rest) {
			if outs.sim {
				goruntime.GOMAXPROCS(1) // as for a single script below
			}
			return runScenario(rest, stdin, stdout, stderr, outs)
		}
		if outs.sandbox {
			if rest[0] == "-c" || rest[0] == "-" {
				fmt.Fprintln(stderr, "sockstar: error: --sandbox runs a script file: sockstar run --sandbox FILE.py [ARG ...]")
				return runtime.ExitUsage
			}
			return runSandbox(rest[0], rest[1:], stdin, stdout, stderr, outs)
		}
		if len(outs.links)+len(outs.faults) > 0 {
			fmt.Fprintln(stderr, "sockstar: error: --link and --fault name roles: run a scenario (DIR) or several scripts (a.py b.py), not one script")
			return runtime.ExitUsage
		}
		if err := kernelMissing(outs.sim); err != nil {
			fmt.Fprintln(stderr, err)
			return runtime.ExitUsage
		}
		// -c CODE and - (the script on standard input), as python3's.
		var src []byte
		switch rest[0] {
		case "-c":
			if len(rest) < 2 {
				fmt.Fprintln(stderr, "sockstar: error: -c needs the code to run: sockstar run -c 'CODE' [ARG ...]")
				return runtime.ExitUsage
			}
			src, rest = []byte(rest[1]), append([]string{"-c"}, rest[2:]...)
		case "-":
			b, err := io.ReadAll(stdin)
			if err != nil {
				fmt.Fprintf(stderr, "sockstar: error: reading the script from standard input: %v\n", err)
				return runtime.ExitUsage
			}
			src, stdin = b, strings.NewReader("")
		}
		rec := newRecorder(outs)
		code := runScript(rest[0], src, rest[1:], stdin, stdout, stderr, rec, outs)
		if rec != nil {
			if status := writeTraces(outs, rest[0], rec.Events(), stderr); status != 0 && code == 0 {
				code = status
			}
		}
		return code
	case "test":
		return runTest(args[1:], stdout, stderr)
	case "playground":
		return runPlayground(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		if len(args) > 1 && args[1] == "faults" {
			fmt.Fprint(stdout, faultsHelp)
			return runtime.ExitOK
		}
		fmt.Fprint(stdout, usage)
		return runtime.ExitOK
	}
	fmt.Fprintf(stderr, "sockstar: error: unknown command %q\nsockstar: hint: run 'sockstar help' for usage\n", args[0])
	return runtime.ExitUsage
}

func runScript(path string, src []byte, args []string, stdin io.Reader, stdout, stderr io.Writer, rec *trace.Recorder, outs outputs) int {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	sigs := make(chan os.Signal, 2)
	defer signal.Stop(sigs)
	var proc atomic.Pointer[host.Process]
	cfg := runtime.Config{
		Modules: stdlib.Modules(),
		Argv:    append([]string{path}, args...),
		Stdin:   stdin,
		Stdout:  stdout,
		Stderr:  stderr,
		Setup:   func(p *host.Process) { proc.Store(p) },
		Doc:     stdlib.Doc,
		Trace:   traceSource(rec, path),
		// Not at start: os/signal starts threads (~1 ms) that a script
		// which can't be seen doing anything never needs.
		Live: func() {
			handleSignals(sigs, func(sig syscall.Signal, err error) bool {
				if p := proc.Load(); p != nil {
					return p.Signal(sig, err)
				}
				cancel(err)
				return false
			})
		},
	}
	if outs.sim {
		// One script thread runs at a time: with one processor, handing
		// the baton over is a goroutine switch, not a wake-up of another
		// OS thread.
		goruntime.GOMAXPROCS(1)
		simrun.Simulate(&cfg, outs.seed, rec)
	}
	switch {
	case path == "-c":
		return runtime.RunSource(ctx, "<string>", src, cfg)
	case path == "-":
		return runtime.RunSource(ctx, "<stdin>", src, cfg)
	}
	return runtime.RunFile(ctx, path, cfg)
}

// traceSource is where a single script's events go: a role named after it.
func traceSource(rec *trace.Recorder, path string) *trace.Source {
	if rec == nil {
		return nil
	}
	return &trace.Source{R: rec, Role: strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))}
}

// handleSignals makes SIGINT a KeyboardInterrupt and SIGTERM a SystemExit
// in the script, as CPython does, or calls the handler the script set for
// it (signal.signal). A script may catch a KeyboardInterrupt and go on;
// signals that come together count once; one that comes once the run is
// stopping ends the process without waiting for clean-up.
func handleSignals(sigs chan os.Signal, deliver func(syscall.Signal, error) (again bool)) {
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		for sig := range sigs {
			if sig == syscall.SIGTERM {
				if deliver(linux.SIGTERM, py.New(py.SystemExit, py.IntValue(143))) {
					os.Exit(143)
				}
				continue
			}
			if deliver(linux.SIGINT, py.New(py.KeyboardInterrupt)) {
				// Die of the signal, as a process that does not handle it does.
				interruptSelf()
				os.Exit(runtime.ExitInterrupt)
			}
		}
	}()
}

// kernelMissing is the error of a run that needs the kernel's network
// (sim false) where this build has none: only Linux's has it.
func kernelMissing(sim bool) error { return kernelMissingOn(goruntime.GOOS, goruntime.GOARCH, sim) }

func kernelMissingOn(goos, goarch string, sim bool) error {
	if sim || goos == "linux" {
		return nil
	}
	return fmt.Errorf("sockstar: the kernel's network is not built for %s/%s: run with --sim", goos, goarch)
}

// isTerminal reports whether r is a terminal (a character device).
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// runDoc is `sockstar doc [MODULE[.NAME]]`: the module reference.
func runDoc(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stdout, "Modules (sockstar doc MODULE for one, sockstar doc MODULE.NAME for a member):")
		for _, line := range strings.Split(stdlib.Reference, "\n") {
			if name, ok := strings.CutPrefix(line, "## "); ok {
				fmt.Fprintln(stdout, "  "+name)
			}
		}
		return runtime.ExitOK
	}
	text, ok := stdlib.Doc(args[0])
	if !ok {
		fmt.Fprintf(stderr, "sockstar: error: no module or member %q in the reference\nsockstar: hint: sockstar doc lists the modules\n", args[0])
		return runtime.ExitUsage
	}
	fmt.Fprint(stdout, text)
	return runtime.ExitOK
}
