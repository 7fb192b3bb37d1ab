// Scoring and the printed table for `npm run bench:asr`: pure functions over the raw results (protocol.ts).
import { corpusWer, normalizeText, words } from '../../src/eval/wer';
import {
  isFailure,
  type BaselineResult,
  type BenchResults,
  type EarshotResult,
  type Failure,
  type LiveRun,
  type ModelResult,
  type ShownRecord,
  type SpeechTruth,
  type Transcript,
  type WordsShown,
} from './protocol';

/** Linear-interpolated percentile (as numpy's default); null for no data. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

export interface RepetitionLoop {
  /** Index of the first word of the loop in the normalised words. */
  start: number;
  phrase: string;
  repeats: number;
}

/** Longest phrase (in words) looked for; Whisper's loops repeat a clause or a short sentence. */
const MAX_PERIOD = 12;
/** A loop covers at least this many words: a 3-word phrase three times, "you" nine times. */
const MIN_LOOP_WORDS = 9;

/**
 * Repetition loops: a phrase of `p` words said again and again back to back, at least 3 times and over at
 * least 9 words. This includes any word 3-gram repeated 3 times in a row, and a word or word pair stuck
 * on repeat ("you you you …"), while an emphatic "no, no, no" is not one.
 */
export function repetitionLoops(text: string): RepetitionLoop[] {
  const w = words(text);
  const found: Array<RepetitionLoop & { end: number }> = [];
  for (let p = 1; p <= MAX_PERIOD; p++) {
    let i = 0;
    while (i + p < w.length) {
      let j = i + p;
      while (j < w.length && w[j] === w[j - p]) j++;
      const span = j - i; // words i..j-1 repeat with period p
      const repeats = Math.floor(span / p);
      // A loop already found with a shorter period is not reported again as its multiples.
      if (repeats >= 3 && repeats * p >= MIN_LOOP_WORDS && !found.some((l) => i < l.end && j > l.start)) {
        found.push({ start: i, end: j, phrase: w.slice(i, i + p).join(' '), repeats });
      }
      // Runs starting inside this one end at the same place: resume where a new run can begin.
      i = span > p ? j - p + 1 : i + 1;
    }
  }
  return found.sort((a, b) => a.start - b.start).map(({ start, phrase, repeats }) => ({ start, phrase, repeats }));
}

export const wordCount = (text: string): number => words(text).length;

/**
 * When each true stretch of speech's last three words first appeared on the page, in order, in ms after its
 * true end (before the next stretch begins).
 * `micOpenedMs`: page time at which the fake microphone started playing the file (getUserMedia resolved).
 * The words looked at are those of the partial line and of the finals added since the stretch began; a
 * last word that never appears (misrecognised) is timed by the first final added after the true end.
 */
export function wordsShownAfterEnd(records: readonly ShownRecord[], micOpenedMs: number, truth: readonly SpeechTruth[]): WordsShown[] {
  const out: WordsShown[] = [];
  const has = (list: string[], seq: string[]) => list.some((_, i) => seq.every((w, k) => list[i + k] === w));
  truth.forEach((seg, k) => {
    const startT = micOpenedMs + seg.startS * 1000;
    const endT = micOpenedMs + seg.endS * 1000;
    // Until the next stretch begins (or 15 s): later speech must not answer for this one.
    const untilT = k + 1 < truth.length ? micOpenedMs + truth[k + 1].startS * 1000 : endT + 15_000;
    // The last three words in order: a last word said earlier in the stretch ("country") does not count.
    const tail = words(seg.text).slice(-3);
    if (!tail.length) return;
    const before = records.filter((r) => r.t < startT).at(-1);
    const base = before ? words(before.finals).length : 0;
    const hit = records.find(
      (r) => r.t >= startT && r.t < untilT && (has(words(r.finals).slice(base), tail) || has(words(r.partial), tail)),
    );
    if (hit) {
      out.push({ ms: hit.t - endT, matched: true });
      return;
    }
    const atEnd = records.filter((r) => r.t < endT).at(-1);
    const finalsAtEnd = atEnd ? words(atEnd.finals).length : 0;
    const next = records.find((r) => r.t >= endT && words(r.finals).length > finalsAtEnd);
    if (next) out.push({ ms: next.t - endT, matched: false });
  });
  return out;
}

