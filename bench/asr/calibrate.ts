// When the fake microphone really played the file, from the audio itself. Pure: sample levels in, times out.
//
// Chromium's fake device (`--use-file-for-fake-audio-capture`) starts playing when the device opens, not when
// the page asks; taking `getUserMedia`'s resolution as the file's start would shift every latency by the gap.
// The page taps the captured stream (a bench-only AudioWorklet counting context frames, its messages stamped
// with page time) and the file's level envelope is aligned to the captured one: file time 0 in page time.

/** Width of one envelope bin. 5 ms: finer than any latency reported, coarse enough to align minutes quickly. */
export const BIN_MS = 5;
/** Levels below this count as silence (dBFS), so digital zeros and room tone compare equal. */
const FLOOR_DB = -60;

const toDb = (peak: number) => Math.max(FLOOR_DB, 20 * Math.log10(Math.max(peak, 1e-9)));

/** Peak level per `BIN_MS` bin, in dBFS (floored), of samples at `rate`. */
export function envelopeDb(samples: Float32Array, rate: number): Float32Array {
  const per = (rate * BIN_MS) / 1000;
  const bins = Math.floor(samples.length / per);
  const out = new Float32Array(bins);
  for (let b = 0; b < bins; b++) {
    let peak = 0;
    for (let i = Math.floor(b * per); i < Math.floor((b + 1) * per); i++) peak = Math.max(peak, Math.abs(samples[i]));
    out[b] = toDb(peak);
  }
  return out;
}

/** What the bench's tap reported: blocks of render quanta, each with its first context frame and its peak. */
export interface CaptureTap {
  /** The tap's AudioContext sample rate. */
  rate: number;
  /** Frames per quantum (128 in Web Audio). */
  quantum: number;
  /** Context frame of each quantum's first sample, and the quantum's peak |sample|. */
  frames: number[];
  peaks: number[];
  /**
   * Page time (ms) of context frame 0: the smallest (message arrival − frame time) over all messages, so
   * message delays only ever make it later, never earlier.
   */
  frameZeroPageMs: number;
}

/** The tap's levels on the same bins as `envelopeDb` (context time 0 = bin 0); bins no quantum reached stay silent. */
export function tapEnvelopeDb(tap: CaptureTap): Float32Array {
  const binFrames = (tap.rate * BIN_MS) / 1000;
  const last = tap.frames.length ? tap.frames[tap.frames.length - 1] + tap.quantum : 0;
  const out = new Float32Array(Math.ceil(last / binFrames)).fill(FLOOR_DB);
  tap.frames.forEach((f, i) => {
    const b = Math.floor(f / binFrames);
    out[b] = Math.max(out[b], toDb(tap.peaks[i]));
  });
  return out;
}

export interface Alignment {
  /** Context time (ms) at which file time 0 was captured: capture bin k holds file bin k − lag. */
  lagMs: number;
  /** Mean |difference| in dB over the overlap at the best lag (0: the same audio). */
  errorDb: number;
  /** The same at the best lag at least 100 ms away (a clear alignment stands well below it). */
  runnerUpDb: number;
  overlapMs: number;
}

/**
 * The lag that best lays the file's envelope over the captured one: mean absolute dB difference over the
 * overlap, which must cover at least half the file (or half the capture). Only bins where either side is
 * above the floor count, so shared silence neither helps nor hurts.
 */
export function alignEnvelopes(file: Float32Array, captured: Float32Array, maxLagMs: number): Alignment | null {
  const maxLag = Math.round(maxLagMs / BIN_MS);
  const minOverlap = Math.max(1, Math.floor(Math.min(file.length, captured.length) / 2));
  const scores: Array<{ lag: number; err: number; overlap: number }> = [];
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const from = Math.max(0, lag);
    const to = Math.min(captured.length, file.length + lag);
    if (to - from < minOverlap) continue;
    let sum = 0;
    let n = 0;
    for (let k = from; k < to; k++) {
      const c = captured[k];
      const f = file[k - lag];
      if (c <= FLOOR_DB && f <= FLOOR_DB) continue;
      sum += Math.abs(c - f);
      n++;
    }
    if (n > 0) scores.push({ lag, err: sum / n, overlap: to - from });
  }
  if (!scores.length) return null;
  const best = scores.reduce((a, b) => (b.err < a.err ? b : a));
  const away = scores.filter((s) => Math.abs(s.lag - best.lag) * BIN_MS >= 100);
  const runnerUp = away.length ? Math.min(...away.map((s) => s.err)) : Infinity;
  return { lagMs: best.lag * BIN_MS, errorDb: best.err, runnerUpDb: runnerUp, overlapMs: best.overlap * BIN_MS };
}

export interface Calibration {
  /** Page time (ms) at which the page received file time 0, or null when the audio could not be aligned. */
  fileStartPageMs: number | null;
  /** fileStartPageMs − the moment getUserMedia resolved: what the uncalibrated figures were off by. */
  offsetMs: number | null;
  errorDb: number | null;
}

/** An alignment is trusted when it matches closely and clearly better than any other lag. */
const MAX_ERROR_DB = 3;

export function calibrate(
  fileSamples: Float32Array,
  fileRate: number,
  tap: CaptureTap | null,
  micOpenedMs: number,
  maxLagMs = 10_000,
): Calibration {
  const none = { fileStartPageMs: null, offsetMs: null, errorDb: null };
  if (!tap || !tap.frames.length) return none;
  const a = alignEnvelopes(envelopeDb(fileSamples, fileRate), tapEnvelopeDb(tap), maxLagMs);
  if (!a || a.errorDb > MAX_ERROR_DB || a.runnerUpDb < 2 * a.errorDb) return { ...none, errorDb: a?.errorDb ?? null };
  const fileStartPageMs = tap.frameZeroPageMs + a.lagMs;
  return { fileStartPageMs, offsetMs: fileStartPageMs - micOpenedMs, errorDb: a.errorDb };
}

/**
 * Where speech really ends in a clean utterance file, by the rule the corpus trims its pause file with:
 * the last 10 ms frame above max(peak − 40 dB, 10th-percentile floor + 10 dB, −55 dBFS). An utterance
 * file's own end often has 0.1–0.4 s of silence after the last word; timing from there would flatter.
 */
export function speechEndS(samples: Float32Array, rate: number): number {
  const per = Math.round(rate / 100);
  const n = Math.floor(samples.length / per);
  if (!n) return samples.length / rate;
  const db = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    let sum = 0;
    for (let i = f * per; i < (f + 1) * per; i++) sum += samples[i] * samples[i];
    db[f] = 10 * Math.log10(sum / per + 1e-24);
  }
  const sorted = Float64Array.from(db).sort();
  const floor = sorted[Math.floor(0.1 * (n - 1))];
  const threshold = Math.max(sorted[n - 1] - 40, floor + 10, -55);
  for (let f = n - 1; f >= 0; f--) if (db[f] > threshold) return ((f + 1) * per) / rate;
  return samples.length / rate;
}
