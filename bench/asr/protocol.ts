// What `npm run bench:asr` measures, as plain data: shared by the runner (bench/asr/run.mjs), the baseline
// page (bench/asr/baseline.ts) and the report (bench/asr/report.ts). Times are milliseconds.

export type BenchModel = 'whisper-tiny' | 'whisper-base';

/** One corpus file with its reference text. */
export interface CorpusItem {
  file: string;
  text: string;
  durationS: number;
}

/** One transcription of one file: what came back, and the reference it is scored against. */
export interface Transcript {
  file: string;
  ref: string;
  hyp: string;
  audioMs: number;
}

/** Earshot's file path (`window.earshot.transcribeFile`), timed from call to answer. */
export interface FileRun extends Transcript {
  wallMs: number;
  /** What the file path returned per speech segment (for reading the raw results). */
  segments?: Array<{ startMs: number; endMs: number; text: string }>;
}

/** A stretch of speech in a corpus file, in seconds from the file's start (the corpus's own boundaries). */
export interface SpeechTruth {
  startS: number;
  endS: number;
  text: string;
}

/**
 * What the page showed while a file played, recorded in the page by a MutationObserver: `t` in the
 * page's performance.now() ms, the partial line and the final segments' text at that moment.
 */
export interface ShownRecord {
  t: number;
  partial: string;
  finals: string;
}

/** When a true stretch of speech's last words first appeared on the page (partial or final). */
export interface WordsShown {
  /** ms after the true end of speech (corpus boundary); negative: shown before the estimated end. */
  ms: number;
  /** False: the last word never appeared as such (misrecognised); timed by the first new final instead. */
  matched: boolean;
}

/** Earshot live: the file played through the fake microphone in real time, then Record pressed again. */
export interface LiveRun extends Transcript {
  /** Per true stretch of speech: words shown after its true end (see `wordsShownAfterEnd`). */
  wordsShown?: WordsShown[];
  /**
   * When the fake device really played the file (calibrate.ts): offsetMs = file start − getUserMedia resolved;
   * null when the captured audio could not be aligned (then the words were timed from getUserMedia).
   */
  calibration?: { offsetMs: number | null; errorDb: number | null };
  segments: number;
  eosToFinalMs: number[];
  firstPartialMs: number[];
  speculative: number;
  /** Per final: the wait for the model and the decode (a speculative final: its pause snapshot's). */
  decodes?: Array<{ queueMs: number; handoffMs?: number; inferMs: number; speculative: boolean }>;
  /** `metrics().rtf` at the end of the session. */
  rtf: number;
  overruns: number;
  /** From the second Record press to status `stopped` (the open segment flushed, the queue drained). */
  stopMs: number;
}

export interface Failure {
  error: string;
}

export interface EarshotResult {
  model: BenchModel;
  device: string;
  dtype: string;
  modelLoadMs: number;
  files: FileRun[];
  /** `metrics().rtf` after the file path ran over the whole corpus. */
  fileRtf: number;
  live: Array<LiveRun | (Failure & { file: string })>;
  long: LiveRun | Failure;
  noise: LiveRun | Failure;
  /** The long session through the file path (the same audio as the live long session). */
  longFile?: FileRun | Failure;
  /** `vad_pauses_dev.wav` live: nine utterances with long pauses, for words shown after the true end of speech. */
  pauses?: LiveRun | Failure;
  /** One clip played live again and again (`BENCH_REPEAT`, default jfk_inaugural.wav ×10). */
  repeats?: { file: string; phrase: string; runs: Array<LiveRun | (Failure & { file: string })> };
  /** The file path again with `?vocabulary=` on the utterances that hold its terms. */
  vocabulary?: { terms: string[]; files: Array<{ file: string; ref: string; without: string; with: string }> } | Failure;
  errors: string[];
}

/** The baseline page's answer for one call of the pipeline. */
export interface BaselineCall {
  text: string;
  ms: number;
  audioMs: number;
}

export interface BaselineRun extends Transcript {
  ms: number;
}

export interface BaselineResult {
  model: BenchModel;
  loadMs: number;
  /** The first call after loading (kernel warm-up), on the first utterance; not in the per-utterance numbers. */
  firstCallMs: number;
  threads: number | null;
  files: BaselineRun[];
  long: BaselineRun | Failure;
  noise: BaselineRun | Failure;
  errors: string[];
}

export interface ModelResult {
  model: BenchModel;
  earshot: EarshotResult | Failure;
  baseline: BaselineResult | Failure;
}

export interface BenchResults {
  date: string;
  machine: string;
  browser: string;
  corpus: string;
  utterances: number;
  liveFiles: string[];
  models: ModelResult[];
}

export const isFailure = <T extends object>(x: T | Failure): x is Failure => 'error' in x;
