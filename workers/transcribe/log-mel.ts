// Whisper's log-mel spectrogram (n_fft 400, hop 160, 80 slaney mel bands, log10, the loudest frame − 8 as the
// floor, then (x + 4) / 4), computed as transformers.js's WhisperFeatureExtractor does, from its own window and
// mel filters, but with a mixed-radix FFT of 400 points and the filters' nonzero bins only. transformers.js runs a
// Bluestein transform (two 1024-point complex FFTs) per frame and the filter bank as a dense matrix product; this is
// the same arithmetic up to rounding (test/features.test.ts checks it against the extractor) at a fraction of the
// time.

export const N_FFT = 400;
export const HOP = 160;
const BINS = N_FFT / 2 + 1;
const MEL_FLOOR = 1e-10;

/** What is read from transformers.js's extractor: its Hann window (periodic, 400) and mel filters (80 × 201). */
export interface MelSource {
  window: ArrayLike<number>;
  config: { mel_filters: ArrayLike<ArrayLike<number>> };
}

const C1 = Math.cos((2 * Math.PI) / 5);
const C2 = Math.cos((4 * Math.PI) / 5);
const S1 = Math.sin((2 * Math.PI) / 5);
const S2 = Math.sin((4 * Math.PI) / 5);

/** One stage of the transform: radix `p`, `m` groups of stride `s`, its twiddles at [q·p + c]. */
interface Stage {
  p: number;
  m: number;
  s: number;
  twRe: Float64Array;
  twIm: Float64Array;
  /** ω_p^(r·c), row-major p × p: only for a radix without its own butterfly (3). */
  rootsRe: Float64Array | null;
  rootsIm: Float64Array | null;
}

/**
 * Complex FFT of a fixed size whose factors are 2, 3, 4 and 5: Stockham's autosort form (no reordering pass),
 * each stage a radix-p butterfly between two buffers, every twiddle read from tables made once.
 */
export class Fft {
  private readonly stages: Stage[] = [];
  private readonly bufRe: [Float64Array, Float64Array];
  private readonly bufIm: [Float64Array, Float64Array];
  private readonly aRe = new Float64Array(5);
  private readonly aIm = new Float64Array(5);

  constructor(readonly size: number) {
    let n = size;
    let s = 1;
    for (const p of [4, 2, 3, 5])
      while (n % p === 0) {
        const m = n / p;
        const twRe = new Float64Array(m * p);
        const twIm = new Float64Array(m * p);
        for (let q = 0; q < m; q++)
          for (let c = 0; c < p; c++) {
            twRe[q * p + c] = Math.cos((-2 * Math.PI * c * q) / n);
            twIm[q * p + c] = Math.sin((-2 * Math.PI * c * q) / n);
          }
        let rootsRe: Float64Array | null = null;
        let rootsIm: Float64Array | null = null;
        if (p === 3) {
          rootsRe = new Float64Array(p * p);
          rootsIm = new Float64Array(p * p);
          for (let r = 0; r < p; r++)
            for (let c = 0; c < p; c++) {
              rootsRe[r * p + c] = Math.cos((-2 * Math.PI * ((r * c) % p)) / p);
              rootsIm[r * p + c] = Math.sin((-2 * Math.PI * ((r * c) % p)) / p);
            }
        }
        this.stages.push({ p, m, s, twRe, twIm, rootsRe, rootsIm });
        n = m;
        s *= p;
      }
    if (n !== 1) throw new RangeError(`FFT size ${size} has a prime factor above 5`);
    this.bufRe = [new Float64Array(size), new Float64Array(size)];
    this.bufIm = [new Float64Array(size), new Float64Array(size)];
  }

