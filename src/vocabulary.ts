// The user's custom vocabulary: words they dictate often (names, jargon) that Whisper is shown in its
// prompt so it spells them their way. Pure: parsing and validation for the setting and `?vocabulary=`.

/** Enough for a glossary; the prompt keeps at most 80 tokens of it (workers/transcribe/prompt.ts). */
export const VOCABULARY_LIMITS = { terms: 30, termChars: 40, totalChars: 400 } as const;

/** Letters of any script, digits, spaces and the punctuation names use (O'Brien, Jean-Luc, C++, AT&T, Node.js). */
const TERM = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} '’.&+-]*$/u;

export type VocabularyResult = { ok: true; terms: string[] } | { ok: false; message: string };

/** Terms separated by commas, semicolons or new lines; blanks and repeats are dropped. */
export function parseVocabulary(text: string): VocabularyResult {
  if (text.length > VOCABULARY_LIMITS.totalChars * 2)
    return { ok: false, message: `The vocabulary is too long: at most ${VOCABULARY_LIMITS.totalChars} characters.` };
  const terms: string[] = [];
  for (const raw of text.split(/[,;\n]/)) {
    const term = raw.replace(/\s+/g, ' ').trim();
    if (!term || terms.some((t) => t.toLowerCase() === term.toLowerCase())) continue;
    if (term.length > VOCABULARY_LIMITS.termChars)
      return {
        ok: false,
        message: `“${term.slice(0, 20)}…” is too long for one vocabulary entry (at most ${VOCABULARY_LIMITS.termChars} characters).`,
      };
    if (!TERM.test(term))
      return { ok: false, message: `“${term}” has characters a vocabulary entry cannot have: use letters, digits, spaces and ' . - & +.` };
    terms.push(term);
  }
  if (terms.length > VOCABULARY_LIMITS.terms)
    return { ok: false, message: `At most ${VOCABULARY_LIMITS.terms} vocabulary entries (there are ${terms.length}).` };
  if (terms.join(', ').length > VOCABULARY_LIMITS.totalChars)
    return { ok: false, message: `The vocabulary is too long: at most ${VOCABULARY_LIMITS.totalChars} characters.` };
  return { ok: true, terms };
}

/** Whether a stored value is a valid vocabulary (an array of terms that parses to itself). */
export function isVocabulary(v: unknown): v is string[] {
  if (!Array.isArray(v) || !v.every((t) => typeof t === 'string')) return false;
  const parsed = parseVocabulary(v.join(', '));
  return parsed.ok && parsed.terms.length === v.length;
}
