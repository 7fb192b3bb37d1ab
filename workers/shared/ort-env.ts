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
