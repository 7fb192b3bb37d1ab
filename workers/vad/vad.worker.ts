// VAD worker: reads the capture ring (or a whole file), runs the tiered VAD, cuts segments and hands
// each one to the transcription worker over its MessagePort, by transfer. While speech is open it also
// sends snapshots for partial text: periodically, and at a pause (so the final can be decoded early).
import * as Comlink from 'comlink';
import { RingBuffer } from 'ringbuf.js';
import { ChunkQueue, type SampleReader } from '../capture/chunk-queue';
import type { CaptureBatch } from '../capture/capture-protocol';
import { RING_SAMPLE_RATE, RING_SECONDS } from '../capture/audio-ring';
import {
  deliveryKey,
  type EventSink,
  type LoadProgress,
  type SegmentMessage,
  type SourceId,
  type TimeSpan,
  type TranscriberReply,
  type VadCounters,
} from '../protocol';
import { bytesUnder, loadModelFile } from '../shared/model-store';
import { observeRuntimeDownload, ORT_WASM_BYTES } from '../shared/ort-env';
import type { AssetUrls } from '../shared/asset-urls';
import { progressReporter } from '../shared/progress';
import { FRAME_SAMPLES, type CutAudio, type SegmenterEvent } from './segmenter';
import { SileroVad } from './silero';
import { TieredVad, type TieredVadOptions } from './tiered-vad';
import { mergeCounters } from './counters';
import { createLogger, everyInterval, type Logger, type LogLevel } from '../shared/logger';
import { trackWasmMemory, wasmMemoryBytes } from '../shared/wasm-memory';

trackWasmMemory(); // before onnxruntime makes its heap

const SILERO_PATH = 'silero/silero_vad_v5.onnx';
const POLL_MS = 32;
/** Finals awaiting the transcriber's acknowledgement (≈ minutes of backlog); beyond it the oldest is given up. */
const MAX_UNACKED = 64;

export interface VadInit extends TieredVadOptions {
  transcriber: MessagePort;
  /** Stream time between partial-text snapshots while speech is open; 0 disables them. */
  partialIntervalMs: number;
  logLevel: LogLevel;
  /** Where Silero and the wasm runtime are served from. */
  assets: AssetUrls;
}

interface Stream {
  source: SourceId;
  vad: TieredVad;
  live: boolean;
  /** Id of the open segment: its snapshots and its final share it. */
  openId: number;
  /** Id of the last final sent (a joined segment replaces it). */
  lastFinalId: number | null;
  lastSnapshotMs: number;
  speechStartEpochMs: number;
  /** Files only (a live session is unbounded): every segment the VAD cut, pads included. */
  speech: TimeSpan[] | null;
}

let config: (VadInit & { events: EventSink }) | null = null;
let nextId = 1;
let log: Logger = createLogger('vad');
const summary = everyInterval(60_000);
let segmentsCut = 0;
let modelBytes: ArrayBuffer | null = null;
let live: (Stream & { ring: SampleReader; port: MessagePort | null; timer: ReturnType<typeof setInterval>; busy: Promise<void> | null }) | null = null;
/** Transfer mode's queue (no SharedArrayBuffer); its overruns are reported like the ring's. */
let transferQueue: ChunkQueue | null = null;

/** Live input: the worklet's shared ring, or a port it transfers batches over. */
export type LiveInput = { ring: SharedArrayBuffer } | { port: MessagePort };
const frame = new Float32Array(FRAME_SAMPLES);
let finished: VadCounters = { framesTotal: 0, framesGated: 0, framesModel: 0, speechStartLatencyMs: [], burstsDropped: 0 };

const epochNow = () => performance.timeOrigin + performance.now();

// Finals and end markers are kept until acknowledged, so they are posted by copy (one per segment,
// never per frame); snapshots are disposable and move by transfer.
const unacked = new Map<string, SegmentMessage>();
const resentOnce = new Set<string>();

function send(msg: SegmentMessage, audio?: Float32Array) {
  if (!config) return;
  if (msg.type === 'snapshot') {
    config.transcriber.postMessage(msg, audio ? [audio.buffer] : []);
    return;
  }
  if (unacked.size >= MAX_UNACKED) {
    const [oldest] = unacked.keys();
    unacked.delete(oldest);
    config.events({ type: 'error', where: 'vad', message: 'The transcriber has not answered for a long time; the oldest waiting speech was given up.', fatal: false });
  }
  unacked.set(deliveryKey(msg), msg);
  config.transcriber.postMessage(msg);
}

