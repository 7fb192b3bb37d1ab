// Transcript exports: plain text, SubRip (SRT), WebVTT and Earshot JSON. Pure: records in, text out.

import type { SegmentRecord, SessionRecord, SessionSource, SessionStatus } from './schema';
import { subtitleCues } from './subtitle-cues';

export type ExportFormat = 'txt' | 'srt' | 'vtt' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['txt', 'srt', 'vtt', 'json'];

export type ExportSegment = Pick<SegmentRecord, 'text' | 'startMs' | 'endMs' | 'language' | 'model' | 'createdAt'>;
export type ExportSessionMeta = Pick<
  SessionRecord,
  'title' | 'source' | 'status' | 'startedAt' | 'endedAt' | 'language' | 'model' | 'preview'
>;

export interface ExportSession {
  session: ExportSessionMeta;
  segments: readonly ExportSegment[];
}

/** The Earshot JSON file format (what `import.ts` reads back). Times in ms; dates as ISO 8601. */
export const EARSHOT_FORMAT = 'earshot-history';
export const EARSHOT_FORMAT_VERSION = 1;

export interface EarshotJsonSegment {
  text: string;
  startMs: number;
  endMs: number;
  language: string;
  model: string;
  createdAt: string;
}

export interface EarshotJsonSession {
  title: string;
  source: SessionSource;
  status: Exclude<SessionStatus, 'recording'>;
  startedAt: string;
  endedAt: string | null;
  language: string;
  model: string;
  segments: EarshotJsonSegment[];
}

export interface EarshotJson {
  format: typeof EARSHOT_FORMAT;
  version: typeof EARSHOT_FORMAT_VERSION;
  exportedAt: string;
  sessions: EarshotJsonSession[];
}

export interface ExportFile {
  filename: string;
  mime: string;
  body: string;
}

/** `h:mm:ss` style clock with a chosen millisecond separator (`,` for SRT, `.` for WebVTT). */
export function timestamp(ms: number, separator: ',' | '.'): string {
  const total = Math.max(0, Math.round(ms));
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor(total / 60_000) % 60;
  const s = Math.floor(total / 1000) % 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(total % 1000, 3)}`;
}

/** One line, no cue-breaking blank lines or arrows. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replaceAll('-->', '->');
}

/** WebVTT cue text is markup: `&`, `<` and `>` must be escaped to show as themselves. */
function vttEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function sessionTitle(session: Pick<ExportSessionMeta, 'title' | 'preview' | 'startedAt'>): string {
  if (session.title) return session.title;
  if (session.preview) return session.preview.length > 60 ? `${session.preview.slice(0, 59)}…` : session.preview;
  return `Session of ${new Date(session.startedAt).toLocaleString()}`;
}

export function toTxt({ session, segments }: ExportSession): string {
  const head = [sessionTitle(session), new Date(session.startedAt).toISOString(), ''];
  const lines = segments.map((s) => `[${timestamp(s.startMs, '.')}] ${oneLine(s.text)}`);
  return [...head, ...lines, ''].join('\n');
}

/** Subtitles: each segment as cues of at most 7 s and two lines of 42 characters. */
function cues({ segments }: ExportSession) {
  return subtitleCues(segments.map((s) => ({ text: oneLine(s.text), startMs: s.startMs, endMs: s.endMs })));
}

export function toSrt(data: ExportSession): string {
  return cues(data)
    .map((c, i) => `${i + 1}\n${timestamp(c.startMs, ',')} --> ${timestamp(c.endMs, ',')}\n${c.lines.join('\n')}\n`)
    .join('\n');
}

export function toVtt(data: ExportSession): string {
  const body = cues(data).map(
    (c, i) => `${i + 1}\n${timestamp(c.startMs, '.')} --> ${timestamp(c.endMs, '.')}\n${c.lines.map(vttEscape).join('\n')}\n`,
  );
  return ['WEBVTT\n', ...body].join('\n');
}

const iso = (ms: number) => new Date(ms).toISOString();

export function toEarshotJson(sessions: readonly ExportSession[], now: number): EarshotJson {
  return {
    format: EARSHOT_FORMAT,
    version: EARSHOT_FORMAT_VERSION,
    exportedAt: iso(now),
    sessions: sessions.map(({ session, segments }) => ({
      title: session.title,
      source: session.source,
      // An export taken mid-recording is a snapshot; on import it is a finished (interrupted) session.
      status: session.status === 'recording' ? 'interrupted' : session.status,
      startedAt: iso(session.startedAt),
      endedAt: session.endedAt === null ? null : iso(session.endedAt),
      language: session.language,
      model: session.model,
      segments: segments.map((s) => ({
        text: s.text,
        startMs: Math.round(s.startMs),
        endMs: Math.round(s.endMs),
        language: s.language,
        model: s.model,
        createdAt: iso(s.createdAt),
      })),
    })),
  };
}

const MIME: Record<ExportFormat, string> = {
  txt: 'text/plain;charset=utf-8',
  srt: 'application/x-subrip;charset=utf-8',
  vtt: 'text/vtt;charset=utf-8',
  json: 'application/json',
};

/** A safe file name from the session's title and date. */
export function exportFilename(session: Pick<ExportSessionMeta, 'title' | 'startedAt'> | null, format: ExportFormat): string {
  const date = new Date(session?.startedAt ?? Date.now()).toISOString().slice(0, 16).replace(':', '');
  const title = (session?.title ?? '')
    .normalize('NFKD')
    .replace(/[^\w -]+/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 40);
  return `earshot-${session ? date : 'history'}${title ? `-${title}` : ''}.${format}`;
}

export function exportSession(format: ExportFormat, data: ExportSession, now: number): ExportFile {
  const body =
    format === 'txt'
      ? toTxt(data)
      : format === 'srt'
        ? toSrt(data)
        : format === 'vtt'
          ? toVtt(data)
          : JSON.stringify(toEarshotJson([data], now), null, 2);
  return { filename: exportFilename(data.session, format), mime: MIME[format], body };
}

export function exportAll(sessions: readonly ExportSession[], now: number): ExportFile {
  return { filename: exportFilename(null, 'json'), mime: MIME.json, body: JSON.stringify(toEarshotJson(sessions, now), null, 2) };
}
