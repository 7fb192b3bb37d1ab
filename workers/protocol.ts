// Message contracts between threads, defined once and imported by both ends.
//   main ⇄ VAD worker, main ⇄ transcription worker: comlink (`VadApi`, `TranscribeApi`, see each worker)
//   VAD worker → transcription worker: `SegmentMessage` over a dedicated MessagePort (audio is transferred)
//   workers → main: `PipelineEvent` through a comlink-proxied callback

export type ModelName = 'whisper-tiny' | 'whisper-base';
export type DevicePreference = 'auto' | 'webgpu' | 'wasm';
export type ProfileName = 'balanced' | 'performance' | 'power-saver';

/** Where audio came from: the microphone session or one file transcription. */
export type SourceId = string;

export interface SegmentText {
  text: string;
  startMs: number;
  endMs: number;
}

export interface SegmentMetrics {
  audioMs: number;
  queueMs: number;
  inferMs: number;
  eosToFinalMs: number;
  tokens: number;
}

export type SegmentMessage =
  | {
      type: 'segment';
      source: SourceId;
      id: number;
      startMs: number;
      endMs: number;
      /** Epoch ms (timeOrigin + now) when the VAD decided speech ended; clocks differ per worker. */
      eosEpochMs: number;
      audio: Float32Array;
    }
  | { type: 'end'; source: SourceId };

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
  | ({ type: 'final'; source: SourceId; id: number; metrics: SegmentMetrics } & SegmentText)
  | { type: 'drained'; source: SourceId }
  | { type: 'progress'; progress: LoadProgress }
  | { type: 'error'; where: 'vad' | 'transcribe'; message: string; fatal: boolean };

export type EventSink = (event: PipelineEvent) => void;

export interface VadCounters {
  framesTotal: number;
  framesGated: number;
  framesModel: number;
  speechStartLatencyMs: number[];
}

export interface TranscriberInfo {
  device: 'webgpu' | 'wasm';
  dtype: string;
  model: ModelName;
  modelLoadMs: number;
  segments: SegmentMetrics[];
  rtf: number;
}
