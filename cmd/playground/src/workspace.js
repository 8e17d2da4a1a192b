// What the page reads from and writes into scenario.star without running
// it: the roles (for the panes before a run), a fault added from the
// faults panel, and the command line that runs the workspace.

// skipString returns the index just past the string literal at i.
function skipString(text, i) {
  const q = text[i];
  const triple = text.startsWith(q + q + q, i);
  let j = i + (triple ? 3 : 1);
  while (j < text.length) {
    if (text[j] === "\\") { j += 2; continue; }
    if (triple ? text.startsWith(q + q + q, j) : text[j] === q) return j + (triple ? 3 : 1);
    if (!triple && text[j] === "\n") return j;
    j++;
  }
  return j;
}

// closing returns the index of the parenthesis or bracket that closes the
// one at open, or -1.
function closing(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") { i = skipString(text, i) - 1; continue; }
    if (c === "#") { while (i < text.length && text[i] !== "\n") i++; continue; }
    if (c === "(" || c === "[" || c === "{") depth++;
    if (c === ")" || c === "]" || c === "}") { depth--; if (depth === 0) return i; }
  }
  return -1;
}

function literal(s) {
  const body = s.slice(1, -1);
  try { return JSON.parse('"' + body.replace(/\\'/g, "'").replace(/"/g, '\\"') + '"'); } catch { return body; }
}

// rolesOf lists role(name, file, ..., hint=...) calls: [{name, file,
// hint, scripted}], scripted when the role is given input = or prompts =.
export function rolesOf(text) {
  const out = [];
  const re = /\brole\s*\(/g;
  let m;
  while ((m = re.exec(text))) {
    const open = m.index + m[0].length - 1;
    const end = closing(text, open);
    if (end < 0) break;
    const body = text.slice(open + 1, end);
    const strs = [];
    let hint = "";
    for (let i = 0; i < body.length; i++) {
      const c = body[i];
      if (c === "#") { while (i < body.length && body[i] !== "\n") i++; continue; }
      if (c === '"' || c === "'") {
        const j = skipString(body, i);
        const before = body.slice(0, i);
        if (/\bhint\s*=\s*$/.test(before)) hint = literal(body.slice(i, j));
        else if (!/=\s*$/.test(before) && strs.length < 2 && !/[\[(]\s*$/.test(before.slice(-3))) strs.push(literal(body.slice(i, j)));
        i = j - 1;
      }
    }
    const scripted = /\b(input|prompts)\s*=/.test(body);
    // A file of several scenarios names its roles again in each.
    if (strs.length && !out.some((r) => r.name === strs[0])) out.push({ name: strs[0], file: strs[1] || "", hint, scripted });
    re.lastIndex = end;
  }
  return out;
}

// addFault writes one fault of the faults panel into scenario.star:
// spec = {kind: delay|loss|partition|reset, a, b, value, at}.
export function addFault(text, spec) {
  const q = JSON.stringify;
  let list, item;
  switch (spec.kind) {
    case "delay":
      list = "links"; item = `link(${q(spec.a)}, ${q(spec.b)}, delay = ${q(spec.value || "50ms")})`; break;
    case "loss":
      list = "links"; item = `link(${q(spec.a)}, ${q(spec.b)}, loss = ${q(spec.value || "10%")})`; break;
    case "partition":
      list = "faults"; item = `partition(${q(spec.a)}, ${q(spec.b)})`;
      if (spec.at) item = `at(${q(spec.at)}, ${item})`;
      break;
    case "reset":
      if (!spec.at) return { error: "a reset happens at a time: fill in at (for example 1s)" };
      list = "faults"; item = `at(${q(spec.at)}, reset(${q(spec.a)}, ${q(spec.b)}))`; break;
    default:
      return { error: "unknown fault " + spec.kind };
  }
  if (spec.a === spec.b) return { error: "a fault is between two different roles" };
  const call = /\bscenario\s*\(/.exec(text);
  if (!call) return { error: "scenario.star has no scenario(...) call to add the fault to" };
  const open = call.index + call[0].length - 1;
  const end = closing(text, open);
  if (end < 0) return { error: "scenario.star's scenario( is not closed" };
  const has = new RegExp("\\b" + list + "\\s*=\\s*\\[").exec(text.slice(open, end));
  if (has) {
    const at = open + has.index + has[0].length;
    return { text: text.slice(0, at) + "\n        " + item + "," + text.slice(at) };
  }
  let before = text.slice(0, end).replace(/\s*$/, "");
  const tail = text.slice(before.length, end);
  if (!before.endsWith(",") && !before.endsWith("(")) before += ",";
  return { text: before + "\n    " + list + " = [" + item + "]," + (tail.includes("\n") ? tail : "\n") + text.slice(end) };
}

// cliCommand is the shell text that runs the workspace with sockstar:
// the bundled scenario's directory when unchanged, else the files written
// out first.
export function cliCommand(files, seed, bundled) {
  if (bundled) return `sockstar test --sim --seed ${seed} scenarios/${bundled}`;
  const lines = ["mkdir -p playground && cd playground"];
  const dirs = [...new Set(Object.keys(files).filter((n) => n.includes("/")).map((n) => n.slice(0, n.lastIndexOf("/"))))];
  if (dirs.length) lines.push("mkdir -p " + dirs.join(" "));
  for (const [name, text] of Object.entries(files)) {
    let tag = "SOCKSTAR_EOF";
    while (text.includes(tag)) tag += "_";
    lines.push(`cat > ${name} <<'${tag}'`, text.replace(/\n?$/, ""), tag);
  }
  lines.push(`sockstar test --sim --seed ${seed} .`);
  return lines.join("\n") + "\n";
}
