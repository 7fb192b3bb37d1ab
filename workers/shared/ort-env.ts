// onnxruntime-web loads its wasm runtime from our own origin (never a CDN); one flavour serves both workers.
import { ORT_RUNTIME_FILES } from './ort-runtime-files';

export function absoluteWasmPaths(): { mjs: string; wasm: string } {
  // Relative to the worker script, which is where the library's copies are.
  return { mjs: new URL(ORT_RUNTIME_FILES.mjs, self.location.href).href, wasm: new URL(ORT_RUNTIME_FILES.wasm, self.location.href).href };
}

// The wasm's size in bytes, set by the build (vite.config.ts `define`); 0 where a page is built without it.
declare const __ORT_WASM_BYTES__: number | undefined;
export const ORT_WASM_BYTES = typeof __ORT_WASM_BYTES__ === 'number' ? __ORT_WASM_BYTES__ : 0;

/**
 * Counts the runtime's wasm bytes as onnxruntime-web downloads them, so the load bar can show the largest
 * download of a first visit. onnxruntime-web fetches the file itself (streaming compilation), so this wraps
 * this worker's `fetch` until the returned function is called; the body is passed on untouched.
 */
export function observeRuntimeDownload(onBytes: (loaded: number) => void): () => void {
  const original = self.fetch;
  const wasm = absoluteWasmPaths().wasm;
  self.fetch = async (input, init) => {
    const response = await original(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (new URL(url, self.location.href).href !== wasm || !response.body) return response;
    let loaded = 0;
    const counted = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        loaded += chunk.byteLength;
        onBytes(loaded);
        out.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(counted), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return () => {
    self.fetch = original;
  };
}
