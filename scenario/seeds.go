package scenario

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"sockstar/runtime/trace"
)

// SeedRange is the seeds of `sockstar test --seeds First..Last`, both included.
type SeedRange struct{ First, Last uint64 }

func (r SeedRange) String() string { return fmt.Sprintf("%d..%d", r.First, r.Last) }

// maxListedSeeds is how many failing seeds a --keep-going report lists.
const maxListedSeeds = 20

// runSeeds runs sc as opt says (each seed of opt.Seeds or opt.Seed, each
// -count times, each run twice with CheckDeterminism), counting into o,
// and returns the run to report: the first failing one, else the first.
func runSeeds(ctx context.Context, sc *Scenario, opt TestOptions, o *outcome) *Result {
	ropt := opt.Options
	// Every run is recorded: a failure's report points at its diagram.
	ropt.Record = true
	first, last := ropt.Seed, ropt.Seed
	if opt.Seeds != nil {
		first, last = opt.Seeds.First, opt.Seeds.Last
	}
	var res *Result
	updated := false
	for seed := first; ; seed++ {
		ropt.Seed = seed
		seedFailed, stop := false, false
		for n := 0; n < max(opt.Count, 1); n++ {
			r := Run(ctx, sc, ropt)
			Check(r, opt.Update && !updated)
			updated = true
			o.elapsed += r.Duration
			nondet := ""
			if opt.CheckDeterminism && r.Err == nil && r.Skipped == "" && ctx.Err() == nil {
				again := ropt
				again.Live, again.LiveErr = nil, nil // the roles' output is shown once
				r2 := Run(ctx, sc, again)
				o.elapsed += r2.Duration
				if ctx.Err() == nil {
					nondet = nondeterminism(seed, r, r2)
				}
			}
			failed := (r.Failed() && r.Skipped == "") || nondet != ""
			o.runs++
			if failed {
				o.failedRuns++
				seedFailed = true
			}
			// The report shows the first failing run, else the first.
			if res == nil || (failed && !o.failing) {
				res, o.failing, o.nondet = r, failed, nondet
			}
			if r.Err != nil || r.Skipped != "" || ctx.Err() != nil {
				stop = true
				break
			}
		}
		o.seedsRun++
		if seedFailed {
			if len(o.failedSeeds) < maxListedSeeds {
				o.failedSeeds = append(o.failedSeeds, seed)
			}
			o.seedsFailed++
		}
		if stop || seed == last || (seedFailed && opt.Seeds != nil && !opt.KeepGoing) {
			break
		}
	}
	if res.Sim && res.Err == nil && o.failing {
		o.seedReport = seedLines(o, res.Seed, opt.KeepGoing && opt.Seeds != nil, replayCommand(sc, opt, res.Seed))
	}
	return res
}

// seedLines are a failed simulated run's last lines: which seeds failed
// and how to run the first one again.
func seedLines(o *outcome, seed uint64, keepGoing bool, replay string) string {
	var b strings.Builder
	if keepGoing {
		seeds := make([]string, len(o.failedSeeds))
		for i, s := range o.failedSeeds {
			seeds[i] = strconv.FormatUint(s, 10)
		}
		list := strings.Join(seeds, ", ")
		if o.seedsFailed > len(o.failedSeeds) {
			list += ", ..."
		}
		fmt.Fprintf(&b, "    %d of %d seeds failed: %s\n", o.seedsFailed, o.seedsRun, list)
	} else {
		fmt.Fprintf(&b, "    seed %d failed\n", seed)
	}
	fmt.Fprintf(&b, "    replay: %s\n", replay)
	return b.String()
}

// replayCommand is the command line that runs sc's run with seed again,
// alone, as a POSIX shell reads it.
func replayCommand(sc *Scenario, opt TestOptions, seed uint64) string {
	args := []string{"sockstar", "test", "--sim", "--seed", strconv.FormatUint(seed, 10)}
	if opt.CheckDeterminism {
		args = append(args, "--check-determinism")
	}
	// The roles supplied on the command line are part of what ran.
	var roles []string
	for _, r := range sc.Roles {
		if file, ok := opt.Files[r.Name]; ok {
			roles = append(roles, r.Name+"="+file)
		}
	}
	sort.Strings(roles)
	for _, r := range roles {
		args = append(args, "--role", shellQuote(r))
	}
	args = append(args, "-run", shellQuote("^"+regexp.QuoteMeta(sc.Name)+"$"), shellQuote(sc.Dir))
	return strings.Join(args, " ")
}

// shellSafe reports whether a POSIX shell reads s as itself, unquoted: one
// or more of A-Z a-z 0-9 _@%+=:,./- (a loop, not a regexp compiled at every
// start of sockstar).
func shellSafe(s string) bool {
	for _, c := range []byte(s) {
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("_@%+=:,./-", c) >= 0
		if !ok {
			return false
		}
	}
	return s != ""
}

// shellQuote is s as one word of a POSIX shell command line.
func shellQuote(s string) string {
	if shellSafe(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// nondeterminism compares two runs of one scenario with one seed: "" when
// they recorded the same events and their roles printed the same, else
// where they first differ.
func nondeterminism(seed uint64, a, b *Result) string {
	if d := diffEvents(a.Events, b.Events); d != "" {
		return fmt.Sprintf("not deterministic: seed %d, %s", seed, d)
	}
	for i, ra := range a.Roles {
		if i >= len(b.Roles) {
			break
		}
		rb := b.Roles[i]
		for _, out := range []struct{ name, a, b string }{{"stdout", ra.Stdout, rb.Stdout}, {"stderr", ra.Stderr, rb.Stderr}} {
			if out.a != out.b {
				la, lb := firstDifferentLine(out.a, out.b)
				return fmt.Sprintf("not deterministic: seed %d, %s's %s differs:\nrun 1: %q\nrun 2: %q", seed, ra.Role.Name, out.name, la, lb)
			}
		}
	}
	return ""
}

// DiffEvents says which event two recordings first differ at, and both
// versions of it (the first recording's first); "" when they are equal.
func DiffEvents(a, b []trace.Event) string { return diffEvents(a, b) }

// diffEvents says which event two recordings first differ at, and both
// versions of it as JSON lines (run 1's first); "" when they are equal.
func diffEvents(a, b []trace.Event) string {
	for i := 0; i < max(len(a), len(b)); i++ {
		var la, lb string
		if i < len(a) {
			la = eventJSON(a[i])
		} else {
			la = fmt.Sprintf("(none: run 1 recorded %d events)", len(a))
		}
		if i < len(b) {
			lb = eventJSON(b[i])
		} else {
			lb = fmt.Sprintf("(none: run 2 recorded %d events)", len(b))
		}
		if la != lb {
			return fmt.Sprintf("event #%d differs:\n%s\n%s", i+1, la, lb)
		}
	}
	return ""
}

// eventJSON is e as its line of a .jsonl trace, without the line end.
func eventJSON(e trace.Event) string {
	var b bytes.Buffer
	if err := trace.JSONLines(&b, []trace.Event{e}); err != nil {
		return fmt.Sprintf("(%v)", err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// firstDifferentLine is the first line where a and b differ, from each.
func firstDifferentLine(a, b string) (string, string) {
	la, lb := strings.SplitAfter(a, "\n"), strings.SplitAfter(b, "\n")
	for i := range max(len(la), len(lb)) {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return x, y
		}
	}
	return "", ""
}
