import { describe, expect, it } from 'vitest';
import { corpusWer, normalizeText, wer, werCounts, words } from '../src/eval/wer';

describe('normalizeText', () => {
  it('lower-cases, strips punctuation and collapses whitespace', () => {
    expect(normalizeText('  Hello,   World!  "Quoted" (text)... ')).toBe('hello world quoted text');
  });

  it('splits hyphenated words', () => {
    expect(normalizeText('twenty-one well-known')).toBe('twenty one well known');
  });

  it('expands titles', () => {
    expect(normalizeText('Mr. Quilter, Mrs. Brown and Dr. Who')).toBe('mister quilter missus brown and doctor who');
  });

  it('spells numbers, years, ordinals, decimals and percentages', () => {
    expect(normalizeText('7 15 42 105 999')).toBe('seven fifteen forty two one hundred five nine hundred ninety nine');
    expect(normalizeText('2000 2005 1066 123456')).toBe(
      'two thousand two thousand five one thousand sixty six one hundred twenty three thousand four hundred fifty six',
    );
    expect(normalizeText('in 1813, 1900 or 1905; 2024')).toBe(
      'in eighteen thirteen nineteen hundred or nineteen oh five twenty twenty four',
    );
    expect(normalizeText('1,813 men')).toBe('one thousand eight hundred thirteen men');
    expect(normalizeText('the 1st, 2nd, 3rd, 15th, 20th and 101st')).toBe(
      'the first second third fifteenth twentieth and one hundred first',
    );
    expect(normalizeText('3.5 50%')).toBe('three point five fifty percent');
  });

  it('drops "and" inside spelled numbers so digits match', () => {
    expect(normalizeText('one hundred and five')).toBe('one hundred five');
    expect(normalizeText('a hundred and the rest')).toBe('a hundred and the rest');
    // Known ambiguity, harmless because both sides are normalised alike.
    expect(normalizeText('1900 and 1905')).toBe('nineteen hundred nineteen oh five');
  });

  it('expands contractions and strips other apostrophes', () => {
    expect(normalizeText("You're sure I'm right, it's fine; don't, can't, won't")).toBe(
      'you are sure i am right it is fine do not cannot will not',
    );
    expect(normalizeText("we'll they've you'd isn't")).toBe('we will they have you would is not');
    expect(normalizeText("John’s ‘quoted’ o'clock")).toBe('johns quoted oclock');
  });

  it('returns no words for empty or punctuation-only input', () => {
    expect(words('')).toEqual([]);
    expect(words(' ... !? ')).toEqual([]);
    expect(words('a b')).toEqual(['a', 'b']);
  });
});

describe('wer', () => {
  it('is 0 for identical text', () => {
    expect(wer('the quick brown fox', 'the quick brown fox')).toBe(0);
  });

  it('ignores punctuation and case', () => {
    expect(wer('THE QUICK BROWN FOX', 'The quick, brown fox.')).toBe(0);
  });

  it('matches LibriSpeech-style references to typical ASR output', () => {
    expect(wer('MISTER QUILTER', 'Mr. Quilter')).toBe(0);
    expect(wer('in eighteen thirteen he', 'in 1813 he')).toBe(0);
    expect(wer('in 1813 he', 'in eighteen thirteen he')).toBe(0);
    expect(wer("you're", 'you are')).toBe(0);
    expect(wer('ONE HUNDRED AND FIVE MEN', '105 men')).toBe(0);
    expect(wer('the fifteenth of may', 'The 15th of May')).toBe(0);
  });

  it('counts a single substitution', () => {
    expect(werCounts('the cat sat down', 'the cat sit down')).toEqual({
      substitutions: 1,
      deletions: 0,
      insertions: 0,
      refWords: 4,
    });
    expect(wer('the cat sat down', 'the cat sit down')).toBe(0.25);
  });

  it('counts a single deletion', () => {
    expect(werCounts('the cat sat down', 'the sat down')).toEqual({
      substitutions: 0,
      deletions: 1,
      insertions: 0,
      refWords: 4,
    });
  });

  it('counts a single insertion', () => {
    expect(werCounts('the cat sat down', 'the cat sat right down')).toEqual({
      substitutions: 0,
      deletions: 0,
      insertions: 1,
      refWords: 4,
    });
  });

  it('finds the minimal edit path for mixed errors', () => {
    const c = werCounts('a b c d e f', 'a x c e f g h');
    expect(c.substitutions + c.deletions + c.insertions).toBe(4);
    expect(c).toEqual({ substitutions: 1, deletions: 1, insertions: 2, refWords: 6 });
  });

  it('handles empty reference and hypothesis', () => {
    expect(wer('', '')).toBe(0);
    expect(wer('...', '')).toBe(0);
    expect(wer('', 'hello there')).toBe(2);
    expect(wer('hello there', '')).toBe(1);
    expect(werCounts('hello there', '')).toEqual({ substitutions: 0, deletions: 2, insertions: 0, refWords: 2 });
  });
});

describe('corpusWer', () => {
  it('weights utterances by reference length', () => {
    const pairs = [
      { ref: 'one two three four five six seven eight nine ten', hyp: 'one two three four five six seven eight nine ten' },
      { ref: 'hello', hyp: 'goodbye' },
    ];
    // 1 error over 11 reference words, not the mean of 0 and 1.
    expect(corpusWer(pairs)).toBeCloseTo(1 / 11, 12);
  });

  it('handles empty input', () => {
    expect(corpusWer([])).toBe(0);
    expect(corpusWer([{ ref: '', hyp: '' }])).toBe(0);
    expect(corpusWer([{ ref: '', hyp: 'extra words' }])).toBe(2);
  });
});
