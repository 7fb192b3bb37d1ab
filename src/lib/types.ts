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
  /** Words and names the speaker is likely to use (the Vocabulary setting's rules: at most 30, each at most 40 characters). */
  vocabulary?: string[];
  /**
   * The folder that holds Earshot's `models/` folder, absolute or relative to the page; same
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

type Handler<K extends EarshotRecognitionEventName> = ((this: EarshotRecognitionApi, ev: EarshotRecognitionEventMap[K]) => unknown) | null;

/** An EarshotRecognition instance: SpeechRecognition's members, plus `load()` and `dispose()`. */
export interface EarshotRecognitionApi extends EventTarget {
  /** BCP 47 language of the speech (`en-US`); empty: the page's `<html lang>`, or detection when that is empty too. */
  lang: string;
  /** false (default): stop after the first final result; true: keep listening until stop(). */
  continuous: boolean;
  /** Report interim (not yet final) results too; default false. */
  interimResults: boolean;
  /** Always 1: Whisper gives one transcript. */
  maxAlternatives: number;
  /** Accepted for compatibility and ignored. */
  grammars: unknown;
  onstart: Handler<'start'>;
  onaudiostart: Handler<'audiostart'>;
  onsoundstart: Handler<'soundstart'>;
  onspeechstart: Handler<'speechstart'>;
  onresult: Handler<'result'>;
  onspeechend: Handler<'speechend'>;
  onsoundend: Handler<'soundend'>;
  onaudioend: Handler<'audioend'>;
  onend: Handler<'end'>;
  onerror: Handler<'error'>;
  /** Starts a session (loading the models first if needed); throws InvalidStateError while one runs. */
  start(): void;
  /** Stops listening; the speech heard so far still becomes results, then `end`. */
  stop(): void;
  /** Stops at once: no more results; `error` (`aborted`), then `end`. */
  abort(): void;
  /** Earshot's addition: loads the models now, so the first start() listens at once. Rejects with the reason. */
  load(): Promise<void>;
  /** Earshot's addition: ends any session and frees the models and workers. */
  dispose(): Promise<void>;
  addEventListener<K extends EarshotRecognitionEventName>(
    type: K,
    listener: (this: EarshotRecognitionApi, ev: EarshotRecognitionEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends EarshotRecognitionEventName>(
    type: K,
    listener: (this: EarshotRecognitionApi, ev: EarshotRecognitionEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

export interface EarshotRecognitionConstructor {
  /** Throws a TypeError naming any option that is not valid. */
  new (options?: EarshotRecognitionOptions): EarshotRecognitionApi;
  readonly prototype: EarshotRecognitionApi;
}
