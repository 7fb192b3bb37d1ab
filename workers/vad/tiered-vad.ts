// The tiered VAD: energy gate → Silero → segmenter, with counters. Pure apart from the injected model.
import { EnergyGate, frameDb, type EnergyGateOptions } from './energy-gate';
import { Segmenter, type SegmenterEvent, type SegmenterOptions } from './segmenter';
import type { VadCounters } from '../protocol';

/** The speech model seam: one 512-sample frame in, a speech probability out. */
export interface SpeechModel {
  probability(frame: Float32Array): Promise<number>;
  reset(): void;
  release(): Promise<void>;
}

const MAX_LATENCY_SAMPLES = 256; // bounded metrics list

export class TieredVad {
  readonly segmenter: Segmenter;
  private readonly gate: EnergyGate;
  private gatedRun = 0;
  /** Stream time when the current run of open (possibly speech) frames began: the energy onset. */
  private openSinceMs = 0;
  readonly counters: VadCounters = { framesTotal: 0, framesGated: 0, framesModel: 0, speechStartLatencyMs: [] };

  constructor(
    private readonly model: SpeechModel,
    segmenterOptions: Partial<SegmenterOptions> = {},
    gateOptions?: EnergyGateOptions,
  ) {
    this.segmenter = new Segmenter(segmenterOptions);
    this.gate = new EnergyGate(gateOptions);
  }

  async push(frame: Float32Array): Promise<SegmenterEvent[]> {
    this.counters.framesTotal++;
    const open = this.segmenter.isSpeaking || this.gate.open(frameDb(frame));
    let probability = 0;
    if (open) {
      if (this.counters.framesModel === 0 || this.gatedRun > 0) this.openSinceMs = this.segmenter.timeMs;
      // After a gated stretch the recurrent state describes old audio; start it fresh.
      if (this.gatedRun > 0) this.model.reset();
      this.gatedRun = 0;
      this.counters.framesModel++;
      probability = await this.model.probability(frame);
    } else {
      this.gatedRun++;
      this.counters.framesGated++;
    }
    const events = this.segmenter.push(frame, probability);
    for (const e of events) {
      if (e.type === 'speech-start') {
        const list = this.counters.speechStartLatencyMs;
        if (list.length >= MAX_LATENCY_SAMPLES) list.shift();
        // From the energy onset to the model's confirmation: what a user waits before speech is noticed.
        list.push(e.atMs - Math.max(this.openSinceMs, e.onsetMs - 500));
      }
    }
    return events;
  }

  flush(): SegmenterEvent[] {
    return this.segmenter.flush();
  }

  release(): Promise<void> {
    return this.model.release();
  }
}
