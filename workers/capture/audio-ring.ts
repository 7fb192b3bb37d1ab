// The capture ring: worklet (only producer) → VAD worker (only consumer), f32 samples at 16 kHz.
// SPSC and wait-free through ringbuf.js; this module adds the sizing and a small stats block.
//
// Stats SharedArrayBuffer (Int32 slots, each written by one side only):
//   [0] OVERRUN_SAMPLES  samples the worklet dropped because the ring was full (worklet writes)
//   [1] LEVEL_MILLI      recent input peak level × 1000, for the level meter (worklet writes)
import { RingBuffer } from 'ringbuf.js';

export const RING_SAMPLE_RATE = 16000;
export const RING_SECONDS = 12; // ≥ 10 s: rides out a long GC or model load on the consumer side
export const STATS_SLOTS = { OVERRUN_SAMPLES: 0, LEVEL_MILLI: 1 } as const;

export interface CaptureBuffers {
  ring: SharedArrayBuffer;
  stats: SharedArrayBuffer;
}

export function createCaptureBuffers(seconds = RING_SECONDS): CaptureBuffers {
  return {
    ring: RingBuffer.getStorageForCapacity(seconds * RING_SAMPLE_RATE, Float32Array),
    stats: new SharedArrayBuffer(2 * 4),
  };
}

export function ringCapacity(ring: SharedArrayBuffer): number {
  return new RingBuffer(ring, Float32Array).capacity();
}

export function readStats(stats: SharedArrayBuffer) {
  const s = new Int32Array(stats);
  return {
    overrunSamples: Atomics.load(s, STATS_SLOTS.OVERRUN_SAMPLES),
    level: Atomics.load(s, STATS_SLOTS.LEVEL_MILLI) / 1000,
  };
}
