// Audio for the soak benchmark: 16-bit PCM WAV files repeated and cut between utterances, with the
// reference text of exactly the utterances kept. Pure (bytes in, bytes out) so it is tested in node.
import type { Pcm16Wav } from '../../workers/shared/wav';

// The WAV reader and writer, for bench/soak/run.mjs (which loads this module alone).
export { parseWav, wavDurationS, writeWav } from '../../workers/shared/wav';

/** An utterance placed in a long-session file (the corpus manifest's `segments`). */
export interface PlacedUtterance {
  start_s: number;
  end_s: number;
  text: string;
}

export interface ClipPlan {
  /** Whole copies of the source file laid end to end before the cut. */
  repeats: number;
  /** Length of the clip in seconds (at an utterance boundary, or the end of the last copy). */
  durationS: number;
  /** Reference text of every utterance that ends inside the clip, in order. */
  reference: string;
  utterances: number;
}

/**
 * At least `minS` seconds of a long session: as many copies as needed, cut in the middle of the first
 * pause between utterances at or after `minS` (or at the end of the last copy), so that no utterance is
 * split and the reference is exact.
 */
export function planClip(fileS: number, utterances: readonly PlacedUtterance[], minS: number): ClipPlan {
  if (!(fileS > 0) || utterances.length === 0) throw new Error('a long session needs a duration and its utterances');
  if (!(minS > 0)) throw new Error('the clip length must be positive');
  const repeats = Math.ceil(minS / fileS - 1e-9);
  const placed = Array.from({ length: repeats }, (_, r) =>
    utterances.map((u) => ({ ...u, start_s: u.start_s + r * fileS, end_s: u.end_s + r * fileS })),
  ).flat();
  let durationS = repeats * fileS;
  for (let i = 0; i + 1 < placed.length; i++) {
    const pause = (placed[i].end_s + placed[i + 1].start_s) / 2;
    if (pause >= minS) {
      durationS = pause;
      break;
    }
  }
  const kept = placed.filter((u) => u.end_s <= durationS);
  return { repeats, durationS, reference: kept.map((u) => u.text).join(' '), utterances: kept.length };
}

/** The clip's audio: `plan.repeats` copies of `wav`, cut at `plan.durationS` (on a sample frame). */
export function renderClip(wav: Pcm16Wav, plan: ClipPlan): Pcm16Wav {
  const frameBytes = wav.channels * 2;
  const length = Math.min(Math.round(plan.durationS * wav.sampleRate) * frameBytes, wav.data.length * plan.repeats);
  const data = new Uint8Array(length);
  for (let at = 0; at < length; at += wav.data.length) data.set(wav.data.subarray(0, Math.min(wav.data.length, length - at)), at);
  return { ...wav, data };
}
