// Whisper through transformers.js: load (verified, cached files from our origin), transcribe, unload.
// One decode path for every request (partial, final, packed backlog); the model can be unloaded when idle and
// reloaded from the cache while the mel filters and tokenizer stay.
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
import { createModelFetch, editsUnder, ModelIntegrityError, type ByteProgress } from '../shared/model-store';
import type { AssetUrls } from '../shared/asset-urls';
import { absoluteWasmPaths } from '../shared/ort-env';
import { cleanText, maxNewTokensFor } from './decode-policy';
import { promptTokens } from './prompt';
import type { DecodeOptions, Engine, EncoderKind, StopSignal, Transcription } from './engine';
import { encoderPositionsFor, WHISPER_POSITIONS } from './encoder-context';
import { EndOnInterrupt, StopLastList } from './end-on-interrupt';
import { yieldBeforeRuns } from './yield-between-runs';
import { whisperFeatures } from './features';
import { LogMel, type MelSource } from './log-mel';

/**
 * Encoder context of the first run on wasm. A short run compiles the same code as a long one and leaves the CPU
 * to the rest of the load (BENCHMARKS.md, "A shorter first run, after ready").
 */
const WARM_UP_POSITIONS = 64;

export interface WhisperOptions {
  model: ModelName;
  device: 'webgpu' | 'wasm';
  threads: number;
  /** Where the model files and the wasm runtime are served from. */
  assets: AssetUrls;
}

/**
 * The build's short-context encoder for this model (scripts/model-assets.mjs edits the stock one so it accepts
 * fewer than 30 s of frames, like whisper.cpp's `audio_ctx`): a 5 s segment then costs about a third of the
 * encoder time, with no WER cost at ≥ 15 s of context (bench/encoder-context/README.md). Loaded, verified, in
 * place of the stock file transformers.js asks for; none: the stock encoder.
 */
function shortContextEncoder(id: string): Record<string, string> {
  return editsUnder(`${id}/`, 'short-context');
}

/**
 * The edited files loaded with the short-context encoder: it and the decoder that projects only the last
 * position with its table dequantized once (decoder-logits.ts: a decode no longer pays for every prompt
 * position's logits, nor a step for the table's dequantization). They stand or
 * fall together: when the runtime refuses either, both stock files are loaded.
 */
function editedModel(id: string): Record<string, string> {
  return { ...shortContextEncoder(id), ...editsUnder(`${id}/`, 'last-logits') };
}

function configureEnvironment(options: WhisperOptions, loadInstead: Record<string, string>, onProgress?: ByteProgress) {
  env.allowRemoteModels = false; // never the hub: every file comes from our models folder and is verified
  env.allowLocalModels = true;
  // A path, not a URL: transformers.js treats an http(s) local path as remote (the folder is on our origin).
  env.localModelPath = new URL(options.assets.models).pathname;
  env.useBrowserCache = false; // model-store owns caching (versioned, integrity-checked)
  env.useWasmCache = false;
  env.fetch = createModelFetch(onProgress, options.assets.models, loadInstead);
  const onnx = env.backends.onnx as { wasm?: { wasmPaths?: unknown; numThreads?: number } };
  if (onnx.wasm) {
    // Read once per worker, when onnxruntime-web starts: a fallback from WebGPU keeps the build it started with.
    onnx.wasm.wasmPaths = absoluteWasmPaths(options.device === 'webgpu' ? 'webgpu' : 'cpu');
    onnx.wasm.numThreads = options.threads;
  }
}

export class WhisperEngine implements Engine {
  private model: WhisperForConditionalGeneration | null = null;
  /** The decode under way's stop signal, when it can be stopped. */
  private stop: StopSignal | null = null;
  private readonly id: string;
  readonly dtype: string;
  /** Falls back to `stock` for good when the runtime refuses the edited encoder. */
  encoder: EncoderKind;
  /** Why the short-context encoder is not running (the runner logs it; Diagnostics shows `stock`), or null. */
  encoderRefused: string | null = null;

