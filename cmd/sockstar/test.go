package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	goruntime "runtime"
	"strconv"
	"strings"
	"syscall"

	"sockstar/runtime"
	"sockstar/runtime/host"
	"sockstar/runtime/py"
	"sockstar/runtime/trace"
	"sockstar/scenario"
	"sockstar/stdlib"
)

const testUsage = `usage: sockstar test [flags] [PATH ...]

Runs every scenario (a directory with a scenario.star) under the paths
(default: the current directory) and checks what its roles print.

flags:
  -p N              scenarios run at once (default: the number of CPUs)
  -run REGEXP       only scenarios whose name matches
  -update           rewrite the golden files with what the roles printed
  -v                show every role's output as it comes, prefixed [scenario/role]
  --junit FILE      also write the results as JUnit XML
  --role NAME=FILE  run FILE as the role NAME (an exercise's role to supply)
  --trace DIR       write each scenario's trace: DIR/NAME.html, or with a
                    pattern such as DIR/*.txt, that format (.html .txt .jsonl .mmd)
  --failures DIR    where a failed scenario's diagram goes (default: a
                    directory under the system's temporary one)
  -count N          run each scenario N times; one that fails only some of
                    them is reported FLAKY name K/N failed, with its first failure
  --shard K/N       run only the K-th of N slices of the scenarios (cut by a hash
                    of their names): N machines running K = 1..N run each once
  -json             write the report as go test -json does, one event a line
  --max-memory SIZE the most one value a role makes may take (512M, 2G)
  --max-threads N   how many threads each role may have at once (32768)
  --sim             run on the simulated network: virtual time, every
                    interleaving fixed by the seed
  --seed N          the simulated run's seed (default 1)
  --link SPEC       shape the network between two roles, as scenario.star's
                    link(): 'client<->server delay=50ms loss=10%' (both ways) or
                    'client->server rate=1mbit' (a TCP connection over a lossy
                    link needs --sim: sockstar help faults)
  --fault SPEC      a fault, as in scenario.star: 'short_reads server max=3',
                    'partial_sends client max=100 p=50%', 'partition a b at=2s',
                    'heal a b at=5s' (sockstar help faults lists them)
  --seeds A..B      run each scenario simulated under seeds A to B, one
                    after another, up to its first failing seed; a failure
                    says its seed and the command that replays it
  --keep-going      with --seeds, run every seed and list those that failed
  --check-determinism
                    run each seed twice (simulated) and fail where the two
                    runs' events or outputs differ

exit status: 0 all passed, 1 a scenario failed, 124 one was stopped at its
deadline, 2 one could not run; of several, 2 outranks 124, which outranks 1
(sockstar run of several scenarios ends by the same rule).
`

// linkFlags and faultFlags collect --link SPEC and --fault SPEC.
type (
	linkFlags  []*scenario.Link
	faultFlags []*scenario.Fault
)

func (l *linkFlags) String() string  { return "" }
func (f *faultFlags) String() string { return "" }

func (l *linkFlags) Set(v string) error {
	lk, err := scenario.ParseLink(v)
	if err == nil {
		*l = append(*l, lk)
	}
	return err
}

func (f *faultFlags) Set(v string) error {
	fl, err := scenario.ParseFault(v)
	if err == nil {
		*f = append(*f, fl)
	}
	return err
}

// roleFlags collects --role NAME=FILE.
type roleFlags map[string]string

func (r roleFlags) String() string { return "" }

func (r roleFlags) Set(v string) error {
	name, file, ok := strings.Cut(v, "=")
	if !ok || name == "" || file == "" {
		return fmt.Errorf("want NAME=FILE, not %q", v)
	}
	r[name] = file
	return nil
}

