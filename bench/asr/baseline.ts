// The baseline behind `npm run bench:asr`: transformers.js used the common way, as most web demos do —
// `pipeline('automatic-speech-recognition', …)` called once per utterance, and `chunk_length_s: 30` over a
// long file. Same origin and model files (/models/) as Earshot, and the onnxruntime-web build transformers.js
// loads when left to itself (the asyncify one of `onnxruntime-web/webgpu`, served from our hashed assets);
// wasm with the library's default thread count. Driven from bench/asr/run.mjs.
import { env, pipeline, read_audio, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { absoluteWasmPaths } from '../../workers/shared/ort-env';
import type { BaselineCall, BenchModel } from './protocol';

const MODEL_IDS: Record<BenchModel, string> = { 'whisper-tiny': 'Xenova/whisper-tiny', 'whisper-base': 'Xenova/whisper-base' };
const SAMPLE_RATE = 16000;

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = '/models/';
const onnx = env.backends.onnx as { wasm?: { wasmPaths?: unknown; numThreads?: number } };
if (onnx.wasm) onnx.wasm.wasmPaths = absoluteWasmPaths('webgpu');

let transcriber: AutomaticSpeechRecognitionPipeline | null = null;

export interface CallOptions {
  /** Long files: the pipeline's own windowing. */
  chunked?: boolean;
}

const api = {
  /** Creates the pipeline; returns how long that took. */
  async load(model: BenchModel): Promise<{ ms: number; threads: number | null }> {
    const started = performance.now();
    transcriber = await pipeline('automatic-speech-recognition', MODEL_IDS[model], { dtype: 'q8', device: 'wasm' });
    const ms = performance.now() - started;
    return { ms, threads: typeof onnx.wasm?.numThreads === 'number' ? onnx.wasm.numThreads : null };
  },

  /** One pipeline call on one file; the audio is fetched and decoded before the clock starts. */
  async transcribe(url: string, options: CallOptions = {}): Promise<BaselineCall> {
    if (!transcriber) throw new Error('load() the baseline model first');
    const audio = await read_audio(url, SAMPLE_RATE);
    const started = performance.now();
    const out = await transcriber(audio, {
      language: 'en',
      task: 'transcribe',
      ...(options.chunked ? { chunk_length_s: 30, stride_length_s: 5 } : {}),
    });
    const ms = performance.now() - started;
    const text = (Array.isArray(out) ? out : [out])
      .map((o) => o.text)
      .join(' ')
      .trim();
    return { text, ms, audioMs: (audio.length / SAMPLE_RATE) * 1000 };
  },
};

declare global {
  interface Window {
    asrBaseline: typeof api;
  }
}

window.asrBaseline = api;