function calibrationOf(runs: readonly LiveRun[]): EarshotSummary['calibration'] {
  const offsets = runs.flatMap((x) => (x.calibration?.offsetMs == null ? [] : [x.calibration.offsetMs]));
  return {
    p50: percentile(offsets, 50),
    min: offsets.length ? Math.min(...offsets) : null,
    max: offsets.length ? Math.max(...offsets) : null,
    n: offsets.length,
    failed: runs.filter((x) => x.calibration && x.calibration.offsetMs === null).length,
  };
}

/** Whether `phrase` (normalised) is in `text` (normalised). */
export const saysPhrase = (text: string, phrase: string): boolean => ` ${normalizeText(text)} `.includes(` ${normalizeText(phrase)} `);

function werOf(items: readonly Transcript[]): number | null {
  return items.length ? corpusWer(items.map(({ ref, hyp }) => ({ ref, hyp }))) : null;
}

/** Processing time over audio time, summed over the items. */
function rtfOf<T extends { audioMs: number }>(items: readonly T[], ms: (x: T) => number): number | null {
  const audio = items.reduce((s, x) => s + x.audioMs, 0);
  return audio ? items.reduce((s, x) => s + ms(x), 0) / audio : null;
}

function loopsIn(items: readonly Transcript[]): Array<{ file: string; loop: RepetitionLoop }> {
  return items.flatMap((t) => repetitionLoops(t.hyp).map((loop) => ({ file: t.file, loop })));
}

export interface EarshotSummary {
  device: string;
  dtype: string;
  modelLoadMs: number;
  corpusWer: number | null;
  utterances: number;
  fileRtfWall: number | null;
  fileRtfMetrics: number;
  liveWer: number | null;
  liveFiles: number;
  eosToFinal: { p50: number | null; p95: number | null; n: number; speculative: number };
  firstPartial: { p50: number | null; n: number };
  /**
   * Finals taken from the pause snapshot's decode (live utterances, vad_pauses_dev, the long session): the decode,
   * the snapshot's wait to be read by the transcriber (its worker inside a model run) and its wait for the model.
   */
  pauseDecodes: { n: number; infer: Spread; handoff: Spread; queue: Spread };
  longWer: number | null;
  longRtf: number | null;
  longEosToFinal: { p50: number | null; p95: number | null; n: number };
  longFirstPartialP50: number | null;
  longOverruns: number | null;
  noiseWords: number | null;
  loops: Array<{ file: string; loop: RepetitionLoop }>;
  /** The file path's WER on the utterances played live, and on the long session: the same audio. */
  fileWerOfLive: number | null;
  longFileWer: number | null;
  /** Words shown after the true end of speech: live utterances, vad_pauses_dev, the long session, and all. */
  wordsShown: Record<'utterances' | 'pauses' | 'long' | 'all', { p50: number | null; p95: number | null; n: number; unmatched: number }>;
  /** The file's start in the captured audio less the moment getUserMedia resolved, over all live runs that aligned. */
  calibration: { p50: number | null; min: number | null; max: number | null; n: number; failed: number };
  pausesWer: number | null;
  repeats: { file: string; phrase: string; present: number; runs: number; texts: string[] } | null;
  vocabulary: {
    terms: string[];
    without: number | null;
    with: number | null;
    files: number;
    termHits: { without: number; with: number; total: number };
  } | null;
  errors: string[];
}

export interface BaselineSummary {
  loadMs: number;
  firstCallMs: number;
  threads: number | null;
  corpusWer: number | null;
  utterances: number;
  rtf: number | null;
  latency: { p50: number | null; p95: number | null };
  longWer: number | null;
  longRtf: number | null;
  noiseWords: number | null;
  loops: Array<{ file: string; loop: RepetitionLoop }>;
  errors: string[];
}

export interface Target {
  name: string;
  detail: string;
  /** null: not measured (a part of the run failed). */
  pass: boolean | null;
}

export interface ModelSummary {
  model: string;
  earshot: EarshotSummary | Failure;
  baseline: BaselineSummary | Failure;
  targets: Target[];
}

type Spread = { p50: number | null; p95: number | null };
const spread = (values: number[]): Spread => ({ p50: percentile(values, 50), p95: percentile(values, 95) });

function pauseDecodesOf(runs: LiveRun[]): EarshotSummary['pauseDecodes'] {
  const d = runs.flatMap((x) => x.decodes ?? []).filter((x) => x.speculative);
  return {
    n: d.length,
    infer: spread(d.map((x) => x.inferMs)),
    handoff: spread(d.map((x) => x.handoffMs ?? 0)),
    queue: spread(d.map((x) => x.queueMs)),
  };
}

