// Which request the transcriber runs next. Pure: no model, no clock.
//   - Finals (and end-of-source markers) run in arrival order and are never dropped.
//   - Partials: only the newest matters; an older waiting one is replaced, and one whose segment is
//     already final is discarded. Finals go first. The caller may hold a periodic one back (to rest the model).
//   - A pause snapshot is a speculative final: its result is kept, and a final with the same audio
//     bounds reuses it instead of decoding again.
import type { SourceId } from '../protocol';
import type { SegmentAudio, SegmentMessage } from '../segment-protocol';

export type FinalJob = Extract<SegmentMessage, { type: 'segment' }> & { arrived: number };
/** `handoffMs`: from the VAD sending it to the transcriber reading it. */
export type SnapshotJob = Extract<SegmentMessage, { type: 'snapshot' }> & { arrived: number; handoffMs: number };
export type EndJob = { type: 'end'; source: SourceId; arrived: number };
export type Job = FinalJob | SnapshotJob | EndJob;

export interface SpeculativeResult<T> {
  source: SourceId;
  id: number;
  startMs: number;
  endMs: number;
  result: T;
}

export class Scheduler<T> {
  private readonly ordered: Array<FinalJob | EndJob> = [];
  private partial: SnapshotJob | null = null;
  private speculative: SpeculativeResult<T> | null = null;
  /** Ids already final per source (bounded: only the latest per source matters for ordering). */
  private readonly lastFinalId = new Map<SourceId, number>();

  constructor(readonly maxOrdered = 512) {}

  get size(): number {
    return this.ordered.length + (this.partial ? 1 : 0);
  }

  get finalsWaiting(): number {
    return this.ordered.filter((j) => j.type === 'segment').length;
  }

  /** False when the queue is full (the caller reports it; finals are never silently dropped). */
  add(job: Job): boolean {
    if (job.type === 'snapshot') {
      if ((this.lastFinalId.get(job.source) ?? -1) >= job.id) return true; // stale: already final
      // A pause snapshot is worth more than a periodic one of the same segment; never replace it with one.
      if (this.partial?.reason === 'pause' && this.partial.id === job.id && job.reason === 'periodic') return true;
      this.partial = job;
      return true;
    }
    if (this.ordered.length >= this.maxOrdered) return false;
    this.ordered.push(job);
    if (job.type === 'segment') this.lastFinalId.set(job.source, Math.max(job.id, this.lastFinalId.get(job.source) ?? -1));
    if (job.type === 'end') this.lastFinalId.delete(job.source);
    if (this.partial && job.type === 'segment' && this.partial.source === job.source && this.partial.id <= job.id) this.partial = null;
    return true;
  }

  /** Next job: the oldest final or end marker, else the newest partial; `holdPeriodic`: keep a periodic one waiting. */
  next(holdPeriodic = false): Job | null {
    const ordered = this.ordered.shift();
    if (ordered) return ordered;
    const p = this.partial;
    if (!p || (holdPeriodic && p.reason === 'periodic')) return null;
    this.partial = null;
    return p;
  }

  /**
   * Takes finals waiting in a row at the head, from `source`, while `fits` accepts each next one
   * (for one packed model call).
   */
  takeFinals(source: SourceId, fits: (next: FinalJob, taken: FinalJob[]) => boolean): FinalJob[] {
    const out: FinalJob[] = [];
    for (let head = this.ordered[0]; head?.type === 'segment' && head.source === source && fits(head, out); head = this.ordered[0])
      out.push(this.ordered.shift() as FinalJob);
    return out;
  }

  rememberSpeculative(audio: SegmentAudio, result: T): void {
    this.speculative = { source: audio.source, id: audio.id, startMs: audio.startMs, endMs: audio.endMs, result };
  }

  /** The speculative result for exactly this final's audio, consumed once. */
  takeSpeculative(final: SegmentAudio): T | null {
    const s = this.speculative;
    if (!s || s.source !== final.source || s.id !== final.id || s.startMs !== final.startMs || s.endMs !== final.endMs) return null;
    this.speculative = null;
    return s.result;
  }

  clear(): void {
    this.ordered.length = 0;
    this.partial = null;
    this.speculative = null;
    this.lastFinalId.clear();
  }
}
