// Writes a live session to the history as it happens, and never drops a final on the floor.
//
// Contract: `begin`, `record` and `end` are synchronous and only enqueue; one flush loop applies the
// queue in order (create session → append segments → finish), removing each operation only after
// IndexedDB has it. A write the browser refuses for lack of space prunes old sessions and is retried
// once; if it still fails, it stays queued (in memory), the user is told, and a timer retries later.
// The queue is bounded: past `maxQueued` the oldest unsaved segment is given up and counted.

import { isQuotaError, SessionGoneError, type NewSegment, type NewSession } from './history-store';
import type { HistoryStore } from './history-store';
import { inParens } from '../errors';
import type { HistoryLimits } from './prune-policy';
import type { SessionRecord } from './schema';

export type RecorderStore = Pick<HistoryStore, 'createSession' | 'appendSegment' | 'replaceLastSegment' | 'finishSession' | 'prune'> &
  Partial<Pick<HistoryStore, 'reopenSession'>>;

export interface SessionRecorderOptions {
  limits: () => HistoryLimits;
  /** A session was created, extended or finished. */
  onSaved?: (session: SessionRecord) => void;
  /** A human message while writes are failing; `null` once everything is saved again. */
  onProblem?: (message: string | null) => void;
  /** Marks a session as alive for other tabs (Web Locks); returns the release. */
  hold?: (sessionId: number) => () => void;
  /** Injectable timer (tests). */
  schedule?: (fn: () => void, ms: number) => () => void;
  retryMs?: number;
  maxQueued?: number;
  /** Prune after this many appended segments (and after each finished session). */
  pruneEvery?: number;
  /** Room to make beyond the limits when the browser reports the quota exceeded. */
  quotaReliefBytes?: number;
}

interface Slot {
  id: number | null;
  meta: NewSession;
  release: (() => void) | null;
}

/** `replace`: the segment supersedes the session's last one (see `HistoryStore.replaceLastSegment`). */
type Op =
  | { kind: 'create' | 'reopen'; slot: Slot }
  | { kind: 'append'; slot: Slot; seg: NewSegment; replace: boolean }
  | { kind: 'finish'; slot: Slot };

const defaultSchedule = (fn: () => void, ms: number) => {
  const t = setTimeout(fn, ms);
  return () => clearTimeout(t);
};

export class SessionRecorder {
  private readonly queue: Op[] = [];
  private current: Slot | null = null;
  private flushing: Promise<void> | null = null;
  private cancelRetry: (() => void) | null = null;
  private appendsSincePrune = 0;
  /** The operation being written now (never edited in place). */
  private writing: Op | null = null;
  private given = 0;
  private readonly opts: Required<Omit<SessionRecorderOptions, 'onSaved' | 'onProblem' | 'hold'>> & SessionRecorderOptions;

  constructor(
    private readonly store: RecorderStore,
    options: SessionRecorderOptions,
  ) {
    this.opts = { schedule: defaultSchedule, retryMs: 15_000, maxQueued: 5_000, pruneEvery: 20, quotaReliefBytes: 1024 * 1024, ...options };
  }

  /** The session being recorded, once it exists in the store. */
  get activeId(): number | null {
    return this.current?.id ?? null;
  }

  get recording(): boolean {
    return this.current !== null;
  }

  /** Segments waiting to be saved. */
  get unsaved(): number {
    return this.queue.filter((op) => op.kind === 'append').length;
  }

  /** Segments given up because the queue overflowed while storage kept failing. */
  get givenUp(): number {
    return this.given;
  }

  begin(meta: NewSession): void {
    if (this.current) this.end();
    this.current = { id: null, meta, release: null };
    this.enqueue({ kind: 'create', slot: this.current });
    void this.flush(); // the session shows as recording from the start
  }

  /** Continues a finished session: new finals are appended to it (a new one is made if it was deleted). */
  resume(id: number, meta: NewSession): void {
    if (this.current) this.end();
    this.current = { id, meta, release: null };
    this.enqueue({ kind: 'reopen', slot: this.current });
    void this.flush();
  }

  /**
   * Queues a final for the current session and starts writing it at once. `replaceLast`: it supersedes
   * the last final recorded (a re-transcription of that audio joined with what followed).
   */
  record(seg: NewSegment, replaceLast = false): Promise<void> {
    if (!this.current) throw new Error('record() needs begin() first');
    if (replaceLast) {
      // Not written yet: the queued one is superseded in place.
      const queued = this.queue.findLast((op) => op.kind === 'append');
      if (queued?.kind === 'append' && queued.slot === this.current && queued !== this.writing) {
        queued.seg = seg;
        return this.flush();
      }
    }
    this.enqueue({ kind: 'append', slot: this.current, seg, replace: replaceLast });
    return this.flush();
  }

  /** Closes the current session once its segments are saved. */
  end(): Promise<void> {
    if (!this.current) return this.flush();
    this.enqueue({ kind: 'finish', slot: this.current });
    this.current = null;
    return this.flush();
  }

