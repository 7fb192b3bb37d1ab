import { describe, expect, it } from 'vitest';
import { isVocabulary, parseVocabulary, VOCABULARY_LIMITS } from '../src/vocabulary';
import { queryVocabularyProblem, resolveSettings } from '../src/settings';

describe('custom vocabulary', () => {
  it('parses terms separated by commas, semicolons or lines; drops blanks and repeats', () => {
    expect(parseVocabulary("Asterisk, Digium;\n O'Brien ,, asterisk\nNode.js, C++, AT&T, Jean-Luc")).toEqual({
      ok: true,
      terms: ['Asterisk', 'Digium', "O'Brien", 'Node.js', 'C++', 'AT&T', 'Jean-Luc'],
    });
    expect(parseVocabulary('')).toEqual({ ok: true, terms: [] });
  });

  it('refuses markup, control characters and oversize input with a human reason', () => {
    const bad = [
      '<script>',
      'a\u0000b',
      'x'.repeat(VOCABULARY_LIMITS.termChars + 1),
      Array.from({ length: 31 }, (_, i) => `w${i}`).join(','),
    ];
    for (const text of bad) {
      const r = parseVocabulary(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/vocabulary|characters/);
    }
    expect(isVocabulary(['Asterisk'])).toBe(true);
    expect(isVocabulary(['<b>'])).toBe(false);
    expect(isVocabulary('Asterisk')).toBe(false);
  });

  it('comes from ?vocabulary= when valid, else from the stored setting', () => {
    expect(resolveSettings(new URLSearchParams('vocabulary=Asterisk,Digium')).vocabulary).toEqual(['Asterisk', 'Digium']);
    expect(resolveSettings(new URLSearchParams('vocabulary=%3Cb%3E'), { vocabulary: ['Gutenberg'] }).vocabulary).toEqual(['Gutenberg']);
    expect(resolveSettings(new URLSearchParams(''), { vocabulary: ['<b>'] as string[] }).vocabulary).toEqual([]);
    expect(queryVocabularyProblem(new URLSearchParams('vocabulary=%3Cb%3E'))).toMatch(/not used/);
    expect(queryVocabularyProblem(new URLSearchParams('vocabulary=Asterisk'))).toBeNull();
  });
});
