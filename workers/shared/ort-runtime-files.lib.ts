// The library's copy of onnxruntime-web's runtime: the two files beside its workers in dist-lib/assets/
// (scripts/lib-dist.mjs copies them). A library build would inline a `?url` asset as 27 MB of base64.
export const ORT_RUNTIME_FILES = { mjs: 'ort-wasm-simd-threaded.asyncify.mjs', wasm: 'ort-wasm-simd-threaded.asyncify.wasm' };
