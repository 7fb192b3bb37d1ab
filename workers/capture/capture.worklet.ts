// AudioWorkletProcessor: the one place audio is converted. Mic samples (device rate) → 16 kHz f32 →
// the SAB ring (shared mode) or batches transferred to the VAD worker (transfer mode).
// Real-time thread: no logging; in shared mode no allocation and no messages after start-up.
import { RingBuffer } from 'ringbuf.js';
import { Resampler } from './resampler';
import { STATS_SLOTS } from './audio-ring';
import {
  CAPTURE_PROCESSOR,
  type CaptureBatch,
  type CaptureWorkletCommand,
  type CaptureWorkletOptions,
  type CaptureWorkletReport,
} from './capture-protocol';

const LEVEL_DECAY = 0.95; // per quantum: the meter falls over ~0.1 s
const LEVEL_REPORT_QUANTA = 40; // transfer mode: ~10 level reports per second at 48 kHz

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly resampler = new Resampler(sampleRate, 16000);
  private readonly out = new Float32Array(this.resampler.maxOutput(128 * 8));
  private readonly ring: RingBuffer | null = null;
  private readonly stats: Int32Array | null = null;
  private batch: Float32Array | null = null;
  private batchSamples = 0;
  private batchFill = 0;
  private vadPort: MessagePort | null = null;
  private level = 0;
  private quanta = 0;
  private stopped = false;

  constructor(options?: AudioWorkletNodeOptions) {
    super();
    const opts = options?.processorOptions as CaptureWorkletOptions;
    if (opts.mode === 'shared') {
      this.ring = new RingBuffer(opts.ring, Float32Array);
      this.stats = new Int32Array(opts.stats);
    } else {
      this.batchSamples = opts.batchSamples;
      this.batch = new Float32Array(opts.batchSamples);
    }
    this.port.onmessage = (e: MessageEvent<CaptureWorkletCommand>) => {
      if (e.data.type === 'stop') this.stopped = true;
      else if (e.data.type === 'connect') this.vadPort = e.data.port;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    if (this.stopped) {
      this.flushBatch();
      this.vadPort?.close();
      return false; // lets the graph collect this node
    }
    const input = inputs[0]?.[0];
    if (!input) return true; // no input connected yet
    let peak = 0;
    for (let i = 0; i < input.length; i++) {
      const a = Math.abs(input[i]);
      if (a > peak) peak = a;
    }
    this.level = Math.max(peak, this.level * LEVEL_DECAY);
    const n = this.resampler.process(input, this.out);

    if (this.ring && this.stats) {
      Atomics.store(this.stats, STATS_SLOTS.LEVEL_MILLI, Math.round(this.level * 1000));
      const written = this.ring.push(this.out, n);
      if (written < n) Atomics.add(this.stats, STATS_SLOTS.OVERRUN_SAMPLES, n - written); // counted, never silent
      return true;
    }

    for (let i = 0; i < n; i++) {
      this.batch![this.batchFill++] = this.out[i];
      if (this.batchFill === this.batch!.length) this.flushBatch();
    }
    if (++this.quanta % LEVEL_REPORT_QUANTA === 0)
      this.port.postMessage({ type: 'level', level: this.level } satisfies CaptureWorkletReport);
    return true;
  }

  private flushBatch(): void {
    if (!this.batch || this.batchFill === 0) return;
    if (!this.vadPort) {
      this.batchFill = 0; // not connected yet: nothing can receive these samples
      return;
    }
    const full = this.batchFill === this.batch.length;
    const samples = full ? this.batch : this.batch.slice(0, this.batchFill);
    this.vadPort.postMessage({ samples } satisfies CaptureBatch, [samples.buffer]);
    if (full) this.batch = new Float32Array(this.batchSamples); // the old one moved (detached) to the VAD worker
    this.batchFill = 0;
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
