// VAD worker: a comlink shell over `VadCore` (vad-core.ts). It loads Silero, turns the live input (the
// capture ring, or batches over a port) into a `SampleReader`, polls it, and wires the transcriber's port
// to `Delivery` (delivery.ts).
import * as Comlink from 'comlink';
import { RingBuffer } from 'ringbuf.js';
import { ChunkQueue, type SampleReader } from '../capture/chunk-queue';
import type { CaptureBatch } from '../capture/capture-protocol';
import { RING_SAMPLE_RATE, RING_SECONDS } from '../capture/audio-ring';
import type { TranscriberReply } from '../segment-protocol';
import type { LoadProgress } from '../protocol';
import { allStored, bytesUnder, loadModelFile } from '../shared/model-store';
import { absoluteWasmPaths, observeRuntimeDownload, ortWasmBytes, preferHttpCacheForRuntime } from '../shared/ort-env';
import { progressReporter } from '../shared/progress';
import { createLogger } from '../shared/logger';
import { trackWasmMemory, wasmMemoryBytes } from '../shared/wasm-memory';
import { SileroVad } from './silero';
import { Delivery } from './delivery';
import { VadCore } from './vad-core';
import { emptyCounters } from './counters';
import type { VadApi } from './vad-protocol';

trackWasmMemory(); // before onnxruntime makes its heap
preferHttpCacheForRuntime();

const SILERO_PATH = 'silero/silero_vad_v5.onnx';
const POLL_MS = 32;

let core: VadCore | null = null;
let delivery: Delivery | null = null;
let transcriber: MessagePort | null = null;
let modelBytes: ArrayBuffer | null = null;
let live: { port: MessagePort | null; timer: ReturnType<typeof setInterval> } | null = null;
/** Transfer mode's queue (no SharedArrayBuffer); its overruns are reported like the ring's. */
let transferQueue: ChunkQueue | null = null;

function listen(port: MessagePort) {
  transcriber = port;
  port.onmessage = (e: MessageEvent<TranscriberReply>) => delivery?.acknowledge(e.data.key);
}

function loaded(): VadCore {
  if (!core) throw new Error('The voice detector is not loaded yet.');
  return core;
}

const api = {
  async init(init, events) {
    const log = createLogger('vad', init.logLevel);
    const { transcriber: port, partialIntervalMs, assets, logLevel: _l, ...vad } = init;
    delivery = new Delivery(port, events, log);
    listen(port);
    const emit = (progress: LoadProgress) => events({ type: 'progress', progress });
    const report = progressReporter('silero-vad', bytesUnder('silero/'), emit);
    // The plain runtime, which Whisper on the CPU shares: counted here, where onnxruntime-web first starts
    // (the warm-up). The transcription worker counts the WebGPU build when it needs that one.
    const runtime = progressReporter('runtime', ortWasmBytes('cpu'), emit);
    const stopObserving = observeRuntimeDownload('cpu', (loaded) => runtime.file('wasm', loaded));
    try {
      modelBytes ??= await loadModelFile(SILERO_PATH, (path, loaded) => report.file(path, loaded), assets.models);
      report.done();
      const bytes = modelBytes;
      core = new VadCore(
        { ...vad, partialIntervalMs },
        {
          createModel: () => SileroVad.create(bytes, absoluteWasmPaths('cpu')),
          delivery,
          events,
          log,
          epochNow: () => performance.timeOrigin + performance.now(),
        },
      );
      await core.warmUp(); // compiles once so the first recording starts without a stall
      runtime.done();
    } finally {
      stopObserving();
    }
  },

  async startLive(source, input) {
    if (live) await api.stopLive();
    let reader: SampleReader;
    let port: MessagePort | null = null;
    if ('ring' in input) reader = new RingBuffer(input.ring, Float32Array);
    else {
      const queue = (transferQueue ??= new ChunkQueue(RING_SECONDS * RING_SAMPLE_RATE));
      port = input.port;
      port.onmessage = (e: MessageEvent<CaptureBatch>) => queue.push(e.data.samples);
      reader = queue;
    }
    const current = loaded();
    await current.startLive(source, reader);
    live = { port, timer: setInterval(() => current.poll(), POLL_MS) };
  },

  async stopLive() {
    if (!live) return;
    clearInterval(live.timer);
    const { port } = live;
    live = null;
    await loaded().stopLive();
    port?.close();
  },

  processFile: (source, samples) => loaded().processFile(source, samples),

  connectTranscriber(port) {
    if (!delivery) return 0;
    transcriber?.close();
    listen(port);
    return delivery.reconnect(port);
  },

  transferStats() {
    return transferQueue ? { capacity: transferQueue.capacity, overruns: transferQueue.overrunSamples } : null;
  },

  counters: () => core?.counters() ?? emptyCounters(),

  wasmBytes: () => wasmMemoryBytes(),
  modelsStored: allStored,
} satisfies VadApi;

Comlink.expose(api);
