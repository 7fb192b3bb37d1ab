// The history's I/O shell: every IndexedDB read and write goes through here, one transaction per
// operation, so each either happens whole or not at all.
//
// Rules (from idb): every request promise in a transaction is awaited together with `tx.done`, so a
// failed write rejects once, here, and never as an unhandled rejection. Segment writes ask for `strict`
// durability: a final is on disk before the write resolves.

import {
  extendPreview,
  openHistoryDB,
  PREVIEW_CHARS,
  segmentBytes,
  sessionBaseBytes,
  sessionSegmentRange,
  type HistoryDatabase,
  type OpenHistoryOptions,
  type SegmentRecord,
  type SessionRecord,
  type SessionSource,
  type SessionStatus,
} from './schema';
import { planPrune, type HistoryLimits, type PrunePlan } from './prune-policy';
import { matchesAll, queryTerms, tokenize } from './search';
import type { ExportSession } from './exporters';
import type { ImportedSession } from './import';

export interface NewSession {
  source: SessionSource;
  language: string;
  model: string;
  title?: string;
  startedAt?: number;
}

export interface NewSegment {
  text: string;
  startMs: number;
  endMs: number;
  /** Defaults to the session's. */
  language?: string;
  model?: string;
}

export interface SearchHit {
  sessionId: number;
  index: number;
  text: string;
  startMs: number;
}

/** The session was deleted while something still wrote to it. */
export class SessionGoneError extends Error {
  override readonly name = 'SessionGoneError';
}

export function isQuotaError(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || (err as { code?: number } | null)?.code === 22;
}

const SEARCH_SCAN_LIMIT = 5_000;

export interface HistoryStoreOptions extends OpenHistoryOptions {
  now?: () => number;
}

/** The session preview (its first words), rebuilt from its first segments with segment `index` reading `text`. */
async function previewWith(
  segments: { openCursor(range: IDBKeyRange): Promise<{ value: SegmentRecord; continue(): Promise<unknown> } | null> },
  sessionId: number,
  index: number,
  text: string,
): Promise<string> {
  let preview = '';
  let cursor = await segments.openCursor(sessionSegmentRange(sessionId));
  while (cursor && preview.length < PREVIEW_CHARS) {
    preview = extendPreview(preview, cursor.value.index === index ? text : cursor.value.text);
    cursor = (await cursor.continue()) as typeof cursor;
  }
  return preview;
}

export class HistoryStore {
  private constructor(
    private readonly db: HistoryDatabase,
    private readonly now: () => number,
  ) {}

  static async open({ now = Date.now, ...options }: HistoryStoreOptions = {}): Promise<HistoryStore> {
    let store: HistoryStore | null = null;
    const db = await openHistoryDB({ ...options, onBlocking: () => store?.close() });
    store = new HistoryStore(db, now);
    return store;
  }

  close(): void {
    this.db.close();
  }

  async createSession(init: NewSession): Promise<SessionRecord> {
    const now = this.now();
    const draft = {
      title: init.title ?? '',
      source: init.source,
      status: 'recording' as const,
      startedAt: init.startedAt ?? now,
      endedAt: null,
      savedAt: now,
      language: init.language,
      model: init.model,
      segmentCount: 0,
      durationMs: 0,
      bytes: 0,
      preview: '',
    };
    draft.bytes = sessionBaseBytes(draft);
    const tx = this.db.transaction('sessions', 'readwrite');
    // `id` comes from the store's key generator.
    const [id] = await Promise.all([tx.store.add(draft as SessionRecord), tx.done]);
    return { ...draft, id };
  }

