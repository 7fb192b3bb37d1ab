import { describe, expect, it } from 'vitest';
import { alignEnvelopes, BIN_MS, calibrate, envelopeDb, speechEndS, tapEnvelopeDb, type CaptureTap } from '../bench/asr/calibrate';

/** Speech-like test audio: tone bursts of varying level and length over faint noise, seeded. */
function speechLike(seconds: number, rate: number, seed = 1): Float32Array {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const out = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < out.length; i++) out[i] = (rand() - 0.5) * 0.001;
  for (let at = Math.round(0.3 * rate); at < out.length;) {
    const len = Math.round((0.05 + rand() * 0.3) * rate);
    const amp = 0.05 + rand() * 0.5;
    for (let i = at; i < Math.min(out.length, at + len); i++) out[i] += amp * Math.sin((2 * Math.PI * 220 * i) / rate);
    at += len + Math.round((0.02 + rand() * 0.25) * rate);
  }
  return out;
}

/** What the tap reports when the device played `file` (16 kHz) from context time `startMs`, at 48 kHz. */
function tapOf(file: Float32Array, startMs: number, totalMs: number, frameZeroPageMs: number): CaptureTap {
  const rate = 48000;
  const frames: number[] = [];
  const peaks: number[] = [];
  for (let f = 0; f < (totalMs / 1000) * rate; f += 128) {
    let peak = 0;
    for (let k = f; k < f + 128; k++) {
      const fileIndex = Math.floor(((k / rate) * 1000 - startMs) * 16);
      if (fileIndex >= 0 && fileIndex < file.length) peak = Math.max(peak, Math.abs(file[fileIndex]));
    }
    frames.push(f);
    peaks.push(peak);
  }
  return { rate, quantum: 128, frames, peaks, frameZeroPageMs };
}

describe('fake microphone calibration', () => {
  const file = speechLike(6, 16000);

  it('finds when the file started in the captured stream, to within one bin', () => {
    const tap = tapOf(file, 730, 8000, 1000);
    const c = calibrate(file, 16000, tap, 1500);
    expect(c.fileStartPageMs).not.toBeNull();
    expect(Math.abs(c.fileStartPageMs! - 1730)).toBeLessThanOrEqual(BIN_MS);
    expect(Math.abs(c.offsetMs! - 230)).toBeLessThanOrEqual(BIN_MS);
    expect(c.errorDb!).toBeLessThan(2); // 2.7 ms quanta on 5 ms bins
  });

  it('finds a file that began playing before the tap started (its start is missing from the capture)', () => {
    const tap = tapOf(file, -1200, 6000, 500);
    const c = calibrate(file, 16000, tap, 400);
    expect(Math.abs(c.fileStartPageMs! - (500 - 1200))).toBeLessThanOrEqual(BIN_MS);
    expect(c.offsetMs!).toBeLessThan(0);
  });

  it('refuses to align audio that is not the file', () => {
    const other = speechLike(6, 16000, 99);
    const c = calibrate(file, 16000, tapOf(other, 300, 8000, 0), 0);
    expect(c.fileStartPageMs).toBeNull();
    expect(c.offsetMs).toBeNull();
  });

  it('has nothing to align without a tap', () => {
    expect(calibrate(file, 16000, null, 0).fileStartPageMs).toBeNull();
    expect(calibrate(file, 16000, { rate: 48000, quantum: 128, frames: [], peaks: [], frameZeroPageMs: 0 }, 0).fileStartPageMs).toBeNull();
  });

  it('puts the tap and the file on the same bins', () => {
    const env = envelopeDb(file, 16000);
    const tapEnv = tapEnvelopeDb(tapOf(file, 0, 6000, 0));
    expect(env.length).toBe(6000 / BIN_MS);
    const a = alignEnvelopes(env, tapEnv, 2000)!;
    expect(a.lagMs).toBe(0);
    expect(a.runnerUpDb).toBeGreaterThan(2 * a.errorDb);
  });
});

describe('speech end of an utterance file', () => {
  it('is the last frame above the trim threshold, not the file end', () => {
    const rate = 16000;
    const x = new Float32Array(rate * 2); // 2 s: noise floor, speech 0.2–1.5 s, silence after
    for (let i = 0; i < x.length; i++) x[i] = 0.0005 * Math.sin(i * 1.7);
    for (let i = 0.2 * rate; i < 1.5 * rate; i++) x[i] = 0.3 * Math.sin((2 * Math.PI * 180 * i) / rate);
    expect(speechEndS(x, rate)).toBeCloseTo(1.5, 2);
  });

  it('is the file end when speech runs to the end', () => {
    const x = new Float32Array(16000).map((_, i) => 0.2 * Math.sin(i / 5));
    expect(speechEndS(x, 16000)).toBeCloseTo(1, 2);
  });
});