  /** out = DFT(in). */
  transform(inRe: Float64Array, inIm: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    let [xRe, yRe] = this.bufRe;
    let [xIm, yIm] = this.bufIm;
    xRe.set(inRe);
    xIm.set(inIm);
    for (const stage of this.stages) {
      // The butterfly is chosen once a stage: a stage of a 400-point frame runs 40–100 of them.
      if (stage.p === 4) this.radix4(stage, xRe, xIm, yRe, yIm);
      else if (stage.p === 2) this.radix2(stage, xRe, xIm, yRe, yIm);
      else if (stage.p === 5) this.radix5(stage, xRe, xIm, yRe, yIm);
      else this.radixAny(stage, xRe, xIm, yRe, yIm);
      [xRe, yRe] = [yRe, xRe];
      [xIm, yIm] = [yIm, xIm];
    }
    outRe.set(xRe);
    outIm.set(xIm);
  }

  private radix2({ m, s, twRe, twIm }: Stage, xRe: Float64Array, xIm: Float64Array, yRe: Float64Array, yIm: Float64Array): void {
    for (let q = 0; q < m; q++)
      for (let k = 0; k < s; k++) {
        const from = k + s * q;
        const to = k + s * q * 2;
        const i1 = from + s * m;
        put(yRe, yIm, to, s, twRe, twIm, q * 2, 0, xRe[from] + xRe[i1], xIm[from] + xIm[i1]);
        put(yRe, yIm, to, s, twRe, twIm, q * 2, 1, xRe[from] - xRe[i1], xIm[from] - xIm[i1]);
      }
  }

  // ω_4 = −i: the small transform needs no multiplication.
  private radix4({ m, s, twRe, twIm }: Stage, xRe: Float64Array, xIm: Float64Array, yRe: Float64Array, yIm: Float64Array): void {
    const sm = s * m;
    for (let q = 0; q < m; q++)
      for (let k = 0; k < s; k++) {
        const i0 = k + s * q;
        const to = k + s * q * 4;
        const s02r = xRe[i0] + xRe[i0 + 2 * sm];
        const s02i = xIm[i0] + xIm[i0 + 2 * sm];
        const d02r = xRe[i0] - xRe[i0 + 2 * sm];
        const d02i = xIm[i0] - xIm[i0 + 2 * sm];
        const s13r = xRe[i0 + sm] + xRe[i0 + 3 * sm];
        const s13i = xIm[i0 + sm] + xIm[i0 + 3 * sm];
        const d13r = xRe[i0 + sm] - xRe[i0 + 3 * sm];
        const d13i = xIm[i0 + sm] - xIm[i0 + 3 * sm];
        put(yRe, yIm, to, s, twRe, twIm, q * 4, 0, s02r + s13r, s02i + s13i);
        put(yRe, yIm, to, s, twRe, twIm, q * 4, 1, d02r + d13i, d02i - d13r);
        put(yRe, yIm, to, s, twRe, twIm, q * 4, 2, s02r - s13r, s02i - s13i);
        put(yRe, yIm, to, s, twRe, twIm, q * 4, 3, d02r - d13i, d02i + d13r);
      }
  }

  private radix5({ m, s, twRe, twIm }: Stage, xRe: Float64Array, xIm: Float64Array, yRe: Float64Array, yIm: Float64Array): void {
    const sm = s * m;
    for (let q = 0; q < m; q++)
      for (let k = 0; k < s; k++) {
        const i0 = k + s * q;
        const to = k + s * q * 5;
        const a0r = xRe[i0];
        const a0i = xIm[i0];
        const t1r = xRe[i0 + sm] + xRe[i0 + 4 * sm];
        const t1i = xIm[i0 + sm] + xIm[i0 + 4 * sm];
        const t2r = xRe[i0 + 2 * sm] + xRe[i0 + 3 * sm];
        const t2i = xIm[i0 + 2 * sm] + xIm[i0 + 3 * sm];
        const t3r = xRe[i0 + sm] - xRe[i0 + 4 * sm];
        const t3i = xIm[i0 + sm] - xIm[i0 + 4 * sm];
        const t4r = xRe[i0 + 2 * sm] - xRe[i0 + 3 * sm];
        const t4i = xIm[i0 + 2 * sm] - xIm[i0 + 3 * sm];
        const m1r = a0r + C1 * t1r + C2 * t2r;
        const m1i = a0i + C1 * t1i + C2 * t2i;
        const m2r = a0r + C2 * t1r + C1 * t2r;
        const m2i = a0i + C2 * t1i + C1 * t2i;
        const n1r = S1 * t3r + S2 * t4r;
        const n1i = S1 * t3i + S2 * t4i;
        const n2r = S2 * t3r - S1 * t4r;
        const n2i = S2 * t3i - S1 * t4i;
        // b1 = m1 − i·n1, b4 = m1 + i·n1; b2 = m2 − i·n2, b3 = m2 + i·n2.
        put(yRe, yIm, to, s, twRe, twIm, q * 5, 0, a0r + t1r + t2r, a0i + t1i + t2i);
        put(yRe, yIm, to, s, twRe, twIm, q * 5, 1, m1r + n1i, m1i - n1r);
        put(yRe, yIm, to, s, twRe, twIm, q * 5, 2, m2r + n2i, m2i - n2r);
        put(yRe, yIm, to, s, twRe, twIm, q * 5, 3, m2r - n2i, m2i + n2r);
        put(yRe, yIm, to, s, twRe, twIm, q * 5, 4, m1r - n1i, m1i + n1r);
      }
  }

