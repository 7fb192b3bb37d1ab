// Text of the open segment that two successive partial decodes agree on (LocalAgreement-2, as in
// whisper_streaming). Pure: texts in, a prefix out.
//
// A later decode of the same segment starts from the agreed words as Whisper's forced prefix instead of
// generating them again token by token: a pause snapshot of a 9 s segment then generates only the last
// second or two of speech. Words confirmed by two decodes of growing audio are rarely revised by a third.
import type { SourceId } from '../protocol';

/** Fewer agreed words than this are not worth forcing (the saving is small, the risk is not). */
export const MIN_PREFIX_WORDS = 3;
/**
 * The last agreed words are not forced: a partial's audio ends mid-sentence, and Whisper ends it there with
 * punctuation ("at present,") that two partials can agree on and the whole segment would not say.
 */
export const HOLD_BACK_WORDS = 1;
/**
 * A partial with more words than this per second of its audio is taken for a hallucination (Whisper on a
 * second of audio, half of it silence, can say "The answer to the question is,"), and agrees with nothing.
 */
export const MAX_WORDS_PER_SECOND = 4;
/**
 * A partial of less audio than this agrees with nothing: it is mostly the pre-speech pad and a first word,
 * where Whisper guesses ("The answer is" for "Mr. Quilter is"), and two such guesses can agree.
 */
export const MIN_AUDIO_MS = 2000;

const wordsOf = (text: string) => text.trim().split(/\s+/).filter(Boolean);

/** Longest run of words, from the start, that both texts hold exactly (punctuation and case included). */
export function agreedPrefix(a: string, b: string): string {
  const x = wordsOf(a);
  const y = wordsOf(b);
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return x.slice(0, n).join(' ');
}

export class Agreement {
  /** Per source: the open segment's id, its latest complete partial, and the words forced from now on. */
  private readonly open = new Map<SourceId, { id: number; last: string; forced: string[] }>();

  /** A complete (not interrupted) partial decode of segment `id` of `source`, of `audioMs` of audio. */
  observe(source: SourceId, id: number, text: string, audioMs: number): void {
    if (audioMs < MIN_AUDIO_MS || wordsOf(text).length > (MAX_WORDS_PER_SECOND * audioMs) / 1000) text = '';
    const o = this.open.get(source);
    if (!o || o.id !== id) {
      this.open.set(source, { id, last: text, forced: [] });
      return;
    }
    const agreed = wordsOf(agreedPrefix(o.last, text)).slice(0, -HOLD_BACK_WORDS || undefined);
    // Words once forced stay forced: a decode forced from them cannot disagree with them.
    this.open.set(source, { id, last: text, forced: agreed.length > o.forced.length ? agreed : o.forced });
  }

  /** The words to force at the start of segment `id`'s next decode ('' when none are agreed yet). */
  prefixFor(source: SourceId, id: number): string {
    const o = this.open.get(source);
    if (!o || o.id !== id) return '';
    return o.forced.length >= MIN_PREFIX_WORDS ? o.forced.join(' ') : '';
  }

  /** The segment is final (or the source ended): its partials say nothing about the next one. */
  forget(source: SourceId): void {
    this.open.delete(source);
  }

  clear(): void {
    this.open.clear();
  }
}
