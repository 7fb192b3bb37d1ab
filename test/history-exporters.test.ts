import { describe, expect, it } from 'vitest';
import { exportFilename, exportSession, timestamp, toEarshotJson, toSrt, toTxt, toVtt, type ExportSession } from '../src/history/exporters';
import { parseEarshotJson } from '../src/history/import';

const NOW = Date.UTC(2025, 5, 1, 12);

const data: ExportSession = {
  session: {
    title: 'Notes',
    source: 'live',
    status: 'complete',
    startedAt: NOW - 3_700_000,
    endedAt: NOW,
    language: 'en',
    model: 'whisper-tiny',
    preview: 'Hello',
  },
  segments: [
    { text: 'Hello there.', startMs: 120.4, endMs: 1830.6, language: 'en', model: 'whisper-tiny', createdAt: NOW - 3_600_000 },
    { text: '  Line one\nline two  ', startMs: 61_000, endMs: 63_250, language: 'en', model: 'whisper-tiny', createdAt: NOW - 3_500_000 },
    { text: 'Tom & Jerry <i>say</i> --> hi', startMs: 3_725_004, endMs: 3_725_004, language: 'en', model: 'whisper-tiny', createdAt: NOW },
  ],
};

interface Cue {
  startMs: number;
  endMs: number;
  text: string;
}

// Independent readers, strict about the formats' syntax (not a copy of the writer).
function ms(h: string, m: string, s: string, frac: string): number {
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(frac);
}

function parseSrt(body: string): Cue[] {
  const blocks = body.replace(/\r\n/g, '\n').trim().split(/\n\n+/);
  return blocks.map((block, i) => {
    const [num, timing, ...text] = block.split('\n');
    expect(num).toBe(String(i + 1));
    const t = /^(\d{2}):(\d{2}):(\d{2}),(\d{3}) --> (\d{2}):(\d{2}):(\d{2}),(\d{3})$/.exec(timing);
    expect(t, `SRT timing line "${timing}"`).not.toBeNull();
    expect(text.length).toBeGreaterThan(0);
    return { startMs: ms(t![1], t![2], t![3], t![4]), endMs: ms(t![5], t![6], t![7], t![8]), text: text.join('\n') };
  });
}

function parseVtt(body: string): Cue[] {
  const [header, ...blocks] = body.replace(/\r\n/g, '\n').trim().split(/\n\n+/);
  expect(header).toBe('WEBVTT');
  return blocks.map((block) => {
    const lines = block.split('\n');
    const at = lines.findIndex((l) => l.includes('-->'));
    const t = /^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2}):(\d{2}):(\d{2})\.(\d{3})$/.exec(lines[at]);
    expect(t, `VTT timing line "${lines[at]}"`).not.toBeNull();
    const text = lines.slice(at + 1);
    expect(text.some((l) => l.includes('-->'))).toBe(false);
    expect(text.join('')).not.toMatch(/<|>/); // cue text markup must be escaped
    const unescaped = text.join('\n').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    return { startMs: ms(t![1], t![2], t![3], t![4]), endMs: ms(t![5], t![6], t![7], t![8]), text: unescaped };
  });
}

describe('exporters', () => {
  it('formats timestamps', () => {
    expect(timestamp(0, ',')).toBe('00:00:00,000');
    expect(timestamp(3_725_004, '.')).toBe('01:02:05.004');
    expect(timestamp(-5, '.')).toBe('00:00:00.000');
  });

  it('SRT parses back to the same times and text', () => {
    const cues = parseSrt(toSrt(data));
    expect(cues).toEqual([
      { startMs: 120, endMs: 1831, text: 'Hello there.' },
      { startMs: 61_000, endMs: 63_250, text: 'Line one line two' },
      { startMs: 3_725_004, endMs: 3_725_005, text: 'Tom & Jerry <i>say</i> -> hi' },
    ]);
  });

  it('WebVTT parses back to the same times and text, with markup escaped', () => {
    const body = toVtt(data);
    expect(body).toContain('Tom &amp; Jerry &lt;i&gt;say&lt;/i&gt;');
    expect(parseVtt(body)).toEqual([
      { startMs: 120, endMs: 1831, text: 'Hello there.' },
      { startMs: 61_000, endMs: 63_250, text: 'Line one line two' },
      { startMs: 3_725_004, endMs: 3_725_005, text: 'Tom & Jerry <i>say</i> -> hi' },
    ]);
  });

  it('TXT has the title and a timestamp per line', () => {
    const lines = toTxt(data).split('\n');
    expect(lines[0]).toBe('Notes');
    expect(lines).toContain('[00:01:01.000] Line one line two');
  });

  it('JSON round-trips through the importer', () => {
    const json = JSON.stringify(toEarshotJson([data], NOW));
    const back = parseEarshotJson(json, NOW);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.sessions[0].title).toBe('Notes');
    expect(back.sessions[0].startedAt).toBe(data.session.startedAt);
    expect(back.sessions[0].segments.map((s) => [s.text, s.startMs, s.endMs])).toEqual([
      ['Hello there.', 120, 1831],
      ['  Line one\nline two  ', 61_000, 63_250],
      ['Tom & Jerry <i>say</i> --> hi', 3_725_004, 3_725_004],
    ]);
  });

  it('a session exported while recording imports as interrupted', () => {
    const json = toEarshotJson([{ ...data, session: { ...data.session, status: 'recording', endedAt: null } }], NOW);
    expect(json.sessions[0].status).toBe('interrupted');
  });

  it('file names are safe', () => {
    expect(exportFilename({ title: '../../etc/passwd <x>', startedAt: NOW }, 'srt')).toBe('earshot-2025-06-01T1200-etcpasswd-x.srt');
    expect(exportSession('vtt', data, NOW).mime).toMatch(/^text\/vtt/);
  });
});
