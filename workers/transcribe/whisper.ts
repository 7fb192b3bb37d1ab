// Whisper through transformers.js: load (verified, cached files from our origin), transcribe, dispose.
// One decode path for every request.
import {
  AutoProcessor,
  AutoTokenizer,
  env,
  WhisperForConditionalGeneration,
  type PreTrainedTokenizer,
  type Processor,
  type Tensor,
} from '@huggingface/transformers';
import manifest from '../../models/manifest.json';
import type { ModelName } from '../protocol';
import { createModelFetch, MODELS_BASE, type ByteProgress } from '../shared/model-store';
import { absoluteWasmPaths } from '../shared/ort-env';
import { cleanText, maxNewTokensFor } from './decode-policy';

export interface WhisperOptions {
  model: ModelName;
  device: 'webgpu' | 'wasm';
  threads: number;
}

export interface Transcription {
  text: string;
  tokens: number;
  inferMs: number;
}

export class WhisperEngine {
  private constructor(
    readonly options: WhisperOptions,
    readonly dtype: string,
    private readonly model: WhisperForConditionalGeneration,
    private readonly processor: Processor,
    private readonly tokenizer: PreTrainedTokenizer,
  ) {}

  static async load(options: WhisperOptions, onProgress?: ByteProgress): Promise<WhisperEngine> {
    env.allowRemoteModels = false; // never the hub: every file comes from /models/ and is verified
    env.allowLocalModels = true;
    env.localModelPath = MODELS_BASE;
    env.useBrowserCache = false; // model-store owns caching (versioned, integrity-checked)
    env.useWasmCache = false;
    env.fetch = createModelFetch(onProgress);
    const onnx = env.backends.onnx as { wasm?: { wasmPaths?: unknown; numThreads?: number }; logLevel?: string };
    if (onnx.wasm) {
      onnx.wasm.wasmPaths = absoluteWasmPaths();
      onnx.wasm.numThreads = options.threads;
    }
    const id = manifest.models[options.model].id;
    const dtype = manifest.models[options.model].dtype;
    const [model, processor, tokenizer] = await Promise.all([
      WhisperForConditionalGeneration.from_pretrained(id, { dtype: dtype as 'q8', device: options.device }),
      AutoProcessor.from_pretrained(id),
      AutoTokenizer.from_pretrained(id),
    ]);
    const engine = new WhisperEngine(options, dtype, model as WhisperForConditionalGeneration, processor, tokenizer);
    await engine.transcribe(new Float32Array(16000), 'en'); // warm-up: first run compiles kernels / shaders
    return engine;
  }

  async transcribe(audio: Float32Array, language: string): Promise<Transcription> {
    const started = performance.now();
    const { input_features } = (await this.processor(audio)) as { input_features: Tensor };
    const output = (await this.model.generate({
      inputs: input_features,
      ...(language === 'auto' ? {} : { language }),
      task: 'transcribe',
      max_new_tokens: maxNewTokensFor((audio.length / 16000) * 1000),
      no_repeat_ngram_size: 0,
    } as Parameters<WhisperForConditionalGeneration['generate']>[0])) as Tensor;
    input_features.dispose();
    const ids = output.tolist() as bigint[][];
    const text = cleanText(this.tokenizer.batch_decode(output, { skip_special_tokens: true })[0] ?? '');
    output.dispose();
    return { text, tokens: ids[0]?.length ?? 0, inferMs: performance.now() - started };
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
