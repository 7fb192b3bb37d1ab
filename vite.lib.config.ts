// The library bundle (`npm run build:lib` → dist-lib/): EarshotRecognition as one ES module, its workers and
// worklet and the wasm runtime as files beside it, and the models/ folder a page serves (see README "Earshot in your page").
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig } from 'vite';
import { earshotAssets, ORT_WASM_BYTES_DEFINE } from './vite.config';

export default defineConfig({
  plugins: [earshotAssets()],
  publicDir: false, // the app's icons and manifest are not the library's
  base: './', // workers and worklet are found beside earshot.js, wherever the page serves it
  resolve: {
    alias: [
      {
        find: /^\.\/ort-runtime-files$/,
        replacement: fileURLToPath(new URL('./workers/shared/ort-runtime-files.lib.ts', import.meta.url)),
      },
    ],
    conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions],
  },
  worker: { format: 'es' },
  define: ORT_WASM_BYTES_DEFINE,
  build: {
    target: 'es2022',
    outDir: 'dist-lib',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    lib: { entry: 'src/lib/index.ts', formats: ['es'], fileName: 'earshot' },
  },
});
