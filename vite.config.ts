import { svelte } from '@sveltejs/vite-plugin-svelte';
import { mkdirSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
// @ts-expect-error plain ESM helper shared with scripts/verify-models.mjs
import { manifest, modelSource, ortSource, ORT_FILES, verifyModels } from './scripts/model-assets.mjs';
// @ts-expect-error plain ESM helper shared with the benches
import { sendFile } from './bench/lib/static-server.mjs';
import { ISOLATION_HEADERS as isolationHeaders } from './src/pwa/isolation-headers.js';
import { earshotPwa } from './src/pwa/vite-plugin.js';

/** Serves /models/ and /ort/ from the pinned npm packages in dev, and copies them into dist on build. */
export function earshotAssets(): Plugin {
  let outDir = 'dist';
  const resolve = (url: string): string | null => {
    const clean = decodeURIComponent(url.split('?')[0]);
    if (clean.startsWith('/models/')) return modelSource(clean.slice('/models/'.length));
    if (clean.startsWith('/ort/')) return ortSource(clean.slice('/ort/'.length));
    return null;
  };
  return {
    name: 'earshot-assets',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async buildStart() {
      await verifyModels();
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = req.url ? resolve(req.url) : null;
        if (!file) return next();
        sendFile(res, file);
      });
    },
    writeBundle() {
      const copy = (from: string, to: string) => {
        mkdirSync(path.dirname(to), { recursive: true });
        copyFileSync(from, to);
      };
      for (const served of Object.keys(manifest.files)) copy(modelSource(served), path.join(outDir, 'models', served));
      for (const file of ORT_FILES) copy(ortSource(file), path.join(outDir, 'ort', file));
    },
  };
}

export default defineConfig({
  // earshotPwa after earshotAssets: the service worker precaches the /ort/ files that plugin writes.
  plugins: [svelte(), earshotAssets(), earshotPwa()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // ort's non-bundled build loads its wasm glue from ORT_WASM_PATHS instead of emitting a second 27 MB copy.
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web', '@huggingface/transformers'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2048,
    // The library's demo pages are built with the app: same origin, headers and /models/, /ort/.
    rolldownOptions: { input: { main: 'index.html', textarea: 'examples/textarea.html', swap: 'examples/swap.html' } },
  },
});
