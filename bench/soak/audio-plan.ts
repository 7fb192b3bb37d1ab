// Audio for the soak benchmark: 16-bit PCM WAV files repeated and cut between utterances, with the
// reference text of exactly the utterances kept. Pure (bytes in, bytes out) so it is tested in node.

export interface Pcm16Wav {
  sampleRate: number;
  channels: number;
  /** Interleaved little-endian 16-bit samples: the data chunk's bytes. */
  data: Uint8Array;
}

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

const ascii = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));

export function parseWav(bytes: Uint8Array): Pcm16Wav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let format: { sampleRate: number; channels: number } | null = null;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = ascii(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      const code = view.getUint16(body, true);
      const bits = view.getUint16(body + 14, true);
      if (code !== 1 || bits !== 16) throw new Error(`only 16-bit PCM WAV is supported (format ${code}, ${bits} bits)`);
      format = { channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true) };
    } else if (id === 'data') {
      if (!format) throw new Error('WAV data chunk before its fmt chunk');
      return { ...format, data: bytes.subarray(body, Math.min(body + size, bytes.length)) };
    }
    at = body + size + (size % 2); // chunks are word-aligned
  }
  throw new Error('WAV file has no data chunk');
}

export function encodeWav(wav: Pcm16Wav): Uint8Array {
  const out = new Uint8Array(44 + wav.data.length);
  const view = new DataView(out.buffer);
  const put = (at: number, s: string) => [...s].forEach((c, i) => (out[at + i] = c.charCodeAt(0)));
  const blockAlign = wav.channels * 2;
  put(0, 'RIFF');
  view.setUint32(4, 36 + wav.data.length, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, wav.channels, true);
  view.setUint32(24, wav.sampleRate, true);
  view.setUint32(28, wav.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, 16, true);
  put(36, 'data');
  view.setUint32(40, wav.data.length, true);
  out.set(wav.data, 44);
  return out;
}

export function wavDurationS(wav: Pcm16Wav): number {
  return wav.data.length / (wav.channels * 2) / wav.sampleRate;
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
  const placed = Array.from({ length: repeats }, (_, r) => utterances.map((u) => ({ ...u, start_s: u.start_s + r * fileS, end_s: u.end_s + r * fileS }))).flat();
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
