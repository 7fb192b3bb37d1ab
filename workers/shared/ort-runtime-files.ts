// The app's copies of onnxruntime-web's runtime. `?url` makes Vite emit each file once as a content-hashed
// asset (dist/assets/…-<hash>.wasm), so the HTTP cache and the service worker share one URL per version.
// The package exports no subpath for these files, hence the path into node_modules (a direct dependency, so
// npm always installs it at the top level). The library build swaps this module for ort-runtime-files.lib.ts.
//
// Two flavours, because the one WebGPU needs is costly on the CPU: its asyncify instrumentation makes the
// wasm twice the size and the CPU kernels slower. Measured in Chromium on 2 cores (whisper-tiny, a 2 s clip):
// models ready in 10.9 s instead of 16.3 s, and a decode in ~0.65 s instead of ~1.7 s with the plain build.
import cpuMjs from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs?url';
import cpuWasm from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm?url';
import gpuMjs from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.mjs?url';
import gpuWasm from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.wasm?url';

export const ORT_RUNTIME_FILES = {
  /** The plain build: the wasm execution provider only. Silero always, Whisper on the CPU. */
  cpu: { mjs: cpuMjs, wasm: cpuWasm },
  /** The asyncify build, which carries the WebGPU execution provider: Whisper on a GPU. */
  webgpu: { mjs: gpuMjs, wasm: gpuWasm },
};
