import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../src/history/history-store';

let n = 0;
const meta = { source: 'live' as const, language: 'en', model: 'whisper-tiny' };

describe('editing a segment', () => {
  let store: HistoryStore;
  afterEach(() => store?.close());

  it('replaces the text; search, preview and size follow; other segments are untouched', async () => {
    store = await HistoryStore.open({ name: `edit-${++n}` });
    const { id } = await store.createSession(meta);
    await store.appendSegment(id, { text: 'the whether is fine', startMs: 0, endMs: 900 });
    await store.appendSegment(id, { text: 'see you tomorrow', startMs: 1000, endMs: 1900 });
    const before = (await store.getSession(id))!;

    const after = await store.editSegment(id, 0, 'the weather is very fine');
    expect(after!.preview).toBe('the weather is very fine see you tomorrow');
    expect(after!.bytes).toBeGreaterThan(before.bytes);
    expect((await store.getSegments(id)).map((s) => s.text)).toEqual(['the weather is very fine', 'see you tomorrow']);
    expect((await store.search('weather', 10)).map((h) => h.sessionId)).toEqual([id]);
    expect(await store.search('whether', 10)).toEqual([]);
    expect((await store.getSession(id))!.segmentCount).toBe(2);
  });

  it('answers null for a segment that does not exist', async () => {
    store = await HistoryStore.open({ name: `edit-${++n}` });
    const { id } = await store.createSession(meta);
    expect(await store.editSegment(id, 3, 'x')).toBeNull();
    expect(await store.editSegment(id + 1, 0, 'x')).toBeNull();
  });
});