export function summariseEarshot(r: EarshotResult): EarshotSummary {
  const live = r.live.filter((x): x is LiveRun => !isFailure(x));
  const eos = live.flatMap((x) => x.eosToFinalMs);
  const firstPartial = live.flatMap((x) => x.firstPartialMs);
  const long = isFailure(r.long) ? null : r.long;
  const noise = isFailure(r.noise) ? null : r.noise;
  const errors = [...r.errors];
  for (const x of r.live) if (isFailure(x)) errors.push(`live ${x.file}: ${x.error}`);
  if (isFailure(r.long)) errors.push(`long session: ${r.long.error}`);
  if (isFailure(r.noise)) errors.push(`noise: ${r.noise.error}`);
  const pauses = !r.pauses || isFailure(r.pauses) ? null : r.pauses;
  if (r.pauses && isFailure(r.pauses)) errors.push(`vad_pauses_dev: ${r.pauses.error}`);
  const repeatRuns = (r.repeats?.runs ?? []).filter((x): x is LiveRun => !isFailure(x));
  for (const x of r.repeats?.runs ?? []) if (isFailure(x)) errors.push(`repeat ${x.file}: ${x.error}`);
  const vocab = r.vocabulary && !isFailure(r.vocabulary) ? r.vocabulary : null;
  if (r.vocabulary && isFailure(r.vocabulary)) errors.push(`vocabulary: ${r.vocabulary.error}`);
  const everything: Transcript[] = [
    ...r.files,
    ...live,
    ...(long ? [long] : []),
    ...(noise ? [noise] : []),
    ...(pauses ? [pauses] : []),
    ...repeatRuns,
  ];
  const shown = (runs: LiveRun[]) => {
    const all = runs.flatMap((x) => x.wordsShown ?? []);
    const ms = all.map((w) => w.ms);
    return { p50: percentile(ms, 50), p95: percentile(ms, 95), n: ms.length, unmatched: all.filter((w) => !w.matched).length };
  };
  const liveFiles = new Set(live.map((x) => x.file));
  const termHits = (text: string, ref: string, terms: string[]) => terms.filter((t) => saysPhrase(ref, t) && saysPhrase(text, t)).length;
  return {
    fileWerOfLive: werOf(r.files.filter((f) => liveFiles.has(f.file))),
    longFileWer: r.longFile && !isFailure(r.longFile) ? werOf([r.longFile]) : null,
    wordsShown: {
      utterances: shown(live),
      pauses: shown(pauses ? [pauses] : []),
      long: shown(long ? [long] : []),
      all: shown([...live, ...(pauses ? [pauses] : []), ...(long ? [long] : [])]),
    },
    calibration: calibrationOf([...live, ...(pauses ? [pauses] : []), ...(long ? [long] : []), ...(noise ? [noise] : []), ...repeatRuns]),
    pausesWer: pauses ? werOf([pauses]) : null,
    repeats: r.repeats
      ? {
          file: r.repeats.file,
          phrase: r.repeats.phrase,
          runs: r.repeats.runs.length,
          present: repeatRuns.filter((x) => saysPhrase(x.hyp, r.repeats!.phrase)).length,
          texts: repeatRuns.map((x) => x.hyp),
        }
      : null,
    vocabulary: vocab
      ? {
          terms: vocab.terms,
          files: vocab.files.length,
          without: werOf(vocab.files.map((f) => ({ file: f.file, ref: f.ref, hyp: f.without, audioMs: 0 }))),
          with: werOf(vocab.files.map((f) => ({ file: f.file, ref: f.ref, hyp: f.with, audioMs: 0 }))),
          termHits: {
            without: vocab.files.reduce((n, f) => n + termHits(f.without, f.ref, vocab.terms), 0),
            with: vocab.files.reduce((n, f) => n + termHits(f.with, f.ref, vocab.terms), 0),
            total: vocab.files.reduce((n, f) => n + vocab.terms.filter((t) => saysPhrase(f.ref, t)).length, 0),
          },
        }
      : null,
    device: r.device,
    dtype: r.dtype,
    modelLoadMs: r.modelLoadMs,
    corpusWer: werOf(r.files),
    utterances: r.files.length,
    fileRtfWall: rtfOf(r.files, (x) => x.wallMs),
    fileRtfMetrics: r.fileRtf,
    liveWer: werOf(live),
    liveFiles: live.length,
    eosToFinal: {
      p50: percentile(eos, 50),
      p95: percentile(eos, 95),
      n: eos.length,
      speculative: live.reduce((s, x) => s + x.speculative, 0),
    },
    firstPartial: { p50: percentile(firstPartial, 50), n: firstPartial.length },
    pauseDecodes: pauseDecodesOf([...live, ...(long ? [long] : []), ...(pauses ? [pauses] : [])]),
    longWer: long ? werOf([long]) : null,
    longRtf: long ? long.rtf : null,
    longEosToFinal: long
      ? { p50: percentile(long.eosToFinalMs, 50), p95: percentile(long.eosToFinalMs, 95), n: long.eosToFinalMs.length }
      : { p50: null, p95: null, n: 0 },
    longFirstPartialP50: long ? percentile(long.firstPartialMs, 50) : null,
    longOverruns: long ? long.overruns : null,
    noiseWords: noise ? wordCount(noise.hyp) : null,
    loops: loopsIn(everything),
    errors,
  };
}

