import { describe, expect, it } from 'vitest';
import { Scheduler, type FinalJob, type SnapshotJob } from '../workers/transcribe/scheduler';

const audio = () => new Float32Array(16);
const final = (id: number, source = 'live-1', endMs = id * 1000): FinalJob => ({
  type: 'segment',
  source,
  id,
  startMs: (id - 1) * 1000,
  endMs,
  eosEpochMs: 0,
  audio: audio(),
  evidence: 0.9,
  arrived: 0,
});
const snap = (id: number, reason: 'periodic' | 'pause' = 'periodic', source = 'live-1', endMs = id * 1000): SnapshotJob => ({
  type: 'snapshot',
  reason,
  speechStartEpochMs: 0,
  sentEpochMs: 0,
  handoffMs: 0,
  source,
  id,
  startMs: (id - 1) * 1000,
  endMs,
  audio: audio(),
  evidence: 0.9,
  arrived: 0,
});

describe('Scheduler', () => {
  it('holds a periodic partial back when asked, never a final or a pause snapshot', () => {
    const s = new Scheduler<string>();
    s.add(snap(1));
    s.add(final(1, 'file-1'));
    expect(s.next(true)).toMatchObject({ type: 'segment', id: 1 });
    expect(s.next(true)).toBeNull();
    expect(s.size).toBe(1); // still waiting
    s.add(snap(2, 'pause'));
    expect(s.next(true)).toMatchObject({ type: 'snapshot', id: 2, reason: 'pause' });
    s.add(snap(3));
    expect(s.next()).toMatchObject({ type: 'snapshot', id: 3, reason: 'periodic' });
  });

  it('runs finals in order before any partial', () => {
    const s = new Scheduler<string>();
    s.add(snap(3));
    s.add(final(1));
    s.add(final(2));
    expect(s.next()).toMatchObject({ type: 'segment', id: 1 });
    expect(s.next()).toMatchObject({ type: 'segment', id: 2 });
    expect(s.next()).toMatchObject({ type: 'snapshot', id: 3 });
    expect(s.next()).toBeNull();
  });

  it('keeps only the newest partial', () => {
    const s = new Scheduler<string>();
    s.add(snap(1, 'periodic', 'live-1', 500));
    s.add(snap(1, 'periodic', 'live-1', 1500));
    expect(s.size).toBe(1);
    expect(s.next()).toMatchObject({ endMs: 1500 });
  });

  it('drops a partial whose segment is already final', () => {
    const s = new Scheduler<string>();
    s.add(snap(2));
    s.add(final(2));
    expect(s.next()).toMatchObject({ type: 'segment', id: 2 });
    expect(s.next()).toBeNull();
    s.add(snap(2));
    expect(s.next()).toBeNull();
  });

  it('never replaces a pause snapshot with a periodic one of the same segment', () => {
    const s = new Scheduler<string>();
    s.add(snap(4, 'pause'));
    s.add(snap(4, 'periodic'));
    expect(s.next()).toMatchObject({ reason: 'pause' });
  });

  it('never drops a final: a full queue refuses, loudly, instead', () => {
    const s = new Scheduler<string>(3);
    expect([1, 2, 3].map((i) => s.add(final(i)))).toEqual([true, true, true]);
    expect(s.add(final(4))).toBe(false);
    expect(s.finalsWaiting).toBe(3);
  });

  it('reuses a speculative result only for exactly the same audio', () => {
    const s = new Scheduler<string>();
    s.rememberSpeculative(snap(5, 'pause', 'live-1', 5000), 'hello');
    expect(s.takeSpeculative(final(5, 'live-1', 5032))).toBeNull();
    expect(s.takeSpeculative(final(5, 'live-1', 5000))).toBe('hello');
    expect(s.takeSpeculative(final(5, 'live-1', 5000))).toBeNull();
  });

  it('batches consecutive finals but not across an end marker', () => {
    const s = new Scheduler<string>();
    s.add(final(1));
    s.add(final(2));
    s.add({ type: 'end', source: 'live-1', arrived: 0 });
    s.add(final(1, 'file-2'));
    const upTo4 = (_: unknown, taken: unknown[]) => taken.length < 4;
    expect(s.takeFinals('live-1', upTo4).map((j) => j.id)).toEqual([1, 2]);
    expect(s.next()).toMatchObject({ type: 'end' });
    expect(s.takeFinals('live-1', upTo4)).toEqual([]);
    expect(s.takeFinals('file-2', upTo4).map((j) => j.source)).toEqual(['file-2']);
  });

  it('packs only while the caller says the next one fits', () => {
    const s = new Scheduler<string>();
    [1, 2, 3].forEach((i) => s.add(final(i)));
    expect(s.takeFinals('live-1', (_, taken) => taken.length < 2).map((j) => j.id)).toEqual([1, 2]);
  });
});