function listen(port: MessagePort) {
  port.onmessage = (e: MessageEvent<TranscriberReply>) => {
    unacked.delete(e.data.key);
    resentOnce.delete(e.data.key);
  };
}

function snapshot(stream: Stream, cut: CutAudio, reason: 'periodic' | 'pause') {
  stream.lastSnapshotMs = stream.vad.segmenter.timeMs;
  const { startMs, endMs, audio, evidence } = cut; // not the event's own `type`
  send({ type: 'snapshot', reason, speechStartEpochMs: stream.speechStartEpochMs, source: stream.source, id: stream.openId, startMs, endMs, audio, evidence }, audio);
}

function handle(stream: Stream, events: SegmenterEvent[]) {
  const c = config!;
  for (const e of events) {
    switch (e.type) {
      case 'speech-start':
        stream.openId = nextId++;
        stream.lastSnapshotMs = e.atMs;
        stream.speechStartEpochMs = epochNow();
        c.events({ type: 'speech-start', source: stream.source, atMs: e.atMs });
        break;
      case 'pause':
        if (stream.live) snapshot(stream, e, 'pause');
        break;
      case 'segment': {
        const { type: _t, forced, joinsPrevious, ...cut } = e;
        const replaces = joinsPrevious && stream.lastFinalId !== null ? stream.lastFinalId : undefined;
        send({ type: 'segment', eosEpochMs: epochNow(), source: stream.source, id: stream.openId, ...(replaces === undefined ? {} : { replaces }), ...cut }, cut.audio);
        stream.lastFinalId = stream.openId;
        segmentsCut++;
        if (stream.speech) {
          if (replaces !== undefined) stream.speech.pop(); // the joined span covers it
          stream.speech.push({ startMs: cut.startMs, endMs: cut.endMs });
        }
        if (log.enabled('debug')) log.debug(`segment ${stream.openId}: ${Math.round(cut.startMs)}–${Math.round(cut.endMs)} ms, evidence ${cut.evidence.toFixed(2)}${forced ? ', forced cut' : ''}${replaces === undefined ? '' : `, joins segment ${replaces}`}`);
        if (forced) stream.openId = nextId++;
        else c.events({ type: 'speech-end', source: stream.source, atMs: e.endMs });
        break;
      }
      case 'misfire':
        // Counted in the VAD's counters (metrics().vad.burstsDropped).
        if (log.enabled('debug')) log.debug(`dropped an isolated burst at ${Math.round(e.startMs)}–${Math.round(e.endMs)} ms (peak speech probability ${e.peak.toFixed(2)})`);
        break;
      default:
        e satisfies never;
    }
  }
  const interval = c.partialIntervalMs;
  const seg = stream.vad.segmenter;
  // Not while pausing: the pause snapshot is coming, and a periodic decode in flight would delay it.
  if (stream.live && interval > 0 && seg.isSpeaking && !seg.isPausing && seg.timeMs - stream.lastSnapshotMs >= interval) {
    const cut = seg.snapshot();
    if (cut) snapshot(stream, cut, 'periodic');
  }
}

async function newStream(source: SourceId, isLive: boolean): Promise<Stream> {
  if (!config || !modelBytes) throw new Error('The voice detector is not loaded yet.');
  const vad = new TieredVad(await SileroVad.create(modelBytes), config);
  return { source, vad, live: isLive, openId: nextId++, lastFinalId: null, lastSnapshotMs: 0, speechStartEpochMs: 0, speech: isLive ? null : [] };
}

async function finish(stream: Stream): Promise<void> {
  handle(stream, stream.vad.flush());
  finished = mergeCounters(finished, stream.vad.counters);
  await stream.vad.release();
  send({ type: 'end', source: stream.source });
}

async function drain(): Promise<void> {
  if (!live) return;
  while (live.ring.availableRead() >= FRAME_SAMPLES) {
    live.ring.pop(frame, FRAME_SAMPLES);
    handle(live, await live.vad.push(frame));
  }
  const { vad } = live;
  summary(vad.segmenter.timeMs, () => {
    const c = vad.counters;
    log.info(`${Math.round(vad.segmenter.timeMs / 1000)} s listened: ${c.framesTotal} frames, ${Math.round((100 * c.framesGated) / Math.max(1, c.framesTotal))}% gated, ${segmentsCut} segments, ${unacked.size} awaiting text`);
  });
}

