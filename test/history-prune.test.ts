import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  defaultHistoryLimits,
  planPrune,
  validateHistoryLimits,
  type HistoryLimits,
  type PruneCandidate,
} from '../src/history/prune-policy';
import { HistoryStore } from '../src/history/history-store';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1);
const limits = (l: Partial<HistoryLimits> = {}): HistoryLimits => ({ maxSessions: 1000, maxAgeDays: 365, maxBytes: 1e9, ...l });
const s = (id: number, ageDays: number, bytes = 1000, status: PruneCandidate['status'] = 'complete'): PruneCandidate => ({
  id,
  savedAt: NOW - ageDays * DAY,
  bytes,
  status,
});

describe('planPrune', () => {
  it('deletes nothing within the limits', () => {
    const plan = planPrune([s(1, 3), s(2, 2), s(3, 1)], limits(), { now: NOW });
    expect(plan.deleteIds).toEqual([]);
    expect(plan.keptSessions).toBe(3);
    expect(plan.keptBytes).toBe(3000);
  });

  it('by age: deletes sessions older than maxAgeDays', () => {
    const plan = planPrune([s(1, 40), s(2, 31), s(3, 29), s(4, 1)], limits({ maxAgeDays: 30 }), { now: NOW });
    expect(plan.deleteIds).toEqual([1, 2]);
    expect(plan.reasons.age).toBe(2);
  });

  it('by count: deletes the oldest beyond maxSessions', () => {
    const plan = planPrune([s(3, 1), s(1, 5), s(4, 0), s(2, 3)], limits({ maxSessions: 2 }), { now: NOW });
    expect(plan.deleteIds).toEqual([1, 2]);
    expect(plan.reasons.count).toBe(2);
    expect(plan.keptSessions).toBe(2);
  });

  it('by bytes: deletes oldest first until the total fits', () => {
    const plan = planPrune([s(1, 4, 500), s(2, 3, 500), s(3, 2, 500), s(4, 1, 500)], limits({ maxBytes: 1200 }), { now: NOW });
    expect(plan.deleteIds).toEqual([1, 2]);
    expect(plan.keptBytes).toBe(1000);
    expect(plan.reasons.bytes).toBe(2);
  });

  it('never deletes a session in progress or a protected one, even over every limit', () => {
    const sessions = [s(1, 400, 9e9, 'recording'), s(2, 300, 10), s(3, 200, 10)];
    const plan = planPrune(sessions, limits({ maxSessions: 1, maxAgeDays: 1, maxBytes: 1 }), { now: NOW, keep: [3] });
    expect(plan.deleteIds).toEqual([2]);
  });

  it('frees extra bytes on demand, oldest first', () => {
    const plan = planPrune([s(1, 3, 400), s(2, 2, 400), s(3, 1, 400)], limits(), { now: NOW, freeBytes: 500, keep: [3] });
    expect(plan.deleteIds).toEqual([1, 2]);
    expect(plan.reasons.pressure).toBe(2);
    expect(plan.freedBytes).toBe(800);
  });
});

describe('validateHistoryLimits', () => {
  it('merges onto defaults and rejects nonsense with a readable message', () => {
    expect(validateHistoryLimits({})).toEqual(defaultHistoryLimits);
    expect(validateHistoryLimits({ maxSessions: 10 }).maxSessions).toBe(10);
    expect(() => validateHistoryLimits({ maxSessions: 0 })).toThrow(/Maximum sessions/);
    expect(() => validateHistoryLimits({ maxAgeDays: 1.5 })).toThrow(/whole number/);
    expect(() => validateHistoryLimits({ maxBytes: '1' })).toThrow(RangeError);
  });
});

describe('HistoryStore.prune (fake-indexeddb)', () => {
  let clock = NOW;
  let store: HistoryStore;
  let n = 0;
  afterEach(() => store?.close());

  async function seed(sessions: number, segmentsEach: number, dayStep = 1): Promise<number[]> {
    store = await HistoryStore.open({ name: `prune-${++n}`, now: () => clock });
    const ids: number[] = [];
    for (let i = 0; i < sessions; i++) {
      clock = NOW - (sessions - i) * dayStep * DAY;
      const { id } = await store.createSession({ source: 'live', language: 'en', model: 'whisper-tiny' });
      for (let k = 0; k < segmentsEach; k++)
        await store.appendSegment(id, { text: `session ${i} segment ${k} hello world`, startMs: k * 1000, endMs: k * 1000 + 900 });
      await store.finishSession(id);
      ids.push(id);
    }
    clock = NOW;
    return ids;
  }

  async function segmentsOf(id: number) {
    return (await store.getSegments(id)).length;
  }

  it('by count: removes the oldest sessions and their segments', async () => {
    const ids = await seed(5, 3);
    const plan = await store.prune(limits({ maxSessions: 2 }));
    expect(plan.deleteIds).toEqual(ids.slice(0, 3));
    expect((await store.listSessions()).map((x) => x.id)).toEqual([ids[4], ids[3]]);
    expect(await segmentsOf(ids[0])).toBe(0);
    expect(await segmentsOf(ids[4])).toBe(3);
  });

  it('by age', async () => {
    const ids = await seed(4, 2, 10); // saved 40, 30, 20, 10 days ago
    await store.prune(limits({ maxAgeDays: 25 }));
    expect((await store.listSessions()).map((x) => x.id).sort()).toEqual([ids[2], ids[3]]);
    expect(await segmentsOf(ids[1])).toBe(0);
  });

  it('by bytes: the estimate drives it and totals agree after', async () => {
    const ids = await seed(6, 4);
    const before = await store.totals();
    const perSession = before.bytes / 6;
    await store.prune(limits({ maxBytes: Math.floor(perSession * 3.5) }));
    const after = await store.totals();
    expect(after.sessions).toBe(3);
    expect(after.bytes).toBeLessThanOrEqual(perSession * 3.5);
    expect((await store.listSessions()).map((x) => x.id).sort()).toEqual(ids.slice(3));
  });

  it('keeps the session being recorded', async () => {
    await seed(3, 1);
    clock = NOW - 1000 * DAY;
    const live = await store.createSession({ source: 'live', language: 'en', model: 'whisper-tiny' });
    await store.appendSegment(live.id, { text: 'still talking', startMs: 0, endMs: 500 });
    clock = NOW;
    await store.prune(limits({ maxSessions: 1, maxAgeDays: 1, maxBytes: 65536 }));
    expect((await store.listSessions()).map((x) => x.id)).toEqual([live.id]);
    expect(await segmentsOf(live.id)).toBe(1);
  });
});
