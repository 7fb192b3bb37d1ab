// Tier 2 of the VAD: Silero v5 through onnxruntime-web (wasm, one thread).
import * as ort from 'onnxruntime-web/webgpu';
import { FRAME_SAMPLES } from './segmenter';
import type { SpeechModel } from './tiered-vad';

const CONTEXT_SAMPLES = 64; // v5 sees the tail of the previous frame, as silero-vad's OnnxWrapper does
const STATE_SIZE = 2 * 1 * 128;

export class SileroVad implements SpeechModel {
  // Input buffers are reused: ort copies inputs into wasm memory on every run.
  private readonly input = new Float32Array(CONTEXT_SAMPLES + FRAME_SAMPLES);
  private readonly inputTensor = new ort.Tensor('float32', this.input, [1, CONTEXT_SAMPLES + FRAME_SAMPLES]);
  private readonly sr = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
  private state: ort.Tensor = SileroVad.zeroState();

  private constructor(private readonly session: ort.InferenceSession) {}

  /** `wasmPaths`: the plain runtime build (never the WebGPU one), from the caller, so node can run this too. */
  static async create(model: ArrayBuffer, wasmPaths: ort.Env.WasmPrefixOrFilePaths): Promise<SileroVad> {
    ort.env.wasm.wasmPaths = wasmPaths;
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'error';
    const session = await ort.InferenceSession.create(new Uint8Array(model), {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    });
    return new SileroVad(session);
  }

  private static zeroState(): ort.Tensor {
    return new ort.Tensor('float32', new Float32Array(STATE_SIZE), [2, 1, 128]);
  }

  async probability(frame: Float32Array): Promise<number> {
    this.input.copyWithin(0, FRAME_SAMPLES); // last 64 samples of the previous frame become the context
    this.input.set(frame, CONTEXT_SAMPLES);
    const out = await this.session.run({ input: this.inputTensor, state: this.state, sr: this.sr });
    this.state.dispose();
    this.state = out.stateN;
    const p = (out.output.data as Float32Array)[0];
    out.output.dispose();
    return p;
  }

  reset(): void {
    this.input.fill(0);
    this.state.dispose();
    this.state = SileroVad.zeroState();
  }

  async release(): Promise<void> {
    await this.session.release();
    this.state.dispose();
  }
}
