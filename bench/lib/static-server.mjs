// Files from disk on a Vite server, with the app's cross-origin isolation headers so the page stays isolated
// (SharedArrayBuffer, wasm threads). The one file server of the dev server's /models/ and the benches.
import { createReadStream } from 'node:fs';
import path from 'node:path';

/** As src/pwa/isolation-headers.ts sends them (test/pwa-isolation-headers.test.ts keeps the two equal). */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const CONTENT_TYPES = {
  '.wav': 'audio/wav',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.onnx': 'application/octet-stream',
};

/** Streams `file` with its content type and the isolation headers; 404 when it cannot be read. */
export function sendFile(res, file) {
  res.setHeader('Content-Type', CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
  for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
  createReadStream(file)
    .on('error', () => {
      res.statusCode = 404;
      res.end();
    })
    .pipe(res);
}

/**
 * A Vite preview plugin: a request under `prefix` is answered with the file `resolve(rest of the path)`
 * names, or 404 when it names none. Only what `resolve` allows is served.
 */
export function fileRoutes(name, prefix, resolve) {
  return {
    name,
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = decodeURIComponent((req.url ?? '').split('?')[0]);
        if (!url.startsWith(prefix)) return next();
        const file = resolve(url.slice(prefix.length));
        if (file) return sendFile(res, file);
        res.statusCode = 404;
        res.end();
      });
    },
  };
}