// runTest is `sockstar test`.
func runTest(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	par := fs.Int("p", goruntime.NumCPU(), "")
	runRe := fs.String("run", "", "")
	update := fs.Bool("update", false, "")
	verbose := fs.Bool("v", false, "")
	junit := fs.String("junit", "", "")
	traces := fs.String("trace", "", "")
	failures := fs.String("failures", "", "")
	count := fs.Int("count", 1, "")
	shard := fs.String("shard", "", "")
	asJSON := fs.Bool("json", false, "")
	maxMemory := fs.String("max-memory", "", "")
	maxThreads := fs.String("max-threads", "", "")
	sim := fs.Bool("sim", false, "")
	seed := fs.Uint64("seed", host.DefaultSeed, "")
	seeds := fs.String("seeds", "", "")
	keepGoing := fs.Bool("keep-going", false, "")
	checkDeterminism := fs.Bool("check-determinism", false, "")
	roles := roleFlags{}
	fs.Var(roles, "role", "")
	var links linkFlags
	var faults faultFlags
	fs.Var(&links, "link", "")
	fs.Var(&faults, "fault", "")
	var paths []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				fmt.Fprint(stdout, testUsage)
				return 0
			}
			fmt.Fprintf(stderr, "sockstar: error: test: %v\n%s", err, testUsage)
			return scenario.ExitNotRun
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	if err := setBudgets(*maxMemory, *maxThreads); err != nil {
		fmt.Fprintf(stderr, "sockstar: error: test: %v\n", err)
		return scenario.ExitNotRun
	}
	opt := scenario.TestOptions{
		Options:  scenario.Options{Modules: stdlib.Modules(), Doc: stdlib.Doc, Files: roles, Sim: *sim, Seed: *seed, Links: links, Faults: faults},
		Parallel: *par,
		Update:   *update,
		Verbose:  *verbose,
		JUnit:    *junit,
		Out:      stdout,
		Traces:   *traces,
		Failures: *failures,
		Count:    *count,
		JSON:     *asJSON,

		KeepGoing:        *keepGoing,
		CheckDeterminism: *checkDeterminism,
	}
	if *seeds != "" {
		r, err := parseSeeds(*seeds)
		if err != nil {
			fmt.Fprintf(stderr, "sockstar: error: test: %v\n", err)
			return scenario.ExitNotRun
		}
		if flagGiven(fs, "seed") {
			fmt.Fprintf(stderr, "sockstar: error: test: --seed %d and --seeds %s: give one of them\n", *seed, *seeds)
			return scenario.ExitNotRun
		}
		opt.Seeds = &r
	}
	if *keepGoing && opt.Seeds == nil {
		fmt.Fprintf(stderr, "sockstar: error: test: --keep-going goes with --seeds A..B\n")
		return scenario.ExitNotRun
	}
	// Both explore the simulated network's interleavings.
	opt.Sim = opt.Sim || opt.Seeds != nil || *checkDeterminism
	if err := kernelMissing(opt.Sim); err != nil {
		fmt.Fprintln(stderr, err)
		return scenario.ExitNotRun
	}
	if *count < 1 {
		fmt.Fprintf(stderr, "sockstar: error: test: -count must be 1 or more, not %d\n", *count)
		return scenario.ExitNotRun
	}
	if *shard != "" {
		k, n, ok := strings.Cut(*shard, "/")
		ki, err1 := strconv.Atoi(k)
		ni, err2 := strconv.Atoi(n)
		if !ok || err1 != nil || err2 != nil || ni < 1 || ki < 1 || ki > ni {
			fmt.Fprintf(stderr, "sockstar: error: test: --shard wants K/N with 1 <= K <= N, not %q\n", *shard)
			return scenario.ExitNotRun
		}
		opt.Shard, opt.Shards = ki, ni
	}
	if strings.Contains(*traces, "*") {
		if err := trace.CheckPath(*traces); err != nil {
			fmt.Fprintf(stderr, "sockstar: error: test: --trace %v\n", err)
			return scenario.ExitNotRun
		}
	}
	if *runRe != "" {
		re, err := regexp.Compile(*runRe)
		if err != nil {
			fmt.Fprintf(stderr, "sockstar: error: test: -run: %v\n", err)
			return scenario.ExitNotRun
		}
		opt.Run = re
	}
	ctx, stop := interruptible()
	defer stop()
	code := scenario.Test(ctx, paths, opt)
	if ctx.Err() != nil {
		return runtime.ExitInterrupt // stopped by ^C, as run reports it
	}
	return code
}

