//go:build !js && !wasip1

package playground

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// The page, checked in headless Chromium: each test opens the built
// playground (dist/, from build.mjs) served by `sockstar playground`.

// chromiumPath is the browser the tests drive, "" when there is none.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-headless-shell", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// needDist skips (fails under CI, where .ci/run builds it) without a build.
func needDist(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("dist")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(dir, "sockstar.wasm")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the playground is not built (CI builds it first): %s", BuildCommand)
		}
		t.Skipf("the playground is not built: %s", BuildCommand)
	}
	return dir
}

// serve starts `sockstar playground -dir dist` and returns its address.
func serve(t *testing.T, dist string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "sockstar")
	build := exec.Command("go", "build", "-o", bin, "../sockstar")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	cmd := exec.Command(bin, "playground", "-dir", dist, "-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "sockstar playground: ")
	require.True(t, ok, "first line: %q", line)
	return url
}

// browser starts headless Chromium for one test.
func browser(t *testing.T) context.Context {
	t.Helper()
	bin := chromiumPath()
	if bin == "" {
		t.Skip("chromium is not installed (Debian: apt-get install chromium)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelCtx := chromedp.NewContext(ctx)
	t.Cleanup(cancelCtx)
	require.NoError(t, chromedp.Do(ctx))
	return ctx
}

// eval evaluates expr (which may return a promise) in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	require.NoError(t, err, "evaluating %s", expr)
	return v
}

// waitFor polls cond (a JS expression) in the page until it is true.
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	ok := eval[bool](t, ctx, `new Promise((resolve) => {
		const t0 = performance.now();
		const poll = () => {
			let v = false;
			try { v = !!(`+cond+`); } catch (e) {}
			if (v) resolve(true); else if (performance.now() - t0 > 60000) resolve(false); else setTimeout(poll, 10);
		};
		poll();
	})`)
	require.True(t, ok, "waited 60 s for %s", cond)
}

func open(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url)))
	waitFor(t, ctx, `document.body.dataset.ready === "1" || !document.getElementById("error").hidden`)
	require.Equal(t, "", eval[string](t, ctx, `document.getElementById("error").textContent`))
}

// pageResult is what the page shows of a run.
type pageResult struct {
	Roles []struct {
		Name   string `json:"name"`
		Exit   int    `json:"exit"`
		Stdout string `json:"stdout"`
		Stderr string `json:"stderr"`
	} `json:"roles"`
	Text   string            `json:"txt"`
	Err    string            `json:"error"`
	Panes  map[string]string `json:"panes"`
	Failed bool              `json:"failed"`
}

const readResult = `(() => {
	const r = window.sockstarPage.last;
	const panes = {};
	for (const el of document.querySelectorAll("#roles [data-role]")) {
		let out = "", err = "";
		for (const n of el.querySelector("pre.out").childNodes) {
			if (n.nodeType === 3) out += n.textContent;
			else if (n.classList.contains("err")) err += n.textContent;
		}
		panes[el.dataset.role] = out + "\n--stderr--\n" + err;
	}
	return JSON.stringify({ roles: r.roles, txt: r.trace ? r.trace.txt : "", panes, failed: r.failed, error: r.error || "" });
})()`

