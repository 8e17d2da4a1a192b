// The playground page: a workspace of files (scenario.star and a file per
// role) in CodeMirror editors, a pane per role for its output, and the
// run's sequence diagram. Runs happen in a worker (worker.js) on the
// simulated network; nothing leaves the page.
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { EditorState, EditorSelection } from "@codemirror/state";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting, defaultHighlightStyle, indentUnit, bracketMatching } from "@codemirror/language";
import { python } from "@codemirror/lang-python";
import { encodeShare, decodeShare } from "./share.js";
import { rolesOf, addFault, cliCommand } from "./workspace.js";

const $ = (id) => document.getElementById(id);
const ui = {
  picker: $("picker"), run: $("run"), stop: $("stop"), check: $("check"), seed: $("seed"),
  newseed: $("newseed"), seeds: $("seeds"), replay: $("replay"), clock: $("clock"), share: $("share"),
  cli: $("cli"), status: $("status"), error: $("error"), panes: $("panes"), roles: $("roles"),
  report: $("report"), exercise: $("exercise"), verdict: $("verdict"), hints: $("hints"),
  seedlist: $("seedlist"), svg: $("svg"), sub: $("sub"),
};

// state is the workspace and the last run.
const state = {
  name: "",         // the bundled scenario it came from, "" for a workspace of its own
  exercise: false,  // opened as an exercise: Check, hints, progress
  files: {},        // name -> text (the editors' text is read back at each run)
  docs: {},         // name -> EditorState
  panes: [],        // {file, view, tabs}
  last: null,       // the last response
  hintsShown: 0,
};
let scenarios = [];

// ---- the worker ----
let worker = null;
let ready = false;
let pending = null; // {id, resolve, onEvent}
let nextID = 1;

function startWorker() {
  ready = false;
  worker = new Worker("worker.js");
  worker.onmessage = (e) => {
    const m = e.data;
    if (m.type === "ready") {
      ready = true;
      setStatus(`ready (${Math.round(m.ms)} ms)`);
      if (!document.body.dataset.readyAt) document.body.dataset.readyAt = String(Math.round(performance.now()));
      document.body.dataset.ready = "1";
      ui.run.disabled = false;
      if (startQueue) { const f = startQueue; startQueue = null; f(); }
    } else if (m.type === "error") {
      showError("the playground could not start: " + m.error);
    } else if (m.type === "event" && pending && m.id === pending.id) {
      pending.onEvent(m.event);
    } else if (m.type === "result" && pending && m.id === pending.id) {
      const p = pending;
      pending = null;
      p.resolve(m.response);
    }
  };
  worker.onerror = (e) => showError("the worker failed: " + (e.message || e));
}
let startQueue = null;

function runInWorker(request, onEvent) {
  return new Promise((resolve) => {
    const go = () => {
      const id = nextID++;
      pending = { id, resolve, onEvent };
      worker.postMessage({ type: "run", id, request });
    };
    if (ready) go(); else startQueue = go;
  });
}

// stopRun ends the run at once: the worker goes, a new one starts.
function stopRun() {
  if (!pending) return;
  worker.terminate();
  const p = pending;
  pending = null;
  p.resolve({ stoppedByUser: true, roles: [] });
  startWorker();
}

// ---- editors ----
const extensions = () => [
  lineNumbers(), history(), drawSelection(), highlightActiveLine(), bracketMatching(),
  indentUnit.of("    "), syntaxHighlighting(defaultHighlightStyle, { fallback: true }), python(),
  keymap.of([
    { key: "Mod-Enter", run: () => { runClicked(); return true; } },
    indentWithTab, ...defaultKeymap, ...historyKeymap,
  ]),
];

function docFor(name) {
  if (!state.docs[name]) state.docs[name] = EditorState.create({ doc: state.files[name] ?? "", extensions: extensions() });
  return state.docs[name];
}

