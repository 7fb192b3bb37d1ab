// Workers → main: `PipelineEvent` through a comlink-proxied callback, and the value types every boundary shares.
// One protocol module per boundary, each imported by both ends (ARCHITECTURE.md draws them):
//   worklet → VAD worker         workers/capture/capture-protocol.ts
//   main ⇄ VAD worker (comlink)  workers/vad/vad-protocol.ts
//   main ⇄ transcriber (comlink) workers/transcribe/transcribe-protocol.ts
//   VAD → transcriber (port)     workers/segment-protocol.ts
//   workers → main (events)      this file

export type ModelName = 'whisper-tiny' | 'whisper-base';
export type DevicePreference = 'auto' | 'webgpu' | 'wasm';
export type ProfileName = 'balanced' | 'performance' | 'power-saver';

/** Where audio came from: the microphone session or one file transcription. */
export type SourceId = string;

/** How a microphone session's source id begins; a file's does not. */
export const LIVE_PREFIX = 'live-';

/** Whether events from `source` belong to a microphone session (rather than a file transcription). */
export function isLiveSource(source: SourceId): boolean {
  return source.startsWith(LIVE_PREFIX);
}

/** A stretch of a stream, in ms from its start. */
export interface TimeSpan {
  startMs: number;
  endMs: number;
}

export interface SegmentText extends TimeSpan {
  text: string;
}

export interface SegmentMetrics {
  audioMs: number;
  /** Whether the text came from a decode started early at a pause (speculative final). */
  speculative?: boolean;
  /** Waiting for the model before the decode began (a speculative final: its pause snapshot's wait). */
  queueMs: number;
  /**
   * A speculative final: from the VAD sending its pause snapshot to the transcriber reading it. The worker reads
   * no message while a model run (an encoder pass) is under way, so this is a wait `queueMs` does not see.
   */
  handoffMs?: number;
  inferMs: number;
  eosToFinalMs: number;
  tokens: number;
}

export interface LoadProgress {
  /** What is loading: a model name or `silero-vad`. */
  what: string;
  loadedBytes: number;
  totalBytes: number;
  done: boolean;
}

export type PipelineEvent =
  /** Speech opens / closes (EarshotRecognition's `speechstart` and single-shot end; the app shows text only). */
  | { type: 'speech-start'; source: SourceId; atMs: number }
  | { type: 'speech-end'; source: SourceId; atMs: number }
  /** `replaces`: the id of an earlier final whose text this one supersedes (its audio was decoded again, joined). */
  | ({ type: 'final'; source: SourceId; id: number; replaces?: number; metrics: SegmentMetrics } & SegmentText)
  | { type: 'partial'; source: SourceId; id: number; text: string }
  | { type: 'drained'; source: SourceId }
  | { type: 'progress'; progress: LoadProgress }
  | { type: 'error'; where: 'vad' | 'transcribe'; message: string; fatal: boolean }
  /** A worker died and was replaced; `resent` finals went to the new one. */
  | { type: 'recovered'; where: 'vad' | 'transcribe'; resent: number };

export type EventSink = (event: PipelineEvent) => void;

export interface VadCounters {
  framesTotal: number;
  framesGated: number;
  framesModel: number;
  speechStartLatencyMs: number[];
  /** Isolated short bursts with weak evidence that were dropped (the only speech-like audio ever dropped). */
  burstsDropped: number;
}

export interface TranscriberInfo {
  device: 'webgpu' | 'wasm';
  dtype: string;
  /** `short-context`: the encoder edited at build time to take less than 30 s; `stock`: its fallback. */
  encoder: 'short-context' | 'stock';
  model: ModelName;
  modelLoadMs: number;
  /** False while the weights are unloaded for idleness. */
  loaded: boolean;
  /** Per segment: ms from the VAD noticing speech to its first partial text (recent segments). */
  firstPartialMs: number[];
  segments: SegmentMetrics[];
  /** All decode time (finals, partials, retries) per second of transcribed audio. */
  rtf: number;
  /** wasm threads the runtime really runs (it falls back to 1 without SharedArrayBuffer); 0 before loading. */
  threads: number;
  /** This worker's WebAssembly heaps (the model weights live there). */
  wasmBytes: number;
}
