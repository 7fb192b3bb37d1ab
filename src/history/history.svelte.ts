// History state for the UI, and the app's one door to the history store. Components read this class;
// the app calls `beginLive` / `recordFinal` / `endLive` / `saveFile`. IndexedDB work lives in
// `history-store.ts`, live-session durability in `recorder.ts`, decisions in the pure modules.

import { HistoryStore, type NewSegment, type NewSession, type SearchHit } from './history-store';
import { SessionRecorder, type RecorderStore } from './recorder';
import { defaultHistoryLimits, validateHistoryLimits, type HistoryLimits } from './prune-policy';
import { exportAll, exportSession, toTxt, type ExportFile, type ExportFormat } from './exporters';
import { IMPORT_LIMITS, importExceedsLimits, parseEarshotJson } from './import';
import type { SegmentRecord, SessionRecord } from './schema';
import { tokenize } from './search';
import { holdSession, isAbandoned } from './session-locks';

export interface FileSession {
  /**
   * Resolves once the segment is stored (or its write is stuck and being retried). `replacesLast`: it
   * supersedes the previous segment (joined audio decoded again).
   */
  record(seg: NewSegment, replacesLast?: boolean): Promise<void>;
  /** Closes the session once its segments are saved; a session without any is dropped. */
  end(): Promise<void>;
  /** Segments still waiting for storage. */
  readonly unsaved: number;
}

export const LIST_PAGE = 50;
export const VIEW_PAGE = 200;
const SEARCH_HITS = 100;
const LIMITS_KEY = 'earshot.history.limits';

export interface ListItem {
  session: SessionRecord;
  /** The matching segment's text when searching. */
  snippet: string | null;
}

export interface OpenedSession {
  session: SessionRecord;
  segments: SegmentRecord[];
  page: number;
  pages: number;
}

export interface StorageUsage {
  historyBytes: number;
  sessions: number;
  usageBytes: number | null;
  quotaBytes: number | null;
  persisted: boolean | null;
}

export interface HistoryEnv {
  storage: StorageManager | null;
  locks: LockManager | null;
  settings: Pick<globalThis.Storage, 'getItem' | 'setItem'> | null;
  clipboard: Pick<Clipboard, 'writeText'> | null;
  now: () => number;
}

function browserEnv(): HistoryEnv {
  const nav = typeof navigator === 'undefined' ? null : navigator;
  return {
    storage: nav?.storage ?? null,
    locks: nav?.locks ?? null,
    settings: typeof localStorage === 'undefined' ? null : localStorage,
    clipboard: nav?.clipboard ?? null,
    now: Date.now,
  };
}

function readLimits(settings: HistoryEnv['settings']): HistoryLimits {
  try {
    return validateHistoryLimits(JSON.parse(settings?.getItem(LIMITS_KEY) ?? '{}'));
  } catch {
    return defaultHistoryLimits;
  }
}

export class History {
  available = $state(false);
  sessions = $state.raw<SessionRecord[]>([]);
  hasMore = $state(false);
  query = $state('');
  results = $state.raw<ListItem[] | null>(null);
  opened = $state.raw<OpenedSession | null>(null);
  usage = $state.raw<StorageUsage | null>(null);
  limits = $state.raw<HistoryLimits>(defaultHistoryLimits);
  liveId = $state<number | null>(null);
  /** The most recent live session, recording or not. */
  lastLiveId = $state<number | null>(null);
  /** The most recent file transcription's session. */
  lastFileId = $state<number | null>(null);
  /** The outcome of the user's last action (import, copy, …). */
  notice = $state('');
  /** Why history cannot save right now; empty when all is well. */
  problem = $state('');

  items = $derived.by<ListItem[]>(() => this.results ?? this.sessions.map((session) => ({ session, snippet: null })));

  private store: HistoryStore | null = null;
  private readonly opening: Promise<HistoryStore>;
  private openStore!: (s: HistoryStore) => void;
  private failOpen!: (e: unknown) => void;
  private readonly recorder: SessionRecorder;
  private readonly deferredStore: RecorderStore;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping of file writers, never rendered
  private readonly fileRecorders = new Set<SessionRecorder>();
  private shown = LIST_PAGE;
  private searchId = 0;
  private askedPersist = false;
  private readonly env: HistoryEnv;