// TestPageRunsEveryScenarioAsNative opens each bundled scenario with
// ?scenario=NAME&run=1 and compares what the page shows with the same
// run made natively (Play, the run `sockstar test --sim --seed 1` makes).
func TestPageRunsEveryScenarioAsNative(t *testing.T) {
	dist := needDist(t)
	url := serve(t, dist)
	ctx := browser(t)
	var bundled []struct {
		Name  string            `json:"name"`
		Files map[string]string `json:"files"`
	}
	data, err := os.ReadFile(filepath.Join(dist, "scenarios.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &bundled))
	require.GreaterOrEqual(t, len(bundled), 20)
	for _, sc := range bundled {
		t.Run(sc.Name, func(t *testing.T) {
			open(t, ctx, url+"?scenario="+sc.Name+"&seed=3&run=1")
			waitFor(t, ctx, `document.body.dataset.done`)
			var got pageResult
			require.NoError(t, json.Unmarshal([]byte(eval[string](t, ctx, readResult)), &got))
			require.Empty(t, got.Err)
			want := Play(context.Background(), t.TempDir(), Request{Files: sc.Files, Seed: 3, Name: sc.Name}, nil, nil)
			require.Empty(t, want.Err)
			require.Equal(t, want.Failed, got.Failed, "failed")
			require.Equal(t, len(want.Roles), len(got.Roles))
			for i, r := range want.Roles {
				g := got.Roles[i]
				require.Equal(t, r.Name, g.Name)
				require.Equal(t, r.Stdout, g.Stdout, "%s's stdout", r.Name)
				require.Equal(t, r.Stderr, g.Stderr, "%s's stderr", r.Name)
				require.Equal(t, r.Exit, g.Exit, "%s's exit status", r.Name)
				require.Equal(t, r.Stdout+"\n--stderr--\n"+r.Stderr, got.Panes[r.Name], "%s's pane", r.Name)
			}
			require.Equal(t, want.Trace.Text, got.Text, "the .txt trace")
		})
	}
}

// TestPageShareStopExercisePhone: a share link round-trips and a damaged
// one shows its error; Stop ends a busy loop; an exercise's wrong answer
// fails and shows its first hint; the diagram selects a script line; a
// phone-sized viewport needs no sideways scrolling.
func TestPageShareStopExercisePhone(t *testing.T) {
	dist := needDist(t)
	url := serve(t, dist)
	ctx := browser(t)

	t.Run("share", func(t *testing.T) {
		open(t, ctx, url+"?scenario=s3-test-hello")
		eval[bool](t, ctx, `(() => { document.getElementById("seed").value = "7"; return true; })()`)
		link := eval[string](t, ctx, `document.getElementById("share").onclick()`)
		require.Contains(t, link, "#v1:")
		require.Less(t, len(link), 4000)
		files := eval[string](t, ctx, `JSON.stringify(window.sockstarPage.files)`)
		open(t, ctx, url+"?x=1")
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(link)))
		waitFor(t, ctx, `document.body.dataset.ready === "1"`)
		require.Equal(t, files, eval[string](t, ctx, `JSON.stringify(window.sockstarPage.files)`))
		require.Equal(t, "7", eval[string](t, ctx, `document.getElementById("seed").value`))
		// A damaged link: an error, and the page still runs.
		cut := link[:len(link)-40] + "%%%"
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url+"?y=1")))
		require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(cut)))
		waitFor(t, ctx, `document.body.dataset.ready === "1" && !document.getElementById("error").hidden`)
		require.Contains(t, eval[string](t, ctx, `document.getElementById("error").textContent`), "damaged")
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("run"))))
		waitFor(t, ctx, `document.body.dataset.done === "passed"`)
	})

	t.Run("stop", func(t *testing.T) {
		open(t, ctx, url+"?scenario=s3-test-hello")
		orig := eval[string](t, ctx, `window.sockstarPage.files["client.star"]`)
		// A client that never ends: the run goes on until Stop.
		setFile(t, ctx, "client.star", "while True:\n    pass\n")
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("run"))))
		waitFor(t, ctx, `document.body.dataset.running === "1"`)
		ms := eval[float64](t, ctx, `new Promise((resolve) => setTimeout(() => {
			const t0 = performance.now();
			document.getElementById("stop").click();
			const poll = () => document.body.dataset.done === "stopped" ? resolve(performance.now() - t0) : setTimeout(poll, 1);
			poll();
		}, 300))`)
		require.Less(t, ms, 200.0, "Stop took %.0f ms", ms)
		// The page runs again after a Stop.
		setFile(t, ctx, "client.star", orig)
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("run"))))
		waitFor(t, ctx, `document.body.dataset.done === "passed"`)
	})

	t.Run("exercise", func(t *testing.T) {
		open(t, ctx, url+"?exercise=fault-short-reads")
		require.False(t, eval[bool](t, ctx, `document.getElementById("check").hidden`))
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("check"))))
		waitFor(t, ctx, `document.getElementById("verdict").className === "fail"`)
		hint := eval[string](t, ctx, `document.getElementById("hints").textContent`)
		require.Contains(t, hint, "recv() returns what has arrived")
		answer, err := os.ReadFile("../../scenarios/fault-short-reads/server.py")
		require.NoError(t, err)
		setFile(t, ctx, "server.py", string(answer))
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("check"))))
		waitFor(t, ctx, `document.getElementById("verdict").className === "pass"`)
		require.Contains(t, eval[string](t, ctx, `localStorage.getItem("sockstar.progress")`), "fault-short-reads")
	})

	t.Run("diagram", func(t *testing.T) {
		open(t, ctx, url+"?scenario=s3-test-hello&run=1")
		waitFor(t, ctx, `document.body.dataset.done === "passed"`)
		waitFor(t, ctx, `document.getElementById("svg").contentDocument.body.dataset.arrows`)
		arrows := eval[string](t, ctx, `document.getElementById("svg").contentDocument.body.dataset.arrows`)
		// Every send whose bytes a receive read is an arrow.
		data := eval[int](t, ctx, `window.sockstarPage.last.trace.jsonl.split("\n").filter(Boolean).map(JSON.parse)
			.filter((e) => e.kind === "call" && /^(send|sendall|sendto)$/.test(e.call) && e.bytes > 0).length`)
		require.Equal(t, fmt.Sprint(data), arrows)
		eval[bool](t, ctx, `(() => { document.getElementById("svg").contentDocument.querySelector("#v-full .msg.data").dispatchEvent(new MouseEvent("click", { bubbles: true })); return true; })()`)
		waitFor(t, ctx, `document.body.dataset.selected`)
		sel := eval[string](t, ctx, `document.body.dataset.selected`)
		require.Regexp(t, `^(server|client)\.star:\d+$`, sel)
		shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		require.NoError(t, err)
		path := filepath.Join(os.TempDir(), "sockstar-playground-desktop.png")
		require.NoError(t, os.WriteFile(path, shot, 0o644))
		t.Logf("screenshot: %s", path)
	})

	t.Run("input", func(t *testing.T) {
		open(t, ctx, url+"?scenario=s3-test-hello")
		files := map[string]string{}
		for _, name := range []string{"scenario.star", "server.py", "client.py"} {
			b, err := os.ReadFile("../../scenario/testdata/typing/" + name)
			require.NoError(t, err)
			files[name] = string(b)
		}
		ws, _ := json.Marshal(map[string]any{"files": files, "seed": 1})
		eval[bool](t, ctx, `window.sockstarPage.load(`+string(ws)+`)`)
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("run"))))
		field := chromedp.CSS(`[data-role="client"] input`)
		for _, line := range []string{"hello", "world"} {
			waitFor(t, ctx, `document.body.dataset.waiting === "client"`)
			require.NoError(t, chromedp.Do(ctx, chromedp.SendKeys(field, line+"\r")))
			waitFor(t, ctx, `document.querySelector('[data-role="client"] pre.out').textContent.includes(`+fmt.Sprintf("%q", strings.ToUpper(line))+`)`)
		}
		waitFor(t, ctx, `document.body.dataset.waiting === "client"`)
		eval[bool](t, ctx, `document.querySelector('[data-role="client"] input').dispatchEvent(new KeyboardEvent("keydown", { key: "d", ctrlKey: true, bubbles: true }))`)
		waitFor(t, ctx, `document.body.dataset.done`)
		require.Equal(t, "passed", eval[string](t, ctx, `document.body.dataset.done`))
		require.Equal(t, "> HELLO\n> WORLD\n> bye\n", eval[string](t, ctx, `window.sockstarPage.last.roles.find((r) => r.name === "client").stdout`))
		require.Equal(t, "> hello\nHELLO\n> world\nWORLD\n> ^D\nbye\n", eval[string](t, ctx, `document.querySelector('[data-role="client"] pre.out').textContent`))
	})

	t.Run("seeds, faults, downloads, cli", func(t *testing.T) {
		open(t, ctx, url+"?scenario=s3-test-hello")
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("seeds"))))
		waitFor(t, ctx, `document.getElementById("seedlist").textContent.includes("pass") || document.getElementById("seedlist").textContent.includes("fail")`)
		require.Equal(t, "all 50 seeds (1..50) pass", eval[string](t, ctx, `document.getElementById("seedlist").textContent`))
		// A partition from the start, written into scenario.star: the
		// client's connect then finds no server, and the run fails.
		eval[bool](t, ctx, `(() => {
			document.getElementById("fkind").value = "partition";
			document.getElementById("fa").value = "client";
			document.getElementById("fb").value = "server";
			document.getElementById("fadd").click();
			return true;
		})()`)
		spec := eval[string](t, ctx, `window.sockstarPage.files["scenario.star"]`)
		require.Contains(t, spec, `faults = [partition("client", "server")],`)
		require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("run"))))
		waitFor(t, ctx, `document.body.dataset.done && !document.body.dataset.running`)
		require.Equal(t, "failed", eval[string](t, ctx, `document.body.dataset.done`))
		for _, ext := range []string{"pcapng", "jsonl", "txt", "mmd"} {
			require.Contains(t, eval[string](t, ctx, `document.getElementById("dl-`+ext+`").href`), "blob:")
		}
		cli := eval[string](t, ctx, `document.getElementById("cli").onclick()`)
		require.Contains(t, cli, "cat > scenario.star <<'SOCKSTAR_EOF'\n")
		require.Contains(t, cli, `partition("client", "server")`)
		require.True(t, strings.HasSuffix(cli, "sockstar test --sim --seed 1 .\n"), "%s", cli)
	})

	t.Run("phone", func(t *testing.T) {
		require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)))
		open(t, ctx, url+"?scenario=s3-test-hello")
		require.LessOrEqual(t, eval[int](t, ctx, `document.documentElement.scrollWidth`), 390)
		visible := eval[bool](t, ctx, `(() => {
			const r = document.getElementById("run").getBoundingClientRect();
			const e = document.querySelector(".cm-editor").getBoundingClientRect();
			return r.bottom <= innerHeight && r.right <= innerWidth && e.top < innerHeight && e.width > 200;
		})()`)
		require.True(t, visible, "Run and the editor are on the first screen")
		shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		require.NoError(t, err)
		path := filepath.Join(os.TempDir(), "sockstar-playground-phone.png")
		require.NoError(t, os.WriteFile(path, shot, 0o644))
		t.Logf("screenshot: %s", path)
	})
}

