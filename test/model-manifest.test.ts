import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper shared with the Vite plugin
import { manifest, verifyModels } from '../scripts/model-assets.mjs';

// The SHA-256 table published with the models (docs/models.md). The manifest must carry exactly these.
const PUBLISHED: Record<string, string> = {
  'silero/silero_vad_v5.onnx': '2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f',
  'Xenova/whisper-tiny/onnx/encoder_model_quantized.onnx': 'fd9d995b9dcb0520f0dbf6cf68651af639fc385f594d9d876e69ca2802dc438e',
  'Xenova/whisper-tiny/onnx/decoder_model_merged_quantized.onnx': '6c0c125986b007d2e3734bec84c18bda0152071b90b87fadac6d7764499927a0',
  'Xenova/whisper-base/onnx/encoder_model_quantized.onnx': '3e345e977b55620a37c0c2b2af0644e019afdfad562dcf71eb929bb7274285f9',
  'Xenova/whisper-base/onnx/decoder_model_merged_quantized.onnx': 'a6beb6baabb66f00b6a686d828c95ffca6146d51900cbad0266cad38f64cf861',
};

describe('model manifest', () => {
  it('pins the published hashes of the weights', () => {
    for (const [file, sha] of Object.entries(PUBLISHED)) expect(manifest.files[file]?.sha256).toBe(sha);
  });

  it('lists every file each model needs', () => {
    for (const model of ['whisper-tiny', 'whisper-base']) {
      for (const f of ['config.json', 'generation_config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'])
        expect(manifest.files[`Xenova/${model}/${f}`], `${model}/${f}`).toBeDefined();
    }
    expect(Object.keys(manifest.files)).toHaveLength(19);
  });

  // Each edited file is made at build time from one stock file of each Whisper model.
  for (const [kind, stockFile, editedFile] of [
    ['short-context', 'encoder_model_quantized.onnx', 'encoder_model_quantized_short_context.onnx'],
    ['last-logits', 'decoder_model_merged_quantized.onnx', 'decoder_model_merged_quantized_last_logits.onnx'],
  ])
    it(`pins a ${kind} ${stockFile.split('_')[0]} made at build time from each Whisper model's stock one`, () => {
      for (const model of ['whisper-tiny', 'whisper-base']) {
        const edited = Object.entries(manifest.files as Record<string, { edit?: { kind: string; of: string } }>).filter(
          ([, e]) => e.edit?.of === `Xenova/${model}/onnx/${stockFile}`,
        );
        expect(
          edited.map(([p, e]) => [p, e.edit?.kind]),
          model,
        ).toEqual([[`Xenova/${model}/onnx/${editedFile}`, kind]]);
      }
    });

  it('matches the files installed from npm, and the edits made from them, byte for byte', async () => {
    expect(await verifyModels()).toBe(19);
  });

  it('is what the app imports', () => {
    const source = readFileSync(new URL('../workers/shared/model-store.ts', import.meta.url), 'utf8');
    expect(source).toContain("from '../../models/manifest.json'");
  });
});
