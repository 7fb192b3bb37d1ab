// The library bundle (`npm run build:lib` → dist-lib/): EarshotRecognition as one ES module, its workers and
// worklet as files beside it, and the models/ and ort/ folders a page serves (see README "Earshot in your page").
import { defaultClientConditions, defineConfig } from 'vite';
import { earshotAssets } from './vite.config';

export default defineConfig({
  plugins: [earshotAssets()],
  publicDir: false, // the app's icons and manifest are not the library's
  base: './', // workers and worklet are found beside earshot.js, wherever the page serves it
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: 'dist-lib',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    lib: { entry: 'src/lib/index.ts', formats: ['es'], fileName: 'earshot' },
  },
});