export function summariseBaseline(r: BaselineResult): BaselineSummary {
  const long = isFailure(r.long) ? null : r.long;
  const noise = isFailure(r.noise) ? null : r.noise;
  const errors = [...r.errors];
  if (isFailure(r.long)) errors.push(`long session: ${r.long.error}`);
  if (isFailure(r.noise)) errors.push(`noise: ${r.noise.error}`);
  const ms = r.files.map((x) => x.ms);
  return {
    loadMs: r.loadMs,
    firstCallMs: r.firstCallMs,
    threads: r.threads,
    corpusWer: werOf(r.files),
    utterances: r.files.length,
    rtf: rtfOf(r.files, (x) => x.ms),
    latency: { p50: percentile(ms, 50), p95: percentile(ms, 95) },
    longWer: long ? werOf([long]) : null,
    longRtf: long ? long.ms / long.audioMs : null,
    noiseWords: noise ? wordCount(noise.hyp) : null,
    loops: loopsIn([...r.files, ...(long ? [long] : []), ...(noise ? [noise] : [])]),
    errors,
  };
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);
const ms = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x)}`);
const num = (x: number | null, digits = 2) => (x === null ? 'n/a' : x.toFixed(digits));
const secs = (x: number) => `${(x / 1000).toFixed(1)} s`;

/** The issue's targets, judged on one model's numbers. */
export function targets(e: EarshotSummary | Failure, b: BaselineSummary | Failure): Target[] {
  const E = isFailure(e) ? null : e;
  const B = isFailure(b) ? null : b;
  const both = <T>(x: T | null | undefined, y: T | null | undefined): x is T =>
    x !== null && x !== undefined && y !== null && y !== undefined;
  const werE = E?.corpusWer;
  const werB = B?.corpusWer;
  const eosP50 = E?.eosToFinal.p50;
  const baseP50 = B?.latency.p50;
  return [
    {
      name: 'corpus WER no worse than baseline + 1 point',
      detail: both(werE, werB) ? `${pct(werE)} vs ${pct(werB!)} + 1.0` : 'n/a',
      pass: both(werE, werB) ? werE <= werB! + 0.01 + 1e-9 : null,
    },
    {
      name: 'eos→final p50 ≤ ½ baseline per-utterance p50',
      detail: both(eosP50, baseP50) ? `${ms(eosP50)} ms vs ${ms(baseP50! / 2)} ms` : 'n/a',
      pass: both(eosP50, baseP50) ? eosP50 <= baseP50! / 2 : null,
    },
    {
      name: 'live WER (utterances) within 1 point of the file path on the same audio',
      detail: both(E?.liveWer, E?.fileWerOfLive) ? `${pct(E!.liveWer)} vs ${pct(E!.fileWerOfLive)} (${E!.liveFiles} utterances)` : 'n/a',
      pass: both(E?.liveWer, E?.fileWerOfLive) ? E!.liveWer! <= E!.fileWerOfLive! + 0.01 + 1e-9 : null,
    },
    {
      name: 'long session live WER within 1 point of the file path',
      detail: both(E?.longWer, E?.longFileWer) ? `${pct(E!.longWer)} vs ${pct(E!.longFileWer)}` : 'n/a',
      pass: both(E?.longWer, E?.longFileWer) ? E!.longWer! <= E!.longFileWer! + 0.01 + 1e-9 : null,
    },
    {
      name: 'words shown after the true end of speech: p50 ≤ 700 ms, p95 ≤ 1500 ms',
      detail: E && E.wordsShown.all.n ? `${ms(E.wordsShown.all.p50)} / ${ms(E.wordsShown.all.p95)} ms (n=${E.wordsShown.all.n})` : 'n/a',
      pass: E && E.wordsShown.all.n ? E.wordsShown.all.p50! <= 700 && E.wordsShown.all.p95! <= 1500 : null,
    },
    {
      name: 'repeated clip: the phrase present every time',
      detail: E?.repeats ? `"${E.repeats.phrase}" in ${E.repeats.present} of ${E.repeats.runs} (${E.repeats.file})` : 'n/a',
      pass: E?.repeats && E.repeats.runs > 0 ? E.repeats.present === E.repeats.runs : null,
    },
    {
      name: 'zero words on noise_only_dev.wav',
      detail: E?.noiseWords === null || !E ? 'n/a' : `${E.noiseWords} words`,
      pass: E?.noiseWords === null || !E ? null : E.noiseWords === 0,
    },
    {
      name: 'no repetition loops',
      detail: E ? (E.loops.length ? E.loops.map((l) => `${l.file}: "${l.loop.phrase}" ×${l.loop.repeats}`).join('; ') : '0 loops') : 'n/a',
      pass: E ? E.loops.length === 0 : null,
    },
  ];
}

export function summarise(m: ModelResult): ModelSummary {
  const earshot = isFailure(m.earshot) ? m.earshot : summariseEarshot(m.earshot);
  const baseline = isFailure(m.baseline) ? m.baseline : summariseBaseline(m.baseline);
  return { model: m.model, earshot, baseline, targets: targets(earshot, baseline) };
}

function modelTable(s: ModelSummary): string {
  const e = isFailure(s.earshot) ? null : s.earshot;
  const b = isFailure(s.baseline) ? null : s.baseline;
  const rows: Array<[string, string, string]> = [
    [
      `corpus WER (${e?.utterances ?? b?.utterances ?? 0} utterances; Earshot: file path)`,
      pct(e?.corpusWer ?? null),
      pct(b?.corpusWer ?? null),
    ],
    ['RTF, per utterance, wall clock (Earshot: file path)', num(e?.fileRtfWall ?? null), num(b?.rtf ?? null)],
    [
      `latency p50 / p95 ms (Earshot: end of speech → final, live, ${e?.eosToFinal.n ?? 0} segments of ${e?.liveFiles ?? 0} utterances; baseline: one pipeline call)`,
      e ? `${ms(e.eosToFinal.p50)} / ${ms(e.eosToFinal.p95)}` : 'n/a',
      b ? `${ms(b.latency.p50)} / ${ms(b.latency.p95)}` : 'n/a',
    ],
    [
      `finals from the pause snapshot (n=${e?.pauseDecodes.n ?? 0}): decode; wait to be read (worker in a model run); wait for the model, p50 / p95 ms`,
      e ? [e.pauseDecodes.infer, e.pauseDecodes.handoff, e.pauseDecodes.queue].map((x) => `${ms(x.p50)} / ${ms(x.p95)}`).join('; ') : 'n/a',
      '—',
    ],
    ['time to first partial p50 ms (live utterances)', e ? `${ms(e.firstPartial.p50)} (n=${e.firstPartial.n})` : 'n/a', '— (no partials)'],
    ['WER, live utterances (fake mic)', pct(e?.liveWer ?? null), '—'],
    ['long session WER (Earshot: 307 s live; baseline: chunk_length_s 30, stride 5)', pct(e?.longWer ?? null), pct(b?.longWer ?? null)],
    [
      'long session RTF (Earshot: metrics().rtf, all decode time incl. partials; baseline: wall clock)',
      num(e?.longRtf ?? null),
      num(b?.longRtf ?? null),
    ],
    [
      'long session eos→final p50 / p95 ms; first partial p50 ms',
      e ? `${ms(e.longEosToFinal.p50)} / ${ms(e.longEosToFinal.p95)} (n=${e.longEosToFinal.n}); ${ms(e.longFirstPartialP50)}` : 'n/a',
      '—',
    ],
    [
      'words on noise_only_dev.wav (60 s)',
      e?.noiseWords === null || !e ? 'n/a' : String(e.noiseWords),
      b?.noiseWords === null || !b ? 'n/a' : String(b.noiseWords),
    ],
    ['repetition loops (all outputs)', e ? String(e.loops.length) : 'n/a', b ? String(b.loops.length) : 'n/a'],
    ['file path WER on the same audio: live utterances; long session', e ? `${pct(e.fileWerOfLive)}; ${pct(e.longFileWer)}` : 'n/a', '—'],
    [
      'words shown after the TRUE end of speech p50 / p95 ms (last three words first on the page, partial or final; baseline: one pipeline call after the utterance)',
      e
        ? `${ms(e.wordsShown.all.p50)} / ${ms(e.wordsShown.all.p95)} (n=${e.wordsShown.all.n}, ${e.wordsShown.all.unmatched} timed by their final)`
        : 'n/a',
      b ? `${ms(b.latency.p50)} / ${ms(b.latency.p95)}` : 'n/a',
    ],
    ...(['utterances', 'pauses', 'long'] as const).map((k): [string, string, string] => [
      `… of which ${k === 'utterances' ? 'live utterances (end = last frame above the trim threshold)' : k === 'pauses' ? 'vad_pauses_dev.wav (speech_segments)' : 'long session (segments)'}`,
      e ? `${ms(e.wordsShown[k].p50)} / ${ms(e.wordsShown[k].p95)} (n=${e.wordsShown[k].n})` : 'n/a',
      '—',
    ]),
    [
      'fake microphone: file start in the captured audio − getUserMedia resolved, p50 (min … max) ms',
      e && e.calibration.n
        ? `${ms(e.calibration.p50)} (${ms(e.calibration.min)} … ${ms(e.calibration.max)}; n=${e.calibration.n}${e.calibration.failed ? `, ${e.calibration.failed} not aligned` : ''})`
        : 'n/a',
      '—',
    ],
    ['vad_pauses_dev.wav live WER', pct(e?.pausesWer ?? null), '—'],
    ...(e?.repeats
      ? [
          [
            `${e.repeats.file} played live ${e.repeats.runs}×: "${e.repeats.phrase}" present`,
            `${e.repeats.present} of ${e.repeats.runs}`,
            '—',
          ] as [string, string, string],
        ]
      : []),
    ...(e?.vocabulary
      ? [
          [
            `custom vocabulary (${e.vocabulary.terms.join(', ')}): WER on the ${e.vocabulary.files} utterances holding them, without → with; terms right`,
            `${pct(e.vocabulary.without)} → ${pct(e.vocabulary.with)}; ${e.vocabulary.termHits.without} → ${e.vocabulary.termHits.with} of ${e.vocabulary.termHits.total}`,
            '—',
          ] as [string, string, string],
        ]
      : []),
    [
      'model load (Earshot: cold; baseline: cold) / first call',
      e ? `${secs(e.modelLoadMs)} (to ready)` : 'n/a',
      b ? `${secs(b.loadMs)} / ${secs(b.firstCallMs)}` : 'n/a',
    ],
  ];
  const head = e ? `Earshot: ${e.device}, ${e.dtype}` : 'Earshot';
  const threads = b ? `baseline: wasm, q8, ${b.threads ?? 'default'} thread${b.threads === 1 ? '' : 's'}` : 'baseline';
  const lines = [
    `### ${s.model} (${head}; ${threads})`,
    '',
    '| metric | Earshot | baseline |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    '| target | measured | result |',
    '| --- | --- | --- |',
    ...s.targets.map((t) => `| ${t.name} | ${t.detail} | ${t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'FAIL'} |`),
  ];
  const errors = [...(e?.errors ?? []).map((x) => `Earshot ${x}`), ...(b?.errors ?? []).map((x) => `baseline ${x}`)];
  if (isFailure(s.earshot)) errors.push(`Earshot: ${s.earshot.error}`);
  if (isFailure(s.baseline)) errors.push(`baseline: ${s.baseline.error}`);
  if (errors.length) lines.push('', 'Failed parts of the run:', ...errors.map((x) => `- ${x}`));
  return lines.join('\n');
}

export function report(results: BenchResults): { text: string; summaries: ModelSummary[] } {
  const summaries = results.models.map(summarise);
  const text = [
    `Earshot ASR benchmark, ${results.date}: ${results.machine}; ${results.browser}; corpus ${results.corpus} ` +
      `(${results.utterances} utterances; live: ${results.liveFiles.join(', ')}).`,
    '',
    ...summaries.flatMap((s) => [modelTable(s), '']),
  ].join('\n');
  return { text, summaries };
}
