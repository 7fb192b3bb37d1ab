// The tiered VAD: energy gate → Silero → segmenter, with counters. Pure apart from the injected model.
import { defaultEnergyGateOptions, EnergyGate, frameDb, type EnergyGateOptions } from './energy-gate';
import { Segmenter, type SegmenterEvent, type SegmenterOptions, FRAME_SAMPLES, SAMPLE_RATE } from './segmenter';
import { MAX_LATENCY_SAMPLES } from './counters';
import type { VadCounters } from '../protocol';

/** The speech model seam: one 512-sample frame in, a speech probability out. */
export interface SpeechModel {
  probability(frame: Float32Array): Promise<number>;
  reset(): void;
  release(): Promise<void>;
}

export interface TieredVadOptions {
  segmenter: Partial<SegmenterOptions>;
  gate: EnergyGateOptions;
  /** After this much silence, the model runs on every `silenceStride`-th frame the gate lets through. */
  longSilenceMs: number;
  /** 1 = every frame. Power saving: a larger stride in long silence. */
  silenceStride: number;
}

export const defaultTieredVadOptions: TieredVadOptions = {
  segmenter: {},
  gate: defaultEnergyGateOptions,
  longSilenceMs: 3000,
  silenceStride: 1,
};

const FRAME_MS = (FRAME_SAMPLES / SAMPLE_RATE) * 1000;

export class TieredVad {
  readonly segmenter: Segmenter;
  private readonly gate: EnergyGate;
  private readonly options: TieredVadOptions;
  private gatedRun = 0;
  private silentMs = 0;
  private strideCount = 0;
  /** Stream time when the current run of open (possibly speech) frames began: the energy onset. */
  private openSinceMs = 0;
  readonly counters: VadCounters = { framesTotal: 0, framesGated: 0, framesModel: 0, speechStartLatencyMs: [], burstsDropped: 0 };

  constructor(
    readonly model: SpeechModel,
    options: Partial<TieredVadOptions> = {},
  ) {
    this.options = { ...defaultTieredVadOptions, ...options };
    this.segmenter = new Segmenter(this.options.segmenter);
    this.gate = new EnergyGate(this.options.gate);
  }

  async push(frame: Float32Array): Promise<SegmenterEvent[]> {
    this.counters.framesTotal++;
    const speaking = this.segmenter.isSpeaking;
    const db = frameDb(frame);
    let run = this.gate.open(db, speaking) || speaking;
    // Long silence with a stride: let most frames pass unmodelled (power-saver profile).
    if (run && !speaking && this.silentMs >= this.options.longSilenceMs && this.options.silenceStride > 1)
      run = this.strideCount++ % this.options.silenceStride === 0;

    let probability = 0;
    if (run) {
      if (this.counters.framesModel === 0 || this.gatedRun > 0) {
        this.openSinceMs = this.segmenter.timeMs;
        // After a gated stretch the recurrent state describes old audio; start it fresh.
        if (this.gatedRun > 0) this.model.reset();
      }
      this.gatedRun = 0;
      this.counters.framesModel++;
      probability = await this.model.probability(frame);
    } else {
      this.gatedRun++;
      this.counters.framesGated++;
    }

    const events = this.segmenter.push(frame, probability, speaking && this.gate.atRoomLevel(db), !speaking && this.gate.isLoud(db));
    this.silentMs = this.segmenter.isSpeaking ? 0 : this.silentMs + FRAME_MS;
    this.countDropped(events);
    for (const e of events) {
      if (e.type !== 'speech-start') continue;
      this.strideCount = 0;
      const list = this.counters.speechStartLatencyMs;
      if (list.length >= MAX_LATENCY_SAMPLES) list.shift();
      // From the energy onset to the model's confirmation: what a user waits before speech is noticed.
      list.push(e.atMs - Math.max(this.openSinceMs, e.onsetMs - 500));
    }
    return events;
  }

  flush(): SegmenterEvent[] {
    return this.countDropped(this.segmenter.flush());
  }

  private countDropped(events: SegmenterEvent[]): SegmenterEvent[] {
    for (const e of events) if (e.type === 'misfire') this.counters.burstsDropped++;
    return events;
  }
}
