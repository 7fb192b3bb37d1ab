// What the benchmark runner (run-vad-bench.mjs) asks the bench page (vad-bench.ts) for, and what comes back.
import type { Detection } from './vad-score';

export type DetectorId = 'earshot' | 'vad-web-nrt' | 'vad-web-v5';

export interface BenchFile {
  /** Corpus file name, e.g. `vad_pauses_dev.wav`; keys the ground truth. */
  name: string;
  /** Where the page fetches it, on its own origin. */
  url: string;
}

export interface BenchRequest {
  files: BenchFile[];
}

export interface DetectorResult {
  id: DetectorId;
  label: string;
  /** Model file and onnxruntime-web version actually loaded. */
  model: string;
  ort: string;
  /** Silence that ends a segment, as configured (the end-of-speech target is relative to it). */
  hangoverMs: number;
  /** By file name: span from detected onset to the decision that speech ended. */
  detections: Record<string, Detection[]>;
  audioMs: number;
  /** Wall time to process all files, per timed run (model sessions are created outside the timed part). */
  timedMs: number[];
  /** CPU time of the page's renderer process, all threads (GC, compilers), over the same runs (filled in by the runner; empty where unavailable). */
  cpuMs: number[];
  /** Frames of one pass over all files: seen, kept from the model by an energy gate, run through the model. */
  frames: { total: number; gated: number; modelled: number };
  /** The speech model alone, called on consecutive 512-sample frames: ms per call (where the model is reachable). */
  modelMsPerFrame?: number;
}

/** `window.vadBench` on the bench page. */
export interface VadBenchPage {
  /** Loads the audio and every detector; returns the detectors in run order. */
  prepare(request: BenchRequest): Promise<DetectorId[]>;
  /** One detector over every file; untimed passes are warm-ups. */
  pass(id: DetectorId, timed: boolean): Promise<void>;
  /** Measures each model alone, releases everything, and returns the results. */
  finish(): Promise<BenchResult>;
}

export interface BenchResult {
  userAgent: string;
  crossOriginIsolated: boolean;
  detectors: DetectorResult[];
}
