package playground

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"sockstar/runtime/trace"
	"sockstar/runtime/trace/pcapng"
	"sockstar/scenario"
	"sockstar/stdlib"
)

// Request is one run the page asks for.
type Request struct {
	// Files are the workspace: scenario.star and the role files, by name;
	// "../DIR/NAME" is a file of a scenario beside it (s4-lan runs s4-tcp's
	// programs).
	Files map[string]string `json:"files"`
	// Name is the workspace's directory name, which the scenario is named
	// after ("" is "playground").
	Name string `json:"name,omitempty"`
	// Scenario names the scenario to run when scenario.star declares
	// several ("dir/name"'s name); "" runs the first.
	Scenario string `json:"scenario,omitempty"`
	Seed     uint64 `json:"seed"`
	// Links and Faults are --link and --fault specs, added to the file's.
	Links  []string `json:"links,omitempty"`
	Faults []string `json:"faults,omitempty"`
	// Roles replaces role files, as --role NAME=FILE does: role -> name of
	// one of Files (an exercise's student slot).
	Roles map[string]string `json:"roles,omitempty"`
}

// Response is what the run did, as the page shows it.
type Response struct {
	Name      string     `json:"name"`
	Seed      uint64     `json:"seed"`
	Failed    bool       `json:"failed"`
	Err       string     `json:"error,omitempty"`
	Skipped   string     `json:"skipped,omitempty"`
	TimedOut  bool       `json:"timedOut,omitempty"`
	Report    string     `json:"report,omitempty"`
	VirtualUS int64      `json:"virtualUs"`
	Roles     []RoleOut  `json:"roles"`
	Trace     *TraceOuts `json:"trace,omitempty"`
	// RunMs and RenderMs are the wall time the run and the rendering of its
	// trace took.
	RunMs    int64 `json:"runMs"`
	RenderMs int64 `json:"renderMs"`
	// Names lists the scenarios scenario.star declares.
	Names []string `json:"names,omitempty"`
}

// RoleOut is one role's part of a run.
type RoleOut struct {
	Name     string   `json:"name"`
	File     string   `json:"file"`
	Started  bool     `json:"started"`
	Exit     int      `json:"exit"`
	Stopped  string   `json:"stopped,omitempty"`
	Idle     bool     `json:"idle,omitempty"`
	Stdout   string   `json:"stdout"`
	Stderr   string   `json:"stderr"`
	Failures []string `json:"failures,omitempty"`
	Hint     string   `json:"hint,omitempty"`
	Daemon   bool     `json:"daemon,omitempty"`
}

// TraceOuts is the run's trace in the CLI's formats.
type TraceOuts struct {
	Text    string `json:"txt"`
	JSONL   string `json:"jsonl"`
	Mermaid string `json:"mmd"`
	HTML    string `json:"html"`
	// Pcapng is the capture, base64.
	Pcapng string `json:"pcapng"`
}

// Event is what the page is told while the run goes on: what a role
// wrote ("out"), or that the run waits for a line typed to Roles
// ("waiting").
type Event struct {
	Kind   string   `json:"kind"`
	Role   string   `json:"role,omitempty"`
	Stream string   `json:"stream,omitempty"` // "stdout", "stderr"
	Text   string   `json:"text,omitempty"`
	Roles  []string `json:"roles,omitempty"`
}

