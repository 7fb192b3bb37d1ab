import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../src/history/history-store';
import { SessionRecorder, type RecorderStore } from '../src/history/recorder';
import { defaultHistoryLimits } from '../src/history/prune-policy';
import type { SessionRecord } from '../src/history/schema';

let n = 0;
const meta = { source: 'live' as const, language: 'en', model: 'whisper-tiny' };
const seg = (i: number) => ({ text: `segment ${i}`, startMs: i * 1000, endMs: i * 1000 + 800 });

function quotaError(): DOMException {
  return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
}

/** A real store whose appends fail with a quota error while `failing` > 0. */
function flaky(store: HistoryStore) {
  const state = { failing: 0, prunes: [] as number[] };
  const wrapped: RecorderStore = {
    createSession: (m) => store.createSession(m),
    finishSession: (id, s) => store.finishSession(id, s),
    replaceLastSegment: (id, s) => store.replaceLastSegment(id, s),
    appendSegment: async (id, s) => {
      if (state.failing > 0) {
        state.failing--;
        throw quotaError();
      }
      return store.appendSegment(id, s);
    },
    prune: async (l, o) => {
      state.prunes.push(o?.freeBytes ?? 0);
      return store.prune(l, o);
    },
  };
  return { state, wrapped };
}

function manualTimer() {
  const pending: (() => void)[] = [];
  return {
    schedule: (fn: () => void) => {
      pending.push(fn);
      return () => pending.splice(pending.indexOf(fn), 1);
    },
    fire: () => pending.splice(0).forEach((fn) => fn()),
    get count() {
      return pending.length;
    },
  };
}

