import { parse } from '@plussub/srt-vtt-parser';
import { describe, expect, it } from 'vitest';
import { toSrt, toVtt, type ExportSession } from '../src/history/exporters';
import { subtitleCues, wrap } from '../src/history/subtitle-cues';

// One 34 s segment of 427 characters: what a long file used to export as a single cue.
const long =
  'Printing, in the only sense with which we are at present concerned, differs from most if not from all the arts and crafts ' +
  'represented in the Exhibition in being comparatively modern. For although the Chinese took impressions from wood blocks ' +
  'engraved in relief for centuries before the woodcutters of the Netherlands, by a similar process, produced the block books, ' +
  'which were the immediate predecessors of the true printed book.';

const session = (segments: { text: string; startMs: number; endMs: number }[]): ExportSession => ({
  session: { title: 't', source: 'file', status: 'complete', startedAt: 0, endedAt: 0, language: 'en', model: 'whisper-tiny', preview: '' },
  segments: segments.map((s) => ({ ...s, language: 'en', model: 'whisper-tiny', createdAt: 0 })),
});

const data = session([
  { text: 'Hello there.', startMs: 120, endMs: 1831 },
  { text: long, startMs: 2000, endMs: 36_000 },
  { text: 'Tom & Jerry <i>say</i> hi', startMs: 40_000, endMs: 41_000 },
]);

function checkCues(entries: { from: number; to: number; text: string }[]) {
  for (const e of entries) {
    expect(e.to - e.from, `cue "${e.text}"`).toBeLessThanOrEqual(7000);
    expect(e.to).toBeGreaterThan(e.from);
    const lines = e.text.split('\n');
    expect(lines.length).toBeLessThanOrEqual(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(42);
    expect(e.text.replace('\n', ' ').length).toBeLessThanOrEqual(84);
  }
  for (let i = 1; i < entries.length; i++) expect(entries[i].from).toBeGreaterThanOrEqual(entries[i - 1].to);
}

describe('subtitle cues', () => {
  it('SRT: every cue within 7 s and two lines of 42, all the words kept in order', () => {
    const { entries } = parse(toSrt(data));
    expect(entries.length).toBeGreaterThanOrEqual(6);
    checkCues(entries);
    expect(entries.map((e) => e.text.replace('\n', ' ')).join(' ')).toBe(`Hello there. ${long} Tom & Jerry <i>say</i> hi`);
    expect(entries[0]).toMatchObject({ from: 120, to: 1831, text: 'Hello there.' });
    expect(entries.at(-1)).toMatchObject({ from: 40_000, to: 41_000 });
  });

  it('WebVTT: the same cues, markup escaped', () => {
    const body = toVtt(data);
    expect(body).toContain('Tom &amp; Jerry &lt;i&gt;say&lt;/i&gt; hi');
    const { entries } = parse(body);
    checkCues(entries);
    expect(entries.length).toBe(parse(toSrt(data)).entries.length);
  });

  it('splits a slow segment by time even when its words would fit', () => {
    const cues = subtitleCues([{ text: 'one two three four five six', startMs: 0, endMs: 20_000 }]);
    expect(cues.length).toBeGreaterThanOrEqual(3);
    expect(cues.every((c) => c.endMs - c.startMs <= 7000)).toBe(true);
    expect(cues.flatMap((c) => c.lines).join(' ')).toBe('one two three four five six');
  });

  it('wraps at word boundaries and cuts only a word longer than a line', () => {
    expect(wrap('a bb ccc', 4)).toEqual(['a bb', 'ccc']);
    expect(wrap('x'.repeat(50), 42)).toEqual(['x'.repeat(42), 'x'.repeat(8)]);
    expect(subtitleCues([{ text: '   ', startMs: 0, endMs: 1000 }])).toEqual([]);
  });
});
