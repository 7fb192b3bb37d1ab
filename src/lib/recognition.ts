// EarshotRecognition: the Web Speech API's SpeechRecognition, run by Earshot's pipeline in the page.
//
// Event sequence of one session (start() to end), as the spec orders it:
//   start → audiostart → [soundstart → speechstart] → result* → [speechend → soundend] → audioend → result* → end
// with `error` (then audioend if audio had started, then end) in place of the rest when something fails,
// and `error: aborted` → audioend → end at once on abort(). Results: single-shot (continuous = false) ends
// after the first final result (capture stops when that speech ends); continuous goes on until stop().
// Interim results (interimResults = true) sit at the end of the list and are replaced by their final one.
import type { PipelineEvent, SourceId } from '../../workers/protocol';
import { Pipeline, type PipelineOptions } from '../pipeline/pipeline';
import { microphoneErrorMessage, modelLoadErrorMessage } from '../errors';
import { pipelineOptions, validateOptions, whisperLanguage, type ResolvedOptions } from './options';
import { ResultList } from './results';
import type {
  EarshotRecognitionApi,
  EarshotRecognitionConstructor,
  EarshotRecognitionErrorCode,
  EarshotRecognitionErrorEvent,
  EarshotRecognitionEvent,
  EarshotRecognitionEventMap,
  EarshotRecognitionEventName,
  EarshotRecognitionOptions,
} from './types';

/** The pipeline as the recogniser uses it: the seam tests replace. `Pipeline` is the real one. */
export interface RecognitionEngine {
  load(): Promise<void>;
  /** Opens the microphone; resolves to the session's source id (its events carry it). */
  startLive(onMicEnded: () => void, deviceId?: string): Promise<SourceId>;
  /** Closes the microphone (then `onCaptureClosed`), and resolves once the session's last text is out. */
  stopLive(onCaptureClosed?: () => void): Promise<void>;
  dispose(): Promise<void>;
}

export type EngineFactory = (options: PipelineOptions, onEvent: (event: PipelineEvent) => void) => RecognitionEngine;

const pipelineFactory: EngineFactory = (options, onEvent) => new Pipeline(options, onEvent);

const EVENT_NAMES: EarshotRecognitionEventName[] = [
  'start',
  'audiostart',
  'soundstart',
  'speechstart',
  'result',
  'speechend',
  'soundend',
  'audioend',
  'end',
  'error',
];

interface Session {
  source: SourceId | null;
  /** `continuous` as it was at start(); a change applies to the next session. */
  continuous: boolean;
  results: ResultList;
  audioStarted: boolean;
  speechStarted: boolean;
  /** stop() was called (or single-shot is done): no new speech is taken. */
  stopping: boolean;
  /** end has fired: nothing more is dispatched for this session. */
  ended: boolean;
}

interface Engine {
  key: string;
  instance: RecognitionEngine;
  loaded: Promise<void>;
}

function errorEvent(error: EarshotRecognitionErrorCode, message: string): EarshotRecognitionErrorEvent {
  return Object.assign(new Event('error'), { error, message });
}

function micErrorCode(err: unknown): EarshotRecognitionErrorCode {
  const name = (err as { name?: string })?.name;
  return name === 'NotAllowedError' || name === 'SecurityError' ? 'not-allowed' : 'audio-capture';
}

export class EarshotRecognition extends EventTarget implements EarshotRecognitionApi {
  /** BCP 47 language of the speech (`en-US`); empty: the page's `<html lang>`, or detection when that is empty too. */
  lang = '';
  /** false: stop after the first final result; true: keep listening until stop(). */
  continuous = false;
  /** Report interim (not yet final) results too. */
  interimResults = false;
  /** Kept for compatibility; ignored (SpeechGrammarList is not supported). */
  grammars: unknown = null;

  onstart: EarshotRecognitionApi['onstart'] = null;
  onaudiostart: EarshotRecognitionApi['onaudiostart'] = null;
  onsoundstart: EarshotRecognitionApi['onsoundstart'] = null;
  onspeechstart: EarshotRecognitionApi['onspeechstart'] = null;
  onresult: EarshotRecognitionApi['onresult'] = null;
  onspeechend: EarshotRecognitionApi['onspeechend'] = null;
  onsoundend: EarshotRecognitionApi['onsoundend'] = null;
  onaudioend: EarshotRecognitionApi['onaudioend'] = null;
  onend: EarshotRecognitionApi['onend'] = null;
  onerror: EarshotRecognitionApi['onerror'] = null;