// fileOrder: scenario.star, then the roles' files in order, then the rest.
function fileOrder() {
  const names = Object.keys(state.files);
  const roles = rolesOf(state.files["scenario.star"] || "").map((r) => r.file);
  const rank = (n) => (n === "scenario.star" ? -1 : roles.includes(n) ? roles.indexOf(n) : 1000);
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function syncFiles() {
  for (const p of state.panes) state.docs[p.file] = p.view.state;
  for (const [name, doc] of Object.entries(state.docs)) state.files[name] = doc.doc.toString();
}

function buildPanes() {
  ui.panes.textContent = "";
  state.panes = [];
  state.docs = {};
  const order = fileOrder();
  const roles = rolesOf(state.files["scenario.star"] || "").map((r) => r.file).filter((f) => f in state.files);
  const first = [roles[0] || order[0], roles[1] || order.find((n) => n !== (roles[0] || order[0])) || order[0]];
  for (let i = 0; i < 2; i++) {
    const el = document.createElement("div");
    el.className = "pane";
    const tabs = document.createElement("div");
    tabs.className = "tabs";
    const ed = document.createElement("div");
    ed.className = "editor";
    el.append(tabs, ed);
    ui.panes.append(el);
    const pane = { file: first[i], tabs, view: null };
    pane.view = new EditorView({ state: docFor(first[i]), parent: ed });
    state.panes.push(pane);
  }
  drawTabs();
}

function drawTabs() {
  const order = fileOrder();
  state.panes.forEach((pane, i) => {
    pane.tabs.textContent = "";
    for (const name of order) {
      const b = document.createElement("button");
      b.textContent = name;
      b.dataset.file = name;
      if (name === pane.file) b.className = "on";
      b.onclick = () => openFile(i, name);
      pane.tabs.append(b);
    }
  });
}

// openFile shows name in pane i; a file open in the other pane swaps.
function openFile(i, name) {
  const pane = state.panes[i];
  if (pane.file === name) return pane;
  syncFiles();
  const other = state.panes[1 - i];
  if (other.file === name) {
    other.file = pane.file;
    other.view.setState(docFor(other.file));
  }
  pane.file = name;
  pane.view.setState(docFor(name));
  drawTabs();
  return pane;
}

// selectLine shows file's line in the first pane, selected.
function selectLine(file, line) {
  if (!(file in state.files)) return;
  const i = state.panes.findIndex((p) => p.file === file);
  const pane = i >= 0 ? state.panes[i] : openFile(0, file);
  const doc = pane.view.state.doc;
  if (line < 1 || line > doc.lines) return;
  const l = doc.line(line);
  pane.view.dispatch({ selection: EditorSelection.range(l.from, l.to), scrollIntoView: true });
  pane.view.focus();
}

// ---- the workspace ----
function setWorkspace(ws, opts = {}) {
  state.files = { ...ws.files };
  state.name = ws.name || "";
  state.exercise = !!opts.exercise;
  state.hintsShown = 0;
  state.last = null;
  if (state.exercise) {
    // An exercise starts from the naive program beside the answer.
    for (const r of rolesOf(state.files["scenario.star"] || "")) {
      if (r.hint && state.files["naive_" + r.file] !== undefined) state.files[r.file] = state.files["naive_" + r.file];
    }
    for (const n of Object.keys(state.files)) if (n.startsWith("naive_")) delete state.files[n];
  }
  if (ws.seed !== undefined) ui.seed.value = String(ws.seed);
  ui.picker.value = state.name ? (state.exercise ? "ex:" : "sc:") + state.name : "";
  buildPanes();
  drawRoles();
  fillFaultRoles();
  ui.check.hidden = !state.exercise;
  ui.exercise.hidden = !state.exercise;
  ui.hints.textContent = "";
  ui.verdict.textContent = state.exercise ? progressLine() : "";
  ui.verdict.className = "";
  ui.seedlist.hidden = true;
  ui.report.hidden = true;
  ui.svg.srcdoc = "";
  fillSubs([]);
  setDownloads(null);
}

function progressLine() {
  const done = loadProgress()[state.name];
  return done ? "You have solved this exercise before." : "Fix the program until Check passes.";
}

function loadProgress() {
  try { return JSON.parse(localStorage.getItem("sockstar.progress") || "{}"); } catch { return {}; }
}

function saveProgress(name) {
  const p = loadProgress();
  p[name] = "passed";
  try { localStorage.setItem("sockstar.progress", JSON.stringify(p)); } catch { /* private mode */ }
}

// ---- output panes ----
const rolePanes = {};

function drawRoles(names) {
  ui.roles.textContent = "";
  for (const k of Object.keys(rolePanes)) delete rolePanes[k];
  const roles = names || rolesOf(state.files["scenario.star"] || "").map((r) => r.name);
  for (const name of roles) {
    const el = document.createElement("div");
    el.className = "role";
    el.dataset.role = name;
    const h = document.createElement("h3");
    const title = document.createElement("span");
    title.textContent = name;
    const exit = document.createElement("span");
    exit.className = "exit";
    h.append(title, exit);
    const out = document.createElement("pre");
    out.className = "out";
    const fails = document.createElement("pre");
    fails.className = "fail";
    fails.hidden = true;
    const form = document.createElement("form");
    const line = document.createElement("input");
    line.setAttribute("aria-label", "input for " + name);
    const scripted = scriptedRoles().has(name);
    line.placeholder = scripted ? "input scripted by scenario.star" : "input() for " + name + ": Enter sends a line, Ctrl+D ends";
    line.disabled = scripted;
    form.append(line);
    form.onsubmit = (e) => {
      e.preventDefault();
      typeTo(name, line.value + "\n");
      line.value = "";
    };
    line.onkeydown = (e) => {
      if (e.ctrlKey && (e.key === "d" || e.key === "D")) { e.preventDefault(); endInput(name); }
    };
    el.append(h, out, fails, form);
    ui.roles.append(el);
    rolePanes[name] = { el, exit, out, fails, line };
  }
}

// scriptedRoles are the roles scenario.star gives input (input = or
// prompts =): only the others read what is typed.
function scriptedRoles() {
  return new Set(rolesOf(state.files["scenario.star"] || "").filter((r) => r.scripted).map((r) => r.name));
}

// typeTo sends a typed line to a role of the run going on, and shows it
// where a terminal would echo it.
function typeTo(role, text) {
  if (!pending) return;
  worker.postMessage({ type: "input", role, text });
  appendOut(role, "typed", text);
}

function endInput(role) {
  if (!pending) return;
  worker.postMessage({ type: "eof", role });
  appendOut(role, "typed", "^D\n");
  const p = rolePanes[role];
  if (p) p.line.disabled = true;
}

function appendOut(role, stream, text) {
  const p = rolePanes[role] || rolePanes[Object.keys(rolePanes)[0]];
  if (!p) return;
  if (stream === "stderr" || stream === "typed") {
    const s = document.createElement("span");
    s.className = stream === "stderr" ? "err" : "typed";
    s.textContent = text;
    p.out.append(s);
  } else {
    p.out.append(document.createTextNode(text));
  }
  p.out.scrollTop = p.out.scrollHeight;
}

// ---- running ----
let replayTimers = [];

function request(seed) {
  syncFiles();
  const req = { files: { ...state.files }, seed, name: state.name || "playground" };
  if (ui.sub.value) req.scenario = ui.sub.value;
  return req;
}

function seedValue() {
  const n = Number(ui.seed.value);
  return Number.isSafeInteger(n) && n >= 0 ? n : 1;
}

function runClicked() {
  if (!ui.run.disabled) runOnce();
}

async function runOnce() {
  if (pending) return null;
  clearError();
  for (const t of replayTimers) clearTimeout(t);
  replayTimers = [];
  const seed = seedValue();
  const at1x = ui.replay.value === "1x";
  drawRoles();
  ui.report.hidden = true;
  ui.run.disabled = true;
  ui.stop.disabled = false;
  setStatus("running…");
  document.body.dataset.running = "1";
  delete document.body.dataset.done;
  const t0 = performance.now();
  const resp = await runInWorker(request(seed), (ev) => {
    if (ev.kind === "out" && !at1x) appendOut(ev.role, ev.stream, ev.text);
    if (ev.kind === "waiting") {
      for (const r of ev.roles) if (rolePanes[r]) rolePanes[r].el.classList.add("waiting");
      const first = rolePanes[ev.roles[0]];
      if (first) first.line.focus();
      setStatus("waiting for input: " + ev.roles.join(", "));
      document.body.dataset.waiting = ev.roles.join(",");
    }
  });
  delete document.body.dataset.waiting;
  ui.run.disabled = false;
  ui.stop.disabled = true;
  delete document.body.dataset.running;
  state.last = resp;
  if (resp.stoppedByUser) {
    setStatus("stopped");
    document.body.dataset.done = "stopped";
    return resp;
  }
  showResult(resp, at1x);
  const ms = Math.round(performance.now() - t0);
  setStatus(`${resp.failed ? "failed" : "passed"} · seed ${resp.seed} · ${ms} ms`);
  document.body.dataset.ms = String(ms);
  document.body.dataset.done = resp.failed ? "failed" : "passed";
  return resp;
}

// fillSubs offers the scenarios of a scenario.star that declares several.
function fillSubs(names) {
  const keep = ui.sub.value;
  ui.sub.textContent = "";
  for (const n of names || []) ui.sub.append(new Option(n, n));
  ui.sub.hidden = !names || names.length < 2;
  if (names && names.includes(keep)) ui.sub.value = keep;
}

function showResult(resp, at1x) {
  fillSubs(resp.names);
  const names = resp.roles.map((r) => r.name);
  const redraw = names.join("\n") !== Object.keys(rolePanes).join("\n");
  if (redraw) drawRoles(names);
  ui.clock.textContent = (resp.virtualUs / 1e6).toFixed(3) + " s";
  if (resp.error) showError(resp.error);
  for (const r of resp.roles) {
    const p = rolePanes[r.name];
    if (!p) continue;
    p.el.classList.remove("waiting");
    p.line.disabled = true;
    // "At once", the pane already holds what the role wrote, as it wrote
    // it (and what was typed to it).
    if (at1x) replay(r, p);
    else if (redraw) { appendOut(r.name, "stdout", r.stdout); if (r.stderr) appendOut(r.name, "stderr", r.stderr); }
    p.exit.textContent = !r.started ? "never started" : r.stopped ? r.stopped : "exit status " + r.exit;
    p.el.classList.toggle("bad", (r.failures || []).length > 0);
    p.el.dataset.exit = String(r.exit);
    const fails = (r.failures || []).filter((f) => !f.startsWith("hint: "));
    p.fails.hidden = fails.length === 0;
    p.fails.textContent = fails.join("\n");
  }
  if (resp.report && !resp.roles.some((r) => (r.failures || []).length)) {
    ui.report.hidden = false;
    ui.report.textContent = resp.report;
  }
  if (resp.skipped) { ui.report.hidden = false; ui.report.textContent = resp.skipped; }
  ui.svg.srcdoc = resp.trace ? resp.trace.html : "";
  setDownloads(resp.trace);
}

// replay shows a role's printed lines at their virtual times (1x).
function replay(r, p) {
  p.out.textContent = "";
  const events = (state.last.trace ? state.last.trace.jsonl.split("\n") : []).filter(Boolean).map((l) => JSON.parse(l));
  const prints = events.filter((e) => e.kind === "print" && e.role === r.name);
  for (const e of prints) {
    replayTimers.push(setTimeout(() => appendOut(r.name, "stdout", e.msg + "\n"), e.t_us / 1000));
  }
  const end = events.length ? events[events.length - 1].t_us / 1000 : 0;
  replayTimers.push(setTimeout(() => {
    // What a print event does not carry (output without a newline, other
    // writes) is shown whole at the end.
    p.out.textContent = "";
    appendOut(r.name, "stdout", r.stdout);
    if (r.stderr) appendOut(r.name, "stderr", r.stderr);
  }, end + 1));
  const t0 = performance.now();
  const tick = () => {
    const t = Math.min(performance.now() - t0, state.last.virtualUs / 1000);
    ui.clock.textContent = (t / 1000).toFixed(3) + " s";
    if (t < state.last.virtualUs / 1000) replayTimers.push(setTimeout(tick, 50));
  };
  tick();
}

function setDownloads(t) {
  const base = (state.name || "playground") + "-seed" + seedValue();
  for (const [ext, type] of [["pcapng", "application/octet-stream"], ["jsonl", "application/jsonl"], ["txt", "text/plain"], ["mmd", "text/plain"]]) {
    const a = $("dl-" + ext);
    if (a.href) URL.revokeObjectURL(a.href);
    if (!t) { a.removeAttribute("href"); continue; }
    const data = ext === "pcapng" ? Uint8Array.from(atob(t.pcapng), (c) => c.charCodeAt(0)) : t[ext];
    a.href = URL.createObjectURL(new Blob([data], { type }));
    a.download = base + "." + ext;
  }
}

// trySeeds runs fifty seeds from the seed box and lists the failing ones.
async function trySeeds() {
  if (pending) return;
  const first = seedValue();
  const failing = [];
  ui.seedlist.hidden = false;
  ui.seeds.disabled = ui.run.disabled = true;
  ui.stop.disabled = false;
  for (let s = first; s < first + 50; s++) {
    ui.seedlist.textContent = `seed ${s} (${s - first + 1} of 50)…`;
    const resp = await runInWorker(request(s), () => {});
    if (resp.stoppedByUser) { ui.seedlist.textContent = "stopped"; break; }
    if (resp.failed) failing.push(s);
  }
  ui.seeds.disabled = ui.run.disabled = false;
  ui.stop.disabled = true;
  ui.seedlist.textContent = failing.length ? `${failing.length} of 50 seeds fail: ` : `all 50 seeds (${first}..${first + 49}) pass`;
  ui.seedlist.dataset.failing = failing.join(",");
  for (const s of failing) {
    const b = document.createElement("button");
    b.textContent = String(s);
    b.onclick = () => { ui.seed.value = String(s); runOnce(); };
    ui.seedlist.append(b);
  }
}

// check runs an exercise's expectations; a failure reveals the next hint.
async function check() {
  const resp = await runOnce();
  if (!resp || resp.stoppedByUser) return;
  if (!resp.failed) {
    ui.verdict.textContent = "Passed: every expectation holds.";
    ui.verdict.className = "pass";
    saveProgress(state.name);
    return;
  }
  ui.verdict.textContent = "Not yet: see what differs in the role panes.";
  ui.verdict.className = "fail";
  const hints = rolesOf(state.files["scenario.star"] || "").filter((r) => r.hint).map((r) => r.hint);
  if (state.hintsShown < hints.length) {
    const li = document.createElement("li");
    li.textContent = hints[state.hintsShown++];
    ui.hints.append(li);
  }
}

// ---- faults ----
function fillFaultRoles() {
  const roles = rolesOf(state.files["scenario.star"] || "").map((r) => r.name);
  for (const sel of [$("fa"), $("fb")]) {
    sel.textContent = "";
    for (const r of roles) sel.append(new Option(r, r));
  }
  if (roles.length > 1) $("fb").value = roles[1];
}

function faultClicked() {
  syncFiles();
  const spec = { kind: $("fkind").value, a: $("fa").value, b: $("fb").value, value: $("fval").value.trim(), at: $("fat").value.trim() };
  const out = addFault(state.files["scenario.star"] || "", spec);
  if (out.error) { showError(out.error); return; }
  clearError();
  state.files["scenario.star"] = out.text;
  state.docs["scenario.star"] = EditorState.create({ doc: out.text, extensions: extensions() });
  const i = state.panes.findIndex((p) => p.file === "scenario.star");
  if (i >= 0) state.panes[i].view.setState(state.docs["scenario.star"]);
  else openFile(1, "scenario.star");
}

// ---- share ----
async function shareClicked() {
  syncFiles();
  const frag = await encodeShare({ files: state.files, seed: seedValue(), name: state.name, exercise: state.exercise });
  const url = location.origin + location.pathname + "#" + frag;
  window.history.replaceState(null, "", "#" + frag);
  try { await navigator.clipboard.writeText(url); setStatus("link copied"); } catch { setStatus("link in the address bar"); }
  return url;
}

async function cliClicked() {
  syncFiles();
  // A bundled scenario as it came runs from its directory of the clone.
  const bundled = scenarios.find((x) => x.name === state.name);
  const same = bundled && !state.exercise && Object.keys(bundled.files).length === Object.keys(state.files).length &&
    Object.entries(bundled.files).every(([k, v]) => state.files[k] === v);
  const text = cliCommand(state.files, seedValue(), same ? state.name : "");
  try { await navigator.clipboard.writeText(text); setStatus("command copied"); } catch { setStatus("copy failed"); }
  document.body.dataset.cli = text;
  return text;
}

// ---- status and errors ----
function setStatus(s) { ui.status.textContent = s; }
function showError(s) { ui.error.hidden = false; ui.error.textContent = s; }
function clearError() { ui.error.hidden = true; ui.error.textContent = ""; }

// ---- start ----
async function loadScenarios() {
  const res = await fetch("scenarios.json");
  scenarios = await res.json();
  ui.picker.textContent = "";
  ui.picker.append(new Option("— workspace —", ""));
  const gs = document.createElement("optgroup");
  gs.label = "Scenarios";
  const ge = document.createElement("optgroup");
  ge.label = "Exercises";
  for (const s of scenarios) {
    gs.append(new Option(s.name, "sc:" + s.name));
    if (rolesOf(s.files["scenario.star"]).some((r) => r.hint)) ge.append(new Option(s.name, "ex:" + s.name));
  }
  ui.picker.append(gs, ge);
}

function openBundled(name, exercise) {
  const s = scenarios.find((x) => x.name === name);
  if (!s) { showError(`no scenario named ${JSON.stringify(name)}; the picker lists them`); return false; }
  setWorkspace({ name, files: s.files }, { exercise });
  return true;
}

// The page's state, for the browser tests.
window.sockstarPage = {
  get last() { return state.last; },
  load(ws) { setWorkspace(ws); return true; },
  get files() { syncFiles(); return { ...state.files }; },
  setFile(name, text) {
    syncFiles();
    state.files[name] = text;
    state.docs[name] = EditorState.create({ doc: text, extensions: extensions() });
    const pane = state.panes.find((p) => p.file === name);
    if (pane) pane.view.setState(state.docs[name]);
    return true;
  },
};

async function main() {
  startWorker();
  ui.run.onclick = () => runOnce();
  ui.stop.onclick = stopRun;
  ui.check.onclick = check;
  ui.seeds.onclick = trySeeds;
  ui.newseed.onclick = () => { ui.seed.value = String(1 + Math.floor(Math.random() * 2 ** 31)); };
  ui.share.onclick = shareClicked;
  ui.cli.onclick = cliClicked;
  $("fadd").onclick = faultClicked;
  ui.picker.onchange = () => {
    const v = ui.picker.value;
    if (v) openBundled(v.slice(3), v.startsWith("ex:"));
  };
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") { e.preventDefault(); runClicked(); }
  });
  window.addEventListener("message", (e) => {
    // A click on an arrow of the diagram: select the script line.
    if (e.source !== ui.svg.contentWindow || !e.data || !e.data.sockstarSelect || !state.last || !state.last.trace) return;
    const seq = Number(e.data.sockstarSelect);
    for (const line of state.last.trace.jsonl.split("\n")) {
      if (!line) continue;
      const ev = JSON.parse(line);
      if (ev.seq === seq && ev.file) { selectLine(ev.file, ev.line); document.body.dataset.selected = ev.file + ":" + ev.line; break; }
    }
  });
  await loadScenarios();
  const params = new URLSearchParams(location.search);
  let opened = false;
  if (location.hash.length > 1) {
    try {
      const ws = await decodeShare(location.hash.slice(1));
      setWorkspace(ws, { exercise: ws.exercise });
      opened = true;
    } catch (err) {
      showError("This link is damaged and cannot be opened: " + err.message + "\nThe first scenario is open instead.");
    }
  }
  if (!opened && params.get("exercise")) opened = openBundled(params.get("exercise"), true);
  if (!opened && params.get("scenario")) opened = openBundled(params.get("scenario"), false);
  if (!opened) openBundled(scenarios.some((s) => s.name === "s0-welcome") ? "s0-welcome" : scenarios[0].name, false);
  if (params.get("seed")) ui.seed.value = params.get("seed");
  if (params.get("run") === "1") runOnce();
}

main().catch((err) => showError("the playground could not start: " + (err && err.stack || err)));
