import { describe, expect, it } from 'vitest';
import { Agreement, agreedPrefix, MIN_PREFIX_WORDS } from '../workers/transcribe/agreement';

describe('agreedPrefix', () => {
  it('is the words both texts start with, exactly', () => {
    expect(agreedPrefix('And so my fellow Americans, ask', 'And so my fellow Americans, ask not what')).toBe(
      'And so my fellow Americans, ask',
    );
    expect(agreedPrefix('The party you are', "The party you're trying")).toBe('The party');
    expect(agreedPrefix('  ten of clubs ', 'ten of  clubs.')).toBe('ten of');
    expect(agreedPrefix('Hello', 'Goodbye')).toBe('');
    expect(agreedPrefix('', 'anything')).toBe('');
  });

  it('counts punctuation and case: a revised sentence end is not agreed', () => {
    expect(agreedPrefix('for your country.', 'for your country, and')).toBe('for your');
    expect(agreedPrefix('Ask not', 'ask not')).toBe('');
  });
});

describe('Agreement', () => {
  it('forces nothing until two partials of the same segment agree on enough words', () => {
    const a = new Agreement();
    a.observe('mic', 1, 'Printing in the only sense', 10_000);
    expect(a.prefixFor('mic', 1)).toBe('');
    a.observe('mic', 1, 'Printing in the only sense with which we', 10_000);
    expect(a.prefixFor('mic', 1)).toBe('Printing in the only'); // the last agreed word held back
    expect(a.prefixFor('mic', 2)).toBe(''); // another segment
    expect(a.prefixFor('file', 1)).toBe(''); // another source
  });

  it('needs at least MIN_PREFIX_WORDS agreed words', () => {
    const a = new Agreement();
    a.observe('mic', 3, 'Ten of hearts', 10_000);
    a.observe('mic', 3, 'Ten of clubs', 10_000);
    expect(MIN_PREFIX_WORDS).toBeGreaterThan(2);
    expect(a.prefixFor('mic', 3)).toBe('');
  });

  it('keeps the words it forced when a later partial disagrees, and grows them when partials agree further', () => {
    const a = new Agreement();
    a.observe('mic', 1, 'it is of the first', 10_000);
    a.observe('mic', 1, 'it is of the first importance', 10_000);
    expect(a.prefixFor('mic', 1)).toBe('it is of the');
    a.observe('mic', 1, 'it is of the finest', 10_000); // revises the held-back word: the forced ones stay
    expect(a.prefixFor('mic', 1)).toBe('it is of the');
    a.observe('mic', 1, 'it is of the first importance that the', 10_000);
    a.observe('mic', 1, 'it is of the first importance that the letter', 10_000);
    expect(a.prefixFor('mic', 1)).toBe('it is of the first importance that');
  });

  it('never forces words at the end of a partial that a later one revised', () => {
    const a = new Agreement();
    a.observe('mic', 1, 'with which we are at present,', 10_000);
    a.observe('mic', 1, 'with which we are at present, concerned', 10_000);
    expect(a.prefixFor('mic', 1)).toBe('with which we are at'); // "present," held back
  });

  it('takes a partial with more words than its audio could hold for a hallucination', () => {
    const a = new Agreement();
    a.observe('mic', 1, 'The answer to the question is,', 1000); // 6 words in 1 s
    a.observe('mic', 1, 'The answer to the question is, the answer to the question of', 2000);
    expect(a.prefixFor('mic', 1)).toBe('');
    a.observe('mic', 1, 'Mister Quilter is the apostle of', 3000);
    a.observe('mic', 1, 'Mister Quilter is the apostle of the middle', 4000);
    expect(a.prefixFor('mic', 1)).toBe('Mister Quilter is the apostle');
  });

  it('takes nothing from a partial of under 2 s of audio: mostly the pad and a first word, where Whisper guesses', () => {
    const a = new Agreement();
    a.observe('mic', 1, 'The answer is the', 1000);
    a.observe('mic', 1, 'The answer is the apostle', 1900);
    expect(a.prefixFor('mic', 1)).toBe('');
    a.observe('mic', 1, 'Mr. Quilter is the apostle of', 2900);
    expect(a.prefixFor('mic', 1)).toBe('');
    a.observe('mic', 1, 'Mr. Quilter is the apostle of the middle', 3900);
    expect(a.prefixFor('mic', 1)).toBe('Mr. Quilter is the apostle');
  });

  it('starts again for a new segment, and forgets an ended source', () => {
    const a = new Agreement();
    a.observe('mic', 1, 'one two three four', 10_000);
    a.observe('mic', 1, 'one two three four five', 10_000);
    a.observe('mic', 2, 'six seven eight nine', 10_000);
    expect(a.prefixFor('mic', 1)).toBe('');
    expect(a.prefixFor('mic', 2)).toBe('');
    a.observe('mic', 2, 'six seven eight nine ten', 10_000);
    expect(a.prefixFor('mic', 2)).toBe('six seven eight');
    a.forget('mic');
    expect(a.prefixFor('mic', 2)).toBe('');
  });
});
