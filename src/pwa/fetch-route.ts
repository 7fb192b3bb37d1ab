// Which requests the service worker answers: only same-origin GETs for the app shell and the files it
// precached. Everything else (model files, which the model store verifies and caches itself; paths it does
// not know; other origins; POSTs) goes straight to the network untouched, as if there were no service worker.

export interface RouteRequest {
  method: string;
  url: string;
  mode: RequestMode;
}

/**
 * The precached URL to answer `request` with, or null to leave it to the network.
 * `scope` is the registration scope (ends in `/`); `isPrecached` says whether a search-free URL is precached.
 */
export function precachedUrlFor(request: RouteRequest, scope: string, isPrecached: (url: string) => boolean): string | null {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  if (!url.href.startsWith(scope)) return null; // another origin, or outside the app
  const inScope = url.pathname.slice(new URL(scope).pathname.length);
  if (request.mode === 'navigate') {
    // One page: query parameters (?model=…) are read by the app, not the server.
    return inScope === '' || inScope === 'index.html' ? new URL('index.html', scope).href : null;
  }
  url.search = '';
  url.hash = '';
  return isPrecached(url.href) ? url.href : null;
}
