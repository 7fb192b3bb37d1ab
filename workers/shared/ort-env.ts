// onnxruntime-web loads its wasm runtime from our own origin (never a CDN); one flavour serves both workers.
export const ORT_WASM_PATHS = {
  mjs: '/ort/ort-wasm-simd-threaded.asyncify.mjs',
  wasm: '/ort/ort-wasm-simd-threaded.asyncify.wasm',
};

/** The runtime's files under `ortUrl` (absolute, ending in `/`; the app's `/ort/` by default). */
export function absoluteWasmPaths(ortUrl = self.location.origin + '/ort/'): { mjs: string; wasm: string } {
  const file = (p: string) => new URL(p.slice('/ort/'.length), ortUrl).href;
  return { mjs: file(ORT_WASM_PATHS.mjs), wasm: file(ORT_WASM_PATHS.wasm) };
}
