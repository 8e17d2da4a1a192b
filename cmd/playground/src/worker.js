// The playground's worker: the run happens here, so the page stays
// responsive, and Stop is the page terminating this worker.
import { start, run } from "./engine.js";

let engine = null;

async function boot() {
  const t0 = performance.now();
  engine = await start(
    async () => { self.importScripts("wasm_exec.js"); },
    async (imports) => {
      const res = fetch("sockstar.wasm");
      try {
        return (await WebAssembly.instantiateStreaming(res, imports)).instance;
      } catch (err) {
        // A server that does not say application/wasm: compile the bytes.
        const bytes = await (await fetch("sockstar.wasm")).arrayBuffer();
        return (await WebAssembly.instantiate(bytes, imports)).instance;
      }
    },
    (fd, text) => (fd === 2 ? console.error : console.log)(text),
  );
  self.postMessage({ type: "ready", version: engine.version, ms: performance.now() - t0 });
}

self.onmessage = async (e) => {
  const msg = e.data;
  // Typed input reaches the run while it waits for it: this worker's
  // thread is free then.
  if (msg.type === "input") { engine.type(msg.role, msg.text); return; }
  if (msg.type === "eof") { engine.endInput(msg.role); return; }
  if (msg.type !== "run") return;
  try {
    const response = await run(engine, msg.request, (event) => self.postMessage({ type: "event", id: msg.id, event }));
    self.postMessage({ type: "result", id: msg.id, response });
  } catch (err) {
    self.postMessage({ type: "result", id: msg.id, response: { failed: true, error: String(err), roles: [] } });
  }
};

boot().catch((err) => self.postMessage({ type: "error", error: String(err && err.stack || err) }));
