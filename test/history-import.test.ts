import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IMPORT_LIMITS, importExceedsLimits, parseEarshotJson } from '../src/history/import';
import { defaultHistoryLimits } from '../src/history/prune-policy';
import { HistoryStore } from '../src/history/history-store';

const NOW = Date.UTC(2025, 5, 1);

function file(sessions: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ format: 'earshot-history', version: 1, exportedAt: new Date(NOW).toISOString(), sessions, ...extra });
}

const good = {
  title: 'Call',
  status: 'complete',
  startedAt: '2025-05-30T10:00:00.000Z',
  endedAt: '2025-05-30T10:05:00.000Z',
  language: 'en',
  model: 'whisper-tiny',
  segments: [
    { text: 'first', startMs: 0, endMs: 900, language: 'en', model: 'whisper-tiny', createdAt: '2025-05-30T10:00:01.000Z' },
    {
      text: '<img src=x onerror=alert(1)>',
      startMs: 1000,
      endMs: 2000,
      language: 'en',
      model: 'whisper-tiny',
      createdAt: '2025-05-30T10:00:02.000Z',
    },
  ],
};

function rejected(source: string): string {
  const r = parseEarshotJson(source, NOW);
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.error;
}

describe('parseEarshotJson', () => {
  it('accepts a valid export and keeps text verbatim', () => {
    const r = parseEarshotJson(file([good]), NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.sessions).toHaveLength(1);
    expect(r.sessions[0].segments[1].text).toBe('<img src=x onerror=alert(1)>');
    expect(r.sessions[0].startedAt).toBe(Date.parse(good.startedAt));
  });

  it('rejects what is not JSON or not an Earshot export', () => {
    expect(rejected('{"format": ')).toMatch(/not valid JSON/);
    expect(rejected('[]')).toMatch(/must be an object/);
    expect(rejected('null')).toMatch(/must be an object/);
    expect(rejected(JSON.stringify({ format: 'other', version: 1, sessions: [] }))).toMatch(/not an Earshot history export/);
    expect(rejected(file([good], { version: 99 }))).toMatch(/newer version/);
    expect(rejected(file([]))).toMatch(/no sessions/);
    expect(rejected(file('lots'))).toMatch(/sessions must be a list/);
  });

  it('names the bad field', () => {
    const bad = (patch: Record<string, unknown>) => file([{ ...good, segments: [{ ...good.segments[0], ...patch }] }]);
    expect(rejected(bad({ text: 42 }))).toMatch(/sessions\[0\]\.segments\[0\]\.text must be text/);
    expect(rejected(bad({ text: { toString: 'x' } }))).toMatch(/must be text/);
    expect(rejected(bad({ startMs: -1 }))).toMatch(/startMs must be a number/);
    expect(rejected(bad({ startMs: '5' }))).toMatch(/startMs/);
    expect(rejected(bad({ endMs: JSON.parse('1e400') }))).toMatch(/endMs/); // parses as Infinity
    expect(rejected(bad({ startMs: 500, endMs: 100 }))).toMatch(/endMs must be a number of milliseconds from 500/);
    expect(rejected(bad({ createdAt: 'yesterday' }))).toMatch(/createdAt must be an ISO 8601 date/);
    expect(rejected(bad({ createdAt: '2999-01-01T00:00:00Z' }))).toMatch(/createdAt/);
    expect(rejected(bad({ language: 'en"><script>' }))).toMatch(/language/);
    expect(rejected(bad({ text: 'a\u0000b' }))).toMatch(/control characters/);
    expect(rejected(file([{ ...good, status: 'recording' }]))).toMatch(/status/);
    expect(rejected(file([{ ...good, endedAt: '2025-05-29T10:00:00.000Z' }]))).toMatch(/before its startedAt/);
    expect(rejected(file([{ ...good, title: 'x'.repeat(IMPORT_LIMITS.titleChars + 1) }]))).toMatch(/title is longer/);
  });

  it('bounds sizes', () => {
    expect(rejected(file([{ ...good, segments: [{ ...good.segments[0], text: 'x'.repeat(IMPORT_LIMITS.textChars + 1) }] }]))).toMatch(
      /longer than/,
    );
    expect(rejected(file(Array.from({ length: IMPORT_LIMITS.sessions + 1 }, () => good)))).toMatch(/at most/);
    expect(rejected(' '.repeat(IMPORT_LIMITS.fileBytes + 1))).toMatch(/larger than/);
  });

  it('refuses a file larger than the history keeps', () => {
    const r = parseEarshotJson(file([good, good, good]), NOW);
    if (!r.ok) throw new Error(r.error);
    expect(importExceedsLimits(r.sessions, defaultHistoryLimits)).toBeNull();
    expect(importExceedsLimits(r.sessions, { ...defaultHistoryLimits, maxSessions: 2 })).toMatch(
      /3 sessions .* more than the history keeps \(2 sessions/,
    );
    expect(importExceedsLimits(r.sessions, { ...defaultHistoryLimits, maxBytes: 100 })).toMatch(/Nothing was changed/);
  });

  it('copies known fields only: no prototype pollution', () => {
    const hostile = `{"format":"earshot-history","version":1,"__proto__":{"polluted":true},"sessions":[${JSON.stringify({ ...good, constructor: { prototype: { polluted: true } } }).replace(/^\{/, '{"__proto__":{"polluted":true},')}]}`;
    const r = parseEarshotJson(hostile, NOW);
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (r.ok)
      expect(Object.keys(r.sessions[0]).sort()).toEqual(['endedAt', 'language', 'model', 'segments', 'startedAt', 'status', 'title']);
  });
});

describe('HistoryStore.importSessions', () => {
  it('writes all sessions or none', async () => {
    const store = await HistoryStore.open({ name: 'import-atomic', now: () => NOW });
    const r = parseEarshotJson(file([good, good]), NOW);
    if (!r.ok) throw new Error(r.error);
    const ids = await store.importSessions(r.sessions);
    expect(ids).toHaveLength(2);
    const s = await store.getSession(ids[0]);
    expect(s).toMatchObject({ source: 'import', segmentCount: 2, durationMs: 2000, status: 'complete', savedAt: NOW });
    expect((await store.search('onerror')).length).toBe(2);

    // A write that fails half-way (a segment with an unstorable value) leaves the store as it was.
    const broken = [good, { ...r.sessions[0], segments: [{ ...r.sessions[0].segments[0], startMs: Symbol('x') }] }] as never;
    await expect(store.importSessions([r.sessions[0], ...(broken as unknown[]).slice(1)] as never)).rejects.toBeTruthy();
    expect((await store.listSessions()).length).toBe(2);
    expect((await store.totals()).sessions).toBe(2);
    store.close();
  });
});
