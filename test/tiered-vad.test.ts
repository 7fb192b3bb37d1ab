import { describe, expect, it } from 'vitest';
import { TieredVad, type SpeechModel } from '../workers/vad/tiered-vad';
import { defaultEnergyGateOptions } from '../workers/vad/energy-gate';

/** A stand-in for Silero: speech wherever the frame is loud. Counts its calls and resets. */
class LoudnessModel implements SpeechModel {
  calls = 0;
  resets = 0;
  async probability(frame: Float32Array): Promise<number> {
    this.calls++;
    return Math.abs(frame[0]) > 0.05 ? 0.95 : 0.05;
  }
  reset() {
    this.resets++;
  }
  async release() {}
}

function frame(amplitude: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: 512 }, (_, i) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return i === 0 ? amplitude : ((s / 0x7fffffff) * 2 - 1) * amplitude;
  });
}

async function run(vad: TieredVad, pattern: Array<[amplitude: number, frames: number]>) {
  const events = [];
  let seed = 1;
  for (const [amp, n] of pattern) for (let i = 0; i < n; i++) events.push(...(await vad.push(frame(amp, seed++))));
  return events;
}

/** Like Silero after speech: its score decays over a few frames once the voice stops. */
class LaggingModel extends LoudnessModel {
  private tail = 0;
  override async probability(frame: Float32Array): Promise<number> {
    const loud = (await super.probability(frame)) > 0.5;
    this.tail = loud ? 6 : Math.max(0, this.tail - 1);
    return loud ? 0.95 : this.tail > 0 ? 0.6 : 0.05;
  }
}

describe('TieredVad', () => {
  it('ends speech a hangover after the energy falls to the room, not after the model catches up', async () => {
    const frameOfEnd = async (roomLevelSpeechThreshold: number) => {
      const vad = new TieredVad(new LaggingModel(), { segmenter: { redemptionMs: 320, roomLevelSpeechThreshold } });
      await run(vad, [
        [0.003, 100],
        [0.3, 40],
      ]);
      for (let i = 0; i < 40; i++) if ((await vad.push(frame(0.003, 1000 + i))).some((e) => e.type === 'segment')) return i + 1;
      return null;
    };
    expect(await frameOfEnd(0.9)).toBe(10); // 320 ms of room-level frames
    expect(await frameOfEnd(1)).toBe(15); // the model's five-frame tail first
  });

  it('keeps the model off quiet room frames and on every frame of speech', async () => {
    const model = new LoudnessModel();
    const vad = new TieredVad(model, { segmenter: { redemptionMs: 320 } });
    const events = await run(vad, [
      [0.003, 300],
      [0.3, 60],
      [0.003, 300],
    ]);
    expect(events.filter((e) => e.type === 'segment')).toHaveLength(1);
    const c = vad.counters;
    expect(c.framesTotal).toBe(660);
    expect(c.framesModel + c.framesGated).toBe(660);
    expect(c.framesGated).toBeGreaterThan(500);
    expect(c.framesModel).toBe(model.calls);
    expect(model.resets).toBeGreaterThan(0); // fresh recurrent state after a gated stretch
    expect(c.speechStartLatencyMs).toHaveLength(1);
  });

  it('runs the model at a lower cadence in long silence when asked (power-saver)', async () => {
    // A gate that never closes (margin −∞) isolates the cadence rule.
    const gate = { ...defaultEnergyGateOptions, marginDb: -200 };
    const every = new LoudnessModel();
    await run(new TieredVad(every, { gate, silenceStride: 1, longSilenceMs: 1000 }), [[0.003, 300]]);
    const strided = new LoudnessModel();
    const vad = new TieredVad(strided, { gate, silenceStride: 3, longSilenceMs: 1000 });
    const events = await run(vad, [
      [0.003, 300],
      [0.3, 40],
      [0.003, 40],
    ]);
    expect(every.calls).toBe(300);
    expect(strided.calls).toBeLessThan(every.calls / 2 + 80);
    expect(events.some((e) => e.type === 'speech-start')).toBe(true); // speech is still caught
  });
});
