// Scores a voice detector's segments against ground-truth speech. Pure: shared by `npm run bench:vad`
// and the browser test (e2e/vad.spec.ts).
//
// Definitions (times in ms from the start of the file):
// - A detection *hits* every true utterance its span overlaps (shares more than an instant with).
// - A true utterance no detection overlaps is *missed*.
// - A detection that overlaps no true utterance is a *false alarm*.
// - Start error of a hit: start of the first detection overlapping it − true start (signed; late is positive).
// - End error of a hit: when the last detection overlapping it was *decided* (the end of the frame that
//   closed it) − true end. This is how long after the speaker stopped the detector said so.
// - Pause error of a hit (detectors that report one): when the pause that ended it was seen − true end. Live
//   dictation decodes the audio at that pause, so the words can appear this long after the speaker stopped.
// - A split: an utterance overlapped by several detections; a merge: a detection overlapping several utterances.

import type { TimeSpan } from '../workers/protocol';

export type Span = TimeSpan;

export interface Detection extends Span {
  /** When the detector decided the segment was over; when absent, `endMs`. */
  decidedMs?: number;
  /** When it saw the pause that ended the speech (before the hangover ran out), if it reports one. */
  pausedMs?: number;
}

export interface UtteranceScore {
  truth: Span;
  hit: boolean;
  /** Null when missed. */
  startErrorMs: number | null;
  endErrorMs: number | null;
  /** Null when missed or when the detector reports no pause. */
  pauseErrorMs: number | null;
  detections: number;
}

export interface Score {
  utterances: UtteranceScore[];
  hits: number;
  missed: number;
  falseAlarms: number;
  splits: number;
  merges: number;
}

export function overlaps(a: Span, b: Span): boolean {
  return a.startMs < b.endMs && b.startMs < a.endMs;
}

function checkSpan(s: Span, what: string): void {
  if (!(Number.isFinite(s.startMs) && Number.isFinite(s.endMs) && s.endMs >= s.startMs))
    throw new RangeError(`${what}: [${s.startMs}, ${s.endMs}] is not a span of time`);
}

export function scoreDetections(truth: readonly Span[], detections: readonly Detection[]): Score {
  truth.forEach((t, i) => checkSpan(t, `true utterance ${i}`));
  detections.forEach((d, i) => checkSpan(d, `detection ${i}`));
  const byStart = [...detections].sort((a, b) => a.startMs - b.startMs);

  const utterances = truth.map((t): UtteranceScore => {
    const over = byStart.filter((d) => overlaps(d, t));
    const first = over[0];
    const last = over.reduce<Detection | undefined>(
      (a, d) => (a && (a.decidedMs ?? a.endMs) >= (d.decidedMs ?? d.endMs) ? a : d),
      undefined,
    );
    return {
      truth: t,
      hit: over.length > 0,
      startErrorMs: first ? first.startMs - t.startMs : null,
      endErrorMs: last ? (last.decidedMs ?? last.endMs) - t.endMs : null,
      pauseErrorMs: last?.pausedMs !== undefined ? last.pausedMs - t.endMs : null,
      detections: over.length,
    };
  });
  const hits = utterances.filter((u) => u.hit).length;
  return {
    utterances,
    hits,
    missed: truth.length - hits,
    falseAlarms: detections.filter((d) => !truth.some((t) => overlaps(d, t))).length,
    splits: utterances.filter((u) => u.detections > 1).length,
    merges: detections.filter((d) => truth.filter((t) => overlaps(d, t)).length > 1).length,
  };
}

/** One score over several files. */
export function combineScores(scores: readonly Score[]): Score {
  return {
    utterances: scores.flatMap((s) => s.utterances),
    hits: scores.reduce((n, s) => n + s.hits, 0),
    missed: scores.reduce((n, s) => n + s.missed, 0),
    falseAlarms: scores.reduce((n, s) => n + s.falseAlarms, 0),
    splits: scores.reduce((n, s) => n + s.splits, 0),
    merges: scores.reduce((n, s) => n + s.merges, 0),
  };
}

const present = (xs: readonly (number | null)[]): number[] => xs.filter((x): x is number => x !== null);

/** NaN when there is nothing to average: a target on it then fails rather than passing vacuously. */
export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

export function max(xs: readonly number[]): number {
  return xs.length ? Math.max(...xs) : NaN;
}

export interface BoundaryStats {
  /** Mean |start error| over hits. */
  startMeanAbsMs: number;
  startMeanMs: number;
  endMeanMs: number;
  endMaxMs: number;
  /** NaN for a detector that reports no pause. */
  pauseMeanMs: number;
  pauseMaxMs: number;
}

export function boundaryStats(score: Score): BoundaryStats {
  const starts = present(score.utterances.map((u) => u.startErrorMs));
  const ends = present(score.utterances.map((u) => u.endErrorMs));
  const pauses = present(score.utterances.map((u) => u.pauseErrorMs));
  return {
    startMeanAbsMs: mean(starts.map(Math.abs)),
    startMeanMs: mean(starts),
    endMeanMs: mean(ends),
    endMaxMs: max(ends),
    pauseMeanMs: mean(pauses),
    pauseMaxMs: max(pauses),
  };
}

export interface TargetInput {
  speech: Score;
  noise: Score;
  cpuMsPerAudioS: number;
  /** The redemption (hangover) time the detector was run with. */
  hangoverMs: number;
  /** CPU per audio second of the comparison (vad-web's v5 path). */
  referenceCpuMsPerAudioS: number;
}

export interface TargetCheck {
  target: string;
  measured: number;
  limit: number;
  pass: boolean;
}

export const START_ERROR_LIMIT_MS = 150;
export const END_SLACK_MS = 100;

/** The targets for our VAD. Every comparison is written so that NaN fails. */
export function checkTargets(t: TargetInput): TargetCheck[] {
  const b = boundaryStats(t.speech);
  const endLimit = t.hangoverMs + END_SLACK_MS;
  const cpuLimit = t.referenceCpuMsPerAudioS / 2;
  const utterances = t.speech.utterances.length;
  return [
    { target: 'every utterance hit (missed)', measured: t.speech.missed, limit: 0, pass: utterances > 0 && t.speech.missed === 0 },
    { target: 'false alarms on noise', measured: t.noise.falseAlarms, limit: 0, pass: t.noise.falseAlarms === 0 },
    {
      target: 'mean |start error| ms',
      measured: b.startMeanAbsMs,
      limit: START_ERROR_LIMIT_MS,
      pass: b.startMeanAbsMs <= START_ERROR_LIMIT_MS,
    },
    {
      target: `worst end decided after true end ms (hangover ${t.hangoverMs} + ${END_SLACK_MS})`,
      measured: b.endMaxMs,
      limit: endLimit,
      pass: b.endMaxMs <= endLimit,
    },
    { target: 'CPU ms per audio s (half of vad-web v5)', measured: t.cpuMsPerAudioS, limit: cpuLimit, pass: t.cpuMsPerAudioS <= cpuLimit },
  ];
}
