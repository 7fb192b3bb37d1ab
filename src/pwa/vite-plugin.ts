// Build-time configuration of the PWA: web app manifest and the service worker (src/pwa/sw.ts), built by
// vite-plugin-pwa with the injectManifest strategy. Used by vite.config.ts only.
import { VitePWA } from 'vite-plugin-pwa';
import type { Plugin, PluginOption } from 'vite';

const THEME = { light: '#fbfbfd', dark: '#121317' } as const; // --bg in src/ui/global.css

/** `swPlugins`: extra Vite plugins for the service worker's own build. */
export function earshotPwa(swPlugins: Plugin[] = []): PluginOption {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src/pwa',
    filename: 'sw.ts',
    registerType: 'prompt',
    injectRegister: false, // src/pwa/register.ts registers it (update prompt, isolation reload)
    devOptions: { enabled: false }, // the dev server sends the isolation headers itself
    includeAssets: ['favicon.ico', 'favicon.svg', 'apple-touch-icon-180x180.png'],
    manifest: {
      id: '/',
      name: 'Earshot',
      short_name: 'Earshot',
      description: 'Realtime, private speech-to-text that runs entirely in your browser.',
      lang: 'en',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      theme_color: THEME.light,
      background_color: THEME.light,
      categories: ['productivity', 'utilities'],
      icons: [
        { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: 'maskable-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    injectManifest: {
      rollupFormat: 'iife', // a classic worker: every browser with service workers runs it
      buildPlugins: { vite: swPlugins },
      // App shell and onnxruntime-web's plain runtime (assets/ort-wasm-simd-threaded-<hash>.wasm), which every
      // device runs. Not its WebGPU build (sw.ts keeps that once a GPU device fetches it), and not models/:
      // the model store caches those itself. Files under assets/ carry a content hash, so Workbox fetches them
      // without cache-busting and the copy the page already downloaded comes from the HTTP cache.
      globPatterns: ['index.html', 'assets/**/*.{js,mjs,css}', 'assets/ort-wasm-simd-threaded-*.wasm'],
      maximumFileSizeToCacheInBytes: 20 * 1024 * 1024, // the plain wasm is ~14 MB
    },
  });
}
