import { svelte } from '@sveltejs/vite-plugin-svelte';
import { mkdirSync, copyFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
// @ts-expect-error plain ESM helper shared with scripts/verify-models.mjs
import { manifest, modelSource, verifyModels } from './scripts/model-assets.mjs';
// @ts-expect-error plain ESM helper shared with the benches
import { sendFile } from './bench/lib/static-server.mjs';
import { APP_HEADERS, CONTENT_SECURITY_POLICY, ISOLATION_HEADERS } from './src/pwa/isolation-headers.js';
import { earshotPwa } from './src/pwa/vite-plugin.js';
// @ts-expect-error plain ESM build helper
import { thirdPartyNotices } from './scripts/third-party-notices.mjs';

const notices = thirdPartyNotices();

// Vite's dev client injects <style> elements and talks to its server over a WebSocket: the dev server alone
// allows those. The preview server and every build serve the strict policy.
const DEV_HEADERS = {
  ...ISOLATION_HEADERS,
  'Content-Security-Policy':
    CONTENT_SECURITY_POLICY.replace("connect-src 'self'", "connect-src 'self' ws: wss:") + "; style-src 'self' 'unsafe-inline'",
};

/** Content-hashed files never change: browsers keep them without asking again. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The runtime's sizes per flavour, for the load bar (workers/shared/ort-env.ts). */
export const ORT_WASM_BYTES_DEFINE = {
  __ORT_WASM_BYTES__: JSON.stringify({
    cpu: statSync('node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm').size,
    webgpu: statSync('node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.wasm').size,
  }),
};

/** Serves /models/ from the pinned npm packages in dev, and copies them into dist on build. */
export function earshotAssets(): Plugin {
  let outDir = 'dist';
  const resolve = (url: string): string | null => {
    const clean = decodeURIComponent(url.split('?')[0]);
    if (clean.startsWith('/models/')) return modelSource(clean.slice('/models/'.length));
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
        for (const [k, v] of Object.entries(DEV_HEADERS)) res.setHeader(k, v);
        sendFile(res, file);
      });
    },
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.startsWith('/assets/')) res.setHeader('Cache-Control', IMMUTABLE);
        // The static server knows no type for .onnx and sends none, which the compression middleware takes for
        // text: it then gzipped the 30 MB decoder on every request, a second of the server's CPU per page load.
        if (req.url?.split('?')[0].endsWith('.onnx')) res.setHeader('Content-Type', 'application/octet-stream');
        next();
      });
    },
    // For a host that cannot send headers the page carries the policy itself (a <meta> cannot say
    // frame-ancestors, which only a header can); the service worker adds the full headers once it controls.
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (ctx.server) return html; // dev: Vite's client needs the looser DEV_HEADERS policy
        const policy = CONTENT_SECURITY_POLICY.split('; ')
          .filter((d) => !d.startsWith('frame-ancestors'))
          .join('; ');
        return html.replace(
          /<meta charset=[^>]*>/i,
          (charset) => `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
        );
      },
    },
    writeBundle() {
      const copy = (from: string, to: string) => {
        mkdirSync(path.dirname(to), { recursive: true });
        copyFileSync(from, to);
      };
      for (const served of Object.keys(manifest.files)) copy(modelSource(served), path.join(outDir, 'models', served));
    },
  };
}

export default defineConfig({
  // Each bundle (app, workers, service worker) adds the packages it ships to dist/THIRD-PARTY-LICENSES.md.
  plugins: [svelte(), earshotAssets(), earshotPwa([notices.plugin()]), notices.plugin()],
  server: { headers: DEV_HEADERS },
  preview: { headers: APP_HEADERS },
  // ort's non-bundled build loads its wasm glue from the paths workers/shared/ort-env.ts gives it instead of
  // embedding a second 27 MB copy in the bundle.
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
  worker: { format: 'es', plugins: () => [notices.plugin()] },
  optimizeDeps: { exclude: ['onnxruntime-web', '@huggingface/transformers'] },
  define: ORT_WASM_BYTES_DEFINE,
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2048,
    // The library's demo pages are built with the app: same origin, headers and /models/.
    rolldownOptions: { input: { main: 'index.html', textarea: 'examples/textarea.html', swap: 'examples/swap.html' } },
  },
});
