import type { VadCounters } from '../protocol';

export const MAX_LATENCY_SAMPLES = 256;

export function emptyCounters(): VadCounters {
  return { framesTotal: 0, framesGated: 0, framesModel: 0, speechStartLatencyMs: [], burstsDropped: 0 };
}

/** Sum of two counter sets; the latency list keeps its most recent entries only. */
export function mergeCounters(a: VadCounters, b: VadCounters): VadCounters {
  return {
    framesTotal: a.framesTotal + b.framesTotal,
    framesGated: a.framesGated + b.framesGated,
    framesModel: a.framesModel + b.framesModel,
    burstsDropped: a.burstsDropped + b.burstsDropped,
    speechStartLatencyMs: [...a.speechStartLatencyMs, ...b.speechStartLatencyMs].slice(-MAX_LATENCY_SAMPLES),
  };
}
