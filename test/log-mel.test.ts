import { describe, expect, it } from 'vitest';
import { Fft, LogMel, RealFft } from '../workers/transcribe/log-mel';

/** The DFT by its definition. */
function dft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n;
      outRe[k] += re[j] * Math.cos(a) - im[j] * Math.sin(a);
      outIm[k] += re[j] * Math.sin(a) + im[j] * Math.cos(a);
    }
  return [outRe, outIm];
}

let seed = 7;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
const signal = (n: number) => Float64Array.from({ length: n }, random);

describe('Fft', () => {
  it.each([1, 2, 3, 4, 5, 8, 12, 15, 20, 25, 50, 200, 400])('matches the DFT at size %i', (n) => {
    const re = signal(n);
    const im = signal(n);
    const [wantRe, wantIm] = dft(re, im);
    const gotRe = new Float64Array(n);
    const gotIm = new Float64Array(n);
    new Fft(n).transform(re, im, gotRe, gotIm);
    for (let k = 0; k < n; k++) {
      expect(gotRe[k]).toBeCloseTo(wantRe[k], 9);
      expect(gotIm[k]).toBeCloseTo(wantIm[k], 9);
    }
  });

  it('refuses a size with a prime factor above 5', () => {
    expect(() => new Fft(14)).toThrow(RangeError);
  });
});

describe('RealFft', () => {
  it.each([2, 10, 400])('gives bins 0 … N/2 of the DFT of a real signal of size %i', (n) => {
    const x = signal(n);
    const [wantRe, wantIm] = dft(x, new Float64Array(n));
    const re = new Float64Array(n / 2 + 1);
    const im = new Float64Array(n / 2 + 1);
    new RealFft(n).transform(x, re, im);
    for (let k = 0; k <= n / 2; k++) {
      expect(re[k]).toBeCloseTo(wantRe[k], 9);
      expect(im[k]).toBeCloseTo(wantIm[k], 9);
    }
  });
});

describe('LogMel', () => {
  // One band per bin: the log-mel is the log power spectrum, normalised, so a tone shows where it should.
  const identity = Array.from({ length: 201 }, (_, b) => Array.from({ length: 201 }, (_, j) => (j === b ? 1 : 0)));
  const hann = Array.from({ length: 400 }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / 400));
  const mel = new LogMel({ window: hann, config: { mel_filters: identity } });

  it('puts a tone in its bin, normalised so the loudest value is (max + 4) / 4 and nothing is below the floor', () => {
    const tone = Float32Array.from({ length: 1600 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 16000)); // bin 25
    const out = mel.compute(tone);
    const frames = 10;
    expect(out.length).toBe(201 * frames);
    const frame = 5;
    let loudest = 0;
    for (let b = 1; b < 201; b++) if (out[b * frames + frame] > out[loudest * frames + frame]) loudest = b;
    expect(loudest).toBe(25);
    const max = Math.max(...out);
    const min = Math.min(...out);
    expect(min).toBeCloseTo(max - 2, 6); // the floor is 8 below the loudest log10 value, 2 after (x + 4) / 4
  });

  it('refuses a waveform too short to reflect at its ends', () => {
    expect(() => mel.compute(new Float32Array(200))).toThrow(RangeError);
    expect(mel.compute(new Float32Array(201)).length).toBe(201); // one frame
  });

  it('refuses a window or filters of the wrong size', () => {
    expect(() => new LogMel({ window: hann.slice(1), config: { mel_filters: identity } })).toThrow(RangeError);
    expect(() => new LogMel({ window: hann, config: { mel_filters: [[1, 2, 3]] } })).toThrow(RangeError);
  });
});