// parseSeeds reads --seeds A..B: 0 <= A <= B, both included.
func parseSeeds(v string) (scenario.SeedRange, error) {
	a, b, ok := strings.Cut(v, "..")
	first, err1 := strconv.ParseUint(a, 10, 64)
	last, err2 := strconv.ParseUint(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || first > last {
		return scenario.SeedRange{}, fmt.Errorf("--seeds wants A..B with 0 <= A <= B, not %q", v)
	}
	return scenario.SeedRange{First: first, Last: last}, nil
}

// flagGiven reports whether the command line set the flag name.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// interruptible is a context cancelled by ^C, whose cause is KeyboardInterrupt.
func interruptible() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		n := 0
		for range sigs {
			n++
			if n > 1 {
				os.Exit(130)
			}
			cancel(py.New(py.KeyboardInterrupt))
		}
	}()
	return ctx, func() { signal.Stop(sigs); cancel(nil) }
}

// isScenario tells `sockstar run DIR` and `sockstar run A.star B.star` from
// `sockstar run FILE.star ARG ...`, which keeps using the real network.
func isScenario(args []string) bool {
	if len(args) == 1 || isDir(args[0]) {
		return isDir(args[0])
	}
	for _, a := range args {
		if a == "--" {
			return true // roles with their arguments: A.py ARG... -- B.py ARG...
		}
	}
	for _, a := range args {
		if !strings.HasSuffix(a, ".star") && !strings.HasSuffix(a, ".py") {
			return false
		}
	}
	return len(args) >= 2
}

// runScenario is `sockstar run DIR` and `sockstar run A.star B.star ...`:
// the roles' output as it comes, each line prefixed [role], then what
// went wrong, if anything.
func runScenario(args []string, stdin io.Reader, stdout, stderr io.Writer, outs outputs) int {
	var scs []*scenario.Scenario
	opt := scenario.Options{Modules: stdlib.Modules(), Doc: stdlib.Doc, Live: stdout, LiveErr: stderr, Record: outs.any() || outs.record != "" || outs.sink != nil, DataCap: outs.dataCap(), Sim: outs.sim, Seed: outs.seed,
		Links: outs.links, Faults: outs.faults}
	if isDir(args[0]) {
		if len(args) > 1 {
			fmt.Fprintf(stderr, "sockstar: error: run %s takes no arguments: a scenario's roles get theirs in its scenario.star (role(..., args = [...]))\nsockstar: hint: to run scripts with arguments as the roles of one run: sockstar run server.py -- client.py 127.0.0.1\n", args[0])
			return scenario.ExitNotRun
		}
		var err error
		if scs, err = scenario.Load(args[0]); err != nil {
			fmt.Fprintf(stderr, "sockstar: error: %v\n", err)
			return scenario.ExitNotRun
		}
	} else {
		files, argv := roleGroups(args)
		sc := scenario.FromFiles(files)
		for i, r := range sc.Roles {
			r.Args = argv[i]
		}
		scs = []*scenario.Scenario{sc}
		// The terminal is the last role's, as in its own shell.
		opt.Stdin, opt.StdinRole = stdin, sc.Roles[len(sc.Roles)-1].Name
	}
	return runScenarios(scs, opt, args, stdout, stderr, outs)
}

