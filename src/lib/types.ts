// The library's public types: the shape of the Web Speech API's SpeechRecognition, plus Earshot's options.
// Only types here: `npm run build:lib` emits this file as the bundle's declarations (dist-lib/types.d.ts).

export type EarshotModel = 'whisper-tiny' | 'whisper-base';
export type EarshotDevice = 'auto' | 'webgpu' | 'wasm';
export type EarshotProfile = 'balanced' | 'performance' | 'power-saver';

/** Earshot's own options (the Web Speech properties are set on the instance, as with SpeechRecognition). */
export interface EarshotRecognitionOptions {
  /** Whisper model; default: the profile's (`whisper-tiny`, or `whisper-base` for `performance`). */
  model?: EarshotModel;
  /** Where Whisper runs; default: the profile's (`auto` = WebGPU on a real GPU, else WebAssembly). */
  device?: EarshotDevice;
  /** A named set of speed/latency knobs (see the README's profile table); default `balanced`. */
  profile?: EarshotProfile;
  /** Words and names the speaker is likely to use (at most 100, each at most 64 characters). */
  vocabulary?: string[];
  /**
   * The folder that holds Earshot's `models/` and `ort/` folders, absolute or relative to the page; same
   * origin as the page. Default `/` (the origin's root).
   */
  assetsUrl?: string | URL;
  /** A microphone's `deviceId` from `enumerateDevices()`; default: the system's. */
  micDeviceId?: string;
}

/** One recognised text; Earshot gives one alternative, and does not estimate confidence (always 0). */
export interface EarshotRecognitionAlternative {
  readonly transcript: string;
  readonly confidence: number;
}

/** Like SpeechRecognitionResult: `[0]` (or `item(0)`) is the alternative; `isFinal` false while it may still change. */
export interface EarshotRecognitionResult {
  readonly length: number;
  readonly isFinal: boolean;
  item(index: number): EarshotRecognitionAlternative;
  readonly [index: number]: EarshotRecognitionAlternative;
  [Symbol.iterator](): IterableIterator<EarshotRecognitionAlternative>;
}

/** Like SpeechRecognitionResultList: every result of the session so far, finals then the interim one. */
export interface EarshotRecognitionResultList {
  readonly length: number;
  item(index: number): EarshotRecognitionResult;
  readonly [index: number]: EarshotRecognitionResult;
  [Symbol.iterator](): IterableIterator<EarshotRecognitionResult>;
}

/** Like SpeechRecognitionEvent: `results` from `resultIndex` on changed since the last `result` event. */
export interface EarshotRecognitionEvent extends Event {
  readonly resultIndex: number;
  readonly results: EarshotRecognitionResultList;
}

/** The Web Speech API's error codes that Earshot raises. */
export type EarshotRecognitionErrorCode = 'aborted' | 'audio-capture' | 'network' | 'not-allowed' | 'language-not-supported';

/** Like SpeechRecognitionErrorEvent. */
export interface EarshotRecognitionErrorEvent extends Event {
  readonly error: EarshotRecognitionErrorCode;
  /** What happened, in words. */
  readonly message: string;
}

export interface EarshotRecognitionEventMap {
  start: Event;
  audiostart: Event;
  soundstart: Event;
  speechstart: Event;
  result: EarshotRecognitionEvent;
  speechend: Event;
  soundend: Event;
  audioend: Event;
  end: Event;
  error: EarshotRecognitionErrorEvent;
}

export type EarshotRecognitionEventName = keyof EarshotRecognitionEventMap;