describe('SessionRecorder', () => {
  let store: HistoryStore;
  afterEach(() => store?.close());

  it('keeps one version of a final that was transcribed again (joined with what followed)', async () => {
    store = await HistoryStore.open({ name: `rec-${++n}` });
    const rec = new SessionRecorder(store, { limits: () => defaultHistoryLimits });
    rec.begin(meta);
    await rec.record(seg(0));
    await rec.record(seg(1));
    await rec.record({ text: 'segment 1 ask not', startMs: 1000, endMs: 2600 }, true);
    // Replacing a final still waiting to be written edits it in place.
    void rec.record(seg(2));
    await rec.record({ text: 'segment 2 joined', startMs: 2000, endMs: 3500 }, true);
    await rec.end();
    const [session] = await store.listSessions();
    const texts = (await store.getSegments(session.id)).map((s) => s.text);
    expect(texts).toEqual(['segment 0', 'segment 1 ask not', 'segment 2 joined']);
    expect(session.segmentCount).toBe(3);
    expect(session.durationMs).toBe(3500);
    expect((await store.search('ask'))[0]?.text).toBe('segment 1 ask not');
  });

  it('writes each final as it arrives; the session reads back in order while still recording', async () => {
    store = await HistoryStore.open({ name: `rec-${++n}` });
    const saved: SessionRecord[] = [];
    const rec = new SessionRecorder(store, { limits: () => defaultHistoryLimits, onSaved: (s) => saved.push(s) });
    rec.begin(meta);
    for (let i = 0; i < 5; i++) await rec.record(seg(i));
    const id = rec.activeId!;
    const s = await store.getSession(id);
    expect(s).toMatchObject({ status: 'recording', segmentCount: 5, durationMs: 4800 });
    expect((await store.getSegments(id)).map((x) => x.index)).toEqual([0, 1, 2, 3, 4]);
    await rec.end();
    expect((await store.getSession(id))!.status).toBe('complete');
    expect(saved.at(-1)!.status).toBe('complete');
  });

  it('a session in which nothing was said is not kept', async () => {
    store = await HistoryStore.open({ name: `rec-${++n}` });
    const rec = new SessionRecorder(store, { limits: () => defaultHistoryLimits });
    rec.begin(meta);
    await rec.flush();
    expect(await store.listSessions()).toHaveLength(1);
    await rec.end();
    expect(await store.listSessions()).toEqual([]);
  });

  it('records synchronously queued finals in order even before the session exists', async () => {
    store = await HistoryStore.open({ name: `rec-${++n}` });
    const rec = new SessionRecorder(store, { limits: () => defaultHistoryLimits });
    rec.begin(meta);
    const writes = [0, 1, 2].map((i) => rec.record(seg(i)));
    void rec.end();
    rec.begin(meta);
    void rec.record(seg(9));
    await Promise.all(writes);
    await rec.end();
    const sessions = await store.listSessions();
    expect(sessions).toHaveLength(2);
    const [second, first] = sessions.sort((a, b) => b.id - a.id);
    expect((await store.getSegments(first.id)).map((x) => x.text)).toEqual(['segment 0', 'segment 1', 'segment 2']);
    expect((await store.getSegments(second.id)).map((x) => x.text)).toEqual(['segment 9']);
  });

  it('a quota error prunes old sessions and retries once', async () => {
    store = await HistoryStore.open({ name: `rec-${++n}` });
    const old = await store.createSession(meta);
    await store.appendSegment(old.id, seg(0));
    await store.finishSession(old.id);
    const { state, wrapped } = flaky(store);
    const problems: (string | null)[] = [];
    const rec = new SessionRecorder(wrapped, { limits: () => defaultHistoryLimits, onProblem: (p) => problems.push(p), pruneEvery: 1000 });
    rec.begin(meta);
    state.failing = 1;
    await rec.record(seg(1));
    expect(state.prunes).toEqual([1024 * 1024]); // pressure prune freed room
    expect(await store.getSession(old.id)).toBeUndefined();
    expect((await store.getSegments(rec.activeId!)).map((s) => s.text)).toEqual(['segment 1']);
    expect(problems.filter(Boolean)).toEqual([]);
  });

  it('when the retry fails too: tells the user, keeps the segment, saves it later', async () => {
    store = await HistoryStore.open({ name: `rec-${++n}` });
    const { state, wrapped } = flaky(store);
    const timer = manualTimer();
    let problem: string | null = null;
    const rec = new SessionRecorder(wrapped, {
      limits: () => defaultHistoryLimits,
      onProblem: (p) => (problem = p),
      schedule: timer.schedule,
    });
    rec.begin(meta);
    await rec.record(seg(0));
    state.failing = 2;
    await rec.record(seg(1));
    expect(problem).toMatch(/storage is full/);
    expect(rec.unsaved).toBe(1);
    expect(timer.count).toBe(1);
    const id = rec.activeId!;
    expect((await store.getSegments(id)).length).toBe(1);

    // Storage frees up: the timer's retry saves it, in order, and clears the message.
    timer.fire();
    await rec.flush();
    expect((await store.getSegments(id)).map((s) => s.text)).toEqual(['segment 0', 'segment 1']);
    expect(problem).toBeNull();
    expect(rec.unsaved).toBe(0);

    // Failing again, then the next final arrives once space is back: both saved, in order.
    state.failing = 2;
    await rec.record(seg(2));
    expect(rec.unsaved).toBe(1);
    await rec.record(seg(3));
    expect((await store.getSegments(id)).map((s) => s.text)).toEqual(['segment 0', 'segment 1', 'segment 2', 'segment 3']);
    await rec.end();
    expect((await store.getSession(id))!.status).toBe('complete');
  });

  it('the in-memory queue is bounded, and what it gives up is counted and reported', async () => {
    store = await HistoryStore.open({ name: `rec-${++n}` });
    const { state, wrapped } = flaky(store);
    let problem: string | null = null;
    const timer = manualTimer();
    const rec = new SessionRecorder(wrapped, {
      limits: () => defaultHistoryLimits,
      onProblem: (p) => (problem = p),
      schedule: timer.schedule,
      maxQueued: 4,
    });
    rec.begin(meta);
    state.failing = 1_000;
    for (let i = 0; i < 10; i++) await rec.record(seg(i));
    expect(rec.unsaved).toBeLessThanOrEqual(4);
    expect(rec.givenUp).toBe(10 - rec.unsaved);
    state.failing = 0;
    timer.fire();
    await rec.flush();
    const texts = (await store.getSegments(rec.activeId!)).map((s) => s.text);
    expect(texts).toEqual(['segment 6', 'segment 7', 'segment 8', 'segment 9']);
    expect(problem).toMatch(/6 older segments were dropped/);
  });

  it('a session deleted while recording continues in a new one', async () => {
    store = await HistoryStore.open({ name: `rec-${++n}` });
    const rec = new SessionRecorder(store, { limits: () => defaultHistoryLimits });
    rec.begin(meta);
    await rec.record(seg(0));
    const first = rec.activeId!;
    await store.deleteSessions([first]);
    await rec.record(seg(1));
    expect(rec.activeId).not.toBe(first);
    expect((await store.getSegments(rec.activeId!)).map((s) => s.text)).toEqual(['segment 1']);
  });

  it('start-up closes sessions a closed tab left recording, unless another tab holds them', async () => {
    const name = `rec-${++n}`;
    store = await HistoryStore.open({ name });
    const rec = new SessionRecorder(store, { limits: () => defaultHistoryLimits });
    rec.begin(meta);
    await rec.record(seg(0));
    const crashed = rec.activeId!;
    const alive = (await store.createSession(meta)).id;
    store.close(); // the tab is gone without end()

    store = await HistoryStore.open({ name });
    const closed = await store.closeStaleSessions(async (id) => id !== alive);
    expect(closed).toEqual([crashed]);
    const s = await store.getSession(crashed);
    expect(s).toMatchObject({ status: 'interrupted', segmentCount: 1 });
    expect(s!.endedAt).toBe(s!.savedAt);
    expect((await store.getSession(alive))!.status).toBe('recording');
  });
});
