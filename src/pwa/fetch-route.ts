// Which requests the service worker answers: only same-origin GETs for the app shell, the files it
// precached and the runtime's WebGPU build (cached on first use). Everything else (model files, which the
// model store verifies and caches itself; paths it does not know; other origins; POSTs) goes straight to the
// network untouched, as if there were no service worker.

export interface RouteRequest {
  method: string;
  url: string;
  mode: RequestMode;
  cache?: RequestCache;
}

/** A same-origin GET inside the app: its URL without search or hash, and its path below the scope. */
function inApp(request: RouteRequest, scope: string): { url: URL; inScope: string } | null {
  // `force-cache` asks for the browser's HTTP cache before the network (the runtime's wasm: ort-env.ts).
  if (request.method !== 'GET' || request.cache === 'force-cache') return null;
  const url = new URL(request.url);
  if (!url.href.startsWith(scope)) return null; // another origin, or outside the app
  url.search = '';
  url.hash = '';
  return { url, inScope: url.pathname.slice(new URL(scope).pathname.length) };
}

/**
 * The precached URL to answer `request` with, or null to leave it to the network.
 * `scope` is the registration scope (ends in `/`); `isPrecached` says whether a search-free URL is precached.
 */
export function precachedUrlFor(request: RouteRequest, scope: string, isPrecached: (url: string) => boolean): string | null {
  const target = inApp(request, scope);
  if (!target) return null;
  if (request.mode === 'navigate') {
    // One page: query parameters (?model=…) are read by the app, not the server.
    return target.inScope === '' || target.inScope === 'index.html' ? new URL('index.html', scope).href : null;
  }
  return isPrecached(target.url.href) ? target.url.href : null;
}

/** onnxruntime-web's WebGPU build (assets/ort-wasm-simd-threaded.asyncify-<hash>.wasm). */
const GPU_RUNTIME = /^assets\/ort-wasm-simd-threaded\.asyncify-[\w-]+\.wasm$/;

/**
 * The URL to cache `request` under if it fetches the runtime's WebGPU build, else null. Only devices that run
 * Whisper on a GPU fetch that 27 MB file, so it is cached on first use instead of precached for everyone.
 */
export function onDemandRuntimeUrl(request: RouteRequest, scope: string): string | null {
  const target = request.mode === 'navigate' ? null : inApp(request, scope);
  return target && GPU_RUNTIME.test(target.inScope) ? target.url.href : null;
}

/**
 * Whether the response for `url` goes out exactly as stored, without the app's headers: the runtime's
 * WebAssembly. Chrome keeps the code it compiled from a Cache Storage response beside that entry, and only a
 * response handed over untouched finds it again; a rebuilt one sends every visit through the compiler (about
 * 20 s of processor time on two cores). The headers matter to documents and scripts, not to a same-origin
 * .wasm (COEP asks nothing of same-origin files, and the CSP does not apply to it).
 */
export function servedAsStored(url: string): boolean {
  return new URL(url).pathname.endsWith('.wasm');
}
