// The session's result list, as the Web Speech API defines it: every final result so far in order, then at
// most one interim result (the segment being spoken, which may still change). Pure: text in, list out.
import type { EarshotRecognitionAlternative, EarshotRecognitionResult, EarshotRecognitionResultList } from './types';

function result(transcript: string, isFinal: boolean): EarshotRecognitionResult {
  const alternative: EarshotRecognitionAlternative = Object.freeze({ transcript, confidence: 0 });
  const list = Object.assign([alternative], { isFinal, item: (i: number) => list[i] ?? null });
  return Object.freeze(list) as unknown as EarshotRecognitionResult;
}

export interface ResultListOptions {
  /** Interim results are kept (and reported) only when asked for. */
  interimResults: boolean;
  /** Single-shot: the list ends at its first final result. */
  continuous: boolean;
}

export class ResultList {
  private readonly finals: EarshotRecognitionResult[] = [];
  private interim: { id: number; text: string } | null = null;
  /** Segment ids only grow: a partial of a segment at or below this one is stale. */
  private lastFinalId = -1;
  /** The last final, which later speech may join (its audio decoded again with the new words): its words shown. */
  private joinable: { id: number; words: number; startMs: number } | null = null;

  constructor(private readonly options: ResultListOptions) {}

  /** Single-shot and its one final result is in: nothing more is added. */
  get complete(): boolean {
    return !this.options.continuous && this.finals.length > 0;
  }

  get length(): number {
    return this.finals.length + (this.interim ? 1 : 0);
  }

  /** Partial text of segment `id`; returns the index it changed (the event's `resultIndex`), or null. */
  partial(id: number, text: string): number | null {
    if (!this.options.interimResults || this.complete || id <= this.lastFinalId || !text) return null;
    if (this.interim?.id === id && this.interim.text === text) return null;
    this.interim = { id, text };
    return this.finals.length;
  }

  /**
   * Final text of segments up to `id`; returns the index it changed, or null (empty text: nothing heard).
   * `replaces`: the final this one's audio joined. A final result never changes (pages append them), so only
   * the words beyond those already shown for the joined audio become a new result. Audio that starts where
   * the last final's did covers it too, so it counts as joined even without `replaces`: its words are never
   * shown twice.
   */
  final(id: number, text: string, replaces?: number, startMs = Infinity): number | null {
    if (this.complete) return null;
    this.lastFinalId = Math.max(this.lastFinalId, id);
    if (this.interim && this.interim.id <= id) this.interim = null;
    const words = text.split(/\s+/).filter(Boolean);
    const last = this.joinable;
    const joins = last !== null && ((replaces !== undefined && last.id === replaces) || startMs <= last.startMs);
    const shownBefore = joins ? last.words : 0;
    this.joinable = { id, words: Math.max(words.length, shownBefore), startMs: joins ? Math.min(startMs, last.startMs) : startMs };
    const added = words.slice(shownBefore).join(' ');
    if (!added) return null;
    this.finals.push(result(added, true));
    return this.finals.length - 1;
  }

  /** The list as an event carries it: a snapshot that later changes do not touch. */
  snapshot(): EarshotRecognitionResultList {
    const all = this.interim ? [...this.finals, result(this.interim.text, false)] : [...this.finals];
    const list = Object.assign(all, { item: (i: number) => list[i] ?? null });
    return Object.freeze(list) as unknown as EarshotRecognitionResultList;
  }
}
