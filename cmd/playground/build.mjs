// Builds the playground into dist/: sockstar.wasm (the Go module, for
// GOOS=js GOARCH=wasm), wasm_exec.js from the same Go toolchain, the page
// and its worker bundled with esbuild, the bundled scenarios as one JSON
// file, and a .br and .gz of each file for servers that send them as they
// are. Run from a clone: npm --prefix cmd/playground ci && npm --prefix
// cmd/playground run build.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const dist = join(here, "dist");
const go = process.env.GO || "go";
// PLAYGROUND_KEEP_WASM=1 keeps the module built last (working on the page).
const keep = process.env.PLAYGROUND_KEEP_WASM === "1" ? readFileSync(join(dist, "sockstar.wasm")) : null;
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
if (keep) writeFileSync(join(dist, "sockstar.wasm"), keep);
// No inlining: the module is a fifth smaller compressed (issue 21's
// budget is 2 MiB), and the page's runs are I/O on the simulated network;
// the interpreter's own inlining was 24 KB of it, for no speed a
// CPU-bound script in Node could tell from the machine's noise.
// GOWASM: sign-extension and saturating float-to-int instructions, in every
// browser since 2021 (Safari 15) and Node since 14; the module compresses 4 KB smaller.
if (!keep) execFileSync(go, ["build", "-trimpath", "-gcflags=all=-l", "-ldflags=-s -w",
  "-o", join(dist, "sockstar.wasm"), "./cmd/sockstar-wasm"], {
  cwd: root, stdio: "inherit", env: { ...process.env, GOOS: "js", GOARCH: "wasm", GOWASM: "satconv,signext" },
});
const goroot = execFileSync(go, ["env", "GOROOT"], { cwd: root }).toString().trim();
cpSync(join(goroot, "lib", "wasm", "wasm_exec.js"), join(dist, "wasm_exec.js"));

await esbuild.build({
  entryPoints: [join(here, "src", "main.js")], bundle: true, minify: true, format: "esm",
  target: "es2022", outfile: join(dist, "main.js"), legalComments: "none",
});
await esbuild.build({
  entryPoints: [join(here, "src", "worker.js")], bundle: true, minify: true, format: "iife",
  target: "es2022", outfile: join(dist, "worker.js"), legalComments: "none",
});
for (const f of ["index.html", "style.css"]) cpSync(join(here, "src", f), join(dist, f));

// The scenarios under scenarios/, each a workspace: its scenario.star and
// the files beside it.
const scenarios = [];
const sdir = join(root, "scenarios");
for (const name of readdirSync(sdir).sort()) {
  const dir = join(sdir, name);
  if (!statSync(dir).isDirectory()) continue;
  let spec;
  try { spec = readFileSync(join(dir, "scenario.star"), "utf8"); } catch { continue; }
  const files = {};
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (!statSync(p).isFile() || f.endsWith(".go") || statSync(p).size > 256 << 10) continue;
    files[f] = readFileSync(p, "utf8");
  }
  // Files of a scenario beside it that this one runs (s4-lan runs s4-tcp's).
  for (const m of spec.matchAll(/"(\.\.\/[\w.-]+\/[\w.-]+)"/g)) {
    files[m[1]] = readFileSync(join(dir, m[1]), "utf8");
  }
  const about = spec.split("\n").filter((l) => l.startsWith("#")).map((l) => l.replace(/^#\s?/, "")).join(" ");
  scenarios.push({ name, about, files });
}
writeFileSync(join(dist, "scenarios.json"), JSON.stringify(scenarios));

for (const f of readdirSync(dist)) {
  const data = readFileSync(join(dist, f));
  writeFileSync(join(dist, f + ".br"), brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }));
  writeFileSync(join(dist, f + ".gz"), gzipSync(data, { level: 9 }));
}
for (const f of readdirSync(dist).sort()) console.log(f.padEnd(24), statSync(join(dist, f)).size);
