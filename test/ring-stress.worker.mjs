// Producer thread for test/ring-stress.test.ts: plays the capture worklet's part on the capture ring.
// Every sample is a running counter (exact in f32 below 2^24), pushed in uneven, seeded chunk sizes.
//
// Modes:
//   lossless  a full ring is retried until every sample is in (the test proves nothing is lost)
//   overrun   as the worklet does: what `push` does not take is dropped and counted with Atomics.add
//
// Control Int32Array (shared with the consumer; see CONTROL in the test):
//   [0] DONE      1 once the last push is published
//   [1] PRODUCED  samples handed to `push` so far (counter value of the next sample)
//   [2] FULL      push attempts that found the ring too full to take the whole chunk
//   [3] NAP       never written; Atomics.wait on it is a short sleep
import { workerData } from 'node:worker_threads';
import { RingBuffer } from 'ringbuf.js';

const DONE = 0;
const PRODUCED = 1;
const FULL = 2;
const NAP = 3;

const { ring: ringStorage, stats: statsStorage, control: controlStorage, total, seed, mode, overrunSlot } = workerData;
const ring = new RingBuffer(ringStorage, Float32Array);
const stats = new Int32Array(statsStorage);
const control = new Int32Array(controlStorage);

// mulberry32: a seeded, reproducible sequence of chunk sizes
let state = seed >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const MAX_CHUNK = 1024; // the worklet's output buffer holds 8 quanta
const RESAMPLED_QUANTUM = [43, 43, 42]; // 128 frames at 48 kHz → 16 kHz is 42.67 samples
let quantum = 0;

function chunkSize() {
  const r = random();
  if (r < 0.85) return RESAMPLED_QUANTUM[quantum++ % 3];
  if (r < 0.95) return 1 + Math.floor(random() * 128); // other device rates, odd remainders
  return 129 + Math.floor(random() * (MAX_CHUNK - 128)); // several quanta at once after a stall
}

const chunk = new Float32Array(MAX_CHUNK);
let next = 0;
let chunks = 0;
while (next < total) {
  const n = Math.min(chunkSize(), total - next);
  for (let i = 0; i < n; i++) chunk[i] = next + i;
  if (mode === 'lossless') {
    let written = ring.push(chunk, n);
    while (written < n) {
      // Every attempt that finds the ring full counts: a consumer waiting for the next "full" must see one
      // even when it starts waiting while this chunk is already being retried.
      Atomics.add(control, FULL, 1);
      Atomics.wait(control, NAP, 0, 0.05);
      written += ring.push(chunk, n - written, written);
    }
  } else {
    const written = ring.push(chunk, n);
    if (written < n) {
      Atomics.add(stats, overrunSlot, n - written); // counted, never silent
      Atomics.add(control, FULL, 1);
    }
    // Real time: a quantum every few ms, not as fast as the CPU allows.
    if (++chunks % 32 === 0) Atomics.wait(control, NAP, 0, 0.5);
  }
  next += n;
  Atomics.store(control, PRODUCED, next);
}
Atomics.store(control, DONE, 1);
