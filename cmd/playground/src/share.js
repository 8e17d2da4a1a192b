// Share links: the workspace in the URL's fragment, which browsers never
// send to a server. v1: + base64url(deflate-raw(JSON)), compressed with
// the browser's own CompressionStream.

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function toBase64url(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("the link holds characters base64url does not use");
  const s = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

// encodeShare makes the fragment for ws = {files, seed, name, exercise}.
export async function encodeShare(ws) {
  const json = new TextEncoder().encode(JSON.stringify({ files: ws.files, seed: ws.seed, name: ws.name || "", exercise: !!ws.exercise }));
  return "v1:" + toBase64url(await pipe(json, new CompressionStream("deflate-raw")));
}

// decodeShare reads a fragment back; anything wrong throws an Error that
// says what.
export async function decodeShare(frag) {
  if (!frag.startsWith("v1:")) throw new Error("it does not start with v1: (a sockstar playground link does)");
  let json;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(await pipe(fromBase64url(frag.slice(3)), new DecompressionStream("deflate-raw")));
  } catch (err) {
    throw new Error("its data does not decompress (" + (err.message || err) + "); was it cut short?");
  }
  let ws;
  try { ws = JSON.parse(json); } catch { throw new Error("its data is not a workspace"); }
  if (!ws || typeof ws.files !== "object" || ws.files === null || Array.isArray(ws.files)) throw new Error("it holds no files");
  for (const [name, text] of Object.entries(ws.files)) {
    if (typeof text !== "string") throw new Error(`its file ${JSON.stringify(name)} is not text`);
  }
  if (!("scenario.star" in ws.files)) throw new Error("it has no scenario.star");
  const seed = Number(ws.seed);
  return { files: ws.files, seed: Number.isSafeInteger(seed) && seed >= 0 ? seed : 1, name: typeof ws.name === "string" ? ws.name : "", exercise: !!ws.exercise };
}
