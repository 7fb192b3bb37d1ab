// 16-bit PCM WAV, read and written in one place. Pure. The app writes it for the optional debug audio dump;
// benches, tests and scripts read and cut corpus files with it.

export interface Pcm16Wav {
  sampleRate: number;
  channels: number;
  /** Interleaved little-endian 16-bit samples: the data chunk's bytes. */
  data: Uint8Array;
}

const ascii = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));

/** The format and samples of a 16-bit PCM RIFF/WAVE file; anything else is refused with the reason. */
export function parseWav(bytes: Uint8Array): Pcm16Wav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let format: { sampleRate: number; channels: number } | null = null;
  for (let at = 12; at + 8 <= bytes.length;) {
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

/** Mono samples as float32 in [-1, 1); refuses another rate or channel count. */
export function monoSamples(wav: Pcm16Wav, sampleRate = 16000): Float32Array {
  if (wav.channels !== 1 || wav.sampleRate !== sampleRate)
    throw new Error(`expected mono ${sampleRate} Hz, got ${wav.channels} channel(s) at ${wav.sampleRate} Hz`);
  const view = new DataView(wav.data.buffer, wav.data.byteOffset, wav.data.byteLength);
  const out = new Float32Array(wav.data.byteLength >> 1);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(2 * i, true) / 32768;
  return out;
}

export function wavDurationS(wav: Pcm16Wav): number {
  return wav.data.length / (wav.channels * 2) / wav.sampleRate;
}

/** A canonical 44-byte-header file around the samples. */
export function writeWav(wav: Pcm16Wav): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(44 + wav.data.length);
  const view = new DataView(out.buffer);
  const put = (at: number, s: string) => [...s].forEach((c, i) => (out[at + i] = c.charCodeAt(0)));
  const blockAlign = wav.channels * 2;
  put(0, 'RIFF');
  view.setUint32(4, 36 + wav.data.length, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
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

/** Float samples (clipped to ±1) as a 16-bit mono file, for the debug audio dump. */
export function encodeWav(samples: Float32Array, sampleRate = 16000): ArrayBuffer {
  const data = new Uint8Array(samples.length * 2);
  const view = new DataView(data.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(2 * i, Math.round(Math.max(-1, Math.min(1, samples[i])) * 32767), true);
  return writeWav({ sampleRate, channels: 1, data }).buffer;
}
