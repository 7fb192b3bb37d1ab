import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore, isQuotaError } from '../src/history/history-store';
import { matchesAll, queryTerms, tokenize } from '../src/history/search';
import { appendWindowed } from '../src/history/live-window';

let n = 0;
const meta = { source: 'live' as const, language: 'en', model: 'whisper-tiny' };

describe('search words', () => {
  it('normalises case and accents, bounds words', () => {
    expect(tokenize('Crème Brûlée, CRÈME!')).toEqual(['creme', 'brulee']);
    expect(tokenize('x'.repeat(100))[0]).toHaveLength(32);
    expect(tokenize(Array.from({ length: 500 }, (_, i) => `w${i}`).join(' '))).toHaveLength(128);
    expect(queryTerms('a speech')).toEqual(['speech', 'a']);
    expect(matchesAll(['speech', 'recognition'], ['recog', 'spe'])).toBe(true);
    expect(matchesAll(['speech'], ['recog'])).toBe(false);
  });
});

describe('live window', () => {
  it('keeps the newest entries only', () => {
    let list: number[] = [];
    let dropped = 0;
    for (let i = 0; i < 250; i++) {
      const r = appendWindowed(list, i, 200);
      list = r.list;
      dropped += r.dropped;
    }
    expect(list).toHaveLength(200);
    expect(list[0]).toBe(50);
    expect(dropped).toBe(50);
  });
});

describe('HistoryStore', () => {
  let store: HistoryStore;
  afterEach(() => store?.close());

  it('lists newest first, renames, deletes, deletes all but the live one', async () => {
    let t = 1_000;
    store = await HistoryStore.open({ name: `store-${++n}`, now: () => t });
    const a = await store.createSession(meta);
    t = 2_000;
    const b = await store.createSession(meta);
    t = 3_000;
    const c = await store.createSession(meta);
    expect((await store.listSessions()).map((s) => s.id)).toEqual([c.id, b.id, a.id]);
    expect((await store.listSessions(2)).map((s) => s.id)).toEqual([c.id, b.id]);
    const renamed = await store.renameSession(b.id, '  Weekly\n sync ');
    expect(renamed!.title).toBe('Weekly sync');
    await store.deleteSessions([a.id]);
    expect(await store.getSession(a.id)).toBeUndefined();
    expect(await store.deleteAll([c.id])).toBe(1);
    expect((await store.listSessions()).map((s) => s.id)).toEqual([c.id]);
  });

  it('search finds segments whose words start with every query word', async () => {
    store = await HistoryStore.open({ name: `store-${++n}` });
    const s = await store.createSession(meta);
    await store.appendSegment(s.id, { text: 'Speech recognition in the browser', startMs: 0, endMs: 1 });
    await store.appendSegment(s.id, { text: 'Recognise this speaker', startMs: 1, endMs: 2 });
    await store.appendSegment(s.id, { text: 'Nothing relevant', startMs: 2, endMs: 3 });
    expect((await store.search('recog')).map((h) => h.index).sort()).toEqual([0, 1]);
    expect((await store.search('recog brow')).map((h) => h.index)).toEqual([0]);
    expect((await store.search('SPE')).map((h) => h.index).sort()).toEqual([0, 1]);
    expect(await store.search('zebra')).toEqual([]);
    expect(await store.search('  ')).toEqual([]);
  });

  it('segment paging reads a window of one session only', async () => {
    store = await HistoryStore.open({ name: `store-${++n}` });
    const a = await store.createSession(meta);
    const b = await store.createSession(meta);
    for (let i = 0; i < 10; i++) await store.appendSegment(a.id, { text: `a${i}`, startMs: i, endMs: i + 1 });
    await store.appendSegment(b.id, { text: 'b0', startMs: 0, endMs: 1 });
    expect((await store.getSegments(a.id, 4, 3)).map((s) => s.text)).toEqual(['a4', 'a5', 'a6']);
    expect((await store.getSegments(b.id)).map((s) => s.text)).toEqual(['b0']);
  });

  it('recognises quota errors', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError(new Error('other'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });
});