  /** Applies the queue in order; resolves when it is empty or stuck on a failing write. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => (this.flushing = null));
    return this.flushing;
  }

  dispose(): void {
    this.cancelRetry?.();
    this.cancelRetry = null;
    for (const op of this.queue) op.slot.release?.();
    this.current?.release?.();
  }

  private enqueue(op: Op): void {
    this.queue.push(op);
    if (this.queue.length <= this.opts.maxQueued) return;
    const oldest = this.queue.findIndex((o) => o.kind === 'append');
    if (oldest >= 0) {
      this.queue.splice(oldest, 1);
      this.given++;
    }
  }

  private async drain(): Promise<void> {
    // Yield once so that operations enqueued in the same turn are written by this loop.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const op = this.queue[0];
      this.writing = op;
      const failure = await this.attempt(op).finally(() => (this.writing = null));
      if (failure !== null) {
        this.opts.onProblem?.(this.problemMessage(failure));
        this.cancelRetry ??= this.opts.schedule(() => {
          this.cancelRetry = null;
          void this.flush();
        }, this.opts.retryMs);
        return;
      }
      this.queue.shift();
    }
    this.cancelRetry?.();
    this.cancelRetry = null;
    this.opts.onProblem?.(this.given > 0 ? this.problemMessage(null) : null);
  }

  /** null on success, else the error of the retried write. */
  private async attempt(op: Op): Promise<unknown> {
    try {
      await this.apply(op);
      return null;
    } catch (err) {
      if (!isQuotaError(err)) return err;
      try {
        await this.store.prune(this.opts.limits(), { keep: this.aliveIds(), freeBytes: this.opts.quotaReliefBytes });
        await this.apply(op);
        return null;
      } catch (retryErr) {
        return retryErr;
      }
    }
  }

  private async apply(op: Op): Promise<void> {
    const { slot } = op;
    switch (op.kind) {
      case 'create':
        if (slot.id === null) await this.create(slot);
        return;
      case 'reopen': {
        const reopened = slot.id === null ? null : ((await this.store.reopenSession?.(slot.id)) ?? null);
        if (!reopened) return this.create(slot); // gone meanwhile: the words go to a new session
        slot.release = this.opts.hold?.(reopened.id) ?? null;
        this.notify(reopened);
        return;
      }
      case 'append': {
        if (slot.id === null) await this.create(slot);
        let saved: SessionRecord;
        try {
          saved = op.replace ? await this.store.replaceLastSegment(slot.id!, op.seg) : await this.store.appendSegment(slot.id!, op.seg);
        } catch (err) {
          if (!(err instanceof SessionGoneError)) throw err;
          // Deleted from under us (another tab): keep the words in a new session.
          slot.release?.();
          await this.create(slot);
          saved = await this.store.appendSegment(slot.id!, op.seg);
        }
        this.notify(saved);
        if (++this.appendsSincePrune >= this.opts.pruneEvery) await this.pruneQuietly();
        return;
      }
      case 'finish': {
        if (slot.id === null) return; // never created, nothing said
        const done = await this.store.finishSession(slot.id, 'complete');
        slot.release?.();
        slot.release = null;
        if (done) this.notify(done);
        await this.pruneQuietly();
        return;
      }
      default:
        op satisfies never;
    }
  }

  private async create(slot: Slot): Promise<void> {
    const session = await this.store.createSession(slot.meta);
    slot.id = session.id;
    slot.release = this.opts.hold?.(session.id) ?? null;
    this.notify(session);
  }

  /** A listener's failure must not make a saved write look failed (and be written twice). */
  private notify(session: SessionRecord): void {
    try {
      this.opts.onSaved?.(session);
    } catch {
      // the view refreshes from the store on its next read
    }
  }

  /** Pruning keeps the history in bounds but must never make a write fail. */
  private async pruneQuietly(): Promise<void> {
    this.appendsSincePrune = 0;
    await this.store.prune(this.opts.limits(), { keep: this.aliveIds() }).catch(() => undefined);
  }

  private aliveIds(): number[] {
    const ids = this.queue.map((op) => op.slot.id);
    if (this.current) ids.push(this.current.id);
    return ids.filter((id): id is number => id !== null);
  }

  private problemMessage(err: unknown): string {
    const lost =
      this.given > 0 ? ` ${this.given} older segment${this.given === 1 ? ' was' : 's were'} dropped to keep memory bounded.` : '';
    if (err === null) return `History is saving again.${lost}`;
    const n = this.unsaved;
    const what = n === 1 ? 'The latest segment' : `The latest ${n} segments`;
    const why = isQuotaError(err)
      ? 'the device’s storage is full even after removing the oldest sessions'
      : `the browser refused the write${inParens(err)}`;
    return `${what} could not be saved to history yet: ${why}. They stay on this page and are saved as soon as possible; delete old sessions in History or free disk space.${lost}`;
  }
}
