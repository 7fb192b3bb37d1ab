import { afterEach, describe, expect, it, vi } from 'vitest';
import { absoluteWasmPaths, preferHttpCacheForRuntime } from '../workers/shared/ort-env';

const WORKER = 'https://earshot.example/assets/vad.worker-abc.js';

/** A worker global whose fetch answers from `httpCache` for `only-if-cached` and from the "network" otherwise. */
function workerScope(httpCache: Set<string>) {
  const calls: Array<{ url: string; cache: RequestCache | undefined }> = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, cache: init?.cache });
    if (init?.cache === 'only-if-cached') {
      if (init.mode !== 'same-origin') throw new TypeError('only-if-cached needs same-origin');
      if (!httpCache.has(url)) throw new TypeError('Failed to fetch');
      return new Response('cached', { status: 200 });
    }
    return new Response('network', { status: 200 });
  });
  vi.stubGlobal('self', { location: { href: WORKER }, fetch });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe('preferHttpCacheForRuntime', () => {
  it("takes the runtime's wasm from the HTTP cache when it is there, without the network", async () => {
    workerScope(new Set());
    const wasm = absoluteWasmPaths('cpu').wasm;
    const calls = workerScope(new Set([wasm]));
    preferHttpCacheForRuntime();
    const response = await self.fetch(wasm, { credentials: 'same-origin' });
    expect(await response.text()).toBe('cached');
    expect(calls).toEqual([{ url: wasm, cache: 'only-if-cached' }]);
  });

  it('fetches as usual when the HTTP cache does not have it (a first visit, an evicted entry)', async () => {
    const calls = workerScope(new Set());
    const wasm = absoluteWasmPaths('webgpu').wasm;
    preferHttpCacheForRuntime();
    expect(await (await self.fetch(wasm)).text()).toBe('network');
    expect(calls.map((c) => c.cache)).toEqual(['only-if-cached', undefined]);
  });

  it('leaves every other request alone', async () => {
    const calls = workerScope(new Set(['https://earshot.example/models/silero/silero_vad_v5.onnx']));
    preferHttpCacheForRuntime();
    expect(await (await self.fetch('https://earshot.example/models/silero/silero_vad_v5.onnx')).text()).toBe('network');
    expect(calls).toEqual([{ url: 'https://earshot.example/models/silero/silero_vad_v5.onnx', cache: undefined }]);
  });
});
