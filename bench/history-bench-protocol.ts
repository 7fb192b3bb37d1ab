// What bench/run-history-bench.mjs asks bench/history-bench.ts for, and what it gets back.

export interface HistoryBenchRequest {
  sessions: number;
  segmentsPerSession: number;
  /** Timed segment writes per method. */
  writes: number;
}

export interface Timing {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export interface HistoryBenchResult {
  stored: number;
  seedMs: number;
  durability: 'strict';
  writes: { what: string; timing: Timing }[];
  prunes: { what: string; ms: number; deletedSessions: number; deletedSegments: number; keptSessions: number }[];
  reads: { what: string; ms: number; detail: string }[];
}
