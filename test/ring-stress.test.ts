// Two threads on the capture ring, sized as the app sizes it: a producer thread (ring-stress.worker.mjs)
// runs the capture worklet itself on millions of counter samples in uneven quanta, this thread pops
// 512-sample frames as the VAD worker does. The counters prove that nothing is lost, duplicated or reordered, and that when the
// consumer falls behind the only losses are the ones the producer counted.
import { Worker } from 'node:worker_threads';
import { RingBuffer } from 'ringbuf.js';
import { describe, expect, it } from 'vitest';
import { createCaptureBuffers, readStats, RING_SAMPLE_RATE, RING_SECONDS, STATS_SLOTS } from '../workers/capture/audio-ring';
import { FRAME_SAMPLES } from '../workers/vad/segmenter';

const CONTROL = { DONE: 0, PRODUCED: 1, FULL: 2, NAP: 3 } as const; // layout: see ring-stress.worker.mjs
const CANARY_SAMPLES = 8;
const CANARY = -1; // counters are never negative
const DEADLINE_MS = 15_000;
const F32_EXACT = 2 ** 24; // above this a f32 counter would repeat values

type Mode = 'lossless' | 'overrun';

interface Run {
  ring: RingBuffer;
  stats: SharedArrayBuffer;
  control: Int32Array;
  producer: Promise<void>;
  /** Stops the producer (a consumer that gave up leaves it blocked on a full ring). */
  stop: () => Promise<number>;
}

function startProducer(total: number, seed: number, mode: Mode): Run {
  const buffers = createCaptureBuffers();
  const control = new Int32Array(new SharedArrayBuffer(4 * 4));
  const worker = new Worker(new URL('./ring-stress.worker.mjs', import.meta.url), {
    workerData: {
      ring: buffers.ring,
      stats: buffers.stats,
      control: control.buffer,
      total,
      seed,
      mode,
      overrunSlot: STATS_SLOTS.OVERRUN_SAMPLES,
    },
  });
  const producer = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`producer exited with ${code}`))));
  });
  return { ring: new RingBuffer(buffers.ring, Float32Array), stats: buffers.stats, control, producer, stop: () => worker.terminate() };
}

interface Consumed {
  arrived: number;
  /** Samples missing between two that arrived (the counter jumped). */
  gapSamples: number;
  last: number;
  /** First sample that was not above the one before it (duplicate or reordered), if any. */
  disorder: string | null;
  canaryBroken: boolean;
  emptyPolls: number;
  timedOut: boolean;
}

interface Pacing {
  /** Before reading the frame with this index, wait until the producer has found the ring full once more. */
  stallBeforeFrames: number[];
  /** Sleep 1 ms after every this many frames (0: read as fast as possible). */
  napEveryFrames: number;
}

/** Pops whole frames as the VAD worker does; at the end, whatever is left. Synchronous: this thread is the consumer. */
function consume({ ring, control }: Run, pacing: Pacing): Consumed {
  const frame = new Float32Array(FRAME_SAMPLES + CANARY_SAMPLES).fill(CANARY);
  const out: Consumed = { arrived: 0, gapSamples: 0, last: -1, disorder: null, canaryBroken: false, emptyPolls: 0, timedOut: false };
  const deadline = Date.now() + DEADLINE_MS;
  const stalls = [...pacing.stallBeforeFrames];
  let frames = 0;

  const take = (n: number) => {
    const got = ring.pop(frame, n);
    for (let i = 0; i < got; i++) {
      const v = frame[i];
      if (!(v > out.last) || !Number.isInteger(v)) out.disorder ??= `sample ${out.arrived + i} is ${v} after ${out.last}`;
      else out.gapSamples += v - out.last - 1;
      out.last = v;
    }
    for (let i = FRAME_SAMPLES; i < frame.length; i++) if (frame[i] !== CANARY) out.canaryBroken = true;
    out.arrived += got;
    return got;
  };

  for (;;) {
    if (Date.now() > deadline) {
      out.timedOut = true;
      return out;
    }
    if (stalls.length && frames >= stalls[0]) {
      stalls.shift();
      const full = Atomics.load(control, CONTROL.FULL);
      while (Atomics.load(control, CONTROL.FULL) === full && !Atomics.load(control, CONTROL.DONE) && Date.now() < deadline)
        Atomics.wait(control, CONTROL.NAP, 0, 1);
    }
    if (ring.availableRead() >= FRAME_SAMPLES) {
      take(FRAME_SAMPLES);
      frames++;
      if (pacing.napEveryFrames && frames % pacing.napEveryFrames === 0) Atomics.wait(control, CONTROL.NAP, 0, 1);
    } else if (Atomics.load(control, CONTROL.DONE)) {
      while (take(FRAME_SAMPLES) > 0); // DONE is stored after the last push was published: nothing more comes
      return out;
    } else {
      out.emptyPolls++;
      Atomics.wait(control, CONTROL.NAP, 0, 0.05);
    }
  }
}

describe('capture ring, producer and consumer on two threads', () => {
  it('is sized as the app sizes it', () => {
    const ring = new RingBuffer(createCaptureBuffers().ring, Float32Array);
    expect(ring.capacity()).toBe(RING_SECONDS * RING_SAMPLE_RATE);
  });

  it('carries 6 M samples in uneven chunks with none lost, duplicated or reordered', async () => {
    const total = 6_000_000;
    expect(total).toBeLessThan(F32_EXACT);
    const run = startProducer(total, 0x5eed, 'lossless');
    // Three times the consumer stops until the ring has filled, so full and wrap-around both happen under load.
    const got = consume(run, { stallBeforeFrames: [100, 4000, 9000], napEveryFrames: 0 });
    if (got.timedOut) await run.stop();
    expect(got.timedOut, 'the producer finished in time').toBe(false);
    await run.producer;

    expect(got.disorder).toBeNull();
    expect(got.canaryBroken).toBe(false);
    expect(got.gapSamples).toBe(0);
    expect(got.arrived).toBe(total);
    expect(got.last).toBe(total - 1);
    expect(Atomics.load(run.control, CONTROL.PRODUCED)).toBe(total);
    expect(Atomics.load(run.control, CONTROL.FULL), 'the producer met a full ring').toBeGreaterThanOrEqual(3);
    expect(got.emptyPolls, 'the consumer met an empty ring').toBeGreaterThan(0);
    expect(readStats(run.stats).overrunSamples).toBe(0);
  });

  it('with a slow consumer, loses only the samples it counts as overruns, and keeps the rest in order', async () => {
    const total = 3_000_000;
    const run = startProducer(total, 0xbad5eed, 'overrun');
    // Starts late (the ring fills and overflows), then reads at most 512 samples per 0.5 ms of naps.
    const got = consume(run, { stallBeforeFrames: [0, 0, 1000], napEveryFrames: 2 });
    if (got.timedOut) await run.stop();
    expect(got.timedOut, 'the producer finished in time').toBe(false);
    await run.producer;

    const overruns = readStats(run.stats).overrunSamples;
    const produced = Atomics.load(run.control, CONTROL.PRODUCED);
    expect(got.disorder).toBeNull();
    expect(got.canaryBroken).toBe(false);
    expect(produced).toBe(total);
    expect(overruns).toBeGreaterThan(0);
    expect(got.arrived).toBeGreaterThanOrEqual(RING_SECONDS * RING_SAMPLE_RATE); // what the ring held was delivered
    expect(got.arrived + overruns).toBe(produced);
    // Every missing counter value is one the producer counted: dropped inside the stream or after the last arrival.
    expect(got.gapSamples + (produced - 1 - got.last)).toBe(overruns);
  });
});
