// Whisper's prompt: the user's vocabulary and the words said before this audio in the same session.
// Pure: tokens come in from the caller's tokenizer.
//
// Whisper was trained with the previous window's text as a prompt (`<|startofprev|>` … before
// `<|startoftranscript|>`); a segment decoded with the sentence before it gets names, casing and
// punctuation consistent with it, and short phrases decode as part of the sentence instead of alone.
import type { SourceId } from '../protocol';

/** At most this many prompt tokens (Whisper allows 223; fewer is cheaper and drifts less). */
export const MAX_PROMPT_TOKENS = 200;
/** Of which at most this many for the vocabulary: the previous words always get room. */
export const MAX_VOCABULARY_TOKENS = 80;
/** Characters of previous text kept per session: more than MAX_PROMPT_TOKENS tokens' worth. */
const MAX_PREVIOUS_CHARS = 1200;

export interface PromptText {
  /** The user's vocabulary as one line ("Kubernetes, Nginx."); empty when none. */
  vocabulary: string;
  /** The session's previous finals, oldest first. */
  previous: string;
}

/** Vocabulary first, then the most recent previous words, bounded to `max` tokens in all. */
export function promptTokens(vocabulary: readonly number[], previous: readonly number[], max = MAX_PROMPT_TOKENS): number[] {
  const vocab = vocabulary.slice(0, Math.min(MAX_VOCABULARY_TOKENS, max));
  const room = max - vocab.length;
  return [...vocab, ...(room > 0 ? previous.slice(-room) : [])];
}

/** The vocabulary terms as the prompt's first line. */
export function vocabularyLine(terms: readonly string[]): string {
  return terms.length ? `${terms.join(', ')}.` : '';
}

interface Final {
  id: number;
  text: string;
}

/**
 * The finals of each session, for the next decode's prompt. Sessions never share words; a session's
 * words are forgotten when it ends. Bounded: only the newest text of each session is kept.
 */
export class SessionContext {
  private readonly sessions = new Map<SourceId, Final[]>();

  constructor(private readonly vocabulary: string = '') {}

  /** A final's text; `replaces`: the id of an earlier final it supersedes (its audio decoded again, joined). */
  remember(source: SourceId, id: number, text: string, replaces?: number): void {
    const finals = this.sessions.get(source) ?? [];
    if (replaces !== undefined) {
      const at = finals.findIndex((f) => f.id === replaces);
      if (at >= 0) finals.splice(at, 1);
    }
    if (text.trim()) finals.push({ id, text: text.trim() });
    let chars = finals.reduce((n, f) => n + f.text.length + 1, 0);
    while (finals.length > 1 && chars - finals[0].text.length - 1 >= MAX_PREVIOUS_CHARS) chars -= finals.shift()!.text.length + 1;
    this.sessions.set(source, finals);
  }

  /** The prompt for new audio of `source`; `replacing`: leave out that final (the audio being decoded covers it). */
  promptFor(source: SourceId, replacing?: number): PromptText {
    const finals = (this.sessions.get(source) ?? []).filter((f) => f.id !== replacing);
    return { vocabulary: this.vocabulary, previous: finals.map((f) => f.text).join(' ') };
  }

  forget(source: SourceId): void {
    this.sessions.delete(source);
  }

  get sessionCount(): number {
    return this.sessions.size;
  }
}