  private tokenizer!: PreTrainedTokenizer;
  /** The features, from the processor's own window and mel filters. */
  private mel!: LogMel;

  private constructor(readonly options: WhisperOptions) {
    this.id = manifest.models[options.model].id;
    this.dtype = manifest.models[options.model].dtype;
    this.encoder = Object.keys(shortContextEncoder(this.id)).length ? 'short-context' : 'stock';
  }

  static async create(options: WhisperOptions, onProgress?: ByteProgress): Promise<WhisperEngine> {
    configureEnvironment(options, {}, onProgress);
    const id = manifest.models[options.model].id;
    const engine = new WhisperEngine(options);
    // Building the tokenizer costs about a second of CPU on a slow machine: it overlaps the model's download.
    const [processor, tokenizer] = await Promise.all([
      AutoProcessor.from_pretrained(id),
      AutoTokenizer.from_pretrained(id),
      engine.load(onProgress),
    ]);
    engine.mel = new LogMel((processor as Processor).feature_extractor as unknown as MelSource);
    engine.tokenizer = tokenizer;
    return engine;
  }

  get device(): 'webgpu' | 'wasm' {
    return this.options.device;
  }

  get loaded(): boolean {
    return this.model !== null;
  }

  /** The threads onnxruntime really runs: it sets this to 1 when it falls back (no SharedArrayBuffer). */
  get threads(): number {
    return (env.backends.onnx as { wasm?: { numThreads?: number } }).wasm?.numThreads ?? 1;
  }

  /**
   * Loads the weights (from Cache Storage after the first time). When the runtime refuses the short-context
   * encoder or it is missing from the server, the stock encoder takes over for good.
   */
  async load(onProgress?: ByteProgress): Promise<void> {
    if (this.model) return;
    if (this.encoder === 'short-context') {
      try {
        return await this.loadWith('short-context', onProgress);
      } catch (err) {
        if (err instanceof ModelIntegrityError) throw err; // a damaged file is refused, never worked around
        await this.refuseEdited(err);
      }
    }
    await this.loadWith('stock', onProgress);
  }

  /**
   * Runs the model once on a second of silence. The first run is slow (the runtime's hot code is compiled as
   * it runs, or the GPU's shaders), so it is better spent before anyone speaks. A runtime that refuses the
   * short-context encoder only when it runs hands over to the stock one here.
   */
  async warmUp(): Promise<void> {
    const silence = new Float32Array(16000);
    // A GPU compiles shaders per shape: there the first run has the shape most segments will have.
    const positions = this.device === 'wasm' ? WARM_UP_POSITIONS : encoderPositionsFor(silence.length);
    try {
      await this.run(silence, { language: 'en' }, positions);
    } catch (err) {
      if (this.encoder !== 'short-context') throw err;
      await this.refuseEdited(err);
      await this.loadWith('stock');
      await this.run(silence, { language: 'en' }, positions);
    }
  }

  private async refuseEdited(err: unknown): Promise<void> {
    await this.unload().catch(() => undefined);
    this.encoder = 'stock';
    this.encoderRefused = (err as Error)?.message ?? String(err); // the runner logs it; Diagnostics shows `stock`
  }

  private async loadWith(encoder: EncoderKind, onProgress?: ByteProgress): Promise<void> {
    configureEnvironment(this.options, encoder === 'short-context' ? editedModel(this.id) : {}, onProgress);
    this.model = (await WhisperForConditionalGeneration.from_pretrained(this.id, {
      dtype: this.dtype as 'q8',
      device: this.options.device,
    })) as WhisperForConditionalGeneration;
    // A decode that can be stopped lets the worker's messages in between its steps (the stop comes by message).
    yieldBeforeRuns((this.model as unknown as { sessions: Parameters<typeof yieldBeforeRuns>[0] }).sessions, {
      interruptible: () => this.stop !== null,
      stopped: () => this.stop?.interrupted === true,
    });
  }

