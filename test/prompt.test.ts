import { describe, expect, it } from 'vitest';
import { MAX_PROMPT_TOKENS, MAX_VOCABULARY_TOKENS, promptTokens, SessionContext, vocabularyLine } from '../workers/transcribe/prompt';
import { doublesPhrase, echoesPrompt, needsRetry } from '../workers/transcribe/decode-policy';

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('prompt', () => {
  it('keeps the vocabulary and the most recent previous words, bounded to ~200 tokens', () => {
    expect(promptTokens([], range(0, 50))).toEqual(range(0, 50));
    const long = promptTokens([], range(0, 1000));
    expect(long).toHaveLength(MAX_PROMPT_TOKENS);
    expect(long.at(-1)).toBe(999); // the words right before the new audio are kept
    const withVocab = promptTokens(range(5000, 500), range(0, 1000));
    expect(withVocab).toHaveLength(MAX_PROMPT_TOKENS);
    expect(withVocab.slice(0, MAX_VOCABULARY_TOKENS)).toEqual(range(5000, MAX_VOCABULARY_TOKENS));
    expect(withVocab.at(-1)).toBe(999);
    expect(promptTokens([], [])).toEqual([]);
  });

  it('is scoped to one session: another session never sees its words, and an ended one is forgotten', () => {
    const ctx = new SessionContext(vocabularyLine(['Asterisk', 'Digium']));
    ctx.remember('live-1', 1, 'And so, my fellow Americans,');
    ctx.remember('file-2', 2, 'Printing, in the only sense');
    ctx.remember('live-1', 3, 'ask not what your country can do for you,');
    expect(ctx.promptFor('live-1')).toEqual({
      vocabulary: 'Asterisk, Digium.',
      previous: 'And so, my fellow Americans, ask not what your country can do for you,',
    });
    expect(ctx.promptFor('file-2').previous).toBe('Printing, in the only sense');
    expect(ctx.promptFor('live-9')).toEqual({ vocabulary: 'Asterisk, Digium.', previous: '' });
    ctx.forget('live-1');
    expect(ctx.promptFor('live-1').previous).toBe('');
    expect(ctx.sessionCount).toBe(1);
  });

  it('leaves out the final being decoded again, and keeps one version of it', () => {
    const ctx = new SessionContext();
    ctx.remember('live-1', 1, 'And so, my fellow Americans,');
    ctx.remember('live-1', 2, 'Not!');
    expect(ctx.promptFor('live-1', 2).previous).toBe('And so, my fellow Americans,');
    ctx.remember('live-1', 3, 'ask not', 2);
    expect(ctx.promptFor('live-1').previous).toBe('And so, my fellow Americans, ask not');
    ctx.remember('live-1', 4, ''); // nothing said: nothing remembered
    expect(ctx.promptFor('live-1').previous).toBe('And so, my fellow Americans, ask not');
  });

  it('keeps a bounded amount of text per session over a long dictation', () => {
    const ctx = new SessionContext();
    for (let i = 0; i < 5000; i++) ctx.remember('live-1', i, `sentence number ${i} of a very long dictation session.`);
    const { previous } = ctx.promptFor('live-1');
    expect(previous.length).toBeLessThan(1300);
    expect(previous.endsWith('sentence number 4999 of a very long dictation session.')).toBe(true);
  });
});

describe('guard against the prompt being repeated', () => {
  const previous = 'And so, my fellow Americans, ask not what your country can do for you, ask what you can do for your country.';

  it('takes text that restates the previous words as an echo of the prompt', () => {
    expect(echoesPrompt('Ask what you can do for your country.', previous)).toBe(true);
    expect(echoesPrompt('So my fellow Americans.', previous)).toBe(true);
    expect(echoesPrompt('Ask what you can do for your city.', previous)).toBe(false);
    expect(echoesPrompt('Ask not.', previous)).toBe(false); // too short to tell from a real repeat
  });

  it('takes text that recites the end of the previous words before new ones as an echo', () => {
    // Seen live: the pause decode of "Ask what you can do for your country." given the clip's first sentence.
    const first = 'And so my fellow Americans, ask not what your country can do for you.';
    expect(echoesPrompt(`${first} Ask what you can do for your country.`, first)).toBe(true);
    expect(echoesPrompt('What your country can do for you, and for all of us.', first)).toBe(true);
    // The same opening words as an earlier sentence, not its end: a speaker's own repeat.
    expect(echoesPrompt('And so my fellow Americans, we begin.', first)).toBe(false);
    expect(echoesPrompt('Do for you. Thank you all.', first)).toBe(false); // three words of the end only
  });

  it('takes a clause said twice in a row as Whisper starting the audio over, not a word or two repeated', () => {
    // Seen live: the joined "And so … ask not … for you" decoded with no prompt at all, twice over.
    const once = 'And so my fellow Americans ask not what your country can do for you.';
    expect(doublesPhrase(`${once} ${once}`)).toBe(true);
    expect(doublesPhrase(`Well, ${once} ${once} Ask what you can do.`)).toBe(true);
    expect(doublesPhrase(once)).toBe(false);
    expect(doublesPhrase('No, no, no. I said go to the store, go to the store now.')).toBe(false); // five words twice
  });

  it('sends an echo, a loop of the prompt and a full token budget back for a retry without the prompt', async () => {
    expect(await needsRetry({ text: 'ask what you can do for your country', tokens: 9 }, 3000, previous)).toBe(true);
    const loop = Array(6).fill('ask what you can do for your country.').join(' ');
    expect(await needsRetry({ text: loop, tokens: 60 }, 20000, '')).toBe(true);
    expect(await needsRetry({ text: 'a b c', tokens: 28 }, 3000, '')).toBe(true); // budget for 3 s is 28
    const twice = 'And so my fellow Americans ask not what your country can do for you.';
    expect(await needsRetry({ text: `${twice} ${twice}`, tokens: 32 }, 7800, '')).toBe(true);
    expect(await needsRetry({ text: 'Playback of the list of people attending is complete.', tokens: 11 }, 3000, previous)).toBe(false);
  });
});
