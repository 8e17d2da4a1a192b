// Runs playground requests in Node.js on the same engine the page's
// worker uses: node run-node.mjs DIST < requests.jsonl prints one JSON
// response per request line. The Go tests compare them with native runs.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { start, run } from "../src/engine.js";

const dist = process.argv[2];
const sockstar = await start(
  async () => { await import(pathToFileURL(dist + "/wasm_exec.js").href); },
  async (imports) => (await WebAssembly.instantiate(readFileSync(dist + "/sockstar.wasm"), imports)).instance,
  (fd, text) => process.stderr.write(text),
);
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const response = await run(sockstar, JSON.parse(line), () => {});
  process.stdout.write(JSON.stringify(response) + "\n");
}
process.exit(0);