  /** Appends one final segment and updates its session, atomically. Resolves once durable. */
  async appendSegment(sessionId: number, seg: NewSegment): Promise<SessionRecord> {
    const tx = this.db.transaction(['sessions', 'segments'], 'readwrite', { durability: 'strict' });
    const sessions = tx.objectStore('sessions');
    const session = await sessions.get(sessionId);
    if (!session) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new SessionGoneError(`Session ${sessionId} no longer exists.`);
    }
    const record: SegmentRecord = {
      sessionId,
      index: session.segmentCount,
      text: seg.text,
      startMs: seg.startMs,
      endMs: seg.endMs,
      language: seg.language ?? session.language,
      model: seg.model ?? session.model,
      createdAt: this.now(),
      words: tokenize(seg.text),
    };
    const preview = extendPreview(session.preview, seg.text);
    const next: SessionRecord = {
      ...session,
      segmentCount: session.segmentCount + 1,
      durationMs: Math.max(session.durationMs, seg.endMs),
      bytes: session.bytes + segmentBytes(record) + 2 * (preview.length - session.preview.length),
      preview,
      savedAt: record.createdAt,
    };
    await Promise.all([tx.objectStore('segments').add(record), sessions.put(next), tx.done]);
    return next;
  }

  /**
   * Replaces the session's last segment (its audio was transcribed again together with what followed):
   * the history keeps one version. Appends when the session has none. Resolves once durable.
   */
  async replaceLastSegment(sessionId: number, seg: NewSegment): Promise<SessionRecord> {
    const tx = this.db.transaction(['sessions', 'segments'], 'readwrite', { durability: 'strict' });
    const sessions = tx.objectStore('sessions');
    const segments = tx.objectStore('segments');
    const session = await sessions.get(sessionId);
    const old = session && session.segmentCount > 0 ? await segments.get([sessionId, session.segmentCount - 1]) : undefined;
    if (!session || !old) {
      tx.abort();
      await tx.done.catch(() => undefined);
      if (!session) throw new SessionGoneError(`Session ${sessionId} no longer exists.`);
      return this.appendSegment(sessionId, seg);
    }
    const record: SegmentRecord = {
      ...old,
      text: seg.text,
      startMs: seg.startMs,
      endMs: seg.endMs,
      createdAt: this.now(),
      words: tokenize(seg.text),
    };
    const preview = await previewWith(segments, sessionId, old.index, seg.text);
    const next: SessionRecord = {
      ...session,
      durationMs: Math.max(session.durationMs, seg.endMs),
      bytes: session.bytes + segmentBytes(record) - segmentBytes(old) + 2 * (preview.length - session.preview.length),
      preview,
      savedAt: record.createdAt,
    };
    await Promise.all([segments.put(record), sessions.put(next), tx.done]);
    return next;
  }

  /** Replaces one segment's text (the user corrected it); its search words, size and the preview follow. */
  async editSegment(sessionId: number, index: number, text: string): Promise<SessionRecord | null> {
    const tx = this.db.transaction(['sessions', 'segments'], 'readwrite', { durability: 'strict' });
    const [session, segment] = await Promise.all([
      tx.objectStore('sessions').get(sessionId),
      tx.objectStore('segments').get([sessionId, index]),
    ]);
    if (!session || !segment) {
      await tx.done;
      return null;
    }
    const next: SegmentRecord = { ...segment, text, words: tokenize(text) };
    const preview = await previewWith(tx.objectStore('segments'), sessionId, index, text);
    const bytes = session.bytes - segmentBytes(segment) + segmentBytes(next) + 2 * (preview.length - session.preview.length);
    const updated: SessionRecord = { ...session, preview, bytes, savedAt: this.now() };
    await Promise.all([tx.objectStore('segments').put(next), tx.objectStore('sessions').put(updated), tx.done]);
    return updated;
  }

  /** Opens a finished session for more segments (recording continued); null when it no longer exists. */
  async reopenSession(id: number): Promise<SessionRecord | null> {
    const tx = this.db.transaction('sessions', 'readwrite');
    const session = await tx.store.get(id);
    if (!session) {
      await tx.done;
      return null;
    }
    const next: SessionRecord = { ...session, status: 'recording', endedAt: null, savedAt: this.now() };
    await Promise.all([tx.store.put(next), tx.done]);
    return next;
  }

  /** Marks a session finished and returns it; one in which nothing was said is deleted instead. */
  async finishSession(id: number, status: Exclude<SessionStatus, 'recording'> = 'complete'): Promise<SessionRecord | null> {
    const tx = this.db.transaction('sessions', 'readwrite');
    const session = await tx.store.get(id);
    if (!session) {
      await tx.done;
      return null;
    }
    // An interrupted session ended when its last segment was saved.
    const next: SessionRecord = { ...session, status, endedAt: status === 'complete' ? this.now() : session.savedAt };
    await Promise.all([session.segmentCount === 0 ? tx.store.delete(id) : tx.store.put(next), tx.done]);
    return next;
  }

  /** Marks sessions left `recording` by a closed or crashed tab as interrupted. */
  async closeStaleSessions(isAbandoned: (id: number) => Promise<boolean> = async () => true): Promise<number[]> {
    const open = await this.db.getAllKeysFromIndex('sessions', 'by-status', 'recording');
    const closed: number[] = [];
    for (const id of open) {
      if (!(await isAbandoned(id))) continue;
      if (await this.finishSession(id, 'interrupted')) closed.push(id);
    }
    return closed;
  }

  /** Newest first. */
  async listSessions(limit = Infinity): Promise<SessionRecord[]> {
    const out: SessionRecord[] = [];
    const tx = this.db.transaction('sessions');
    for (let c = await tx.store.index('by-started').openCursor(null, 'prev'); c && out.length < limit; c = await c.continue())
      out.push(c.value);
    await tx.done;
    return out;
  }

  getSession(id: number): Promise<SessionRecord | undefined> {
    return this.db.get('sessions', id);
  }

  /** Segments `from` (index) onwards, at most `limit`, in order. */
  getSegments(sessionId: number, from = 0, limit?: number): Promise<SegmentRecord[]> {
    return this.db.getAll('segments', IDBKeyRange.bound([sessionId, from], [sessionId, Number.MAX_SAFE_INTEGER]), limit);
  }

  async renameSession(id: number, title: string): Promise<SessionRecord | null> {
    const tx = this.db.transaction('sessions', 'readwrite');
    const session = await tx.store.get(id);
    if (!session) {
      await tx.done;
      return null;
    }
    const clean = title.replace(/\s+/g, ' ').trim().slice(0, 200);
    const next = { ...session, title: clean, bytes: session.bytes + 2 * (clean.length - session.title.length) };
    await Promise.all([tx.store.put(next), tx.done]);
    return next;
  }

  async deleteSessions(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    const tx = this.db.transaction(['sessions', 'segments'], 'readwrite');
    const sessions = tx.objectStore('sessions');
    const segments = tx.objectStore('segments');
    await Promise.all([...ids.flatMap((id) => [sessions.delete(id), segments.delete(sessionSegmentRange(id))]), tx.done]);
  }

  /** Deletes every session except those given (the one being recorded). */
  async deleteAll(except: Iterable<number> = []): Promise<number> {
    const keep = new Set(except);
    const ids = (await this.db.getAllKeys('sessions')).filter((id) => !keep.has(id));
    await this.deleteSessions(ids);
    return ids.length;
  }

  async totals(): Promise<{ sessions: number; bytes: number }> {
    const all = await this.db.getAll('sessions');
    return { sessions: all.length, bytes: all.reduce((sum, s) => sum + s.bytes, 0) };
  }

  /** Applies `planPrune` in one transaction. */
  async prune(
    limits: HistoryLimits,
    { keep = [], freeBytes = 0 }: { keep?: Iterable<number>; freeBytes?: number } = {},
  ): Promise<PrunePlan> {
    const plan = planPrune(await this.db.getAll('sessions'), limits, { now: this.now(), keep, freeBytes });
    await this.deleteSessions(plan.deleteIds);
    return plan;
  }

  /** Segments matching every query word (as word prefixes), at most `limit`. */
  async search(query: string, limit = 50): Promise<SearchHit[]> {
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const pivot = terms[0];
    const hits: SearchHit[] = [];
    const seen = new Set<string>();
    const tx = this.db.transaction('segments');
    const range = IDBKeyRange.bound(pivot, `${pivot}\uffff`);
    let scanned = 0;
    for (
      let c = await tx.store.index('by-word').openCursor(range);
      c && hits.length < limit && scanned < SEARCH_SCAN_LIMIT;
      c = await c.continue()
    ) {
      scanned++;
      const s = c.value;
      const key = `${s.sessionId}:${s.index}`;
      if (seen.has(key)) continue; // multiEntry: one entry per matching word
      seen.add(key);
      if (matchesAll(s.words, terms)) hits.push({ sessionId: s.sessionId, index: s.index, text: s.text, startMs: s.startMs });
    }
    await tx.done;
    return hits;
  }

  async exportSessions(ids: readonly number[]): Promise<ExportSession[]> {
    const out: ExportSession[] = [];
    for (const id of ids) {
      const session = await this.getSession(id);
      if (session) out.push({ session, segments: await this.getSegments(id) });
    }
    return out;
  }

  /** Writes validated sessions in one transaction: all of them, or none. Returns the new ids. */
  async importSessions(sessions: readonly ImportedSession[], source: Exclude<SessionSource, 'live'> = 'import'): Promise<number[]> {
    const now = this.now();
    const tx = this.db.transaction(['sessions', 'segments'], 'readwrite');
    const store = tx.objectStore('sessions');
    const segStore = tx.objectStore('segments');
    const done = tx.done;
    done.catch(() => undefined); // awaited below; a failure must not also surface as unhandled
    const ids: number[] = [];
    try {
      for (const s of sessions) {
        const records = s.segments.map((seg, index) => ({ ...seg, index, words: tokenize(seg.text) }));
        let preview = '';
        for (const r of records) preview = extendPreview(preview, r.text);
        const draft = {
          title: s.title,
          source,
          status: s.status,
          startedAt: s.startedAt,
          endedAt: s.endedAt,
          savedAt: now,
          language: s.language,
          model: s.model,
          segmentCount: records.length,
          durationMs: records.reduce((m, r) => Math.max(m, r.endMs), 0),
          bytes: 0,
          preview,
        };
        draft.bytes = sessionBaseBytes(draft) + records.reduce((sum, r) => sum + segmentBytes(r), 0);
        const id = await store.add(draft as SessionRecord);
        ids.push(id);
        await Promise.all(records.map((r) => segStore.add({ ...r, sessionId: id })));
      }
    } catch (err) {
      try {
        tx.abort();
      } catch {
        // already aborted by the failed request
      }
      await done.catch(() => undefined);
      throw err;
    }
    await done;
    return ids;
  }
}