// runSandbox runs one script as the only role of a scenario of its own:
// sockstar run --sandbox gives it a scenario's rules (its own addresses,
// only its own sockets reached, its own AF_UNIX paths, a filtered
// environment, no raw sockets).
func runSandbox(file string, argv []string, stdin io.Reader, stdout, stderr io.Writer, outs outputs) int {
	sc := scenario.FromFiles([]string{file})
	sc.Roles[0].Args = argv
	opt := scenario.Options{Modules: stdlib.Modules(), Doc: stdlib.Doc, Live: stdout, LiveErr: stderr, Bare: true,
		Record: outs.any() || outs.record != "" || outs.sink != nil, DataCap: outs.dataCap(), Sim: outs.sim, Seed: outs.seed,
		Stdin: stdin, StdinRole: sc.Roles[0].Name}
	return runScenarios([]*scenario.Scenario{sc}, opt, append([]string{file}, argv...), stdout, stderr, outs)
}

// runScenarios runs scenarios one after the other and reports them.
func runScenarios(scs []*scenario.Scenario, opt scenario.Options, args []string, stdout, stderr io.Writer, outs outputs) int {
	for _, sc := range scs {
		if err := kernelMissing(outs.sim || sc.Sim); err != nil {
			fmt.Fprintln(stderr, err)
			return runtime.ExitUsage
		}
	}
	ctx, stop := interruptible()
	defer stop()
	status := 0
	var events []trace.Event
	var end int64 // when the last scenario's last call ended, in µs
	defer func() {
		if outs.any() {
			writeTraces(outs, strings.Join(args, " "), events, stderr)
		}
		if outs.sink != nil {
			*outs.sink = events
		}
		if outs.record != "" {
			if err := writeRecording(outs.record, outs.args, outs.seed, events); err != nil {
				fmt.Fprintf(stderr, "sockstar: error: --record: %v\n", err)
			}
		}
	}()
	for _, sc := range scs {
		if len(scs) > 1 {
			fmt.Fprintf(stdout, "=== %s\n", sc.Name)
		}
		res := scenario.Run(ctx, sc, opt)
		scenario.Check(res, false)
		// The scenarios of one file go into one trace, one after the other:
		// each one's clock starts where the last one's stopped, so that the
		// packets of a capture stay in order.
		start := end
		for _, e := range res.Events {
			e.Seq = len(events) + 1
			e.T += start
			end = max(end, e.T+e.Dur+1)
			events = append(events, e)
		}
		switch {
		case res.Skipped != "":
			fmt.Fprintf(stderr, "sockstar: %s: skipped: %s\n", sc.Name, res.Skipped)
		case res.Err != nil:
			fmt.Fprintf(stderr, "sockstar: error: %s: %v\n", sc.Name, res.Err)
			status = scenario.WorseStatus(status, scenario.ExitNotRun)
		case res.TimedOut:
			fmt.Fprint(stderr, scenario.Report(res))
			status = scenario.WorseStatus(status, scenario.ExitDeadline)
		case res.Failed():
			fmt.Fprint(stderr, scenario.Report(res))
			status = scenario.WorseStatus(status, scenario.ExitFail)
		}
		if ctx.Err() != nil {
			return 130
		}
		if (len(args) > 1 || opt.Bare) && res.Err == nil {
			if last := res.Roles[len(res.Roles)-1]; last.Started && status == 0 {
				status = last.Exit
			}
		}
	}
	return status
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// roleGroups reads `A.py ARG... -- B.py ARG...` (or `A.py B.py ...`, no
// arguments): the role files and each one's arguments.
func roleGroups(args []string) (files []string, argv [][]string) {
	grouped := false
	for _, a := range args {
		if a == "--" {
			grouped = true
		}
	}
	if !grouped {
		return args, make([][]string, len(args))
	}
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			files = append(files, cur[0])
			argv = append(argv, cur[1:])
		}
		cur = nil
	}
	for _, a := range args {
		if a == "--" {
			flush()
			continue
		}
		cur = append(cur, a)
	}
	flush()
	return files, argv
}
