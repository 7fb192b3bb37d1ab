import { describe, expect, it } from 'vitest';
import {
  collapseRepeats,
  compressionRatio,
  COMPRESSION_RATIO_LIMIT,
  isLikelyHallucination,
  isNonSpeech,
  maxNewTokensFor,
} from '../workers/transcribe/decode-policy';

describe('decode policy', () => {
  it('budgets tokens from segment length', () => {
    expect(maxNewTokensFor(500)).toBe(16);
    expect(maxNewTokensFor(5000)).toBe(40);
    expect(maxNewTokensFor(60000)).toBe(224);
  });

  it('recognises non-speech markers', () => {
    for (const t of ['', '  ', '[BLANK_AUDIO]', '(music)', '♪', '...', '*sigh*']) expect(isNonSpeech(t), t).toBe(true);
    expect(isNonSpeech('Go forward ten meters.')).toBe(false);
  });

  it('drops known silence phrases only when the speech evidence is weak', () => {
    expect(isLikelyHallucination('Thank you.', 0.4, 3000)).toBe(true);
    expect(isLikelyHallucination('Thanks for watching!', 0.9, 600)).toBe(true);
    expect(isLikelyHallucination('Thank you.', 0.9, 3000)).toBe(false); // the user said it, clearly
    expect(isLikelyHallucination('Thank you for trying out the system.', 0.4, 3000)).toBe(false);
  });

  it('measures repetition as Whisper does, by compression ratio', async () => {
    expect(await compressionRatio('produced the block books, which were the immediate predecessors')).toBeLessThan(COMPRESSION_RATIO_LIMIT);
    expect(await compressionRatio('you you you you you you you you you you you you you you you you you you')).toBeGreaterThan(
      COMPRESSION_RATIO_LIMIT,
    );
  });

  it('collapses decoding loops and keeps real repeats', () => {
    expect(collapseRepeats('I think so. I think so. I think so. I think so.')).toBe('I think so.');
    expect(collapseRepeats('you you you you')).toBe('you');
    const jfk = 'ask not what your country can do for you ask what you can do for your country';
    expect(collapseRepeats(jfk)).toBe(jfk);
    expect(collapseRepeats('very very good')).toBe('very very good');
  });
});
