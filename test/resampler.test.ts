import { describe, expect, it } from 'vitest';
import { Resampler } from '../workers/capture/resampler';

const OUT_RATE = 16000;
/** Output samples skipped at each end so filter warm-up doesn't skew the RMS. */
const EDGE = 200;

function sine(rate: number, freq: number, seconds: number, amp = 0.5): Float32Array {
  const x = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < x.length; i++) x[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return x;
}

function noise(n: number, seed = 1): Float32Array {
  // Small LCG so the test is deterministic.
  let s = seed >>> 0;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 31 - 1;
  }
  return x;
}

function resampleAll(r: Resampler, input: Float32Array): Float32Array {
  const out = new Float32Array(r.maxOutput(input.length));
  return out.slice(0, r.process(input, out));
}

function resampleChunked(r: Resampler, input: Float32Array, sizes: () => number): Float32Array {
  const parts: number[] = [];
  const out = new Float32Array(r.maxOutput(4096));
  for (let i = 0; i < input.length;) {
    const n = Math.min(sizes(), input.length - i);
    const k = r.process(input.subarray(i, i + n), out);
    for (let j = 0; j < k; j++) parts.push(out[j]);
    i += n;
  }
  return Float32Array.from(parts);
}

/** Steady-state output level relative to a sine of amplitude `amp`, in dB. */
function gainDb(y: Float32Array, amp: number): number {
  let sum = 0;
  for (let i = EDGE; i < y.length - EDGE; i++) sum += y[i] * y[i];
  const rms = Math.sqrt(sum / (y.length - 2 * EDGE));
  return 20 * Math.log10(rms / (amp / Math.SQRT2));
}

function toneGainDb(inRate: number, freq: number): number {
  return gainDb(resampleAll(new Resampler(inRate), sine(inRate, freq, 0.5)), 0.5);
}

describe('Resampler', () => {
  it('defaults to a 16 kHz output', () => {
    const r = new Resampler(48000);
    expect(r.inRate).toBe(48000);
    expect(r.outRate).toBe(OUT_RATE);
  });

  for (const inRate of [48000, 44100]) {
    it(`keeps a 1 kHz tone within 0.5 dB at ${inRate} Hz`, () => {
      expect(Math.abs(toneGainDb(inRate, 1000))).toBeLessThan(0.5);
    });
  }

  it('is flat to within 0.5 dB up to 6 kHz', () => {
    for (const inRate of [48000, 44100, 22050, 96000]) {
      for (const f of [100, 440, 2000, 4000, 6000]) {
        expect(Math.abs(toneGainDb(inRate, f))).toBeLessThan(0.5);
      }
    }
  });

  // What README states: −6 dB at 7.3 kHz, a transition band to 9 kHz (≥ 19 dB down from 8 kHz), and a
  // stop band of ≥ 60 dB from 9 kHz up. Measured worst cases: −20.0 dB in 8–9 kHz, −60.4 dB from 9 kHz.
  for (const inRate of [48000, 44100, 96000, 22050]) {
    it(`attenuates every tone from 9 kHz up by >= 60 dB, and 8-9 kHz by >= 19 dB, at ${inRate} Hz`, () => {
      expect(toneGainDb(inRate, 7280)).toBeCloseTo(-6, 0);
      for (let f = 8000; f < 9000; f += 125) expect(toneGainDb(inRate, f), `${f} Hz`).toBeLessThan(-19);
      for (let f = 9000; f < Math.min(inRate / 2, 24000); f += 250) expect(toneGainDb(inRate, f), `${f} Hz`).toBeLessThan(-60);
    });
  }

  it('handles ratios without a small rational form (interpolated phases)', () => {
    // 44056/16000 reduces to 5507/2000: more phases than the exact table holds.
    expect(Math.abs(toneGainDb(44056, 1000))).toBeLessThan(0.5);
    expect(toneGainDb(44056, 9000)).toBeLessThan(-60);
  });

  it('upsamples 8 kHz without changing in-band level', () => {
    expect(Math.abs(toneGainDb(8000, 1000))).toBeLessThan(0.5);
    const y = resampleAll(new Resampler(8000), sine(8000, 1000, 0.5));
    expect(y.length).toBeGreaterThanOrEqual(7998);
    expect(y.length).toBeLessThanOrEqual(8002);
  });

  it('passes 16 kHz through unchanged', () => {
    const x = noise(5000);
    const r = new Resampler(16000);
    expect(resampleAll(r, x)).toEqual(x);
    expect(resampleChunked(r, x, () => 128)).toEqual(x);
  });

  for (const inRate of [48000, 44100, 22050, 96000, 8000, 44056]) {
    it(`streams in chunks identically to one call at ${inRate} Hz`, () => {
      const x = noise(inRate); // one second
      const whole = resampleAll(new Resampler(inRate), x);
      expect(Math.abs(whole.length - (x.length * OUT_RATE) / inRate)).toBeLessThanOrEqual(2);

      let seed = 7;
      const random = () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return 1 + (seed % 3000);
      };
      for (const sizes of [() => 128, () => 1, random]) {
        const chunked = resampleChunked(new Resampler(inRate), x, sizes);
        expect(chunked.length).toBe(whole.length);
        let maxDiff = 0;
        for (let i = 0; i < whole.length; i++) maxDiff = Math.max(maxDiff, Math.abs(whole[i] - chunked[i]));
        expect(maxDiff).toBeLessThan(1e-6);
      }
    });
  }

  it('never writes more than maxOutput', () => {
    const r = new Resampler(44100);
    const x = noise(44100);
    for (let i = 0, n = 1; i < x.length; i += n, n = ((n * 7) % 500) + 1) {
      const chunk = x.subarray(i, Math.min(i + n, x.length));
      const out = new Float32Array(r.maxOutput(chunk.length));
      expect(r.process(chunk, out)).toBeLessThanOrEqual(out.length);
    }
  });

  it('rejects an output buffer that may be too small', () => {
    const r = new Resampler(48000);
    expect(() => r.process(new Float32Array(128), new Float32Array(10))).toThrow(RangeError);
  });

  it('reset restores the initial state', () => {
    const r = new Resampler(44100);
    const x = noise(3000, 3);
    const first = resampleAll(r, x);
    resampleAll(r, noise(1234, 9));
    r.reset();
    expect(resampleAll(r, x)).toEqual(first);
  });
});
