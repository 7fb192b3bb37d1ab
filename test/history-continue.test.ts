import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../src/history/history-store';
import { SessionRecorder } from '../src/history/recorder';
import { defaultHistoryLimits } from '../src/history/prune-policy';

let n = 0;
const live = { source: 'live' as const, language: 'en', model: 'whisper-tiny' };
const seg = (i: number) => ({ text: `words ${i}`, startMs: i * 1000, endMs: i * 1000 + 800 });

describe('continuing a recording', () => {
  let store: HistoryStore;
  afterEach(() => store?.close());

  it('appends to the stopped session, which is recording again until it ends', async () => {
    store = await HistoryStore.open({ name: `continue-${++n}` });
    const rec = new SessionRecorder(store, { limits: () => defaultHistoryLimits });
    rec.begin(live);
    await rec.record(seg(0));
    const id = rec.activeId!;
    await rec.end();
    expect((await store.getSession(id))!.status).toBe('complete');

    rec.resume(id, live);
    await rec.record(seg(5));
    expect(await store.getSession(id)).toMatchObject({ status: 'recording', endedAt: null, segmentCount: 2, durationMs: 5800 });
    await rec.end();
    expect(await store.getSession(id)).toMatchObject({ status: 'complete', segmentCount: 2 });
    expect((await store.getSegments(id)).map((s) => s.text)).toEqual(['words 0', 'words 5']);
    expect(await store.listSessions()).toHaveLength(1);
  });

  it('keeps the words in a new session when the stopped one was deleted meanwhile', async () => {
    store = await HistoryStore.open({ name: `continue-${++n}` });
    const rec = new SessionRecorder(store, { limits: () => defaultHistoryLimits });
    rec.begin(live);
    await rec.record(seg(0));
    const id = rec.activeId!;
    await rec.end();
    await store.deleteSessions([id]);

    rec.resume(id, live);
    await rec.record(seg(1));
    await rec.end();
    const sessions = await store.listSessions();
    expect(sessions).toHaveLength(1);
    expect(sessions[0].id).not.toBe(id);
    expect(sessions[0].segmentCount).toBe(1);
  });

  it('a file session saved segment by segment is marked interrupted when its page went away', async () => {
    store = await HistoryStore.open({ name: `continue-${++n}` });
    const rec = new SessionRecorder(store, { limits: () => defaultHistoryLimits });
    rec.begin({ ...live, source: 'file', title: 'talk.wav' });
    await rec.record(seg(0));
    await rec.record(seg(1));
    // The page closes here: no end(). The next visit closes what it left open.
    expect(await store.closeStaleSessions()).toHaveLength(1);
    expect((await store.listSessions())[0]).toMatchObject({ title: 'talk.wav', source: 'file', status: 'interrupted', segmentCount: 2 });
  });
});
