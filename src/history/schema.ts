// The history database: one idb `DBSchema`, opened through `openHistoryDB`, migrated step by step.
//
//   sessions  key: id (auto-increment)       indexes: by-started (listing, newest first),
//                                                      by-status (in-progress sessions at start-up)
//   segments  key: [sessionId, index]        indexes: by-word (multiEntry, full-text search)
//
// Segments of one session are contiguous in key order, so a session is read or deleted with one key
// range and no index. Migrations run inside the version-change transaction and only await IndexedDB.
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { tokenize } from './search';

export const DB_NAME = 'earshot-history';
export const DB_VERSION = 2;

export type SessionSource = 'live' | 'file' | 'import';
/** `recording` until stopped; `interrupted` when the tab closed or crashed mid-session. */
export type SessionStatus = 'recording' | 'complete' | 'interrupted';

export interface SessionRecord {
  id: number;
  /** Empty until the user names it; the list then shows the first words. */
  title: string;
  source: SessionSource;
  status: SessionStatus;
  /** Epoch ms. */
  startedAt: number;
  endedAt: number | null;
  /** Epoch ms of the last write by recording or import: pruning age and order. */
  savedAt: number;
  language: string;
  model: string;
  segmentCount: number;
  /** End of the last segment, ms from the session start. */
  durationMs: number;
  /** Estimated stored size of the session and its segments (see `segmentBytes`). */
  bytes: number;
  /** The first words, for the list. */
  preview: string;
}

export interface SegmentRecord {
  sessionId: number;
  index: number;
  text: string;
  startMs: number;
  endMs: number;
  language: string;
  model: string;
  /** Epoch ms when the segment was finalised (or imported). */
  createdAt: number;
  /** Normalised words of `text`, for the `by-word` index. */
  words: string[];
}

export interface HistoryDB extends DBSchema {
  sessions: {
    key: number;
    value: SessionRecord;
    indexes: { 'by-started': number; 'by-status': SessionStatus };
  };
  segments: {
    key: [number, number];
    value: SegmentRecord;
    indexes: { 'by-word': string };
  };
}

export type HistoryDatabase = IDBPDatabase<HistoryDB>;
type UpgradeTx = IDBPTransaction<HistoryDB, StoreNames<HistoryDB>[], 'versionchange'>;

export const PREVIEW_CHARS = 120;
const SESSION_OVERHEAD_BYTES = 256;
const SEGMENT_OVERHEAD_BYTES = 96;

/** Strings are counted as UTF-16 (what engines hold), plus a fixed allowance for keys and numbers. */
export function segmentBytes(s: Pick<SegmentRecord, 'text' | 'words' | 'language' | 'model'>): number {
  let chars = s.text.length + s.language.length + s.model.length;
  for (const w of s.words) chars += w.length;
  return SEGMENT_OVERHEAD_BYTES + 2 * chars;
}

export function sessionBaseBytes(s: Pick<SessionRecord, 'title' | 'preview' | 'language' | 'model'>): number {
  return SESSION_OVERHEAD_BYTES + 2 * (s.title.length + s.preview.length + s.language.length + s.model.length);
}

/** Extends a preview with the next segment's text until it holds PREVIEW_CHARS characters. */
export function extendPreview(preview: string, text: string): string {
  if (preview.length >= PREVIEW_CHARS) return preview;
  const joined = (preview ? `${preview} ${text.trim()}` : text.trim()).replace(/\s+/g, ' ');
  return joined.length > PREVIEW_CHARS ? `${joined.slice(0, PREVIEW_CHARS - 1)}…` : joined;
}

/** Every key of one session's segments. */
export function sessionSegmentRange(sessionId: number): IDBKeyRange {
  return IDBKeyRange.bound([sessionId, 0], [sessionId, Number.MAX_SAFE_INTEGER]);
}

// v1: the two stores and the listing index.
function migrateTo1(db: HistoryDatabase): void {
  const sessions = db.createObjectStore('sessions', { keyPath: 'id', autoIncrement: true });
  sessions.createIndex('by-started', 'startedAt');
  db.createObjectStore('segments', { keyPath: ['sessionId', 'index'] });
}

// v2: full-text search (words per segment), the status index, and byte accounting for pruning.
async function migrateTo2(tx: UpgradeTx): Promise<void> {
  const segments = tx.objectStore('segments');
  segments.createIndex('by-word', 'words', { multiEntry: true });
  const sessions = tx.objectStore('sessions');
  sessions.createIndex('by-status', 'status');
  const bytes = new Map<number, number>();
  for (let c = await segments.openCursor(); c; c = await c.continue()) {
    const words = tokenize(c.value.text);
    const next = { ...c.value, words };
    bytes.set(next.sessionId, (bytes.get(next.sessionId) ?? 0) + segmentBytes(next));
    await c.update(next);
  }
  for (let c = await sessions.openCursor(); c; c = await c.continue()) {
    const v1 = c.value as Partial<SessionRecord> & Pick<SessionRecord, 'id' | 'startedAt'>;
    const s: SessionRecord = {
      id: v1.id,
      title: v1.title ?? '',
      source: v1.source ?? 'live',
      status: v1.status ?? 'complete',
      startedAt: v1.startedAt,
      endedAt: v1.endedAt ?? null,
      savedAt: v1.savedAt ?? v1.endedAt ?? v1.startedAt,
      language: v1.language ?? '',
      model: v1.model ?? '',
      segmentCount: v1.segmentCount ?? 0,
      durationMs: v1.durationMs ?? 0,
      preview: v1.preview ?? '',
      bytes: 0,
    };
    s.bytes = sessionBaseBytes(s) + (bytes.get(s.id) ?? 0);
    await c.update(s);
  }
}

export interface OpenHistoryOptions {
  name?: string;
  /** Tests open older versions to exercise migrations. */
  version?: number;
  /** Another tab wants a newer schema: this connection must close. */
  onBlocking?: () => void;
}

export function openHistoryDB({ name = DB_NAME, version = DB_VERSION, onBlocking }: OpenHistoryOptions = {}): Promise<HistoryDatabase> {
  return openDB<HistoryDB>(name, version, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) migrateTo1(db);
      if (oldVersion < 2 && version >= 2) await migrateTo2(tx);
    },
    blocking() {
      onBlocking?.();
    },
  });
}
