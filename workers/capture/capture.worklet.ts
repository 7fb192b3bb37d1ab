// AudioWorkletProcessor: the one place audio is converted. Mic samples (device rate) → 16 kHz f32 → ring.
// Real-time thread: no allocation, no logging, no postMessage per quantum after start-up.
import { RingBuffer } from 'ringbuf.js';
import { Resampler } from './resampler';
import { STATS_SLOTS } from './audio-ring';
import { CAPTURE_PROCESSOR, type CaptureWorkletOptions, type CaptureWorkletCommand } from './capture-protocol';

const LEVEL_DECAY = 0.95; // per quantum: the meter falls over ~0.1 s

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly ring: RingBuffer;
  private readonly stats: Int32Array;
  private readonly resampler = new Resampler(sampleRate, 16000);
  private readonly out: Float32Array;
  private level = 0;
  private stopped = false;

  constructor(options?: AudioWorkletNodeOptions) {
    super();
    const opts = options?.processorOptions as CaptureWorkletOptions;
    this.ring = new RingBuffer(opts.ring, Float32Array);
    this.stats = new Int32Array(opts.stats);
    this.out = new Float32Array(this.resampler.maxOutput(128 * 8));
    this.port.onmessage = (e: MessageEvent<CaptureWorkletCommand>) => {
      if (e.data.type === 'stop') this.stopped = true;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    if (this.stopped) return false; // lets the graph collect this node
    const input = inputs[0]?.[0];
    if (!input) return true; // no input connected yet
    let peak = 0;
    for (let i = 0; i < input.length; i++) {
      const a = Math.abs(input[i]);
      if (a > peak) peak = a;
    }
    this.level = Math.max(peak, this.level * LEVEL_DECAY);
    Atomics.store(this.stats, STATS_SLOTS.LEVEL_MILLI, Math.round(this.level * 1000));

    const n = this.resampler.process(input, this.out);
    const written = this.ring.push(this.out, n);
    if (written < n) Atomics.add(this.stats, STATS_SLOTS.OVERRUN_SAMPLES, n - written); // counted, never silent
    return true;
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
