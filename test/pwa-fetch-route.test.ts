import { describe, expect, it } from 'vitest';
import { onDemandRuntimeUrl, precachedUrlFor, servedAsStored, type RouteRequest } from '../src/pwa/fetch-route';

const SCOPE = 'https://earshot.example/';
const PRECACHED = new Set([
  'https://earshot.example/index.html',
  'https://earshot.example/assets/index-abc.js',
  'https://earshot.example/assets/ort-wasm-simd-threaded-DxP1Qo7a.wasm',
]);
const isPrecached = (url: string) => PRECACHED.has(url);
const get = (url: string, mode: RequestMode = 'cors'): RouteRequest => ({ method: 'GET', url, mode });

describe('precachedUrlFor', () => {
  it('answers navigations to the app, with or without settings in the query, with index.html', () => {
    for (const url of [
      'https://earshot.example/',
      'https://earshot.example/?model=whisper-base&device=wasm',
      'https://earshot.example/index.html#x',
    ])
      expect(precachedUrlFor(get(url, 'navigate'), SCOPE, isPrecached)).toBe('https://earshot.example/index.html');
  });

  it('answers precached assets, ignoring a query string', () => {
    expect(precachedUrlFor(get('https://earshot.example/assets/index-abc.js'), SCOPE, isPrecached)).toBe(
      'https://earshot.example/assets/index-abc.js',
    );
    expect(
      precachedUrlFor(get('https://earshot.example/assets/ort-wasm-simd-threaded-DxP1Qo7a.wasm?v=1', 'same-origin'), SCOPE, isPrecached),
    ).toBe('https://earshot.example/assets/ort-wasm-simd-threaded-DxP1Qo7a.wasm');
  });

  it('leaves everything else to the network', () => {
    const untouched: RouteRequest[] = [
      get('https://earshot.example/models/Xenova/whisper-tiny/config.json'), // the model store caches these
      get('https://earshot.example/__fixtures__/a.wav'), // unknown paths
      get('https://earshot.example/assets/index-old.js'), // an asset this version does not have
      get('https://earshot.example/other-page', 'navigate'),
      get('https://cdn.example/assets/index-abc.js'), // another origin
      { method: 'POST', url: 'https://earshot.example/assets/index-abc.js', mode: 'cors' },
      // the runtime asking for the browser's HTTP cache first (workers/shared/ort-env.ts)
      { ...get('https://earshot.example/assets/ort-wasm-simd-threaded-DxP1Qo7a.wasm'), cache: 'force-cache' },
    ];
    for (const request of untouched) expect(precachedUrlFor(request, SCOPE, isPrecached)).toBeNull();
  });

  it('respects a scope below the origin root', () => {
    const scope = 'https://host.example/earshot/';
    const precached = (url: string) => url === 'https://host.example/earshot/assets/a.js';
    expect(precachedUrlFor(get('https://host.example/earshot/', 'navigate'), scope, precached)).toBe(
      'https://host.example/earshot/index.html',
    );
    expect(precachedUrlFor(get('https://host.example/', 'navigate'), scope, precached)).toBeNull();
    expect(precachedUrlFor(get('https://host.example/earshot/assets/a.js'), scope, precached)).toBe(
      'https://host.example/earshot/assets/a.js',
    );
  });
});

describe('onDemandRuntimeUrl', () => {
  const GPU = 'https://earshot.example/assets/ort-wasm-simd-threaded.asyncify-CxOG5pUO.wasm';

  it('picks out the WebGPU build of the runtime, ignoring a query string', () => {
    expect(onDemandRuntimeUrl(get(GPU, 'same-origin'), SCOPE)).toBe(GPU);
    expect(onDemandRuntimeUrl(get(`${GPU}?v=2`), SCOPE)).toBe(GPU);
    expect(
      onDemandRuntimeUrl(
        get('https://host.example/earshot/assets/ort-wasm-simd-threaded.asyncify-a1.wasm'),
        'https://host.example/earshot/',
      ),
    ).toBe('https://host.example/earshot/assets/ort-wasm-simd-threaded.asyncify-a1.wasm');
  });

  it('leaves the precached plain build, other files, origins and methods alone', () => {
    const untouched: RouteRequest[] = [
      get('https://earshot.example/assets/ort-wasm-simd-threaded-DxP1Qo7a.wasm'), // precached instead
      get('https://earshot.example/assets/ort-wasm-simd-threaded.asyncify-CxOG5pUO.mjs'), // precached with the shell
      get('https://earshot.example/models/Xenova/whisper-tiny/onnx/decoder_model_merged_quantized.onnx'),
      get('https://cdn.example/assets/ort-wasm-simd-threaded.asyncify-CxOG5pUO.wasm'),
      get('https://host.example/assets/ort-wasm-simd-threaded.asyncify-a1.wasm'), // outside the scope below
      { method: 'POST', url: GPU, mode: 'cors' },
      get(GPU, 'navigate'),
    ];
    for (const request of untouched)
      expect(
        onDemandRuntimeUrl(request, request.url.startsWith('https://host.example') ? 'https://host.example/earshot/' : SCOPE),
      ).toBeNull();
  });
});

describe('servedAsStored', () => {
  it('hands the runtime builds over as stored, so the browser finds the code it compiled from them', () => {
    expect(servedAsStored('https://earshot.example/assets/ort-wasm-simd-threaded-DxP1Qo7a.wasm')).toBe(true);
    expect(servedAsStored('https://earshot.example/assets/ort-wasm-simd-threaded.asyncify-Ab1.wasm')).toBe(true);
  });

  it('gives pages, scripts and everything else the app headers', () => {
    for (const url of [
      'https://earshot.example/index.html',
      'https://earshot.example/assets/index-abc.js',
      'https://earshot.example/assets/ort-wasm-simd-threaded-BQJNh0bu.mjs',
      'https://earshot.example/assets/index-abc.css',
      'https://earshot.example/assets/a.wasm.js',
    ])
      expect(servedAsStored(url), url).toBe(false);
  });
});
