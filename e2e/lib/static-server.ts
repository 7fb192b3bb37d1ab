// A static server for the built app (dist/), for browsers that Playwright does not drive (WebKit through
// WebDriver). It can serve the app as a host with the isolation headers, or as a plain host, with or without
// the service worker, so each deployment case can be tested. The headers come from the app's own module, so
// this server and `vite preview` always send the same ones.
//
// Test-only: a console forwarder is injected into the page and the workers and their output is collected
// here, because WebKitWebDriver has no log endpoint. It never ships in the app.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { APP_HEADERS } from '../../src/pwa/isolation-headers';

export interface StaticServerOptions {
  /** The built app. */
  root: string;
  /** 0 picks a free port. */
  port: number;
  /** Send the cross-origin isolation headers on every response (as a host that can set headers). */
  isolationHeaders: boolean;
  /** Serve sw.js; without it registration fails, as in a browser or host where service workers do not work. */
  serviceWorker: boolean;
  /** Served at /__fixtures__/ (test audio). */
  fixtures?: string;
}

export interface StaticServer {
  origin: string;
  /** Console lines forwarded from the page and its workers, oldest first (bounded). */
  consoleLines(): string[];
  /** Pages loaded so far (each fetches the forwarder once, from the network: it is never cached). */
  pageLoads(): number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wav': 'audio/wav',
};

const CONSOLE_PATH = '/__console__';
const FORWARDER_PATH = '/__console__.js';
const MAX_CONSOLE_LINES = 2000;

/** Wraps console.* so each call is also POSTed to the server (page and module workers). */
const FORWARDER = `(() => {
  const where = typeof window === 'undefined' ? (self.name || 'worker') : 'page';
  const send = (level, args) => {
    let text;
    try { text = args.map((a) => a instanceof Error ? a.stack || a.message : typeof a === 'string' ? a : JSON.stringify(a)).join(' '); }
    catch { text = args.map(String).join(' '); }
    fetch('${CONSOLE_PATH}', { method: 'POST', body: '[' + where + '] ' + level + ': ' + text, keepalive: true }).catch(() => {});
  };
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    const original = console[level].bind(console);
    console[level] = (...args) => { send(level, args); original(...args); };
  }
  self.addEventListener('error', (e) => send('uncaught', [e.message + ' at ' + e.filename + ':' + e.lineno]));
  self.addEventListener('unhandledrejection', (e) => send('unhandled rejection', [e.reason]));
})();
`;

/** Module workers built by Vite: the forwarder goes in front of their code. */
const isWorkerScript = (file: string) => /\/assets\/[^/]+\.worker-[^/]+\.js$/.test(file);

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const root = path.resolve(options.root);
  if (!existsSync(path.join(root, 'index.html'))) throw new Error(`${root} has no index.html: build the app first`);
  const lines: string[] = [];
  let pageLoads = 0;

  const send = (res: ServerResponse, status: number, type: string, body?: Buffer | string) => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers() });
    res.end(body);
  };
  const headers = (): Record<string, string> => (options.isolationHeaders ? { ...APP_HEADERS } : {});

  const fileFor = (pathname: string): string | null => {
    if (pathname.startsWith('/__fixtures__/') && options.fixtures) return path.join(options.fixtures, path.basename(pathname));
    if (pathname === '/' || pathname === '/index.html') return path.join(root, 'index.html');
    if (pathname === '/sw.js' && !options.serviceWorker) return null;
    const file = path.join(root, path.normalize(pathname));
    return file.startsWith(root + path.sep) ? file : null;
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST' && pathname === CONSOLE_PATH) {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk.slice(0, 4000)));
      req.on('end', () => {
        if (lines.length >= MAX_CONSOLE_LINES) lines.shift();
        lines.push(body.slice(0, 4000));
        send(res, 204, 'text/plain');
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');
    if (pathname === FORWARDER_PATH) {
      pageLoads++;
      return send(res, 200, CONTENT_TYPES['.js'], FORWARDER);
    }
    const file = fileFor(decodeURIComponent(pathname));
    if (!file || !existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'text/plain', 'not found');
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    if (file === path.join(root, 'index.html')) {
      // An external script, so a Content-Security-Policy that forbids inline scripts still allows it.
      const html = readFileSync(file, 'utf8').replace('<head>', `<head><script src="${FORWARDER_PATH}"></script>`);
      return send(res, 200, type, html);
    }
    if (isWorkerScript(file)) return send(res, 200, type, FORWARDER + readFileSync(file, 'utf8'));
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': statSync(file).size, 'Cache-Control': 'no-store', ...headers() });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    consoleLines: () => [...lines],
    pageLoads: () => pageLoads,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