  private readonly options: ResolvedOptions;
  private readonly createEngine: EngineFactory;
  private engine: Engine | null = null;
  private session: Session | null = null;
  /** The pipeline work of earlier sessions (closing the mic, draining): a new session starts after it. */
  private settled: Promise<void> = Promise.resolve();

  constructor(options: EarshotRecognitionOptions = {}, edges: { engine?: EngineFactory } = {}) {
    super();
    this.options = validateOptions(options, globalThis.location?.href ?? 'http://localhost/');
    this.createEngine = edges.engine ?? pipelineFactory;
    // The on<event> properties: one listener each, registered first (as an event handler attribute set early is).
    for (const name of EVENT_NAMES) {
      this.addEventListener(name, (e) => {
        const handler = this[`on${name}`] as ((this: EarshotRecognitionApi, ev: Event) => unknown) | null;
        if (typeof handler === 'function') handler.call(this, e);
      });
    }
  }

  // Typed per event name, as SpeechRecognition's are.
  override addEventListener<K extends EarshotRecognitionEventName>(
    type: K,
    listener: (this: EarshotRecognitionApi, ev: EarshotRecognitionEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
  }

  override removeEventListener<K extends EarshotRecognitionEventName>(
    type: K,
    listener: (this: EarshotRecognitionApi, ev: EarshotRecognitionEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void {
    super.removeEventListener(type, listener, options);
  }

  /** Always 1: Whisper gives one transcript. */
  get maxAlternatives(): number {
    return 1;
  }

  set maxAlternatives(_n: number) {
    // Accepted and ignored, as SpeechRecognition does for values it cannot honour.
  }

  /**
   * Earshot's addition: loads the models now (downloaded once, then from the cache) so the first start()
   * listens at once. start() loads them itself when this was not called. Rejects with the reason.
   */
  async load(): Promise<void> {
    // A running session already has its pipeline; a changed lang applies from the next start().
    if (this.session) return;
    const language = this.language();
    if (!language) throw new Error(`Earshot cannot recognise the language "${this.lang}".`);
    await this.engineFor(language);
  }

  /** Starts a session; throws InvalidStateError if one is running (as SpeechRecognition does). */
  start(): void {
    if (this.session) throw new DOMException('Recognition has already started.', 'InvalidStateError');
    const session: Session = {
      source: null,
      continuous: this.continuous,
      results: new ResultList({ continuous: this.continuous, interimResults: this.interimResults }),
      audioStarted: false,
      speechStarted: false,
      stopping: false,
      ended: false,
    };
    this.session = session;
    this.settled = this.settled.then(() => this.open(session));
  }

  /** Stops listening; the speech heard so far still becomes results, then `end`. */
  stop(): void {
    const s = this.session;
    if (!s) return;
    if (!s.source) return this.finish(s); // not listening yet: nothing was heard
    this.close(s);
  }

  /** Stops at once: no more results; `error` (aborted), then `end`. */
  abort(): void {
    const s = this.session;
    if (s) this.finish(s, errorEvent('aborted', 'Recognition was aborted.'));
  }

  /** Earshot's addition: ends any session and frees the models and workers. */
  async dispose(): Promise<void> {
    this.abort();
    await this.settled;
    await this.engine?.instance.dispose();
    this.engine = null;
  }

  private language(): string | null {
    return whisperLanguage(this.lang || globalThis.document?.documentElement?.lang || '');
  }

  /** The loaded pipeline for these options and language (a new one if the language changed). */
  private async engineFor(language: string): Promise<RecognitionEngine> {
    const options = pipelineOptions(this.options, language);
    const key = JSON.stringify(options);
    if (this.engine?.key !== key) {
      const old = this.engine;
      this.engine = null;
      await old?.instance.dispose();
      const instance = this.createEngine(options, (e) => this.route(instance, e));
      this.engine = { key, instance, loaded: instance.load() };
    }
    const engine = this.engine;
    try {
      await engine.loaded;
    } catch (err) {
      if (this.engine === engine) this.engine = null; // the next start tries again
      await engine.instance.dispose().catch(() => undefined);
      throw err;
    }
    return engine.instance;
  }

  private async open(s: Session): Promise<void> {
    const language = this.language();
    if (!language) return this.finish(s, errorEvent('language-not-supported', `Earshot cannot recognise the language "${this.lang}".`));
    let engine: RecognitionEngine;
    try {
      engine = await this.engineFor(language);
    } catch (err) {
      return this.finish(s, errorEvent('network', modelLoadErrorMessage(err)));
    }
    if (s.ended) return;
    try {
      s.source = await engine.startLive(() => this.onMicEnded(s), this.options.micDeviceId || undefined);
    } catch (err) {
      return this.finish(s, errorEvent(micErrorCode(err), microphoneErrorMessage(err)));
    }
    if (s.ended) {
      await engine.stopLive(); // stopped or aborted while the microphone opened
      return;
    }
    s.audioStarted = true;
    this.fire('start');
    this.fire('audiostart');
  }

  /** Stops capture; results of what was heard still arrive; `end` once the pipeline has drained. */
  private close(s: Session): void {
    if (s.stopping || s.ended) return;
    s.stopping = true;
    if (s.speechStarted) {
      this.fire('speechend');
      this.fire('soundend');
    }
    const engine = this.engine?.instance;
    this.settled = this.settled
      .then(() =>
        engine?.stopLive(() => {
          if (s.ended || !s.audioStarted) return;
          s.audioStarted = false;
          this.fire('audioend');
        }),
      )
      .catch(() => undefined)
      .then(() => this.finish(s));
  }

  private onMicEnded(s: Session): void {
    if (s.ended) return;
    this.dispatchEvent(errorEvent('audio-capture', 'The microphone stopped (unplugged or switched off).'));
    this.close(s);
  }

  /** Ends the session (once): `error` if any, `audioend` if audio was still open, then `end`. */
  private finish(s: Session, error?: EarshotRecognitionErrorEvent): void {
    if (s.ended) return;
    s.ended = true;
    if (this.session === s) this.session = null; // before `end`: an onend handler may start() again
    if (s.source && !s.stopping) {
      s.stopping = true;
      const engine = this.engine?.instance;
      this.settled = this.settled.then(() => engine?.stopLive()).catch(() => undefined); // its events are ignored now
    }
    if (error) this.dispatchEvent(error);
    if (s.audioStarted) {
      s.audioStarted = false;
      this.fire('audioend');
    }
    this.fire('end');
  }

  private route(from: RecognitionEngine, e: PipelineEvent): void {
    if (this.engine?.instance !== from) return; // a pipeline that was replaced
    if (e.type === 'error') {
      if (!e.fatal) return; // the pipeline recovered on its own
      const engine = this.engine;
      this.engine = null;
      void engine.instance.dispose().catch(() => undefined);
      if (this.session) this.finish(this.session, errorEvent('network', e.message));
      return;
    }
    const s = this.session;
    if (!s || s.ended || !('source' in e) || e.source !== s.source) return;
    switch (e.type) {
      case 'speech-start':
        if (s.speechStarted || s.stopping) return;
        s.speechStarted = true;
        this.fire('soundstart');
        this.fire('speechstart');
        return;
      case 'speech-end':
        if (!s.continuous) this.close(s); // single-shot: that speech is the utterance
        return;
      case 'partial':
        return this.publish(s, s.results.partial(e.id, e.text));
      case 'final': {
        this.publish(s, s.results.final(e.id, e.text, e.replaces, e.startMs));
        if (s.results.complete) this.close(s);
        return;
      }
      case 'drained':
        return;
      default:
        e satisfies never;
    }
  }

  private publish(s: Session, resultIndex: number | null): void {
    if (resultIndex === null) return;
    const event: EarshotRecognitionEvent = Object.assign(new Event('result'), { resultIndex, results: s.results.snapshot() });
    this.dispatchEvent(event);
  }

  private fire(name: Exclude<EarshotRecognitionEventName, 'result' | 'error'>): void {
    this.dispatchEvent(new Event(name));
  }
}

// The published declarations (earshot.d.ts) describe exactly this class.
EarshotRecognition satisfies EarshotRecognitionConstructor;
