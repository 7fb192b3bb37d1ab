// The speech-to-text model seam: what the transcriber's runner needs from Whisper (whisper.ts implements it;
// tests use fakes).
import type { PromptText } from './prompt';

/** Lets the caller stop token generation early: whisper.ts ends the decode at its next step. */
export interface StopSignal {
  interrupt(): void;
  readonly interrupted: boolean;
}

export interface DecodeOptions {
  language: string;
  /** Set on a retry after a repetition loop, as Whisper's fallback does; off by default (it harms real repeats). */
  noRepeatNgramSize?: number;
  /** Lets the caller stop token generation early (a stale partial making way for a final). */
  stop?: StopSignal;
  /** Give the encoder the full 30 s context (a retry after a loop: short contexts loop more easily). */
  fullContext?: boolean;
  /** Words that come before this audio (and the user's vocabulary), given to Whisper as its previous text. */
  prompt?: PromptText;
  /**
   * Words this audio is known to start with (earlier decodes of it agreed on them: agreement.ts), forced as
   * the transcript's first tokens so only the rest is generated; the text returned includes them.
   */
  prefix?: string;
}

export interface Transcription {
  text: string;
  tokens: number;
}

export type Device = 'webgpu' | 'wasm';

export interface Engine {
  readonly device: Device;
  readonly dtype: string;
  /** Which encoder runs: `short-context` (edited at build time) or `stock` (30 s, the fallback). */
  readonly encoder: EncoderKind;
  /** Why the runtime refused the short-context encoder (at load or on the first run), or null. */
  readonly encoderRefused: string | null;
  /** wasm threads the runtime really runs (1 when it fell back without SharedArrayBuffer). */
  readonly threads: number;
  /** False while the weights are unloaded for idleness. */
  readonly loaded: boolean;
  load(): Promise<void>;
  /** Runs the model once, before any request: the first run is the slow one (code or shaders compiled). */
  warmUp(): Promise<void>;
  /** Transcribes one window (≤ 30 s) of 16 kHz audio. */
  transcribe(audio: Float32Array, options: DecodeOptions): Promise<Transcription>;
  unload(): Promise<void>;
}

export type EncoderKind = 'short-context' | 'stock';
