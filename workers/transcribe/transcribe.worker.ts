// Transcription worker: a comlink shell over `Runner` (runner.ts). It picks the device, loads Whisper with
// progress reports, and wires the VAD worker's port: requests in, acknowledgements out.
import * as Comlink from 'comlink';
import { InterruptableStoppingCriteria } from '@huggingface/transformers';
import type { EventSink, LoadProgress, TranscriberInfo } from '../protocol';
import type { SegmentMessage, TranscriberReply } from '../segment-protocol';
import { allStored, bytesUnder, dropStaleCaches } from '../shared/model-store';
import { observeRuntimeDownload, ortWasmBytes, preferHttpCacheForRuntime } from '../shared/ort-env';
import { progressReporter } from '../shared/progress';
import { createLogger, type Logger } from '../shared/logger';
import { trackWasmMemory, wasmMemoryBytes } from '../shared/wasm-memory';
import manifest from '../../models/manifest.json';
import { chooseDevice } from './device';
import type { Device } from './engine';
import { Runner } from './runner';
import { WhisperEngine } from './whisper';
import type { TranscribeApi, TranscriberInit } from './transcribe-protocol';

trackWasmMemory(); // before onnxruntime makes its heap
preferHttpCacheForRuntime();

let runner: Runner | null = null;
let vad: MessagePort | null = null;

function engineFactory(init: TranscriberInit, events: EventSink, log: Logger) {
  return async (device: Device) => {
    const started = performance.now();
    const emit = (progress: LoadProgress) => events({ type: 'progress', progress });
    const report = progressReporter(init.model, bytesUnder(`${manifest.models[init.model].id}/`), emit);
    // The WebGPU build is this worker's own download (the VAD worker counts the plain one).
    const runtime = device === 'webgpu' ? progressReporter('runtime-webgpu', ortWasmBytes('webgpu'), emit) : null;
    const stopObserving = runtime ? observeRuntimeDownload('webgpu', (loaded) => runtime.file('wasm', loaded)) : () => {};
    let engine: WhisperEngine;
    try {
      engine = await WhisperEngine.create({ model: init.model, device, threads: init.threads, assets: init.assets }, (path, bytes) =>
        report.file(path, bytes),
      );
    } finally {
      stopObserving();
    }
    runtime?.done();
    report.done();
    const threads = engine.threads; // what the runtime runs, not what was asked for
    const asked = threads !== init.threads ? ` (${init.threads} asked)` : '';
    log.info(
      `${init.model} (${engine.dtype}, ${engine.encoder} encoder) ready on ${device} in ${Math.round(performance.now() - started)} ms, ${threads} thread${threads === 1 ? '' : 's'}${asked}`,
    );
    return engine;
  };
}

const api = {
  async init(init, events) {
    const log = createLogger('asr', init.logLevel);
    void dropStaleCaches(); // files of an earlier model version are never read again
    runner = await Runner.create(
      init,
      {
        createEngine: engineFactory(init, events, log),
        events,
        acknowledge: (key) => vad?.postMessage({ type: 'done', key } satisfies TranscriberReply),
        createStop: () => new InterruptableStoppingCriteria(),
        log,
        now: () => performance.now(),
        epochNow: () => performance.timeOrigin + performance.now(),
      },
      await chooseDevice(init.device),
    );
    api.connectVad(init.vad);
  },

  connectVad(port) {
    if (vad !== port) vad?.close();
    vad = port;
    port.onmessage = (e: MessageEvent<SegmentMessage>) => runner?.accept(e.data);
  },

  info: (): TranscriberInfo | null => {
    const info = runner?.info();
    return info ? { ...info, wasmBytes: wasmMemoryBytes() } : null;
  },

  debugClips: () => runner?.debugClips() ?? [],

  modelsStored: allStored,

  async dispose() {
    await runner?.dispose();
    runner = null;
  },
} satisfies TranscribeApi;

Comlink.expose(api);
