package scenario

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sockstar/runtime/trace"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"sockstar/runtime"
	"sockstar/runtime/minijson"
)

// Exit statuses of a test run, so CI can tell a failed check from a broken setup.
const (
	ExitPass   = 0
	ExitFail   = 1 // a scenario missed an expectation
	ExitNotRun = 2 // a scenario could not run: bad scenario file, missing role file, bad flag
	// ExitDeadline is a scenario stopped at its deadline (124, as timeout(1)).
	ExitDeadline = runtime.ExitDeadline
)

// WorseStatus is the exit status of two scenarios' outcomes together, for
// sockstar run and test alike: one that could not run (2: the input needs
// fixing first) outranks a deadline (124), which outranks a failure (1),
// whatever their numbers.
func WorseStatus(a, b int) int {
	rank := func(s int) int {
		switch s {
		case ExitNotRun:
			return 3
		case ExitDeadline:
			return 2
		case ExitFail:
			return 1
		}
		return 0
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}

// TestOptions configure Test.
type TestOptions struct {
	Options
	Parallel int            // scenarios at once; 0 means 1
	Run      *regexp.Regexp // only scenarios whose name matches
	Update   bool           // rewrite golden files
	Verbose  bool           // show every role's output as it comes
	JUnit    string         // write JUnit XML here
	Out      io.Writer      // the report
	// Traces, if set, is where every scenario's trace goes: a directory
	// (NAME.html in it) or a pattern whose * is the scenario's name and whose
	// extension is the format ("traces/*.txt").
	Traces string
	// Failures is where a failed scenario's diagram goes (NAME.html), so
	// that the report can point at a picture of it; "" is a directory under
	// the system's temporary one.
	Failures string
	// Count runs each scenario that many times (0: once); one that fails in
	// some runs only is reported FLAKY, with its first failing run.
	Count int
	// Shard, Shards run only the Shard-th (1-based) of Shards slices of the
	// scenarios, cut by a hash of their names, so that N machines each run
	// one and together run every scenario once.
	Shard, Shards int
	// JSON writes the report as go test -json's events, one a line.
	JSON bool
	// Seeds, if set, runs each scenario simulated under each of these
	// seeds in turn, up to its first failing one unless KeepGoing.
	Seeds     *SeedRange
	KeepGoing bool
	// CheckDeterminism runs each run twice with its seed and fails it
	// when the two recordings or outputs differ.
	CheckDeterminism bool
}

// inShard reports whether a scenario is in the Shard-th of Shards slices.
func inShard(name string, shard, shards int) bool {
	if shards <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32()%uint32(shards)) == shard-1
}

// tracePath is where a scenario's trace goes, given a directory or a pattern.
func tracePath(spec, name string) string {
	file := strings.ReplaceAll(name, "/", "-")
	if strings.Contains(spec, "*") {
		return strings.ReplaceAll(spec, "*", file)
	}
	return filepath.Join(spec, file+".html")
}

// writeTrace renders a run's events into path, making its directory.
func writeTrace(path, title string, events []trace.Event) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = trace.Render(f, filepath.Ext(path), title, events)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Find returns the directories holding a scenario.star under paths, in order.
func Find(paths []string) ([]string, error) {
	var dirs []string
	seen := map[string]bool{}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%s: no such file or directory", p)
		}
		if !fi.IsDir() {
			if filepath.Base(p) != FileName {
				return nil, fmt.Errorf("%s: not a scenario directory or %s", p, FileName)
			}
			p = filepath.Dir(p)
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && d.Name() == FileName {
				found = append(found, filepath.Dir(path))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: no %s found", p, FileName)
		}
		sort.Strings(found)
		for _, d := range found {
			if !seen[d] {
				seen[d] = true
				dirs = append(dirs, d)
			}
		}
	}
	return dirs, nil
}

// outcome is one line of the report.
type outcome struct {
	name     string
	res      *Result // nil when the scenario file could not be loaded
	err      error
	status   string // "ok", "FAIL", "skip"
	diagram  string // the failed run's diagram, once written
	traceErr string // why its trace could not be written
	// runs and failedRuns count the runs of -count N.
	runs, failedRuns int
	elapsed          time.Duration // of every run
	failing          bool          // res failed its checks or nondet is set
	nondet           string        // how res and its second run differed
	// seedsRun and seedsFailed count the seeds run; failedSeeds are the
	// first failing ones.
	seedsRun, seedsFailed int
	failedSeeds           []uint64
	seedReport            string // which seeds failed, and the command that replays one
}

