// Validation of an Earshot JSON file before anything is written. Pure: text in, records or a message out.
//
// The file is untrusted. Only known fields are copied, into fresh objects (no prototype tricks survive),
// every number is checked finite and in range, every string bounded, every list bounded. Anything off
// rejects the whole file with a message that says where; the store is never touched by a bad file.

import { EARSHOT_FORMAT, EARSHOT_FORMAT_VERSION } from './exporters';
import type { HistoryLimits } from './prune-policy';
import { segmentBytes, type SegmentRecord, type SessionStatus } from './schema';
import { tokenize } from './search';

export const IMPORT_LIMITS = {
  fileBytes: 32 * 1024 * 1024,
  sessions: 5_000,
  segmentsPerSession: 50_000,
  segmentsTotal: 250_000,
  textChars: 20_000,
  titleChars: 200,
  /** A week: no dictation session is longer. */
  maxMs: 7 * 24 * 3_600_000,
} as const;

/** A stored segment before it has a session, a place in it, and its search words. */
export type ImportedSegment = Omit<SegmentRecord, 'sessionId' | 'index' | 'words'>;

export interface ImportedSession {
  title: string;
  status: Exclude<SessionStatus, 'recording'>;
  startedAt: number;
  endedAt: number | null;
  language: string;
  model: string;
  segments: ImportedSegment[];
}

export type ImportResult = { ok: true; sessions: ImportedSession[] } | { ok: false; error: string };

class Invalid extends Error {}

const EARLIEST = Date.UTC(2000, 0, 1);
const LANGUAGE = /^(|auto|[a-z]{2,3})$/;
const MODEL = /^[\w.\-/]{0,64}$/;
// C0/C1 controls other than tab and newline have no business in a transcript.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

type Json = Record<string, unknown>;

function object(v: unknown, where: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Invalid(`${where} must be an object.`);
  return v as Json;
}

function list(v: unknown, where: string, max: number): unknown[] {
  if (!Array.isArray(v)) throw new Invalid(`${where} must be a list.`);
  if (v.length > max) throw new Invalid(`${where} has ${v.length} entries; at most ${max} can be imported.`);
  return v;
}

function text(v: unknown, where: string, max: number): string {
  if (typeof v !== 'string') throw new Invalid(`${where} must be text.`);
  if (v.length > max) throw new Invalid(`${where} is longer than ${max} characters.`);
  if (CONTROL.test(v)) throw new Invalid(`${where} contains control characters.`);
  return v;
}

function pattern(v: unknown, where: string, re: RegExp, what: string): string {
  if (typeof v !== 'string' || !re.test(v)) throw new Invalid(`${where} must be ${what}.`);
  return v;
}

function millis(v: unknown, where: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > IMPORT_LIMITS.maxMs)
    throw new Invalid(`${where} must be a number of milliseconds from ${min} to ${IMPORT_LIMITS.maxMs}.`);
  return v;
}

function date(v: unknown, where: string, now: number): number {
  const ms = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms) || ms < EARLIEST || ms > now + 86_400_000)
    throw new Invalid(`${where} must be an ISO 8601 date between 2000 and today.`);
  return ms;
}

function segment(v: unknown, where: string, now: number): ImportedSegment {
  const o = object(v, where);
  const startMs = millis(o.startMs, `${where}.startMs`);
  return {
    text: text(o.text, `${where}.text`, IMPORT_LIMITS.textChars),
    startMs,
    endMs: millis(o.endMs, `${where}.endMs`, startMs),
    language: pattern(o.language ?? '', `${where}.language`, LANGUAGE, 'a language code such as "en"'),
    model: pattern(o.model ?? '', `${where}.model`, MODEL, 'a model name'),
    createdAt: date(o.createdAt, `${where}.createdAt`, now),
  };
}

function session(v: unknown, where: string, now: number, budget: { segments: number }): ImportedSession {
  const o = object(v, where);
  const status = o.status ?? 'complete';
  if (status !== 'complete' && status !== 'interrupted') throw new Invalid(`${where}.status must be "complete" or "interrupted".`);
  const startedAt = date(o.startedAt, `${where}.startedAt`, now);
  const endedAt = o.endedAt === null || o.endedAt === undefined ? null : date(o.endedAt, `${where}.endedAt`, now);
  if (endedAt !== null && endedAt < startedAt) throw new Invalid(`${where}.endedAt is before its startedAt.`);
  const raw = list(o.segments, `${where}.segments`, IMPORT_LIMITS.segmentsPerSession);
  budget.segments -= raw.length;
  if (budget.segments < 0) throw new Invalid(`The file holds more than ${IMPORT_LIMITS.segmentsTotal} segments in all.`);
  return {
    title: text(o.title ?? '', `${where}.title`, IMPORT_LIMITS.titleChars).trim(),
    status,
    startedAt,
    endedAt,
    language: pattern(o.language ?? '', `${where}.language`, LANGUAGE, 'a language code such as "en"'),
    model: pattern(o.model ?? '', `${where}.model`, MODEL, 'a model name'),
    segments: raw.map((s, i) => segment(s, `${where}.segments[${i}]`, now)),
  };
}

/** Parses and validates an Earshot JSON export; `now` bounds plausible dates. */
export function parseEarshotJson(source: string, now: number): ImportResult {
  const reject = (why: string): ImportResult => ({ ok: false, error: `This file cannot be imported: ${why} Nothing was changed.` });
  if (source.length > IMPORT_LIMITS.fileBytes) return reject(`it is larger than ${IMPORT_LIMITS.fileBytes / 1024 / 1024} MB.`);
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch {
    return reject('it is not valid JSON.');
  }
  try {
    const root = object(data, 'The file');
    if (root.format !== EARSHOT_FORMAT) throw new Invalid('it is not an Earshot history export (expected "format": "earshot-history").');
    if (root.version !== EARSHOT_FORMAT_VERSION) {
      const newer = typeof root.version === 'number' && root.version > EARSHOT_FORMAT_VERSION;
      throw new Invalid(
        newer ? 'it was written by a newer version of Earshot; update the app first.' : 'its "version" is not one this app reads.',
      );
    }
    const budget = { segments: IMPORT_LIMITS.segmentsTotal };
    const sessions = list(root.sessions, 'sessions', IMPORT_LIMITS.sessions).map((s, i) => session(s, `sessions[${i}]`, now, budget));
    if (sessions.length === 0) throw new Invalid('it holds no sessions.');
    return { ok: true, sessions };
  } catch (err) {
    if (err instanceof Invalid) return reject(err.message);
    throw err;
  }
}

/** A message when the sessions alone would not fit the history's limits (they would be pruned at once). */
export function importExceedsLimits(sessions: readonly ImportedSession[], limits: HistoryLimits): string | null {
  let bytes = 0;
  for (const s of sessions) for (const seg of s.segments) bytes += segmentBytes({ ...seg, words: tokenize(seg.text) });
  if (bytes <= limits.maxBytes && sessions.length <= limits.maxSessions) return null;
  const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
  return `This file cannot be imported: its ${sessions.length} sessions (about ${mb(bytes)} MB) are more than the history keeps (${limits.maxSessions} sessions, ${mb(limits.maxBytes)} MB). Raise the limits, then import again. Nothing was changed.`;
}
