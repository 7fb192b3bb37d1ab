import { afterEach, describe, expect, it, vi } from 'vitest';
import { absoluteWasmPaths, preferHttpCacheForRuntime } from '../workers/shared/ort-env';

const WORKER = 'https://earshot.example/assets/vad.worker-abc.js';

/**
 * A worker global whose fetch models the browser: `force-cache` answers from `httpCache`, else from the
 * network (which fails when offline); any other request reaches the service worker, which has the precache.
 */
function workerScope(httpCache: Set<string>, online: boolean) {
  const calls: Array<{ url: string; cache: RequestCache | undefined }> = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, cache: init?.cache });
    if (init?.cache === 'force-cache') {
      if (httpCache.has(url)) return new Response('http cache');
      if (!online) throw new TypeError('Failed to fetch');
      return new Response('network');
    }
    return new Response('service worker');
  });
  vi.stubGlobal('self', { location: { href: WORKER }, fetch });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

/** The runtime build's URL as the worker at WORKER resolves it. */
function runtimeUrl(flavour: 'cpu' | 'webgpu'): string {
  vi.stubGlobal('self', { location: { href: WORKER } });
  return absoluteWasmPaths(flavour).wasm;
}

describe('preferHttpCacheForRuntime', () => {
  it("takes the runtime's wasm from the HTTP cache when it has it", async () => {
    const wasm = runtimeUrl('cpu');
    const calls = workerScope(new Set([wasm]), false);
    preferHttpCacheForRuntime();
    expect(await (await self.fetch(wasm, { credentials: 'same-origin' })).text()).toBe('http cache');
    expect(calls).toEqual([{ url: wasm, cache: 'force-cache' }]);
  });

  it('downloads it once when the cache does not have it (a first visit)', async () => {
    const wasm = runtimeUrl('webgpu');
    const calls = workerScope(new Set(), true);
    preferHttpCacheForRuntime();
    expect(await (await self.fetch(wasm)).text()).toBe('network');
    expect(calls).toHaveLength(1);
  });

  it("leaves it to the service worker's precache when neither the cache nor the network has it", async () => {
    const wasm = runtimeUrl('cpu');
    const calls = workerScope(new Set(), false);
    preferHttpCacheForRuntime();
    expect(await (await self.fetch(wasm)).text()).toBe('service worker');
    expect(calls.map((c) => c.cache)).toEqual(['force-cache', undefined]);
  });

  it('leaves every other request alone', async () => {
    const model = 'https://earshot.example/models/silero/silero_vad_v5.onnx';
    const calls = workerScope(new Set([model]), true);
    preferHttpCacheForRuntime();
    expect(await (await self.fetch(model)).text()).toBe('service worker');
    expect(calls).toEqual([{ url: model, cache: undefined }]);
  });
});
