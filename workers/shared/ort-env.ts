// onnxruntime-web loads its wasm runtime from our own origin (never a CDN); one flavour serves both workers.
export const ORT_WASM_PATHS = {
  mjs: '/ort/ort-wasm-simd-threaded.asyncify.mjs',
  wasm: '/ort/ort-wasm-simd-threaded.asyncify.wasm',
};

export function absoluteWasmPaths(): { mjs: string; wasm: string } {
  const base = self.location.origin;
  return { mjs: base + ORT_WASM_PATHS.mjs, wasm: base + ORT_WASM_PATHS.wasm };
}
