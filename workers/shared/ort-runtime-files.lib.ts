// The library's copies of onnxruntime-web's runtime: the files beside its workers in dist-lib/assets/
// (scripts/lib-dist.mjs copies them). A library build would inline a `?url` asset as 27 MB of base64.
// The flavours are the app's (ort-runtime-files.ts).
export const ORT_RUNTIME_FILES = {
  cpu: { mjs: 'ort-wasm-simd-threaded.mjs', wasm: 'ort-wasm-simd-threaded.wasm' },
  webgpu: { mjs: 'ort-wasm-simd-threaded.asyncify.mjs', wasm: 'ort-wasm-simd-threaded.asyncify.wasm' },
};
