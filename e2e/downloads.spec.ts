// What a visitor downloads: a first visit transfers one copy of the onnxruntime-web runtime (the service
// worker's precache reuses the copy the page already fetched) and the model files it loads, nothing more;
// a second visit transfers no wasm and no model bytes. Bytes are counted where they leave the server: a
// small proxy in front of the preview server, through which a real browser profile (with its disk cache,
// as a visitor has) loads the app.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import manifest from '../models/manifest.json' with { type: 'json' };
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config';

interface Transfer {
  path: string;
  status: number;
  bytes: number;
}

let proxy: Server;
let proxyURL = '';
let transfers: Transfer[] = [];
let profile = '';
let context: BrowserContext;

test.beforeAll(async ({ baseURL }) => {
  proxy = createServer(async (req, res) => {
    try {
      const headers = new Headers();
      for (const name of ['if-none-match', 'if-modified-since', 'range', 'service-worker'])
        if (typeof req.headers[name] === 'string') headers.set(name, req.headers[name]);
      const upstream = await fetch(new URL(req.url ?? '/', baseURL), { headers });
      const body = Buffer.from(await upstream.arrayBuffer());
      const out: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(name)) out[name] = value;
      });
      transfers.push({ path: new URL(req.url ?? '/', 'http://x').pathname, status: upstream.status, bytes: body.length });
      res.writeHead(upstream.status, out).end(body);
    } catch {
      res.writeHead(502).end();
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyURL = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  profile = mkdtempSync(path.join(os.tmpdir(), 'earshot-profile-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  // The largest total the load bar shows while loading.
  await context.addInitScript(() => {
    const seen = window as unknown as { loadBarTotal: number };
    seen.loadBarTotal = 0;
    new MutationObserver(() => {
      const total = Number(document.querySelector('[data-testid=load-progress]')?.getAttribute('data-total-bytes') ?? 0);
      seen.loadBarTotal = Math.max(seen.loadBarTotal, total);
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-total-bytes'] });
  });
});

test.afterAll(async () => {
  await context?.close();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  rmSync(profile, { recursive: true, force: true });
});

async function visit(onPage: (page: Page) => Promise<void> = async () => {}): Promise<Page> {
  const page = await context.newPage();
  await onPage(page);
  await page.goto(`${proxyURL}/`);
  await page.waitForFunction(() => 'earshot' in window);
  await page.evaluate(() => window.earshot.ready());
  await expect(page.getByTestId('status')).toHaveText('ready');
  return page;
}

const sum = (list: Transfer[]) => list.reduce((n, t) => n + t.bytes, 0);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const isWasm = (t: Transfer) => t.path.endsWith('.wasm');
const isModel = (t: Transfer) => t.path.startsWith('/models/');

test('a first visit downloads the runtime once; a second visit downloads no runtime or model bytes and compiles no runtime', async () => {
  // Room for one stalled load (retried after 90 s without progress: src/pipeline/pipeline.ts), which this
  // real profile has met on a first visit; the retry reads the runtime and models from the caches.
  test.setTimeout(300_000);
  transfers = [];
  const first = await visit();
  // The service worker installs after the models have loaded; its precache is part of the first visit.
  await first.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 90_000 });
  await first.evaluate(() => navigator.serviceWorker.ready);
  // The models are written to Cache Storage after the load, not during it: "Ready offline" waits for that.
  await expect(first.getByTestId('connection')).toHaveAttribute('data-offline-ready', 'true', { timeout: 60_000 });
  const shown = await first.evaluate(() => (window as unknown as { loadBarTotal: number }).loadBarTotal);
  await first.close();
  const visit1 = transfers;

  const wasm = visit1.filter((t) => isWasm(t) && t.status === 200);
  const models = visit1.filter(isModel);
  console.log(
    `first visit: ${mb(sum(visit1))} in ${visit1.length} responses (runtime ${mb(sum(wasm))} in ${wasm.length}, models ${mb(sum(models))}); ` +
      `the load bar said ${mb(shown)}`,
  );
  expect(wasm).toHaveLength(1); // one copy, not one for the page and one for the precache
  // Only files the manifest lists are fetched, each once, and every file it lists for the loaded models is used.
  const modelPaths = models.filter((t) => t.status === 200).map((t) => t.path.slice('/models/'.length));
  expect(new Set(modelPaths).size).toBe(modelPaths.length);
  // A stock encoder that a build-time edit replaces is only the fallback: not fetched while the edit loads.
  const entries = manifest.files as Record<string, { edit?: { of: string } }>;
  const fallbacks = new Set(Object.values(entries).map((e) => e.edit?.of));
  const expected = Object.keys(entries).filter(
    (p) => (p.startsWith('Xenova/whisper-tiny/') || p.startsWith('silero/')) && !fallbacks.has(p),
  );
  expect(modelPaths.sort()).toEqual(expected.sort());
  // The load bar's total is what really crosses the network for the runtime and the models.
  expect(shown).toBe(sum(wasm) + sum(models));

  // The second visit also finds the machine code Chrome compiled from the runtime on the first (kept beside
  // its HTTP cache entry: ort-env.ts `preferHttpCacheForRuntime`) instead of compiling the 14 MB again.
  transfers = [];
  const seen: string[] = [];
  let stopTracing = async () => {};
  const second = await visit(async (page) => {
    const cdp = await context.newCDPSession(page);
    cdp.on('Tracing.dataCollected', (e) => {
      for (const event of e.value as Array<{ name: string }>) if (event.name.startsWith('v8.wasm.')) seen.push(event.name);
    });
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', {
      traceConfig: { includedCategories: ['-*', 'disabled-by-default-devtools.timeline'] },
      transferMode: 'ReportEvents',
    });
    stopTracing = async () => {
      await cdp.send('Tracing.end');
      await complete;
    };
  });
  await stopTracing();
  await second.close();
  const visit2 = transfers;
  const hits = seen.filter((n) => n === 'v8.wasm.moduleCacheHit').length;
  console.log(
    `second visit: ${mb(sum(visit2))} in ${visit2.length} responses: ${visit2.map((t) => `${t.path} ${t.status}`).join(', ')}; ` +
      `the compiled runtime came from the cache ${hits} time(s)`,
  );
  expect(visit2.filter((t) => isWasm(t) || isModel(t)).filter((t) => t.bytes > 0)).toEqual([]);
  expect(hits).toBeGreaterThan(0);
});
