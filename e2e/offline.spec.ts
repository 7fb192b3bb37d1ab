import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { wer } from '../src/eval/wer';
import { finalText, fixture, LIVE_CLIP_MAX_WER, openApp, useFakeMic } from './helpers';

const utterance = fixture('lj_LJ001_0004.wav');
useFakeMic(utterance.file);

test.describe('installable, offline app', () => {
  test('"Ready offline" shows once the app and model are stored; from then a reload with the network off still transcribes', async ({
    page,
    context,
  }) => {
    await openApp(page);
    await expect(page.getByTestId('status')).toHaveText('ready');
    const badge = page.getByTestId('connection');
    await expect(badge).toHaveAttribute('data-offline-ready', 'true', { timeout: 90_000 });
    await expect(badge).toHaveText('Ready offline');
    // From here nothing waits for the service worker: the badge's word is enough to go offline.

    // The shell and onnxruntime-web are precached; the model files live once, in the model store's cache.
    const caches = await page.evaluate(async () => {
      const urls: Record<string, string[]> = {};
      for (const name of await globalThis.caches.keys())
        urls[name] = (await (await globalThis.caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
      return urls;
    });
    const precache = Object.entries(caches).find(([name]) => name.includes('precache'))?.[1] ?? [];
    const models = Object.entries(caches).find(([name]) => name.startsWith('earshot-models-'))?.[1] ?? [];
    expect(precache).toContain('/index.html');
    // The plain runtime only: Whisper runs on wasm here, so the WebGPU build is never fetched or kept.
    expect(precache.filter((p) => /^\/assets\/ort-wasm-simd-threaded-[\w-]+\.wasm$/.test(p))).toHaveLength(1);
    expect(precache.filter((p) => p.includes('asyncify') && p.endsWith('.wasm'))).toEqual([]);
    expect(Object.keys(caches)).not.toContain('earshot-runtime-webgpu');
    expect(precache.filter((p) => p.startsWith('/models/'))).toEqual([]);
    expect(models).toContain('/models/Xenova/whisper-tiny/onnx/encoder_model_quantized_short_context.onnx');
    expect(models).not.toContain('/models/Xenova/whisper-tiny/onnx/encoder_model_quantized.onnx'); // only the fallback
    expect(models).toContain('/models/Xenova/whisper-tiny/onnx/decoder_model_merged_quantized_last_logits.onnx');
    expect(models).not.toContain('/models/Xenova/whisper-tiny/onnx/decoder_model_merged_quantized.onnx');
    expect(models).toContain('/models/silero/silero_vad_v5.onnx');

    // Installable: Chromium finds no manifest or installability errors (icons included).
    const cdp = await context.newCDPSession(page);
    const { errors: manifestErrors } = (await cdp.send('Page.getAppManifest')) as { errors: unknown[] };
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
      installabilityErrors: Array<{ errorId: string }>;
    };
    expect(manifestErrors).toEqual([]);
    // Playwright's contexts are incognito, which alone blocks installing; anything else would be the app's fault.
    expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
    // Left attached, this session kept navigator.onLine true through the offline reload below (the badge stayed
    // "Ready offline"); detached, the page goes offline as the context says.
    await cdp.detach();

    // Paths the service worker does not know still reach the network (here: the test's own route).
    const fixtureType = await page.evaluate(() => fetch('/__fixtures__/lj_LJ001_0004.wav').then((r) => r.headers.get('content-type')));
    expect(fixtureType).toBe('audio/wav');

    await context.setOffline(true);
    const probe = () =>
      fetch(`/not-cached-${Date.now()}`).then(
        () => 'reached',
        () => 'unreachable',
      );
    expect(await page.evaluate(probe)).toBe('unreachable');

    await page.reload();
    await page.waitForFunction(() => 'earshot' in window);
    await page.evaluate(() => window.earshot.ready());
    await expect(page.getByTestId('status')).toHaveText('ready');
    await expect(badge).toHaveText('Offline — works without a network');
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.evaluate(probe)).toBe('unreachable'); // still offline

    const record = page.getByTestId('record');
    await record.click();
    await expect(page.getByTestId('status')).toHaveText('listening');
    await page.waitForTimeout(utterance.duration_s * 1000 + 1500);
    await record.click();
    await expect(page.getByTestId('status')).toHaveText('stopped');

    const text = await finalText(page);
    const score = wer(utterance.text, text);
    console.log(`offline: WER ${score.toFixed(3)} — "${text}"`);
    expect(score).toBeLessThanOrEqual(LIVE_CLIP_MAX_WER);
  });

  test.describe('on a plain static host (no isolation headers)', () => {
    let host: Server;
    let hostURL = '';
    let deployed = ''; // set to publish a "new version": a service worker that differs by one comment

    // Proxies the app, dropping COOP/COEP/CORP: what a plain static host serves.
    test.beforeAll(async ({ baseURL }) => {
      host = createServer(async (req, res) => {
        try {
          const upstream = await fetch(new URL(req.url ?? '/', baseURL));
          const headers: Record<string, string> = {};
          for (const name of ['content-type', 'cache-control', 'last-modified'])
            if (upstream.headers.has(name)) headers[name] = upstream.headers.get(name)!;
          let body = Buffer.from(await upstream.arrayBuffer());
          if (req.url === '/sw.js' && deployed) body = Buffer.concat([body, Buffer.from(`\n// ${deployed}\n`)]);
          res.writeHead(upstream.status, headers).end(body);
        } catch {
          res.writeHead(502).end();
        }
      });
      await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
      hostURL = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    });
    test.afterAll(() => new Promise<void>((resolve) => host.close(() => resolve())));

    test('the service worker makes the page cross-origin isolated after one reload; a new version is applied with exactly one more', async ({
      page,
    }) => {
      // Each page load appends whether it was isolated: Y or N.
      await page.addInitScript(() => {
        sessionStorage.setItem('isolation-log', (sessionStorage.getItem('isolation-log') ?? '') + (crossOriginIsolated ? 'Y' : 'N'));
      });
      let loads = 0;
      page.on('load', () => loads++);
      const first = await fetch(`${hostURL}/`);
      expect(first.headers.get('cross-origin-embedder-policy')).toBeNull();

      await page.goto(`${hostURL}/`);
      await expect
        .poll(() => page.evaluate(() => sessionStorage.getItem('isolation-log')).catch(() => null), { timeout: 90_000 })
        .toBe('NY');
      await page.waitForFunction(() => 'earshot' in window);
      await page.evaluate(() => window.earshot.ready());
      await expect(page.getByTestId('status')).toHaveText('ready');
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      await page.waitForTimeout(1000);
      expect(await page.evaluate(() => sessionStorage.getItem('isolation-log'))).toBe('NY'); // no further reloads
      expect(loads).toBe(2);

      // A new deploy: offered, and applied with one reload that stays isolated.
      const settled = () => page.evaluate(() => crossOriginIsolated && navigator.serviceWorker.controller !== null && 'earshot' in window);
      const prompt = page.getByTestId('update-prompt');
      await expect(prompt).toHaveCount(0);
      deployed = 'next version';
      await page.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration())!.update();
      });
      await expect(prompt).toBeVisible();
      await expect(prompt).toContainText('new version');
      await prompt.getByRole('button', { name: 'Reload' }).click();
      await expect.poll(() => loads).toBe(3);
      await expect.poll(() => settled().catch(() => false)).toBe(true);
      expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting)).toBeNull();
      await expect(prompt).toHaveCount(0);
      await page.waitForTimeout(2000);
      expect(loads).toBe(3); // and no loop
      expect(await page.evaluate(() => sessionStorage.getItem('isolation-log'))).toBe('NYY');
    });
  });
});