  /** Any radix from its p × p roots. */
  private radixAny(stage: Stage, xRe: Float64Array, xIm: Float64Array, yRe: Float64Array, yIm: Float64Array): void {
    const { p, m, s, twRe, twIm } = stage;
    const wRe = stage.rootsRe!;
    const wIm = stage.rootsIm!;
    const { aRe, aIm } = this;
    for (let q = 0; q < m; q++)
      for (let k = 0; k < s; k++) {
        for (let r = 0; r < p; r++) {
          aRe[r] = xRe[k + s * (q + r * m)];
          aIm[r] = xIm[k + s * (q + r * m)];
        }
        for (let c = 0; c < p; c++) {
          let re = aRe[0];
          let im = aIm[0];
          for (let r = 1; r < p; r++) {
            re += aRe[r] * wRe[r * p + c] - aIm[r] * wIm[r * p + c];
            im += aRe[r] * wIm[r * p + c] + aIm[r] * wRe[r * p + c];
          }
          put(yRe, yIm, k + s * q * p, s, twRe, twIm, q * p, c, re, im);
        }
      }
  }
}

/** y[to + s·c] = (re + i·im) · the group's twiddle c. */
function put(
  yRe: Float64Array,
  yIm: Float64Array,
  to: number,
  s: number,
  twRe: Float64Array,
  twIm: Float64Array,
  at: number,
  c: number,
  re: number,
  im: number,
): void {
  const tr = twRe[at + c];
  const ti = twIm[at + c];
  yRe[to + s * c] = re * tr - im * ti;
  yIm[to + s * c] = re * ti + im * tr;
}

/**
 * The DFT of a real signal of even length N through a complex FFT of N/2 (even samples as the real part, odd as
 * the imaginary), split apart afterwards: half the work of a complex transform of N.
 */
export class RealFft {
  private readonly half: Fft;
  private readonly zRe: Float64Array;
  private readonly zIm: Float64Array;
  private readonly ZRe: Float64Array;
  private readonly ZIm: Float64Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  constructor(readonly size: number) {
    if (size % 2) throw new RangeError('RealFft needs an even size');
    const h = size / 2;
    this.half = new Fft(h);
    this.zRe = new Float64Array(h);
    this.zIm = new Float64Array(h);
    this.ZRe = new Float64Array(h);
    this.ZIm = new Float64Array(h);
    this.cos = new Float64Array(h + 1);
    this.sin = new Float64Array(h + 1);
    for (let k = 0; k <= h; k++) {
      this.cos[k] = Math.cos((-2 * Math.PI * k) / size);
      this.sin[k] = Math.sin((-2 * Math.PI * k) / size);
    }
  }

