// Producer thread for test/ring-stress.test.ts: runs the capture worklet itself (workers/capture/capture.worklet.ts,
// loaded through Vite's module runner) as the audio thread would, calling its `process()` with quanta whose
// every sample is a running counter (exact in f32 below 2^24). The worklet's rate is 16 kHz here, so its
// resampler passes samples through unchanged and the counters arrive intact; the quanta have seeded, uneven
// sizes (the resampled sizes of other device rates, and several quanta at once after a stall).
//
// Modes:
//   lossless  the next quantum is handed over only when the ring has room for it (the test proves nothing is lost)
//   overrun   quanta arrive in real time whatever the ring holds: the worklet drops what does not fit and counts it
//
// Control Int32Array (shared with the consumer; see CONTROL in the test):
//   [0] DONE      1 once the last quantum is processed
//   [1] PRODUCED  samples handed to the worklet so far (counter value of the next sample)
//   [2] FULL      quanta that found the ring too full to take them whole
//   [3] NAP       never written; Atomics.wait on it is a short sleep
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';
import { RingBuffer } from 'ringbuf.js';
import { runnerImport } from 'vite';
const DONE = 0;
const PRODUCED = 1;
const FULL = 2;
const NAP = 3;

const { ring: ringStorage, stats: statsStorage, control: controlStorage, total, seed, mode, overrunSlot } = workerData;
const ring = new RingBuffer(ringStorage, Float32Array); // read-only here: how much room the worklet has
const stats = new Int32Array(statsStorage);
const control = new Int32Array(controlStorage);

// The AudioWorkletGlobalScope the worklet expects: its base class, its registry and the context's rate.
let Processor = null;
globalThis.sampleRate = 16000;
globalThis.AudioWorkletProcessor = class {
  port = { onmessage: null, postMessage() {}, close() {} };
};
globalThis.registerProcessor = (_name, processor) => (Processor = processor);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await runnerImport(path.join(root, 'workers/capture/capture.worklet.ts'));
const worklet = new Processor({ processorOptions: { mode: 'shared', ring: ringStorage, stats: statsStorage } });

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
  const quantum = [[chunk.subarray(0, n)]];
  if (mode === 'lossless') {
    // Every wait counts: a consumer waiting for the next "full" must see one even when it starts waiting
    // while this quantum is already held back.
    while (ring.availableWrite() < n) {
      Atomics.add(control, FULL, 1);
      Atomics.wait(control, NAP, 0, 0.05);
    }
    worklet.process(quantum);
  } else {
    const before = Atomics.load(stats, overrunSlot);
    worklet.process(quantum);
    if (Atomics.load(stats, overrunSlot) > before) Atomics.add(control, FULL, 1);
    // Real time: a quantum every few ms, not as fast as the CPU allows.
    if (++chunks % 32 === 0) Atomics.wait(control, NAP, 0, 0.5);
  }
  next += n;
  Atomics.store(control, PRODUCED, next);
}
Atomics.store(control, DONE, 1);