// setFile replaces a workspace file's text in its editor.
func setFile(t *testing.T, ctx context.Context, name, text string) {
	t.Helper()
	q, _ := json.Marshal(name)
	v, _ := json.Marshal(text)
	eval[bool](t, ctx, fmt.Sprintf(`window.sockstarPage.setFile(%s, %s)`, q, v))
}

// TestPageLoadsWithinBudget: the page loads with no error, asks only its
// own origin for anything, is ready (its module compiled and started)
// within 1 s, and runs s0-welcome (8 s of sleeps) within 1 s; its first
// load, compressed, is within 2.5 MB. Times are the best of three.
func TestPageLoadsWithinBudget(t *testing.T) {
	dist := needDist(t)
	url := serve(t, dist)
	ctx := browser(t)
	var mu sync.Mutex
	var problems, requests []string
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, e.Request.URL)
		case *runtime.EventExceptionThrown:
			problems = append(problems, e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				problems = append(problems, fmt.Sprint("console.error ", e.Args))
			}
		}
	}))
	ready, run := 1e9, 1e9
	for range 3 {
		open(t, ctx, url+"?scenario=s0-welcome&run=1")
		waitFor(t, ctx, `document.body.dataset.done`)
		require.Equal(t, "passed", eval[string](t, ctx, `document.body.dataset.done`))
		ready = min(ready, eval[float64](t, ctx, `Number(document.body.dataset.readyAt)`))
		run = min(run, eval[float64](t, ctx, `Number(document.body.dataset.ms)`))
		t.Logf("run %s", eval[string](t, ctx, `JSON.stringify([window.sockstarPage.last.runMs, window.sockstarPage.last.renderMs])`))
	}
	t.Logf("ready %.0f ms after navigation; s0-welcome ran in %.0f ms", ready, run)
	require.Less(t, ready, 1000.0, "ready after navigation (ms)")
	require.Less(t, run, 1000.0, "s0-welcome's run (ms)")
	mu.Lock()
	defer mu.Unlock()
	require.Empty(t, problems)
	require.NotEmpty(t, requests)
	for _, u := range requests {
		require.True(t, strings.HasPrefix(u, url), "a request off the page's origin: %s", u)
	}
	total := 0
	for _, f := range []string{"index.html", "main.js", "style.css", "worker.js", "wasm_exec.js", "sockstar.wasm", "scenarios.json"} {
		st, err := os.Stat(filepath.Join(dist, f+".br"))
		require.NoError(t, err)
		total += int(st.Size())
	}
	t.Logf("first load: %d bytes (brotli)", total)
	require.LessOrEqual(t, total, 2_500_000, "the first load, compressed")
}
