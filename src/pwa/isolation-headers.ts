// The headers every response of the app carries, defined once. The dev and preview servers send them
// (vite.config.ts), the service worker adds them to everything it serves (so a static host that cannot set
// headers still gets an isolated, locked-down page), and README's "Deploying" lists them for hosts.
// Test servers and demo pages import APP_HEADERS from here rather than copying it.

// Cross-origin isolation: SharedArrayBuffer, wasm threads and measureUserAgentSpecificMemory need it.
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/**
 * What the page may load and where it may send data. `connect-src 'self'` is the promise that transcripts
 * never leave the device made enforceable: a script in the page cannot fetch, beacon or open a socket to
 * another host. Only what the app needs is allowed:
 * - `'wasm-unsafe-eval'`: compiling onnxruntime-web's WebAssembly (nothing else may eval);
 * - `worker-src blob:`: onnxruntime-web may start its wasm thread workers from a blob URL;
 * - `connect-src blob:`: reading back the page's own blob URLs (the debug audio clips the automation API
 *   hands out); a blob URL names data already in this page, so nothing can leave through it.
 * `form-action 'none'` closes the one way out that `default-src` does not cover (the app submits no forms).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "connect-src 'self' blob:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const APP_HEADERS = {
  ...ISOLATION_HEADERS,
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
} as const;

/** A copy of `response` carrying APP_HEADERS. Opaque and error responses cannot be rebuilt and pass through. */
export function withAppHeaders(response: Response): Response {
  if (response.status < 200 || response.status > 599) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(APP_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
