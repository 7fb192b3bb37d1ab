// How much text a segment may produce, and which outputs are not speech. Pure.
import { normalizeText } from '../shared/normalize';

/** Whisper emits about 3 tokens per second of fast speech; allow headroom, never the full 448. */
export function maxNewTokensFor(audioMs: number): number {
  return Math.min(224, Math.max(16, Math.ceil((audioMs / 1000) * 6) + 10));
}

/** Whisper's reference decoder treats text that compresses better than this as a repetition loop. */
export const COMPRESSION_RATIO_LIMIT = 2.4;

/** Below this mean speech probability the VAD was unsure it heard speech at all. */
export const WEAK_EVIDENCE = 0.6;

/** What Whisper says to silence and noise, learnt from its subtitle training data (normalised). */
const SILENCE_HALLUCINATIONS = new Set([
  'you',
  'thank you',
  'thanks',
  'thank you very much',
  'thank you so much',
  'thanks for watching',
  'thank you for watching',
  'thanks for watching and see you next time',
  'please subscribe',
  'subscribe',
  'like and subscribe',
  'bye',
  'bye bye',
  'goodbye',
  'so',
  'okay',
  'oh',
  'um',
  'uh',
  'hmm',
  'i am sorry',
  'you you',
  'you you you',
  'the end',
  'subtitles by the amara org community',
  'transcription by castingwords',
  'thank you for listening',
  'see you next time',
]);

/** Text that only restates silence ("[BLANK_AUDIO]", "(music)", "♪") or is empty. */
export function isNonSpeech(text: string): boolean {
  const t = text.trim();
  if (t === '') return true;
  return /^[[(*♪].*[\])*♪]$/.test(t) || /^[\s.,!?♪-]+$/.test(t);
}

/** A known silence hallucination, dropped only when the VAD's evidence for speech was weak or short. */
export function isLikelyHallucination(text: string, evidence: number, audioMs: number): boolean {
  if (evidence >= WEAK_EVIDENCE && audioMs >= 1000) return false;
  return SILENCE_HALLUCINATIONS.has(normalizeText(text));
}

export function cleanText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** gzip-style compression ratio of the text's UTF-8 bytes, as Whisper's reference decoder computes it. */
export async function compressionRatio(text: string): Promise<number> {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length === 0) return 0;
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const compressed = await new Response(stream).arrayBuffer();
  return bytes.length / Math.max(1, compressed.byteLength);
}

/**
 * Whisper given a prompt sometimes answers with the prompt's own words instead of the audio's, or recites
 * the prompt's last words before the audio's own. Either is taken as an echo: text of four or more words
 * that is a stretch of the previous words, or text that opens with the previous words' last four or more.
 */
export function echoesPrompt(text: string, previous: string): boolean {
  const out = normalizeText(text).split(' ').filter(Boolean);
  if (out.length < ECHO_MIN_WORDS) return false;
  const before = normalizeText(previous).split(' ').filter(Boolean);
  if (` ${before.join(' ')} `.includes(` ${out.join(' ')} `)) return true;
  for (let n = Math.min(out.length, before.length); n >= ECHO_MIN_WORDS; n--)
    if (out.slice(0, n).every((w, i) => w === before[before.length - n + i])) return true;
  return false;
}

/** Fewer words than this in common with the prompt may be a real repeat ("thank you"). */
const ECHO_MIN_WORDS = 4;

/**
 * Whisper near the end of its window sometimes starts the audio over: a sentence said once comes out
 * twice in a row. A phrase of this many words said twice in a row is taken as that (people repeat a word
 * or two, not a whole clause); shorter loops are left to the compression check.
 */
const DOUBLED_PHRASE_WORDS = 6;

/** Whether the text holds a phrase of `DOUBLED_PHRASE_WORDS` or more words twice in a row. */
export function doublesPhrase(text: string): boolean {
  const words = normalizeText(text).split(' ').filter(Boolean);
  for (let n = DOUBLED_PHRASE_WORDS; 2 * n <= words.length; n++)
    for (let i = 0; i + 2 * n <= words.length; i++) {
      let k = 0;
      while (k < n && words[i + k] === words[i + n + k]) k++;
      if (k === n) return true;
    }
  return false;
}

/**
 * Whether a decode has failed in one of Whisper's known ways and must be run again (without the prompt,
 * with the no-repeat guard): it used the whole token budget, compresses like a loop, says a phrase twice
 * over, or echoes the prompt.
 */
export async function needsRetry(result: { text: string; tokens: number }, audioMs: number, previous = ''): Promise<boolean> {
  if (result.tokens >= maxNewTokensFor(audioMs)) return true;
  if ((await compressionRatio(result.text)) > COMPRESSION_RATIO_LIMIT) return true;
  if (doublesPhrase(result.text)) return true;
  return previous !== '' && echoesPrompt(result.text, previous);
}

/** Collapses a phrase repeated three or more times in a row (a decoding loop) to one occurrence. */
export function collapseRepeats(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  for (let n = 1; n <= 8; n++) {
    for (let i = 0; i + 3 * n <= words.length; i++) {
      const key = (k: number) =>
        words
          .slice(k, k + n)
          .join(' ')
          .toLowerCase()
          .replace(/[.,!?]/g, '');
      let reps = 1;
      while (i + (reps + 1) * n <= words.length && key(i + reps * n) === key(i)) reps++;
      if (reps >= 3) return collapseRepeats([...words.slice(0, i + n), ...words.slice(i + reps * n)].join(' '));
    }
  }
  return words.join(' ');
}
