// Transcription worker: segments arrive from the VAD worker's port; one model call at a time; finals go
// to the main thread. A final is never dropped.
import * as Comlink from 'comlink';
import type { DevicePreference, EventSink, ModelName, SegmentMessage, SegmentMetrics, TranscriberInfo } from '../protocol';
import { bytesUnder } from '../shared/model-store';
import { progressReporter } from '../shared/progress';
import manifest from '../../models/manifest.json';
import { isNonSpeech } from './decode-policy';
import { chooseDevice } from './device';
import { WhisperEngine } from './whisper';

export interface TranscriberInit {
  vad: MessagePort;
  model: ModelName;
  device: DevicePreference;
  language: string;
  threads: number;
}

const MAX_QUEUE = 512; // ≈ hours of backlog; beyond it the pipeline is broken, not slow
const MAX_METRICS = 256;

let config: (TranscriberInit & { events: EventSink }) | null = null;
let engine: WhisperEngine | null = null;
let modelLoadMs = 0;
const queue: Array<{ msg: SegmentMessage; arrived: number }> = [];
let running = false;
const segments: SegmentMetrics[] = [];
let audioMsTotal = 0;
let inferMsTotal = 0;

async function load(device: 'webgpu' | 'wasm'): Promise<WhisperEngine> {
  const c = config!;
  const started = performance.now();
  const report = progressReporter(c.model, bytesUnder(`${manifest.models[c.model].id}/`), (progress) =>
    c.events({ type: 'progress', progress }),
  );
  const loaded = await WhisperEngine.load({ model: c.model, device, threads: c.threads }, (path, bytes) => report.file(path, bytes));
  report.done();
  modelLoadMs = performance.now() - started;
  return loaded;
}

async function transcribe(audio: Float32Array) {
  try {
    return await engine!.transcribe(audio, config!.language);
  } catch (err) {
    if (engine?.options.device !== 'webgpu') throw err;
    // Lost or failing GPU: carry on on the CPU and re-run this segment.
    config!.events({ type: 'error', where: 'transcribe', message: 'The GPU stopped working; transcription continues on the CPU (slower).', fatal: false });
    await engine.dispose().catch(() => undefined);
    engine = await load('wasm');
    return engine.transcribe(audio, config!.language);
  }
}

async function handle(msg: SegmentMessage, arrived: number): Promise<void> {
  const c = config!;
  if (msg.type === 'end') {
    c.events({ type: 'drained', source: msg.source });
    return;
  }
  const queueMs = performance.now() - arrived;
  const audioMs = (msg.audio.length / 16000) * 1000;
  const result = await transcribe(msg.audio);
  const metrics: SegmentMetrics = {
    audioMs, queueMs, inferMs: result.inferMs, tokens: result.tokens,
    eosToFinalMs: performance.timeOrigin + performance.now() - msg.eosEpochMs,
  };
  audioMsTotal += audioMs;
  inferMsTotal += result.inferMs;
  if (segments.length >= MAX_METRICS) segments.shift();
  segments.push(metrics);
  if (isNonSpeech(result.text)) return;
  c.events({ type: 'final', source: msg.source, id: msg.id, text: result.text, startMs: msg.startMs, endMs: msg.endMs, metrics });
}

async function pump(): Promise<void> {
  if (running) return;
  running = true;
  try {
    while (queue.length) {
      const { msg, arrived } = queue.shift()!;
      try {
        await handle(msg, arrived);
      } catch (err) {
        config?.events({ type: 'error', where: 'transcribe', message: `Transcription failed: ${(err as Error)?.message ?? err}`, fatal: false });
      }
    }
  } finally {
    running = false;
  }
}

const api = {
  /** `events` is a separate argument: comlink proxies callbacks only at the top level. */
  async init(init: TranscriberInit, events: EventSink): Promise<void> {
    config = { ...init, events };
    engine = await load(await chooseDevice(init.device));
    init.vad.onmessage = (e: MessageEvent<SegmentMessage>) => {
      if (queue.length >= MAX_QUEUE) {
        events({ type: 'error', where: 'transcribe', message: 'Transcription is falling behind; some audio was skipped.', fatal: false });
        return;
      }
      queue.push({ msg: e.data, arrived: performance.now() });
      void pump();
    };
  },

  info(): TranscriberInfo {
    return {
      device: engine?.options.device ?? 'wasm',
      dtype: engine?.dtype ?? '',
      model: config?.model ?? 'whisper-tiny',
      modelLoadMs,
      segments: [...segments],
      rtf: audioMsTotal ? inferMsTotal / audioMsTotal : 0,
    };
  },

  async dispose(): Promise<void> {
    await engine?.dispose();
    engine = null;
  },
};

export type TranscribeApi = typeof api;
Comlink.expose(api);
