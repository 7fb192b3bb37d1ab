/// <reference lib="webworker" />
// Earshot's one service worker. It precaches the app shell (html, js, css, worklet, workers) and
// onnxruntime-web's plain runtime (content-hashed assets) at install, serves them cache-first, keeps the
// runtime's WebGPU build once a GPU device has fetched it, and adds the app's
// headers (cross-origin isolation and the Content-Security-Policy) to the pages and scripts it serves, so the
// app is isolated, locked down and works offline on any static host. The runtime's .wasm goes out as stored,
// so that Chrome finds the code it compiled on the last visit (fetch-route.ts `servedAsStored`).
//
// /models/ is deliberately not precached: the model store (workers/shared/model-store.ts) downloads each
// model file once, checks its SHA-256 and keeps it in Cache Storage `earshot-models-<version>`, reading that
// cache first. Precaching the ~40 MB of weights as well would store them twice; the model you load (the
// default whisper-tiny + Silero on a first visit) is therefore available offline from then on.
import { cleanupOutdatedCaches, getCacheKeyForURL, matchPrecache, precache, type PrecacheEntry } from 'workbox-precaching';
import { onDemandRuntimeUrl, precachedUrlFor, servedAsStored } from './fetch-route';
import { withAppHeaders } from './isolation-headers';
import { SKIP_WAITING } from './messages';

// The build replaces __WB_MANIFEST with the list of files to precache (vite-plugin-pwa, injectManifest).
declare let self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

precache(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// A first install takes control at once (so a first visit can reload into isolation); an update waits for
// the user's "Reload" (see src/pwa/update-flow.ts).
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === SKIP_WAITING) void self.skipWaiting();
});

const isPrecached = (url: string): boolean => getCacheKeyForURL(url) !== undefined;

const served = (url: string, response: Response): Response => (servedAsStored(url) ? response : withAppHeaders(response));

async function answer(request: Request, url: string): Promise<Response> {
  const cached = await matchPrecache(url);
  // Missing only if the browser evicted it: the network may still have it.
  return served(url, cached ?? (await fetch(request)));
}

/** One version of the WebGPU build: a newer one replaces it when the app updates. */
const GPU_RUNTIME_CACHE = 'earshot-runtime-webgpu';

async function answerOnDemand(event: FetchEvent, url: string): Promise<Response> {
  const cache = await caches.open(GPU_RUNTIME_CACHE);
  const cached = await cache.match(url);
  if (cached) return served(url, cached);
  const response = await fetch(event.request);
  if (response.ok) {
    const copy = response.clone();
    // The page compiles while it streams in; the copy is stored alongside.
    event.waitUntil(
      (async () => {
        for (const old of await cache.keys()) if (old.url !== url) await cache.delete(old);
        await cache.put(url, copy);
      })(),
    );
  }
  return served(url, response);
}

self.addEventListener('fetch', (event) => {
  const url = precachedUrlFor(event.request, self.registration.scope, isPrecached);
  if (url) return event.respondWith(answer(event.request, url));
  const onDemand = onDemandRuntimeUrl(event.request, self.registration.scope);
  if (onDemand) event.respondWith(answerOnDemand(event, onDemand));
});
