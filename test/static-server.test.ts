import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper of the benches
import { fileRoutes, ISOLATION_HEADERS as benchHeaders } from '../bench/lib/static-server.mjs';
import { ISOLATION_HEADERS } from '../src/pwa/isolation-headers';

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

describe('bench static server', () => {
  it("sends the app's isolation headers", () => {
    expect(benchHeaders).toEqual(ISOLATION_HEADERS);
  });

  it('serves only the files its resolver names, isolated, and passes other paths on', async () => {
    let handler: Handler | null = null;
    const fixture = path.resolve('e2e/fixtures/ps_goforward.wav');
    fileRoutes('test', '/__t__/', (rest: string) => (rest === 'a.wav' ? fixture : null)).configurePreviewServer({
      middlewares: { use: (h: Handler) => (handler = h) },
    });
    const server = createServer((req, res) =>
      handler!(req, res, () => {
        res.statusCode = 418;
        res.end();
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ok = await fetch(`${base}/__t__/a.wav?x=1`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('audio/wav');
      expect(ok.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect((await ok.arrayBuffer()).byteLength).toBeGreaterThan(44);
      expect((await fetch(`${base}/__t__/..%2Fpackage.json`)).status).toBe(404);
      expect((await fetch(`${base}/elsewhere`)).status).toBe(418);
    } finally {
      server.close();
    }
  });
});