// Test finds, runs and checks the scenarios under paths, writes the report
// to opt.Out and returns the exit status of `sockstar test`.
func Test(ctx context.Context, paths []string, opt TestOptions) int {
	out := opt.Out
	if out == nil {
		out = io.Discard
	}
	dirs, err := Find(paths)
	if err != nil {
		fmt.Fprintf(out, "sockstar: error: %v\n", err)
		return ExitNotRun
	}
	var outcomes []*outcome
	var runs []*Scenario
	var runOutcomes []*outcome
	for _, d := range dirs {
		scs, err := Load(d)
		if err != nil {
			name := filepath.Base(d)
			if abs, e := filepath.Abs(d); e == nil {
				name = filepath.Base(abs)
			}
			outcomes = append(outcomes, &outcome{name: name, err: err, status: "FAIL"})
			continue
		}
		for _, sc := range scs {
			if opt.Run != nil && !opt.Run.MatchString(sc.Name) {
				continue
			}
			if !inShard(sc.Name, opt.Shard, opt.Shards) {
				continue
			}
			o := &outcome{name: sc.Name}
			outcomes = append(outcomes, o)
			runs = append(runs, sc)
			runOutcomes = append(runOutcomes, o)
		}
	}
	if err := checkRoleFiles(opt.Files, runs); err != nil {
		fmt.Fprintf(out, "sockstar: error: %v\n", err)
		return ExitNotRun
	}
	if opt.Verbose {
		opt.Live = &lockedWriter{w: out}
		opt.LiveScenario = true
	}
	par := max(opt.Parallel, 1)
	sem := make(chan struct{}, par)
	var wg sync.WaitGroup
	for i, sc := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			o := runOutcomes[i]
			res := runSeeds(ctx, sc, opt, o)
			o.res = res
			if opt.Traces != "" && res.Err == nil {
				if err := writeTrace(tracePath(opt.Traces, sc.Name), sc.Name, res.Events); err != nil {
					o.traceErr = err.Error()
				}
			}
			if res.Failed() && res.Err == nil && len(res.Events) > 0 {
				dir := opt.Failures
				if dir == "" {
					dir = filepath.Join(os.TempDir(), "sockstar-failures")
				}
				path := tracePath(dir, sc.Name)
				if err := writeTrace(path, sc.Name, res.Events); err == nil {
					o.diagram = path
				}
			}
			switch {
			case res.Skipped != "":
				o.status = "skip"
			case o.failing && o.failedRuns < o.runs && opt.Seeds == nil:
				o.status = "FLAKY"
			case o.failing:
				o.status = "FAIL"
			default:
				o.status = "ok"
			}
		}()
	}
	wg.Wait()

	width := 0
	for _, o := range outcomes {
		width = max(width, len(o.name))
	}
	// The report as text, or as go test -json's events (written by jsonReport).
	text := out
	if opt.JSON {
		text = io.Discard
	}
	passed, failed, skipped, notRun, deadline := 0, 0, 0, false, false
	for _, o := range outcomes {
		secs := o.elapsed.Seconds()
		var block strings.Builder
		status := o.status
		if status == "FLAKY" {
			status = fmt.Sprintf("FLAKY %d/%d failed", o.failedRuns, o.runs)
		}
		seeds := ""
		if opt.Seeds != nil && o.status == "ok" {
			seeds = fmt.Sprintf(" (seeds %s)", opt.Seeds)
		}
		fmt.Fprintf(&block, "%-4s %-*s  %.2fs%s\n", status, width, o.name, secs, seeds)
		if o.traceErr != "" {
			fmt.Fprintf(&block, "    trace: %s\n", o.traceErr)
		}
		switch o.status {
		case "ok":
			passed++
		case "skip":
			skipped++
			fmt.Fprintf(&block, "    %s\n", o.res.Skipped)
		default:
			failed++
			if o.err != nil || o.res.Err != nil {
				notRun = true
			}
			if o.res != nil && o.res.TimedOut {
				deadline = true
			}
			block.WriteString(details(o))
		}
		io.WriteString(text, block.String())
		if opt.JSON {
			jsonEvents(out, o, block.String(), secs)
		}
	}
	summary := fmt.Sprintf("%d passed, %d failed", passed, failed)
	if skipped > 0 {
		summary += fmt.Sprintf(", %d skipped", skipped)
	}
	fmt.Fprintln(text, summary)
	if opt.JUnit != "" {
		if err := writeJUnit(opt.JUnit, outcomes); err != nil {
			fmt.Fprintf(out, "sockstar: error: %v\n", err)
			return ExitNotRun
		}
	}
	status := ExitPass
	if failed > 0 {
		status = ExitFail
	}
	if deadline {
		status = WorseStatus(status, ExitDeadline)
	}
	if notRun {
		status = WorseStatus(status, ExitNotRun)
	}
	return status
}

