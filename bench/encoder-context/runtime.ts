// onnxruntime-web (wasm, as in the browser) for node, and transformers.js bound to it instead of
// onnxruntime-node, so the benchmarks run the same kernels the app runs.
import * as ort from 'onnxruntime-web';
import { resolve } from 'node:path';

export { ort };

export function setupOrt(threads: number): void {
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.wasmPaths = resolve('node_modules/onnxruntime-web/dist') + '/';
  ort.env.logLevel = 'error';
}

export async function loadTransformers(modelsDir: string) {
  (globalThis as Record<symbol, unknown>)[Symbol.for('onnxruntime')] = ort; // must precede the import
  const t = await import('@huggingface/transformers');
  t.env.allowRemoteModels = false;
  t.env.allowLocalModels = true;
  t.env.localModelPath = modelsDir + '/';
  t.env.useBrowserCache = false;
  t.env.useFSCache = false;
  return t;
}

/** What the decode benches need of transformers.js, typed as far as they use it. */
export interface WhisperBench {
  model: { generate: (a: unknown) => Promise<{ tolist(): bigint[][]; dispose(): void }> };
  features: (a: Float32Array, o?: { max_length?: number }) => Promise<{ input_features: { dispose(): void } }>;
  /** The processor's feature extractor itself: its window and mel filters (workers/transcribe/log-mel.ts). */
  extractor: { window: Float64Array; config: { mel_filters: number[][] } };
  tokenizer: { encode(s: string, o: object): number[]; decode(ids: number[], o: object): string };
  /** A special token's id. */
  id: (token: string) => number;
  /** `<|startoftranscript|> <|en|> <|transcribe|> <|notimestamps|>`, as workers/transcribe/whisper.ts starts. */
  start: number[];
  special: Set<number>;
}

/**
 * `Xenova/<model>` (q8) from `modelsDir` on the wasm EP, with its processor and tokenizer. `extra`: onnxruntime
 * session config entries, e.g. `{ session: { disable_quant_qdq: '1' } }`.
 */
export async function loadWhisper(modelsDir: string, model: string, extra?: Record<string, unknown>): Promise<WhisperBench> {
  const t = await loadTransformers(modelsDir);
  const m = (await t.WhisperForConditionalGeneration.from_pretrained(`Xenova/${model}`, {
    dtype: 'q8',
    device: 'auto', // with onnxruntime-web injected in node, transformers.js lists no devices; the EP comes from here:
    session_options: { executionProviders: ['wasm'], ...(extra ? { extra } : {}) },
  })) as unknown as WhisperBench['model'];
  const processor = (await t.AutoProcessor.from_pretrained(`Xenova/${model}`)) as unknown as {
    feature_extractor: WhisperBench['features'] & WhisperBench['extractor'];
  };
  const tokenizer = (await t.AutoTokenizer.from_pretrained(`Xenova/${model}`)) as unknown as WhisperBench['tokenizer'] & {
    convert_tokens_to_ids(t: string): number;
    all_special_ids: number[];
  };
  const id = (token: string) => tokenizer.convert_tokens_to_ids(token);
  return {
    model: m,
    features: (a, o) => processor.feature_extractor(a, o),
    extractor: processor.feature_extractor,
    tokenizer,
    id,
    start: ['<|startoftranscript|>', '<|en|>', '<|transcribe|>', '<|notimestamps|>'].map(id),
    special: new Set(tokenizer.all_special_ids.map(Number)),
  };
}
