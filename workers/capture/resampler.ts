/**
 * Streaming windowed-sinc resampler for the capture AudioWorklet.
 *
 * Runs on the real-time audio thread, so everything is allocated in the
 * constructor; `process` only reads and writes preallocated typed arrays.
 *
 * Design: a Kaiser-windowed sinc low-pass whose cutoff sits a little below
 * the Nyquist frequency of the lower of the two rates, evaluated at the
 * fractional input position of each output sample. The filter is stored as a
 * table of phases. The step between output samples is tracked as an exact
 * rational (inRate/outRate reduced by their gcd), so for ordinary rates
 * (44100, 48000, 22050, ...) each output lands exactly on a table phase. Only
 * for odd ratios with a huge denominator do we fall back to a fixed number of
 * phases with linear interpolation between neighbouring phases.
 *
 * The filter is causal: output is delayed by half the filter length (about
 * 1 ms at the default settings), which keeps the output count equal to
 * input * outRate / inRate instead of holding samples back.
 */

/** Default filter length, counted in samples of the lower of the two rates. */
const DEFAULT_TAPS = 20;
/** Cutoff (-6 dB point) as a fraction of the lower rate's Nyquist frequency. */
const CUTOFF = 0.91;
/** Kaiser window shape; ~5.7 gives roughly 60 dB stopband rejection. */
const KAISER_BETA = 5.7;
/** Largest rational denominator that gets one exact table phase per position. */
const MAX_EXACT_PHASES = 1024;
/** Phase count used (with interpolation) when the denominator is larger. */
const INTERP_PHASES = 512;
/** Input samples staged per inner block; bounds the work buffer size. */
const BLOCK = 1024;

export class Resampler {
  readonly inRate: number;
  readonly outRate: number;

  private readonly passthrough: boolean;
  /** Number of taps (input samples) per output sample. */
  private readonly n: number;
  /** Input step per output sample is num/den input samples. */
  private readonly num: number;
  private readonly den: number;
  /** Table phases (rows); row r holds the taps for fractional offset r/phases. */
  private readonly phases: number;
  /** phases === den: positions fall exactly on rows, no interpolation. */
  private readonly exact: boolean;
  /** (phases + 1) rows of n taps; the extra row lets interpolation skip a wrap. */
  private readonly table: Float32Array;
  /** History plus the block being filtered. */
  private readonly buf: Float32Array;
  private fill = 0;
  /** Index in buf of the first tap of the next output. */
  private pos = 0;
  /** Fractional part of the next output position, in units of 1/den. */
  private frac = 0;

  constructor(inRate: number, outRate = 16000, taps = DEFAULT_TAPS) {
    if (!(inRate > 0) || !(outRate > 0)) throw new RangeError('sample rates must be positive');
    if (!(taps >= 2)) throw new RangeError('taps must be >= 2');
    this.inRate = inRate;
    this.outRate = outRate;
    // Sample rates are integers in practice; rounding keeps the step exact.
    const a = Math.round(inRate);
    const b = Math.round(outRate);
    const g = gcd(a, b);
    this.num = a / g;
    this.den = b / g;
    this.passthrough = a === b;

    // Scale the length with the input rate when downsampling so the
    // transition band stays the same width in Hz; round up to even.
    const n = Math.max(2, 2 * Math.ceil((taps * Math.max(1, a / b)) / 2));
    this.n = n;
    this.exact = this.den <= MAX_EXACT_PHASES;
    this.phases = this.exact ? this.den : INTERP_PHASES;
    this.table = this.passthrough ? new Float32Array(0) : buildTable(n, this.phases, (CUTOFF * Math.min(a, b)) / (2 * a));
    this.buf = new Float32Array(this.passthrough ? 0 : n - 1 + BLOCK);
    this.reset();
  }

  maxOutput(n: number): number {
    if (this.passthrough) return n;
    return Math.ceil((n * this.den) / this.num) + 1;
  }

  process(input: Float32Array, out: Float32Array): number {
    if (out.length < this.maxOutput(input.length)) throw new RangeError('output buffer too small');
    if (this.passthrough) {
      out.set(input);
      return input.length;
    }
    const { buf, table, n, num, den, phases, exact } = this;
    const cap = buf.length;
    let written = 0;
    let read = 0;
    while (read < input.length) {
      const m = Math.min(input.length - read, cap - this.fill);
      // Plain loop: subarray() would allocate a view on the audio thread.
      for (let i = 0; i < m; i++) buf[this.fill + i] = input[read + i];
      read += m;
      this.fill += m;

      let pos = this.pos;
      let frac = this.frac;
      const fill = this.fill;
      while (pos + n <= fill) {
        let acc = 0;
        if (exact) {
          const row = frac * n;
          for (let j = 0; j < n; j++) acc += buf[pos + j] * table[row + j];
        } else {
          const p = (frac * phases) / den;
          const r = Math.floor(p);
          const t = p - r;
          const row0 = r * n;
          const row1 = row0 + n;
          for (let j = 0; j < n; j++) {
            const h0 = table[row0 + j];
            acc += buf[pos + j] * (h0 + t * (table[row1 + j] - h0));
          }
        }
        out[written++] = acc;
        frac += num;
        pos += Math.floor(frac / den);
        frac %= den;
      }

      // Drop consumed samples; at most n - 1 remain, leaving room for a block.
      const keep = Math.max(0, fill - pos);
      const drop = fill - keep;
      buf.copyWithin(0, drop, fill);
      this.fill = keep;
      this.pos = pos - drop;
      this.frac = frac;
    }
    return written;
  }

  reset(): void {
    if (this.passthrough) return;
    // Prime with n - 1 zeros so the first output only needs the first input.
    this.buf.fill(0);
    this.fill = this.n - 1;
    this.pos = 0;
    this.frac = 0;
  }
}

function gcd(a: number, b: number): number {
  while (b) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Zeroth-order modified Bessel function of the first kind (series). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/**
 * Row r, tap j holds h(r / phases + n/2 - 1 - j): the kernel sampled at the
 * distance from input tap j to an output sitting r/phases past tap n/2 - 1.
 * `fc` is the cutoff in cycles per input sample. Each row is normalised to
 * unit sum so DC passes exactly whatever the phase.
 */
function buildTable(n: number, phases: number, fc: number): Float32Array {
  const half = n / 2;
  const table = new Float32Array((phases + 1) * n);
  const i0b = besselI0(KAISER_BETA);
  for (let r = 0; r <= phases; r++) {
    const phase = r / phases;
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const u = phase + half - 1 - j;
      const x = u / half;
      const w = Math.abs(x) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / i0b;
      const s = u === 0 ? 1 : Math.sin(2 * Math.PI * fc * u) / (2 * Math.PI * fc * u);
      const h = 2 * fc * s * w;
      table[r * n + j] = h;
      sum += h;
    }
    for (let j = 0; j < n; j++) table[r * n + j] /= sum;
  }
  return table;
}
