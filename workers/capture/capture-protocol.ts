// Main thread ⇄ capture worklet, and worklet → VAD worker in transfer mode.
export const CAPTURE_PROCESSOR = 'earshot-capture';

/** `shared`: SAB ring (zero copy). `transfer`: batches moved over a MessagePort (no cross-origin isolation). */
export type CaptureWorkletOptions =
  { mode: 'shared'; ring: SharedArrayBuffer; stats: SharedArrayBuffer } | { mode: 'transfer'; batchSamples: number };

export type CaptureWorkletCommand = { type: 'stop' } | { type: 'connect'; port: MessagePort };

/** Worklet → main, transfer mode only (shared mode writes the level into the stats SAB). ~10 per second. */
export type CaptureWorkletReport = { type: 'level'; level: number };

/** Worklet → VAD worker, transfer mode: one batch of 16 kHz samples, transferred. */
export interface CaptureBatch {
  samples: Float32Array;
}

/** 128 ms at 16 kHz: few messages, little latency. */
export const TRANSFER_BATCH_SAMPLES = 2048;
