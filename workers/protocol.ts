// Message contracts between threads, defined once and imported by both ends.
//   main ⇄ VAD worker, main ⇄ transcription worker: comlink (`VadApi`, `TranscribeApi`, see each worker)
//   VAD worker → transcription worker: `SegmentMessage` over a dedicated MessagePort (audio is transferred)
//   workers → main: `PipelineEvent` through a comlink-proxied callback

export type ModelName = 'whisper-tiny' | 'whisper-base';
export type DevicePreference = 'auto' | 'webgpu' | 'wasm';
export type ProfileName = 'balanced' | 'performance' | 'power-saver';

/** Where audio came from: the microphone session or one file transcription. */
export type SourceId = string;

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
  queueMs: number;
  inferMs: number;
  eosToFinalMs: number;
  tokens: number;
}

/** Audio of one speech segment; `id` is shared by its snapshots and its final. */
export interface SegmentAudio {
  source: SourceId;
  id: number;
  startMs: number;
  endMs: number;
  audio: Float32Array;
  /** Mean Silero speech probability over the segment: low means the VAD was not sure it heard speech. */
  evidence: number;
}

export type SegmentMessage =
  | ({
      type: 'segment';
      /** Epoch ms (timeOrigin + now) when the VAD decided speech ended; clocks differ per worker. */
      eosEpochMs: number;
      /**
       * The id of the previous final of this source, when this audio covers it too (a short neighbour
       * joined it): its text replaces that final's instead of following it.
       */
      replaces?: number;
    } & SegmentAudio)
  | ({
      type: 'snapshot';
      /** `pause`: the speaker paused; if the pause lasts, this exact audio becomes the final (decode it early). */
      reason: 'periodic' | 'pause';
      /** Epoch ms when the VAD noticed this segment's speech, for time-to-first-partial. */
      speechStartEpochMs: number;
    } & SegmentAudio)
  | { type: 'end'; source: SourceId };

/**
 * Transcription worker → VAD worker, on the same port: a final or end marker is fully handled. Until then
 * the VAD keeps it, so a crashed transcriber's work can be sent again to its replacement.
 */
export type TranscriberReply = { type: 'done'; key: string };

/** The key a final or end marker is acknowledged by. */
export function deliveryKey(msg: { source: SourceId; type: string; id?: number }): string {
  return msg.type === 'end' ? `${msg.source}:end` : `${msg.source}:${msg.id}`;
}

export interface LoadProgress {
  /** What is loading: a model name or `silero-vad`. */
  what: string;
  loadedBytes: number;
  totalBytes: number;
  done: boolean;
}

export type PipelineEvent =
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
