// The engine: sockstar.wasm on a file system in memory, as the worker
// starts it.
import { makeFS } from "./memfs.js";

// start installs the file system, runs wasm_exec.js (loadGlue), then
// instantiates the module (instantiate(importObject) -> instance) and
// returns globalThis.sockstar once its main has published it. Output the
// module writes to descriptors 1 and 2 goes to log(fd, text).
export async function start(loadGlue, instantiate, log) {
  const { fs, process } = makeFS(log);
  globalThis.fs = fs;
  globalThis.process = process;
  await loadGlue();
  const go = new globalThis.Go();
  const instance = await instantiate(go.importObject);
  go.run(instance);
  if (!globalThis.sockstar) throw new Error("sockstar.wasm did not start");
  return globalThis.sockstar;
}

// run runs one request; onEvent gets each event object as it comes.
export async function run(sockstar, request, onEvent) {
  const text = await sockstar.run(JSON.stringify(request), (e) => onEvent(JSON.parse(e)));
  return JSON.parse(text);
}
