// Cross-origin isolation: SharedArrayBuffer, wasm threads and measureUserAgentSpecificMemory need it.
// The dev/preview servers send these headers; the service worker adds them to everything it serves, so a
// static host that cannot set headers still gets an isolated page.
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/** A copy of `response` carrying the isolation headers. Opaque and error responses cannot be rebuilt and pass through. */
export function withIsolationHeaders(response: Response): Response {
  if (response.status < 200 || response.status > 599) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
