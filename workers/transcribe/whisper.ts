// Whisper through transformers.js: load (verified, cached files from our origin), transcribe, unload.
// One decode path for every request (partial, final, packed backlog); the model can be unloaded when idle and
// reloaded from the cache while the processor and tokenizer stay.
import {
  AutoProcessor,
  AutoTokenizer,
  env,
  InterruptableStoppingCriteria,
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
import { EncoderContextError, encoderPositionsFor, flexibleEncoderContext, WHISPER_POSITIONS } from './encoder-context';

const ENCODER_FILE = '/onnx/encoder_model_quantized.onnx';
const SAMPLES_PER_POSITION = 320; // 2 mel frames of 160 samples

export interface WhisperOptions {
  model: ModelName;
  device: 'webgpu' | 'wasm';
  threads: number;
}

export interface DecodeOptions {
  language: string;
  /** Set on a retry after a repetition loop, as Whisper's fallback does; off by default (it harms real repeats). */
  noRepeatNgramSize?: number;
  /** Lets the caller stop token generation early (a stale partial making way for a final). */
  stop?: InterruptableStoppingCriteria;
  /** Give the encoder the full 30 s context (a retry after a loop: short contexts loop more easily). */
  fullContext?: boolean;
}

export interface Transcription {
  text: string;
  tokens: number;
}

/** Whether the loaded encoder accepts short contexts (false if the edit was refused: full 30 s then). */
let flexibleEncoder = false;

/**
 * The encoder is edited after its integrity check so it accepts fewer than 30 s of frames (whisper.cpp's
 * `audio_ctx`): a 5 s segment then costs about a third of the encoder time, with no WER cost at ≥ 15 s of
 * context (bench/encoder-context/README.md).
 */
function withShortContextEncoder(verified: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await verified(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!response.ok || !url.endsWith(ENCODER_FILE)) return response;
    const stock = new Uint8Array(await response.arrayBuffer());
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = flexibleEncoderContext(stock);
      flexibleEncoder = true;
    } catch (err) {
      if (!(err instanceof EncoderContextError)) throw err;
      bytes = stock;
      flexibleEncoder = false;
    }
    return new Response(bytes, { status: 200, headers: { 'Content-Length': String(bytes.byteLength) } });
  };
}

function configureEnvironment(options: WhisperOptions, onProgress?: ByteProgress) {
  env.allowRemoteModels = false; // never the hub: every file comes from /models/ and is verified
  env.allowLocalModels = true;
  env.localModelPath = MODELS_BASE;
  env.useBrowserCache = false; // model-store owns caching (versioned, integrity-checked)
  env.useWasmCache = false;
  env.fetch = withShortContextEncoder(createModelFetch(onProgress));
  const onnx = env.backends.onnx as { wasm?: { wasmPaths?: unknown; numThreads?: number } };
  if (onnx.wasm) {
    onnx.wasm.wasmPaths = absoluteWasmPaths();
    onnx.wasm.numThreads = options.threads;
  }
}

export class WhisperEngine {
  private model: WhisperForConditionalGeneration | null = null;
  private readonly id: string;
  readonly dtype: string;

  private constructor(
    readonly options: WhisperOptions,
    private readonly processor: Processor,
    private readonly tokenizer: PreTrainedTokenizer,
  ) {
    this.id = manifest.models[options.model].id;
    this.dtype = manifest.models[options.model].dtype;
  }

  static async create(options: WhisperOptions, onProgress?: ByteProgress): Promise<WhisperEngine> {
    configureEnvironment(options, onProgress);
    const id = manifest.models[options.model].id;
    const [processor, tokenizer] = await Promise.all([AutoProcessor.from_pretrained(id), AutoTokenizer.from_pretrained(id)]);
    const engine = new WhisperEngine(options, processor, tokenizer);
    await engine.load(onProgress);
    return engine;
  }

  get loaded(): boolean {
    return this.model !== null;
  }

  /** The threads onnxruntime really runs: it sets this to 1 when it falls back (no SharedArrayBuffer). */
  get threads(): number {
    return (env.backends.onnx as { wasm?: { numThreads?: number } }).wasm?.numThreads ?? 1;
  }

  /** Loads the weights (from Cache Storage after the first time) and warms up the kernels. */
  async load(onProgress?: ByteProgress): Promise<void> {
    if (this.model) return;
    configureEnvironment(this.options, onProgress);
    this.model = (await WhisperForConditionalGeneration.from_pretrained(this.id, {
      dtype: this.dtype as 'q8',
      device: this.options.device,
    })) as WhisperForConditionalGeneration;
    await this.transcribe(new Float32Array(16000), { language: 'en' }); // first run compiles kernels / shaders
  }

  /** Transcribes one window (≤ 30 s) of 16 kHz audio. */
  async transcribe(audio: Float32Array, options: DecodeOptions): Promise<Transcription> {
    if (!this.model) await this.load();
    const positions = options.fullContext || !flexibleEncoder ? WHISPER_POSITIONS : encoderPositionsFor(audio.length);
    // Features for exactly the frames the encoder will see (cheaper than 30 s and slicing).
    const extractor = this.processor.feature_extractor as unknown as { _call(a: Float32Array, o: { max_length: number }): Promise<{ input_features: Tensor }> };
    const { input_features } = await extractor._call(audio, { max_length: positions * SAMPLES_PER_POSITION });
    const output = (await this.model!.generate({
      inputs: input_features,
      ...(options.language === 'auto' ? {} : { language: options.language }),
      task: 'transcribe',
      max_new_tokens: maxNewTokensFor((audio.length / 16000) * 1000),
      ...(options.noRepeatNgramSize ? { no_repeat_ngram_size: options.noRepeatNgramSize, repetition_penalty: 1.1 } : {}),
      ...(options.stop ? { stopping_criteria: options.stop } : {}),
    } as Parameters<WhisperForConditionalGeneration['generate']>[0])) as Tensor;
    input_features.dispose();
    const [text] = this.tokenizer.batch_decode(output, { skip_special_tokens: true });
    const special = new Set((this.tokenizer.all_special_ids ?? []).map(Number));
    const tokens = (output.tolist() as Array<Array<bigint | number>>)[0].filter((t) => !special.has(Number(t))).length;
    output.dispose();
    return { text: cleanText(text ?? ''), tokens };
  }

  /** Frees the weights; the processor and tokenizer stay for a fast reload. */
  async unload(): Promise<void> {
    const model = this.model;
    this.model = null;
    await model?.dispose();
  }
}
