// How much text a segment may produce, and which outputs are not speech. Pure.

/** Whisper emits about 3 tokens per second of fast speech; allow headroom, never the full 448. */
export function maxNewTokensFor(audioMs: number): number {
  return Math.min(224, Math.max(16, Math.ceil((audioMs / 1000) * 6) + 10));
}

/** Text that only restates silence ("[BLANK_AUDIO]", "(music)") or is empty after trimming. */
export function isNonSpeech(text: string): boolean {
  const t = text.trim();
  if (t === '') return true;
  return /^[[(*♪].*[\])*♪]$/.test(t) || /^[\s.,!?♪-]+$/.test(t);
}

export function cleanText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
