// VAD worker: reads the capture ring (or a whole file), runs the tiered VAD, cuts segments and hands
// each one to the transcription worker over its MessagePort, by transfer.
import * as Comlink from 'comlink';
import { RingBuffer } from 'ringbuf.js';
import type { EventSink, SegmentMessage, SourceId, VadCounters } from '../protocol';
import { loadModelFile } from '../shared/model-store';
import { progressReporter } from '../shared/progress';
import type { EnergyGateOptions } from './energy-gate';
import { FRAME_SAMPLES, type SegmenterEvent, type SegmenterOptions } from './segmenter';
import { SileroVad } from './silero';
import { TieredVad } from './tiered-vad';

const SILERO_PATH = 'silero/silero_vad_v5.onnx';
const POLL_MS = 32;

export interface VadInit {
  transcriber: MessagePort;
  segmenter: Partial<SegmenterOptions>;
  gate?: EnergyGateOptions;
}

let config: (VadInit & { events: EventSink }) | null = null;
let segmentId = 0;
let modelBytes: ArrayBuffer | null = null;
let live: { source: SourceId; ring: RingBuffer; vad: TieredVad; timer: ReturnType<typeof setInterval>; busy: Promise<void> | null } | null = null;
const frame = new Float32Array(FRAME_SAMPLES);
const totals: VadCounters = { framesTotal: 0, framesGated: 0, framesModel: 0, speechStartLatencyMs: [] };

function emit(source: SourceId, events: SegmenterEvent[]) {
  if (!config) return;
  for (const e of events) {
    if (e.type === 'speech-start') config.events({ type: 'speech-start', source, atMs: e.atMs });
    if (e.type !== 'segment') continue;
    const msg: SegmentMessage = {
      type: 'segment', source, id: segmentId++, startMs: e.startMs, endMs: e.endMs,
      eosEpochMs: performance.timeOrigin + performance.now(), audio: e.audio,
    };
    config.events({ type: 'speech-end', source, atMs: e.endMs });
    config.transcriber.postMessage(msg, [e.audio.buffer]);
  }
}

async function newVad(): Promise<TieredVad> {
  if (!config || !modelBytes) throw new Error('The voice detector is not loaded yet.');
  return new TieredVad(await SileroVad.create(modelBytes), config.segmenter, config.gate);
}

function addCounters(vad: TieredVad) {
  const c = vad.counters;
  totals.framesTotal += c.framesTotal;
  totals.framesGated += c.framesGated;
  totals.framesModel += c.framesModel;
  totals.speechStartLatencyMs = [...totals.speechStartLatencyMs, ...c.speechStartLatencyMs].slice(-256);
}

async function drain(): Promise<void> {
  if (!live) return;
  const { ring, vad, source } = live;
  while (ring.availableRead() >= FRAME_SAMPLES) {
    ring.pop(frame, FRAME_SAMPLES);
    emit(source, await vad.push(frame));
  }
}

function tick() {
  if (live && !live.busy) {
    const current = live;
    current.busy = drain()
      .catch((err) => config?.events({ type: 'error', where: 'vad', message: String(err?.message ?? err), fatal: false }))
      .finally(() => (current.busy = null));
  }
}

const api = {
  /** `events` is a separate argument: comlink proxies callbacks only at the top level. */
  async init(init: VadInit, events: EventSink): Promise<void> {
    config = { ...init, events };
    const report = progressReporter('silero-vad', 0, (progress) => events({ type: 'progress', progress }));
    modelBytes ??= await loadModelFile(SILERO_PATH);
    report.done();
    const warm = await newVad(); // compiles the session once so the first recording starts without a stall
    await warm.push(frame);
    await warm.release();
  },

  async startLive(source: SourceId, ringBuffer: SharedArrayBuffer): Promise<void> {
    if (live) await api.stopLive();
    const vad = await newVad();
    live = { source, ring: new RingBuffer(ringBuffer, Float32Array), vad, timer: setInterval(tick, POLL_MS), busy: null };
  },

  /** Reads what is left in the ring, closes the open segment, and tells the transcriber the source ended. */
  async stopLive(): Promise<void> {
    if (!live) return;
    const current = live;
    clearInterval(current.timer);
    await current.busy;
    await drain();
    emit(current.source, current.vad.flush());
    addCounters(current.vad);
    await current.vad.release();
    live = null;
    config?.transcriber.postMessage({ type: 'end', source: current.source } satisfies SegmentMessage);
  },

  /** Runs a whole file (16 kHz mono) through the same VAD, faster than real time. */
  async processFile(source: SourceId, samples: Float32Array): Promise<void> {
    const vad = await newVad();
    for (let at = 0; at + FRAME_SAMPLES <= samples.length; at += FRAME_SAMPLES)
      emit(source, await vad.push(samples.subarray(at, at + FRAME_SAMPLES)));
    emit(source, vad.flush());
    addCounters(vad);
    await vad.release();
    config?.transcriber.postMessage({ type: 'end', source } satisfies SegmentMessage);
  },

  counters(): VadCounters {
    const c = live?.vad.counters;
    return c
      ? { framesTotal: totals.framesTotal + c.framesTotal, framesGated: totals.framesGated + c.framesGated,
          framesModel: totals.framesModel + c.framesModel, speechStartLatencyMs: [...totals.speechStartLatencyMs, ...c.speechStartLatencyMs].slice(-256) }
      : totals;
  },
};

export type VadApi = typeof api;
Comlink.expose(api);