// Report is what went wrong in a checked run, one indented line (or block) per problem.
func Report(res *Result) string { return details(&outcome{name: res.Scenario.Name, res: res}) }

// details is the report of a failed scenario: what could not run, or per
// role what it missed, indented under the FAIL line.
func details(o *outcome) string {
	var b strings.Builder
	if o.err != nil {
		fmt.Fprintf(&b, "    %v\n", o.err)
		return b.String()
	}
	res := o.res
	if res.Err != nil {
		fmt.Fprintf(&b, "    could not run: %v\n", res.Err)
		return b.String()
	}
	if res.TimedOut {
		fmt.Fprintf(&b, "    timeout: the scenario did not end within %s\n", res.Scenario.Timeout)
	}
	for _, rr := range res.Roles {
		for _, f := range rr.Failures {
			fmt.Fprintf(&b, "    %s: %s\n", rr.Role.Name, strings.ReplaceAll(strings.TrimRight(f, "\n"), "\n", "\n    "))
		}
	}
	for _, f := range []string{res.TraceFailure, o.nondet} {
		if f != "" {
			fmt.Fprintf(&b, "    %s\n", strings.ReplaceAll(strings.TrimRight(f, "\n"), "\n", "\n    "))
		}
	}
	if o.diagram != "" {
		fmt.Fprintf(&b, "    diagram of the run: %s\n", o.diagram)
	}
	b.WriteString(o.seedReport)
	return b.String()
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// JUnit XML, as CI systems read it. The tags say how each field is written;
// encodeJUnit writes them by hand, as encoding/xml's MarshalIndent would:
// that package's init costs every start of sockstar, most of which never
// write XML.
type junitSuites struct {
	Suites []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func writeJUnit(path string, outcomes []*outcome) error {
	suite := junitSuite{Name: "sockstar"}
	total := 0.0
	for _, o := range outcomes {
		c := junitCase{Name: o.name, Classname: "sockstar.scenario"}
		secs := 0.0
		if o.res != nil {
			secs = o.res.Duration.Seconds()
			var sb strings.Builder
			for _, rr := range o.res.Roles {
				if rr.Stdout != "" || rr.Stderr != "" {
					fmt.Fprintf(&sb, "[%s] stdout:\n%s[%s] stderr:\n%s", rr.Role.Name, rr.Stdout, rr.Role.Name, rr.Stderr)
				}
			}
			c.SystemOut = sb.String()
		}
		total += secs
		c.Time = fmt.Sprintf("%.3f", secs)
		suite.Tests++
		switch {
		case o.status == "skip":
			suite.Skipped++
			c.Skipped = &junitMessage{Message: o.res.Skipped}
		case o.err != nil || (o.res != nil && o.res.Err != nil):
			suite.Errors++
			c.Error = &junitMessage{Message: "could not run", Text: details(o)}
		case o.status == "FAIL":
			suite.Failures++
			c.Failure = &junitMessage{Message: "expectations not met", Text: details(o)}
		}
		suite.Cases = append(suite.Cases, c)
	}
	suite.Time = fmt.Sprintf("%.3f", total)
	return os.WriteFile(path, encodeJUnit(junitSuites{Suites: []junitSuite{suite}}), 0o644)
}

// encodeJUnit is the XML document of suites, with its header.
func encodeJUnit(suites junitSuites) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<testsuites>")
	for _, s := range suites.Suites {
		fmt.Fprintf(&b, "\n  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%s\">",
			xmlEscape(s.Name), s.Tests, s.Failures, s.Errors, s.Skipped, xmlEscape(s.Time))
		for _, c := range s.Cases {
			fmt.Fprintf(&b, "\n    <testcase name=\"%s\" classname=\"%s\" time=\"%s\">",
				xmlEscape(c.Name), xmlEscape(c.Classname), xmlEscape(c.Time))
			children := false
			for _, m := range []struct {
				tag string
				msg *junitMessage
			}{{"failure", c.Failure}, {"error", c.Error}, {"skipped", c.Skipped}} {
				if m.msg != nil {
					fmt.Fprintf(&b, "\n      <%s message=\"%s\">%s</%s>", m.tag, xmlEscape(m.msg.Message), xmlEscape(m.msg.Text), m.tag)
					children = true
				}
			}
			if c.SystemOut != "" {
				fmt.Fprintf(&b, "\n      <system-out>%s</system-out>", xmlEscape(c.SystemOut))
				children = true
			}
			if children {
				b.WriteString("\n    ")
			}
			b.WriteString("</testcase>")
		}
		if len(s.Cases) > 0 {
			b.WriteString("\n  ")
		}
		b.WriteString("</testsuite>")
	}
	if len(suites.Suites) > 0 {
		b.WriteString("\n")
	}
	b.WriteString("</testsuites>\n")
	return []byte(b.String())
}

// xmlEscape makes text safe in XML content and attribute values; like
// encoding/xml, it writes line ends and tabs as references, so attribute
// values keep them, and a character XML cannot hold as U+FFFD.
func xmlEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		i += width
		switch {
		case r == '"':
			b.WriteString("&#34;")
		case r == '\'':
			b.WriteString("&#39;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '\t':
			b.WriteString("&#x9;")
		case r == '\n':
			b.WriteString("&#xA;")
		case r == '\r':
			b.WriteString("&#xD;")
		case r == utf8.RuneError && width == 1, !xmlChar(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	return r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// checkRoleFiles reports a --role NAME=FILE whose NAME no scenario to run
// has, listing the roles they have.
func checkRoleFiles(files map[string]string, runs []*Scenario) error {
	var names []string
	have := map[string]bool{}
	for _, sc := range runs {
		for _, r := range sc.Roles {
			if !have[r.Name] {
				have[r.Name] = true
				names = append(names, r.Name)
			}
		}
	}
	var unknown []string
	for name := range files {
		if !have[name] {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return fmt.Errorf("--role %s: no scenario here has a role of that name (its roles: %s)", strings.Join(unknown, ", "), strings.Join(names, ", "))
}

// testEvent is one line of go test -json (cmd/test2json's fields).
type testEvent struct {
	Time    time.Time
	Action  string
	Package string
	Test    string  `json:",omitempty"`
	Output  string  `json:",omitempty"`
	Elapsed float64 `json:",omitempty"`
}

// appendJSON appends e as json.Encoder writes it (encoding/json would
// weigh on the browser's module, which has this package).
func (e *testEvent) appendJSON(b []byte) []byte {
	o := minijson.Object{B: b, HTML: true}
	o.Open()
	o.Key("Time")
	o.B = append(o.B, '"')
	o.B = e.Time.AppendFormat(o.B, time.RFC3339Nano)
	o.B = append(o.B, '"')
	o.String("Action", e.Action, false)
	o.String("Package", e.Package, false)
	o.String("Test", e.Test, true)
	o.String("Output", e.Output, true)
	o.Float("Elapsed", e.Elapsed, true)
	o.Close()
	return append(o.B, '\n')
}

// jsonEvents writes a scenario's run, report lines and result as go test
// -json does: the package is the scenario's directory, the test its name.
func jsonEvents(w io.Writer, o *outcome, report string, secs float64) {
	pkg, test := o.name, o.name
	if i := strings.IndexByte(o.name, '/'); i >= 0 {
		pkg = o.name[:i]
	}
	if o.res != nil {
		pkg = o.res.Scenario.Dir
	}
	var b []byte
	now := time.Now()
	b = (&testEvent{Time: now, Action: "run", Package: pkg, Test: test}).appendJSON(b)
	for _, line := range strings.SplitAfter(report, "\n") {
		if line != "" {
			b = (&testEvent{Time: now, Action: "output", Package: pkg, Test: test, Output: line}).appendJSON(b)
		}
	}
	action := map[string]string{"ok": "pass", "skip": "skip"}[o.status]
	if action == "" {
		action = "fail"
	}
	b = (&testEvent{Time: now, Action: action, Package: pkg, Test: test, Elapsed: secs}).appendJSON(b)
	w.Write(b)
}