  /** Transcribes one window (≤ 30 s) of 16 kHz audio. */
  async transcribe(audio: Float32Array, options: DecodeOptions): Promise<Transcription> {
    return this.run(audio, options, options.fullContext ? WHISPER_POSITIONS : encoderPositionsFor(audio.length));
  }

  /** One decode with `positions` of encoder context (the stock encoder always takes all 1500). */
  private async run(audio: Float32Array, options: DecodeOptions, wanted: number): Promise<Transcription> {
    if (!this.model) await this.load();
    const positions = this.encoder === 'stock' ? WHISPER_POSITIONS : wanted;
    // Features for exactly the frames the encoder will see, computed only where there is audio.
    const input_features = whisperFeatures(this.mel, audio, positions);
    const forced = this.encode(options.prefix ?? '');
    const decoderInput = [...this.decoderInput(options), ...forced];
    this.stop = options.stop ?? null;
    const output = (await this.model!.generate({
      inputs: input_features,
      // transformers.js 4.3.1 has no `prompt_ids`: the prompt goes in as Whisper's own previous-text prefix.
      decoder_input_ids: decoderInput,
      // The forced words count against the budget: a loop after them is caught as one without them would be.
      max_new_tokens: Math.max(1, maxNewTokensFor((audio.length / 16000) * 1000) - forced.length),
      ...(options.noRepeatNgramSize ? { no_repeat_ngram_size: options.noRepeatNgramSize, repetition_penalty: 1.1 } : {}),
      ...(options.stop ? { logits_processor: this.endOnInterrupt(options.stop) } : {}),
    } as Parameters<WhisperForConditionalGeneration['generate']>[0])) as Tensor;
    input_features.dispose();
    // The output repeats the decoder's input (prompt included) before the new tokens: those and the forced words are text.
    const generated = (output.tolist() as Array<Array<bigint | number>>)[0].slice(decoderInput.length - forced.length).map(Number);
    output.dispose();
    const special = new Set((this.tokenizer.all_special_ids ?? []).map(Number));
    const spoken = generated.filter((t) => !special.has(t));
    // None: a decode stopped before its first word (the tokenizer refuses an empty list).
    if (!spoken.length) return { text: '', tokens: 0 };
    return { text: cleanText(this.tokenizer.decode(spoken, { skip_special_tokens: true }) ?? ''), tokens: spoken.length };
  }

  /**
   * `<|startofprev|> prompt… <|startoftranscript|> <|lang|> <|transcribe|> <|notimestamps|>`, as Whisper was
   * trained (and as Hugging Face's `prompt_ids` builds it); without a prompt, only the part from
   * `<|startoftranscript|>`. Language `auto` decodes as English, as transformers.js does without one.
   */
  private decoderInput(options: DecodeOptions): number[] {
    const id = (token: string) => this.tokenId(token);
    const language = options.language === 'auto' ? 'en' : options.language;
    const start = [id('<|startoftranscript|>'), id(`<|${language}|>`), id('<|transcribe|>'), id('<|notimestamps|>')];
    const prompt = options.prompt ? promptTokens(this.encode(options.prompt.vocabulary), this.encode(options.prompt.previous)) : [];
    return prompt.length ? [id('<|startofprev|>'), ...prompt, ...start] : start;
  }

  private tokenId(token: string): number {
    const n = this.tokenizer.convert_tokens_to_ids(token);
    if (typeof n !== 'number') throw new Error(`Whisper's tokenizer has no ${token}`);
    return n;
  }

  private endOnInterrupt(stop: StopSignal): StopLastList {
    return new StopLastList(new EndOnInterrupt(stop, this.tokenId('<|endoftext|>')));
  }

  private encode(text: string): number[] {
    const t = text.trim();
    return t ? this.tokenizer.encode(` ${t}`, { add_special_tokens: false }) : [];
  }

  /** Frees the weights; the mel filters and tokenizer stay for a fast reload. */
  async unload(): Promise<void> {
    const model = this.model;
    this.model = null;
    await model?.dispose();
  }
}