// Play runs req in a directory of its own under root and reports what
// the roles write, as they write it, to emit (nil: nothing); the roles
// given no input in scenario.star read what is typed to typing (nil: end
// of input). It is the run `sockstar test --sim --seed N` makes of
// the same files. The page's module (cmd/sockstar-wasm) runs it in a Web
// Worker; it builds on every platform so that its tests run natively.
func Play(ctx context.Context, root string, req Request, emit func(Event), typing *scenario.Typing) *Response {
	resp := &Response{Seed: req.Seed, Roles: []RoleOut{}}
	top, err := os.MkdirTemp(root, "play-")
	if err != nil {
		resp.Err = err.Error()
		resp.Failed = true
		return resp
	}
	defer os.RemoveAll(top)
	if req.Name == "" {
		req.Name = "playground"
	}
	if !validName(req.Name) {
		resp.Err, resp.Failed = fmt.Sprintf("%q is not a workspace name", req.Name), true
		return resp
	}
	dir := filepath.Join(top, req.Name)
	names := make([]string, 0, len(req.Files))
	for name := range req.Files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !validPath(name) {
			resp.Err = fmt.Sprintf("%q: a file's name is one name (letters, digits, '.', '-', '_'), or ../DIR/NAME", name)
			resp.Failed = true
			return resp
		}
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			resp.Err, resp.Failed = err.Error(), true
			return resp
		}
		if err := os.WriteFile(path, []byte(req.Files[name]), 0o644); err != nil {
			resp.Err = err.Error()
			resp.Failed = true
			return resp
		}
	}
	scs, err := scenario.Load(dir)
	if err != nil {
		resp.Err = localPaths(err.Error(), dir)
		resp.Failed = true
		return resp
	}
	sc := scs[0]
	for _, s := range scs {
		resp.Names = append(resp.Names, scenarioName(s.Name))
		if req.Scenario != "" && scenarioName(s.Name) == req.Scenario {
			sc = s
		}
	}
	resp.Name = scenarioName(sc.Name)
	opt := scenario.Options{
		Modules: stdlib.Modules(),
		Doc:     stdlib.Doc,
		Record:  true,
		DataCap: 1 << 20,
		Sim:     true,
		Seed:    req.Seed,
	}
	for _, spec := range req.Links {
		l, err := scenario.ParseLink(spec)
		if err != nil {
			resp.Err, resp.Failed = fmt.Sprintf("link %q: %v", spec, err), true
			return resp
		}
		opt.Links = append(opt.Links, l)
	}
	for _, spec := range req.Faults {
		f, err := scenario.ParseFault(spec)
		if err != nil {
			resp.Err, resp.Failed = fmt.Sprintf("fault %q: %v", spec, err), true
			return resp
		}
		opt.Faults = append(opt.Faults, f)
	}
	if len(req.Roles) > 0 {
		opt.Files = map[string]string{}
		for role, name := range req.Roles {
			if !validPath(name) {
				resp.Err, resp.Failed = fmt.Sprintf("role %s: %q is not a file of the workspace", role, name), true
				return resp
			}
			opt.Files[role] = filepath.Join(dir, filepath.FromSlash(name))
		}
	}
	if emit != nil {
		opt.Watch = func(role, stream string, text []byte) {
			emit(Event{Kind: "out", Role: role, Stream: stream, Text: string(text)})
		}
	}
	if typing != nil {
		typing.Waiting = func(roles []string) {
			if emit != nil {
				emit(Event{Kind: "waiting", Roles: roles})
			}
		}
		opt.Typing = typing
	}
	t0 := time.Now()
	res := scenario.Run(ctx, sc, opt)
	scenario.Check(res, false)
	t1 := time.Now()
	fill(resp, res, dir)
	resp.RunMs, resp.RenderMs = t1.Sub(t0).Milliseconds(), time.Since(t1).Milliseconds()
	return resp
}

// fill copies what the run did into resp, file names relative to the
// workspace.
func fill(resp *Response, res *scenario.Result, dir string) {
	local := func(s string) string { return localPaths(s, dir) }
	resp.Failed = res.Failed()
	resp.TimedOut = res.TimedOut
	resp.Skipped = local(res.Skipped)
	if res.Err != nil {
		resp.Err = local(res.Err.Error())
	}
	resp.VirtualUS = res.Duration.Microseconds()
	if resp.Failed {
		resp.Report = local(scenario.Report(res))
	}
	for _, rr := range res.Roles {
		resp.Roles = append(resp.Roles, RoleOut{
			Name: rr.Role.Name, File: filepath.Base(rr.File), Started: rr.Started, Exit: rr.Exit,
			Stopped: rr.Stopped, Idle: rr.Idle, Stdout: rr.Stdout, Stderr: local(rr.Stderr),
			Failures: rr.Failures, Hint: rr.Role.Hint, Daemon: rr.Role.Daemon,
		})
	}
	if res.Err != nil || res.Skipped != "" {
		return
	}
	var t TraceOuts
	var b bytes.Buffer
	trace.Text(&b, res.Events)
	t.Text = b.String()
	b.Reset()
	trace.JSONLines(&b, res.Events)
	t.JSONL = b.String()
	b.Reset()
	trace.Mermaid(&b, res.Events)
	t.Mermaid = b.String()
	b.Reset()
	trace.HTML(&b, res.Scenario.Name, res.Events)
	t.HTML = b.String()
	b.Reset()
	pcapng.Write(&b, res.Scenario.Name, res.Events)
	t.Pcapng = base64.StdEncoding.EncodeToString(b.Bytes())
	resp.Trace = &t
}

// localPaths writes the workspace's paths in s as the page names them.
func localPaths(s, dir string) string {
	s = strings.ReplaceAll(s, dir+string(filepath.Separator), "")
	return strings.ReplaceAll(s, filepath.Dir(dir)+string(filepath.Separator), "../")
}

// scenarioName is a scenario's name in the workspace: the part after the
// directory ("" for the file's only scenario).
func scenarioName(full string) string {
	if i := strings.IndexByte(full, '/'); i >= 0 {
		return full[i+1:]
	}
	return ""
}

// validPath is a workspace file's name: NAME or ../DIR/NAME.
func validPath(name string) bool {
	if rest, ok := strings.CutPrefix(name, "../"); ok {
		d, f, ok := strings.Cut(rest, "/")
		return ok && validName(d) && validName(f)
	}
	return validName(name)
}

func validName(name string) bool {
	if name == "" || name == "." || name == ".." || len(name) > 128 {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