  constructor(
    env: Partial<HistoryEnv> = {},
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {
    this.env = { ...browserEnv(), ...env };
    this.limits = readLimits(this.env.settings);
    this.opening = new Promise((resolve, reject) => {
      this.openStore = resolve;
      this.failOpen = reject;
    });
    this.opening.catch(() => undefined);
    // Finals may arrive before the database is open: the recorder queues them until it is.
    const deferred: RecorderStore = (this.deferredStore = {
      createSession: async (m) => (await this.opening).createSession(m),
      appendSegment: async (id, s) => (await this.opening).appendSegment(id, s),
      replaceLastSegment: async (id, s) => (await this.opening).replaceLastSegment(id, s),
      finishSession: async (id, st) => (await this.opening).finishSession(id, st),
      reopenSession: async (id) => (await this.opening).reopenSession(id),
      prune: async (l, o) => (await this.opening).prune(l, o),
    });
    this.recorder = this.newRecorder(deferred);
  }

  private newRecorder(store: RecorderStore): SessionRecorder {
    return new SessionRecorder(store, {
      limits: () => this.limits,
      onSaved: (s) => this.onSaved(s),
      // An empty message clears the banner it raised.
      onProblem: (message) => {
        this.problem = message ?? '';
        this.onProblem(message ?? '');
      },
      hold: (id) => holdSession(this.env.locks, id),
    });
  }

  /** Opens the database, closes sessions a closed tab left open, prunes, lists. */
  async init(): Promise<void> {
    try {
      const store = await HistoryStore.open({ now: this.env.now });
      await store.closeStaleSessions((id) => isAbandoned(this.env.locks, id));
      await store.prune(this.limits, { keep: this.keep() });
      this.store = store;
      this.available = true;
      this.openStore(store);
      await this.refresh();
    } catch (err) {
      this.problem = `History is unavailable in this browser (${(err as Error)?.message ?? err}); transcripts are not kept after the page closes.`;
      this.failOpen(err);
    }
  }

  // ---- recording -------------------------------------------------------------------------------

  beginLive(meta: Omit<NewSession, 'source'>): void {
    this.askPersist();
    this.recorder.begin({ ...meta, source: 'live' });
  }

  /** Continues the most recent live session; false when there is none to continue (nothing was said in it). */
  continueLive(meta: Omit<NewSession, 'source'>): boolean {
    if (this.lastLiveId === null) return false;
    this.askPersist();
    this.recorder.resume(this.lastLiveId, { ...meta, source: 'live' });
    return true;
  }

  /** Called first for every live final: queued and written at once. */
  /** Resolves once the final is in IndexedDB (or the write is stuck and being retried). */
  /** `replaceLast`: the final supersedes the last one recorded (its audio transcribed again, joined). */
  recordFinal(seg: NewSegment, meta: Omit<NewSession, 'source'>, replaceLast = false): Promise<void> {
    if (!this.recorder.recording) this.beginLive(meta);
    return this.recorder.record(seg, replaceLast);
  }

  async endLive(): Promise<void> {
    await this.recorder.end();
    await this.refresh(); // the end of a session may have pruned old ones
  }

  /**
   * A file transcription, saved segment by segment as it is produced (retried like a live one when
   * storage is full): a page closed halfway keeps what was done, and the next visit marks it interrupted.
   */
  beginFile(name: string, meta: Omit<NewSession, 'source'>): FileSession {
    const recorder = this.newRecorder(this.deferredStore);
    this.fileRecorders.add(recorder);
    recorder.begin({ ...meta, source: 'file', title: name.slice(0, 200) });
    let lastStored = false; // whether the previous segment had words (an empty one is not stored)
    return {
      record: (seg, replacesLast = false) => {
        const replace = replacesLast && lastStored;
        if (seg.text.trim() === '') {
          if (!replacesLast) lastStored = false;
          return Promise.resolve();
        }
        lastStored = true;
        return recorder.record(seg, replace);
      },
      end: async () => {
        await recorder.end();
        if (recorder.unsaved === 0) this.fileRecorders.delete(recorder); // else it keeps retrying
        await this.refresh();
      },
      get unsaved() {
        return recorder.unsaved;
      },
    };
  }

  /** Segments, live or from files, not yet in storage. */
  get unsaved(): number {
    return [this.recorder, ...this.fileRecorders].reduce((n, r) => n + r.unsaved, 0);
  }

  dispose(): void {
    this.recorder.dispose();
    for (const r of this.fileRecorders) r.dispose();
    this.store?.close();
  }

  // ---- browsing --------------------------------------------------------------------------------

  async refresh(): Promise<void> {
    const store = this.store;
    if (!store) return;
    const list = await store.listSessions(this.shown + 1);
    this.hasMore = list.length > this.shown;
    this.sessions = list.slice(0, this.shown);
    if (this.query) await this.search(this.query);
    await this.refreshUsage();
  }

  async showMore(): Promise<void> {
    this.shown += LIST_PAGE;
    await this.refresh();
  }

  /** Sessions whose title or segments match every word of `query`; latest query wins. */
  async search(query: string): Promise<void> {
    this.query = query;
    const id = ++this.searchId;
    const terms = tokenize(query);
    if (!this.store || terms.length === 0) {
      this.results = null;
      return;
    }
    const hits = await this.store.search(query, SEARCH_HITS);
    if (id !== this.searchId) return;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const firstHit = new Map<number, SearchHit>();
    for (const h of hits) if (!firstHit.has(h.sessionId)) firstHit.set(h.sessionId, h);
    const out: ListItem[] = [];
    for (const [sessionId, hit] of firstHit) {
      const session = this.sessions.find((s) => s.id === sessionId) ?? (await this.store.getSession(sessionId));
      if (session) out.push({ session, snippet: hit.text });
    }
    for (const session of this.sessions) {
      const title = tokenize(session.title);
      if (!firstHit.has(session.id) && terms.every((t) => title.some((w) => w.startsWith(t)))) out.push({ session, snippet: null });
    }
    if (id !== this.searchId) return;
    this.results = out.sort((a, b) => b.session.startedAt - a.session.startedAt);
  }

  async open(id: number, page = 0): Promise<void> {
    const store = this.store;
    if (!store) return;
    const session = await store.getSession(id);
    if (!session) {
      this.opened = null;
      this.notice = 'That session no longer exists.';
      await this.refresh();
      return;
    }
    const pages = Math.max(1, Math.ceil(session.segmentCount / VIEW_PAGE));
    const p = Math.min(Math.max(0, page), pages - 1);
    this.opened = { session, segments: await store.getSegments(id, p * VIEW_PAGE, VIEW_PAGE), page: p, pages };
  }

  close(): void {
    this.opened = null;
  }

  async rename(id: number, title: string): Promise<void> {
    const next = await this.store?.renameSession(id, title);
    if (!next) return;
    this.replace(next);
    if (this.opened?.session.id === id) this.opened = { ...this.opened, session: next };
  }

  /** Saves a corrected segment text; an empty correction is refused (delete the session instead). */
  async editSegment(sessionId: number, index: number, text: string): Promise<boolean> {
    const clean = text.replace(/\s+/g, ' ').trim();
    if (!clean || !this.store) return false;
    const next = await this.store.editSegment(sessionId, index, clean.slice(0, 20_000));
    if (!next) return false;
    this.replace(next);
    if (this.opened?.session.id === sessionId) await this.open(sessionId, this.opened.page);
    this.notice = 'Segment saved.';
    return true;
  }

  async remove(id: number): Promise<void> {
    if (!this.store || id === this.liveId) return;
    await this.store.deleteSessions([id]);
    if (this.opened?.session.id === id) this.opened = null;
    this.notice = 'Session deleted.';
    await this.refresh();
  }

  async removeAll(): Promise<void> {
    if (!this.store) return;
    const n = await this.store.deleteAll(this.keep());
    this.opened = null;
    this.notice = `${n} session${n === 1 ? '' : 's'} deleted${this.liveId !== null ? ' (the one being recorded was kept)' : ''}.`;
    await this.refresh();
  }

  // ---- export, copy, import --------------------------------------------------------------------

  async exportOne(id: number, format: ExportFormat): Promise<ExportFile | null> {
    const [data] = (await this.store?.exportSessions([id])) ?? [];
    return data ? exportSession(format, data, this.env.now()) : null;
  }

  async exportEverything(): Promise<ExportFile | null> {
    const store = this.store;
    if (!store) return null;
    const ids = (await store.listSessions()).map((s) => s.id);
    return exportAll(await store.exportSessions(ids), this.env.now());
  }

  async copy(id: number): Promise<void> {
    const [data] = (await this.store?.exportSessions([id])) ?? [];
    if (!data) return;
    try {
      if (!this.env.clipboard) throw new Error('no clipboard');
      await this.env.clipboard.writeText(toTxt(data));
      this.notice = 'Transcript copied to the clipboard.';
    } catch {
      this.notice = 'The browser did not allow copying; use Export → TXT instead.';
    }
  }

  /** Validates the whole file first; a bad file changes nothing. */
  async importFile(file: Pick<File, 'name' | 'size' | 'text'>): Promise<boolean> {
    const store = this.store;
    if (!store) return false;
    if (file.size > IMPORT_LIMITS.fileBytes) {
      this.notice = `“${file.name}” cannot be imported: it is larger than ${IMPORT_LIMITS.fileBytes / 1024 / 1024} MB. Nothing was changed.`;
      return false;
    }
    const parsed = parseEarshotJson(await file.text(), this.env.now());
    if (!parsed.ok) {
      this.notice = parsed.error;
      return false;
    }
    const tooBig = importExceedsLimits(parsed.sessions, this.limits);
    if (tooBig) {
      this.notice = tooBig;
      return false;
    }
    try {
      const ids = await store.importSessions(parsed.sessions);
      await store.prune(this.limits, { keep: [...this.keep(), ...ids] });
      this.notice = `Imported ${ids.length} session${ids.length === 1 ? '' : 's'}.`;
      await this.refresh();
      return true;
    } catch (err) {
      this.notice = `The import failed and nothing was changed (${(err as Error)?.message ?? err}).`;
      return false;
    }
  }

  // ---- limits and storage ----------------------------------------------------------------------

  /** Throws a RangeError with a readable message when a value is out of range. */
  async setLimits(overrides: Partial<HistoryLimits>): Promise<void> {
    const next = validateHistoryLimits({ ...this.limits, ...overrides });
    this.limits = next;
    this.env.settings?.setItem(LIMITS_KEY, JSON.stringify(next));
    const plan = await this.store?.prune(next, { keep: this.keep() });
    if (plan && plan.deleteIds.length > 0)
      this.notice = `${plan.deleteIds.length} old session${plan.deleteIds.length === 1 ? '' : 's'} removed to fit the new limits.`;
    await this.refresh();
  }

  async refreshUsage(): Promise<void> {
    const totals = await this.store?.totals();
    if (!totals) return;
    const estimate = await this.env.storage?.estimate?.().catch(() => null);
    const persisted = await this.env.storage?.persisted?.().catch(() => null);
    this.usage = {
      historyBytes: totals.bytes,
      sessions: totals.sessions,
      usageBytes: estimate?.usage ?? null,
      quotaBytes: estimate?.quota ?? null,
      persisted: persisted ?? null,
    };
  }

  // ---- internals -------------------------------------------------------------------------------

  private keep(): number[] {
    return this.liveId === null ? [] : [this.liveId];
  }

  private onSaved(session: SessionRecord): void {
    if (session.status === 'recording' && session.source === 'live') this.liveId = this.lastLiveId = session.id;
    else if (session.status === 'recording' && session.source === 'file') this.lastFileId = session.id;
    else if (this.liveId === session.id) this.liveId = null;
    if (session.status !== 'recording' && session.segmentCount === 0) {
      // Finished without a word: the store dropped it.
      this.sessions = this.sessions.filter((s) => s.id !== session.id);
      if (this.lastLiveId === session.id) this.lastLiveId = null;
      if (this.lastFileId === session.id) this.lastFileId = null;
      return;
    }
    this.replace(session);
    const o = this.opened;
    // Keep an open view of the live session current when its last page grows.
    if (o && o.session.id === session.id && o.page === o.pages - 1)
      void this.open(session.id, Math.floor(Math.max(0, session.segmentCount - 1) / VIEW_PAGE));
  }

  private replace(session: SessionRecord): void {
    const i = this.sessions.findIndex((s) => s.id === session.id);
    if (i >= 0) this.sessions = this.sessions.with(i, session);
    else this.sessions = [session, ...this.sessions].slice(0, this.shown);
    if (this.results) this.results = this.results.map((r) => (r.session.id === session.id ? { ...r, session } : r));
  }

  private askPersist(): void {
    if (this.askedPersist || !this.env.storage?.persist) return;
    this.askedPersist = true;
    void this.env.storage
      .persist()
      .then(() => this.refreshUsage())
      .catch(() => undefined);
  }
}
