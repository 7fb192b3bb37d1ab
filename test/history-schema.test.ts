import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { DB_VERSION, extendPreview, openHistoryDB, PREVIEW_CHARS, segmentBytes } from '../src/history/schema';
import { HistoryStore } from '../src/history/history-store';

let n = 0;
const name = () => `schema-${++n}`;

describe('history schema', () => {
  it('a fresh database has every store and index of the current version', async () => {
    const db = await openHistoryDB({ name: name() });
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['segments', 'sessions']);
    const tx = db.transaction(['sessions', 'segments']);
    expect([...tx.objectStore('sessions').indexNames].sort()).toEqual(['by-started', 'by-status']);
    expect([...tx.objectStore('segments').indexNames]).toEqual(['by-word']);
    expect(tx.objectStore('segments').index('by-word').multiEntry).toBe(true);
    db.close();
  });

  it('migrates v1 data to v2: words indexed, sizes counted, nothing lost', async () => {
    const dbName = name();
    const v1 = await openHistoryDB({ name: dbName, version: 1 });
    expect([...v1.transaction('segments').store.indexNames]).toEqual([]);
    v1.close();
    // Write records exactly as v1 stored them: no words, no bytes, no savedAt.
    const raw = await openDB(dbName, 1);
    await raw.put('sessions', {
      id: 7,
      title: 'Standup',
      startedAt: 1_700_000_000_000,
      endedAt: 1_700_000_100_000,
      status: 'complete',
      source: 'live',
      language: 'en',
      model: 'whisper-tiny',
      segmentCount: 2,
      durationMs: 4000,
      preview: 'Good morning everyone',
    });
    await raw.put('segments', {
      sessionId: 7,
      index: 0,
      text: 'Good morning, everyone.',
      startMs: 0,
      endMs: 1500,
      language: 'en',
      model: 'whisper-tiny',
      createdAt: 1_700_000_001_000,
    });
    await raw.put('segments', {
      sessionId: 7,
      index: 1,
      text: 'Let’s review the Café numbers.',
      startMs: 2000,
      endMs: 4000,
      language: 'en',
      model: 'whisper-tiny',
      createdAt: 1_700_000_004_000,
    });
    raw.close();

    const store = await HistoryStore.open({ name: dbName });
    const session = await store.getSession(7);
    expect(session).toMatchObject({ id: 7, title: 'Standup', segmentCount: 2, savedAt: 1_700_000_100_000, status: 'complete' });
    const segments = await store.getSegments(7);
    expect(segments.map((s) => s.text)).toEqual(['Good morning, everyone.', 'Let’s review the Café numbers.']);
    expect(segments[1].words).toEqual(['let', 's', 'review', 'the', 'cafe', 'numbers']);
    expect(session!.bytes).toBeGreaterThan(segments.reduce((sum, s) => sum + segmentBytes(s), 0));
    expect((await store.search('cafe')).map((h) => h.index)).toEqual([1]);
    expect((await store.listSessions()).map((s) => s.id)).toEqual([7]);
    store.close();
  });

  it('reopening the current version changes nothing', async () => {
    const dbName = name();
    const store = await HistoryStore.open({ name: dbName });
    const { id } = await store.createSession({ source: 'live', language: 'en', model: 'm' });
    await store.appendSegment(id, { text: 'hello', startMs: 0, endMs: 10 });
    const before = await store.getSession(id);
    store.close();
    const again = await HistoryStore.open({ name: dbName });
    expect(await again.getSession(id)).toEqual(before);
    again.close();
  });

  it('previews stop at the first words', () => {
    let p = '';
    for (let i = 0; i < 50; i++) p = extendPreview(p, `word${i} and more`);
    expect(p.length).toBeLessThanOrEqual(PREVIEW_CHARS);
    expect(p.startsWith('word0 and more word1')).toBe(true);
  });
});