  /** Bins 0 … N/2 of the DFT of `input` (length N) into outRe/outIm. */
  transform(input: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    const h = this.size / 2;
    for (let n = 0; n < h; n++) {
      this.zRe[n] = input[2 * n];
      this.zIm[n] = input[2 * n + 1];
    }
    this.half.transform(this.zRe, this.zIm, this.ZRe, this.ZIm);
    const { ZRe, ZIm } = this;
    for (let k = 0; k <= h; k++) {
      const a = k % h;
      const b = (h - k) % h;
      // Even part E = (Z[k] + conj Z[h−k]) / 2, odd part O = (Z[k] − conj Z[h−k]) / 2i; X[k] = E + W^k · O.
      const er = (ZRe[a] + ZRe[b]) / 2;
      const ei = (ZIm[a] - ZIm[b]) / 2;
      const or = (ZIm[a] + ZIm[b]) / 2;
      const oi = -(ZRe[a] - ZRe[b]) / 2;
      outRe[k] = er + or * this.cos[k] - oi * this.sin[k];
      outIm[k] = ei + or * this.sin[k] + oi * this.cos[k];
    }
  }
}

/** One mel band: the first frequency bin it weighs and its nonzero weights. */
interface Band {
  from: number;
  weights: Float32Array;
}

export class LogMel {
  private readonly window: Float64Array;
  private readonly bands: Band[];
  private readonly fft = new RealFft(N_FFT);
  private readonly frameRe = new Float64Array(N_FFT);
  private readonly outRe = new Float64Array(BINS);
  private readonly outIm = new Float64Array(BINS);
  private readonly power = new Float32Array(BINS);

  constructor(source: MelSource) {
    if (source.window.length !== N_FFT) throw new RangeError(`expected a ${N_FFT}-point window, got ${source.window.length}`);
    this.window = Float64Array.from(source.window);
    this.bands = Array.from(source.config.mel_filters, (row) => {
      if (row.length !== BINS) throw new RangeError(`expected mel filters over ${BINS} bins, got ${row.length}`);
      // transformers.js multiplies in float32: the weights as it sees them.
      const w = Float32Array.from(row);
      let from = 0;
      let to = w.length;
      while (from < to && w[from] === 0) from++;
      while (to > from && w[to - 1] === 0) to--;
      return { from, weights: w.slice(from, to) };
    });
  }

  get melBands(): number {
    return this.bands.length;
  }

  /**
   * The normalised log-mel of `waveform` (already padded to the window the caller wants), `[bands × frames]` with
   * frames = ⌊length / 160⌋, as WhisperFeatureExtractor `_extract_fbank_features` gives it.
   */
  compute(waveform: Float32Array): Float32Array {
    // Reflecting needs more than half a frame of signal, as numpy's (and transformers.js's) padding does.
    if (waveform.length <= N_FFT / 2) throw new RangeError(`a waveform of ${waveform.length} samples is too short to frame`);
    const frames = Math.floor(waveform.length / HOP);
    const bands = this.bands.length;
    const out = new Float32Array(bands * frames);
    const last = waveform.length - 1;
    const half = N_FFT / 2;
    for (let f = 0; f < frames; f++) {
      // Centred frame, the signal reflected at both ends (numpy's "reflect", as transformers.js pads).
      const start = f * HOP - half;
      for (let j = 0; j < N_FFT; j++) {
        let i = start + j;
        if (i < 0) i = -i;
        else if (i > last) i = 2 * last - i;
        this.frameRe[j] = waveform[i] * this.window[j];
      }
      this.fft.transform(this.frameRe, this.outRe, this.outIm);
      for (let j = 0; j < BINS; j++) this.power[j] = this.outRe[j] ** 2 + this.outIm[j] ** 2;
      for (let b = 0; b < bands; b++) {
        const { from, weights } = this.bands[b];
        let sum = 0;
        for (let j = 0; j < weights.length; j++) sum += weights[j] * this.power[from + j];
        out[b * frames + f] = Math.log10(Math.max(MEL_FLOOR, Math.fround(sum)));
      }
    }
    let max = -Infinity;
    for (let i = 0; i < out.length; i++) if (out[i] > max) max = out[i];
    const floor = max - 8;
    for (let i = 0; i < out.length; i++) out[i] = (Math.max(out[i], floor) + 4) / 4;
    return out;
  }
}