function tick() {
  if (!live || live.busy) return;
  const current = live;
  current.busy = drain()
    .catch((err) => config?.events({ type: 'error', where: 'vad', message: `Voice detection failed: ${err?.message ?? err}`, fatal: false }))
    .finally(() => (current.busy = null));
}

const api = {
  /** `events` is a separate argument: comlink proxies callbacks only at the top level. */
  async init(init: VadInit, events: EventSink): Promise<void> {
    config = { ...init, events };
    log = createLogger('vad', init.logLevel);
    listen(init.transcriber);
    const emit = (progress: LoadProgress) => events({ type: 'progress', progress });
    const report = progressReporter('silero-vad', bytesUnder('silero/'), emit);
    // The runtime both workers share: counted here, where onnxruntime-web first starts (the warm-up).
    const runtime = progressReporter('runtime', ORT_WASM_BYTES, emit);
    const stopObserving = observeRuntimeDownload((loaded) => runtime.file('wasm', loaded));
    try {
      modelBytes ??= await loadModelFile(SILERO_PATH, (path, loaded) => report.file(path, loaded), init.assets.models);
      report.done();
      const warm = await newStream('warm-up', false); // compiles once so the first recording starts without a stall
      runtime.done();
      await warm.vad.push(frame);
      await warm.vad.release();
    } finally {
      stopObserving();
    }
  },

  async startLive(source: SourceId, input: LiveInput): Promise<void> {
    if (live) await api.stopLive();
    const stream = await newStream(source, true);
    let ring: SampleReader;
    let port: MessagePort | null = null;
    if ('ring' in input) ring = new RingBuffer(input.ring, Float32Array);
    else {
      const queue = (transferQueue ??= new ChunkQueue(RING_SECONDS * RING_SAMPLE_RATE));
      port = input.port;
      port.onmessage = (e: MessageEvent<CaptureBatch>) => queue.push(e.data.samples);
      ring = queue;
    }
    live = { ...stream, ring, port, timer: setInterval(tick, POLL_MS), busy: null };
  },

  /** Reads what is left in the ring, closes the open segment, and tells the transcriber the source ended. */
  async stopLive(): Promise<void> {
    if (!live) return;
    const current = live;
    clearInterval(current.timer);
    await current.busy;
    await drain();
    current.port?.close();
    live = null;
    await finish(current);
  },

  /** Runs a whole file (16 kHz mono) through the same VAD, faster than real time; returns what it cut as speech. */
  async processFile(source: SourceId, samples: Float32Array): Promise<TimeSpan[]> {
    const stream = await newStream(source, false);
    // A last partial frame (< 32 ms) is left out so segment times never pass the end of the file.
    for (let at = 0; at + FRAME_SAMPLES <= samples.length; at += FRAME_SAMPLES)
      handle(stream, await stream.vad.push(samples.subarray(at, at + FRAME_SAMPLES)));
    await finish(stream);
    return stream.speech ?? [];
  },

  /** A replacement transcriber: everything it has not acknowledged goes to it again (each thing once). */
  connectTranscriber(port: MessagePort): number {
    if (!config) return 0;
    config.transcriber.close();
    config.transcriber = port;
    listen(port);
    let resent = 0;
    for (const [key, msg] of unacked) {
      if (resentOnce.has(key)) {
        unacked.delete(key); // it already took one transcriber down with it
        if (msg.type === 'segment') config.events({ type: 'error', where: 'vad', message: 'One stretch of speech could not be transcribed and was skipped.', fatal: false });
        if (msg.type === 'end') config.events({ type: 'drained', source: msg.source });
        continue;
      }
      resentOnce.add(key);
      port.postMessage(msg);
      resent++;
    }
    return resent;
  },

  /** Transfer mode only: capacity and overruns of the batch queue (shared mode reads the ring's stats SAB). */
  transferStats(): { capacity: number; overruns: number } | null {
    return transferQueue ? { capacity: transferQueue.capacity, overruns: transferQueue.overrunSamples } : null;
  },

  counters(): VadCounters {
    return live ? mergeCounters(finished, live.vad.counters) : finished;
  },

  /** This worker's WebAssembly heaps (Silero's runtime). */
  wasmBytes(): number {
    return wasmMemoryBytes();
  },
};

export type VadApi = typeof api;
Comlink.expose(api);
