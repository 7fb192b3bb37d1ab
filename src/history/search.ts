// Word normalisation for the full-text index and for queries. Pure.
//
// A segment is indexed by its distinct words (lower case, accents removed); a query matches a segment
// when every query word is the start of one of its words, so "recog spe" finds "speech recognition".

const MAX_WORD_CHARS = 32;
const MAX_WORDS_PER_SEGMENT = 128;
const MAX_QUERY_WORDS = 8;
const WORD = /[\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;

function words(text: string, max: number): string[] {
  const out = new Set<string>();
  for (const m of text.normalize('NFKD').replace(MARKS, '').toLowerCase().matchAll(WORD)) {
    out.add(m[0].slice(0, MAX_WORD_CHARS));
    if (out.size >= max) break;
  }
  return [...out];
}

/** The distinct words of a segment, bounded in number and length. */
export function tokenize(text: string): string[] {
  return words(text, MAX_WORDS_PER_SEGMENT);
}

/** Query words, longest first: the longest is the most selective key for the index. */
export function queryTerms(query: string): string[] {
  return words(query, MAX_QUERY_WORDS).sort((a, b) => b.length - a.length);
}

/** Whether every term starts one of the words. */
export function matchesAll(segmentWords: readonly string[], terms: readonly string[]): boolean {
  return terms.every((t) => segmentWords.some((w) => w.startsWith(t)));
}
