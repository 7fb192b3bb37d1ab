// onnxruntime-web loads its wasm runtime from our own origin (never a CDN), in the flavour the device needs.
import { ORT_RUNTIME_FILES } from './ort-runtime-files';

/** `cpu`: the plain build (Silero, and Whisper on wasm). `webgpu`: the build with the WebGPU provider. */
export type RuntimeFlavour = keyof typeof ORT_RUNTIME_FILES;

export function absoluteWasmPaths(flavour: RuntimeFlavour): { mjs: string; wasm: string } {
  // Relative to the worker script, which is where the library's copies are.
  const files = ORT_RUNTIME_FILES[flavour];
  return { mjs: new URL(files.mjs, self.location.href).href, wasm: new URL(files.wasm, self.location.href).href };
}

// The wasm sizes in bytes, set by the build (vite.config.ts `define`); 0 where a page is built without them.
declare const __ORT_WASM_BYTES__: Record<RuntimeFlavour, number> | undefined;
export function ortWasmBytes(flavour: RuntimeFlavour): number {
  return typeof __ORT_WASM_BYTES__ === 'object' ? __ORT_WASM_BYTES__[flavour] : 0;
}

/** The absolute URL a `fetch` call asks for. */
function requestUrl(input: RequestInfo | URL): string {
  return new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, self.location.href).href;
}

/**
 * Makes this worker fetch the runtime's wasm from the browser's HTTP cache when it has it, stale or not
 * (`force-cache`, which sw.ts leaves to the browser), and only otherwise from the network. Chrome keeps the
 * machine code it compiled from an HTTP-cached response and uses it on the next visit, so a returning visit
 * skips most of compiling the 14 MB runtime; a response the service worker serves from its precache finds
 * that code less reliably (BENCHMARKS.md, "Returning visits"). When neither the cache nor the network has it
 * (offline, the entry evicted), the usual request lets the service worker answer from its precache.
 * Installed once per worker, before onnxruntime-web starts.
 */
export function preferHttpCacheForRuntime(): void {
  const original = self.fetch;
  const runtime = new Set(Object.keys(ORT_RUNTIME_FILES).map((f) => absoluteWasmPaths(f as RuntimeFlavour).wasm));
  self.fetch = async (input, init) => {
    const url = requestUrl(input);
    if (runtime.has(url)) {
      const cached = await original(url, { ...init, cache: 'force-cache' }).catch(() => null);
      if (cached?.ok) return cached;
    }
    return original(input, init);
  };
}

/**
 * Counts a runtime's wasm bytes as onnxruntime-web downloads them, so the load bar can show the largest
 * download of a first visit. onnxruntime-web fetches the file itself (streaming compilation), so this wraps
 * this worker's `fetch` until the returned function is called; the body is passed on untouched.
 */
export function observeRuntimeDownload(flavour: RuntimeFlavour, onBytes: (loaded: number) => void): () => void {
  const original = self.fetch;
  const wasm = absoluteWasmPaths(flavour).wasm;
  self.fetch = async (input, init) => {
    const response = await original(input, init);
    if (requestUrl(input) !== wasm || !response.body) return response;
    // The response itself goes to onnxruntime-web untouched: only a browser's own response carries the URL
    // and cache link that V8's compiled-code cache needs. A clone's copy of the body is what gets counted.
    void count(response.clone().body, onBytes);
    return response;
  };
  return () => {
    self.fetch = original;
  };
}

async function count(body: ReadableStream<Uint8Array> | null, onBytes: (loaded: number) => void): Promise<void> {
  if (!body) return;
  const reader = body.getReader();
  let loaded = 0;
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) onBytes((loaded += r.value.byteLength));
  } catch {
    // The download failed: onnxruntime-web reports that through its own copy.
  }
}
