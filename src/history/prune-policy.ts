// Which sessions to delete so the history stays within its limits. Pure: sessions in, ids out.
//
// Oldest first (by `savedAt`, the last time recording or an import wrote the session), never a session
// in progress and never one the caller protects. Limits are applied in order: age, count, bytes, and
// finally `freeBytes` (extra room asked for after the browser refused a write).

import type { SessionRecord } from './schema';

export interface HistoryLimits {
  /** Most sessions kept. */
  maxSessions: number;
  /** Sessions not written for longer than this are deleted. */
  maxAgeDays: number;
  /** Estimated bytes of all sessions and segments together. */
  maxBytes: number;
}

export const defaultHistoryLimits: HistoryLimits = {
  maxSessions: 500,
  maxAgeDays: 180,
  maxBytes: 25 * 1024 * 1024,
};

const DAY_MS = 24 * 60 * 60 * 1000;
const BOUNDS: Record<keyof HistoryLimits, [number, number, string]> = {
  maxSessions: [1, 100_000, 'Maximum sessions'],
  maxAgeDays: [1, 36_500, 'Days to keep'],
  maxBytes: [64 * 1024, 4 * 1024 ** 3, 'Maximum size'],
};

/** Merges overrides onto the defaults; throws a RangeError naming the bad field. */
export function validateHistoryLimits(overrides: Partial<Record<keyof HistoryLimits, unknown>> = {}): HistoryLimits {
  const out = { ...defaultHistoryLimits };
  for (const key of Object.keys(BOUNDS) as (keyof HistoryLimits)[]) {
    const v = overrides[key];
    if (v === undefined) continue;
    const [min, max, label] = BOUNDS[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      throw new RangeError(`${label} must be a whole number from ${min} to ${max}.`);
    out[key] = v;
  }
  return out;
}

export type PruneCandidate = Pick<SessionRecord, 'id' | 'savedAt' | 'bytes' | 'status'>;
export type PruneReason = 'age' | 'count' | 'bytes' | 'pressure';

export interface PrunePlan {
  /** Oldest first. */
  deleteIds: number[];
  reasons: Record<PruneReason, number>;
  keptSessions: number;
  keptBytes: number;
  freedBytes: number;
}

export interface PruneContext {
  now: number;
  /** Sessions that must survive whatever the limits say (the one being recorded). */
  keep?: Iterable<number>;
  /** Extra bytes to free beyond the limits. */
  freeBytes?: number;
}

export function planPrune(
  sessions: readonly PruneCandidate[],
  limits: HistoryLimits,
  { now, keep = [], freeBytes = 0 }: PruneContext,
): PrunePlan {
  const protectedIds = new Set(keep);
  const oldestFirst = [...sessions].sort((a, b) => a.savedAt - b.savedAt || a.id - b.id);
  let keptSessions = sessions.length;
  let keptBytes = sessions.reduce((sum, s) => sum + s.bytes, 0);
  let freedBytes = 0;
  const reasons: Record<PruneReason, number> = { age: 0, count: 0, bytes: 0, pressure: 0 };
  const deleteIds: number[] = [];
  const cutoff = now - limits.maxAgeDays * DAY_MS;

  for (const s of oldestFirst) {
    if (protectedIds.has(s.id) || s.status === 'recording') continue;
    const reason: PruneReason | null =
      s.savedAt < cutoff
        ? 'age'
        : keptSessions > limits.maxSessions
          ? 'count'
          : keptBytes > limits.maxBytes
            ? 'bytes'
            : freedBytes < freeBytes
              ? 'pressure'
              : null;
    // Later sessions are newer, so only the count, bytes and pressure rules can still apply to them.
    if (reason === null) break;
    deleteIds.push(s.id);
    reasons[reason]++;
    keptSessions--;
    keptBytes -= s.bytes;
    freedBytes += s.bytes;
  }
  return { deleteIds, reasons, keptSessions, keptBytes, freedBytes };
}
