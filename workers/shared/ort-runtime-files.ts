// The app's copy of onnxruntime-web's runtime. `?url` makes Vite emit each file once as a content-hashed
// asset (dist/assets/…-<hash>.wasm), so the HTTP cache and the service worker's precache share one URL per
// version and a visit fetches the runtime once. The package exports no subpath for these files, hence the
// path into node_modules (a direct dependency, so npm always installs it at the top level).
// The library build swaps this module for ort-runtime-files.lib.ts (vite.lib.config.ts).
import mjsUrl from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.mjs?url';
import wasmUrl from '../../node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.wasm?url';

export const ORT_RUNTIME_FILES = { mjs: mjsUrl, wasm: wasmUrl };
