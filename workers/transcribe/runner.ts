// The transcriber's work, without the worker: requests from the VAD queue in the `Scheduler`, run one model
// call at a time (queued finals of a source packed into one window), and text goes out as events. A final is
// never dropped: a failed decode is retried once, then published empty with an error, and acknowledged to the
// VAD only once handled. A failing GPU hands over to the CPU and the request runs again there.
// The engine, the clock and both outward channels come in from the shell (transcribe.worker.ts).
import { isLiveSource, type EventSink, type ModelName, type SegmentMetrics, type TranscriberInfo } from '../protocol';
import { deliveryKey, MAX_QUEUED_FINALS, type DeliveryKey, type SegmentMessage } from '../segment-protocol';
import type { Logger } from '../shared/logger';
import { everyInterval } from '../shared/logger';
import { encodeWav } from '../shared/wav';
import { collapseRepeats, isLikelyHallucination, isNonSpeech, needsRetry } from './decode-policy';
import { SessionContext, vocabularyLine, type PromptText } from './prompt';
import { Agreement } from './agreement';
import { Scheduler, type EndJob, type FinalJob, type Job, type SnapshotJob } from './scheduler';
import type { Device, Engine, StopSignal, Transcription } from './engine';
import type { DebugClip } from './transcribe-protocol';

export interface RunnerOptions {
  model: ModelName;
  language: string;
  /** Finals decoded together when they queue up. */
  maxBatch: number;
  /** Dispose the weights after this long without speech (0 = keep loaded). */
  idleUnloadMs: number;
  /** Keep the last few segments' audio as WAV for inspection. */
  debugAudio: boolean;
  vocabulary: readonly string[];
}

export interface RunnerDeps {
  /** Loads the model on a device (the GPU fallback asks for `wasm`). */
  createEngine(device: Device): Promise<Engine>;
  events: EventSink;
  /** Tells the VAD worker a final or end marker is handled (it may forget it). */
  acknowledge(key: DeliveryKey): void;
  createStop(): StopSignal;
  log: Logger;
  /** Monotonic ms (performance.now). */
  now(): number;
  /** Epoch ms (timeOrigin + now): comparable with the VAD worker's. */
  epochNow(): number;
}

/** Longest audio packed into one model call: Whisper's window is 30 s. */
export const PACK_LIMIT_MS = 28_000;
const PACK_GAP_SAMPLES = 3200; // 200 ms of silence between packed segments keeps them apart for the decoder
const MAX_METRICS = 256;
const MAX_DEBUG_CLIPS = 8;

const lengthMs = (audio: Float32Array) => (audio.length / 16000) * 1000;

/** Queued finals of one source packed into one window: one encoder pass instead of one per segment. */
export function pack(jobs: FinalJob[]): FinalJob {
  if (jobs.length === 1) return jobs[0];
  const length = jobs.reduce((n, j) => n + j.audio.length, 0) + PACK_GAP_SAMPLES * (jobs.length - 1);
  const audio = new Float32Array(length);
  let at = 0;
  for (const j of jobs) {
    audio.set(j.audio, at);
    at += j.audio.length + PACK_GAP_SAMPLES;
  }
  const last = jobs[jobs.length - 1];
  return {
    ...last,
    audio,
    startMs: jobs[0].startMs,
    arrived: jobs[0].arrived,
    evidence: Math.min(...jobs.map((j) => j.evidence)),
    eosEpochMs: Math.min(...jobs.map((j) => j.eosEpochMs)),
  };
}

/** A pause snapshot's waits before its decode: to be read by the worker, then for the model. */
type Waits = { handoffMs: number; queueMs: number };

export class Runner {
  /** A speculative result keeps its wait and decode times: RTF counts the work that produced each final. */
  private readonly scheduler = new Scheduler<{ result: Transcription; inferMs: number } & Waits>(MAX_QUEUED_FINALS);
  private current: { job: Job; stop: StopSignal } | null = null;
  /** The engine whose refusal of the short-context encoder was logged. */
  private refusalLogged: Engine | null = null;
  private running = false;
  private pumped: Promise<void> = Promise.resolve();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private modelLoadMs = 0;
  private readonly segments: SegmentMetrics[] = [];
  private readonly firstPartialMs: number[] = [];
  private readonly clips: DebugClip[] = [];
  private lastPartialId = -1;
  /**
   * No periodic partial starts before this (monotonic ms): after one, the model rests as long as it ran, so
   * partials take at most half of it. On a device where a decode takes about as long as the partial interval,
   * they would otherwise keep it busy all the time, and the pause snapshot or final would often find it in
   * the middle of one (an encoder pass cannot be stopped).
   */
  private partialRestUntil = 0;
  /** Ends the pump's rest early (a request came in). */
  private wake: (() => void) | null = null;
  /** Each session's previous finals, for the prompt. */
  private context: SessionContext;
  /** Words successive partials of the open segment agree on: later decodes of it start from them. */
  private readonly agreement = new Agreement();
  /** Per source, the last published final and the segments it was decoded from (a joined neighbour re-decodes them). */
  private readonly published = new Map<string, { id: number; parts: FinalJob[] }>();
  private audioMsTotal = 0;
  private decodeMsTotal = 0;
  private readonly summary = everyInterval(60_000);

  private constructor(
    private readonly options: RunnerOptions,
    private readonly deps: RunnerDeps,
    private engine: Engine,
  ) {
    this.context = new SessionContext(vocabularyLine(options.vocabulary));
  }

  static async create(options: RunnerOptions, deps: RunnerDeps, device: Device): Promise<Runner> {
    const started = deps.now();
    const engine = await deps.createEngine(device);
    const runner = new Runner(options, deps, engine);
    runner.modelLoadMs = deps.now() - started;
    // The model's slow first run goes ahead of every request but after `ready`: Record is available that much
    // sooner, and speech that comes early waits only for what is left of it.
    runner.pumped = runner.pump(() => runner.warmUp());
    return runner;
  }

  /** One request from the VAD worker. */
  accept(msg: SegmentMessage): void {
    const job: Job =
      msg.type === 'snapshot'
        ? { ...msg, arrived: this.deps.now(), handoffMs: Math.max(0, this.deps.epochNow() - msg.sentEpochMs) }
        : { ...msg, arrived: this.deps.now() };
    this.wake?.();
    if (!this.scheduler.add(job)) {
      this.deps.events({
        type: 'error',
        where: 'transcribe',
        message: 'Transcription has fallen far behind; this segment could not be queued.',
        fatal: false,
      });
      // The user was told; a resend after a crash would only repeat that.
      if (msg.type !== 'snapshot') this.deps.acknowledge(deliveryKey(msg));
      return;
    }
    // A final or a pause snapshot (a would-be final) outranks a periodic partial in flight: stop its token loop.
    // A pause snapshot also ends the decode of the segment's previous pause: the speech went on after that.
    const urgent = msg.type !== 'snapshot' || msg.reason === 'pause';
    const running = this.current?.job;
    const stale =
      running?.type === 'snapshot' &&
      (running.reason === 'periodic' || (msg.type === 'snapshot' && running.source === msg.source && running.id === msg.id));
    if (urgent && stale) this.current!.stop.interrupt();
    if (!this.running) this.pumped = this.pump();
  }

  /** Resolves once every queued request has run. */
  async idle(): Promise<void> {
    while (this.running) await this.pumped;
  }

  /** All but the worker's memory figure, which the shell adds. */
  info(): Omit<TranscriberInfo, 'wasmBytes'> {
    return {
      threads: this.engine.threads,
      device: this.engine.device,
      dtype: this.engine.dtype,
      encoder: this.engine.encoder,
      model: this.options.model,
      modelLoadMs: this.modelLoadMs,
      loaded: this.engine.loaded,
      segments: [...this.segments],
      firstPartialMs: [...this.firstPartialMs],
      rtf: this.audioMsTotal ? this.decodeMsTotal / this.audioMsTotal : 0,
    };
  }

  /** The debug audio dump: empty unless `debugAudio` is on. */
  debugClips(): DebugClip[] {
    return [...this.clips];
  }

  async dispose(): Promise<void> {
    clearTimeout(this.idleTimer);
    this.clips.length = 0;
    this.scheduler.clear();
    this.wake?.();
    // A partial lets messages in between its steps, this one too: it stops, and the model goes once it has.
    this.current?.stop.interrupt();
    await this.idle();
    this.published.clear();
    this.agreement.clear();
    this.context = new SessionContext();
    await this.engine.unload();
  }

  private async pump(first?: () => Promise<void>): Promise<void> {
    this.running = true;
    clearTimeout(this.idleTimer);
    try {
      if (first) await first(); // awaited only when given: a request that starts the pump is taken in this turn
      for (;;) {
        const restMs = this.partialRestUntil - this.deps.now();
        const job = this.scheduler.next(restMs > 0);
        if (!job) {
          if (restMs > 0 && this.scheduler.size > 0) {
            this.current = null;
            await this.rest(restMs); // a periodic partial waits; any new request ends the rest early
            continue;
          }
          break;
        }
        const stop = this.deps.createStop();
        this.current = { job, stop };
        try {
          switch (job.type) {
            case 'end':
              this.endSource(job);
              break;
            case 'segment':
              await this.runFinals(job);
              break;
            case 'snapshot':
              await this.runSnapshot(job, stop);
              break;
            default:
              job satisfies never;
          }
        } catch (err) {
          // Only partials get here (finals handle their own failures): a partial is disposable.
          this.deps.events({
            type: 'error',
            where: 'transcribe',
            message: `Partial text failed: ${(err as Error)?.message ?? err}`,
            fatal: false,
          });
        }
      }
    } finally {
      this.current = null;
      this.running = false;
      this.scheduleIdleUnload();
    }
  }

  private rest(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  private async warmUp(): Promise<void> {
    const started = this.deps.now();
    try {
      await this.useEngine(() => this.engine.warmUp());
      if (this.deps.log.enabled('debug')) this.deps.log.debug(`first run took ${Math.round(this.deps.now() - started)} ms`);
    } catch (err) {
      this.deps.events({
        type: 'error',
        where: 'transcribe',
        message: `The speech model loaded but could not run (${(err as Error)?.message ?? err}). Reload the page to try again.`,
        fatal: true,
      });
    }
  }

  /** Logs the runtime's refusal of the short-context encoder, once per engine (a refusal is for good). */
  private noteRefusedEncoder(): void {
    if (this.engine.encoderRefused === null || this.refusalLogged === this.engine) return;
    this.refusalLogged = this.engine;
    this.deps.log.warn(`the edited encoder and decoder were refused (${this.engine.encoderRefused}); the stock models run`);
  }

  /**
   * Every run of the engine (the first run, each decode and the reload it may need) goes through here: when
   * the GPU fails `work`, the CPU takes over for good and `work` runs again there; a refusal of the
   * short-context encoder, whether at load, on a reload or when it first runs, is logged once.
   */
  private async useEngine<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (this.engine.device !== 'webgpu') throw err;
      await this.useCpu(err);
      return await work();
    } finally {
      this.noteRefusedEncoder();
    }
  }

  /** Lost or failing GPU: carry on on the CPU. */
  private async useCpu(err: unknown): Promise<void> {
    this.deps.log.warn(`WebGPU failed (${(err as Error)?.message ?? err}); falling back to wasm`);
    this.deps.events({
      type: 'error',
      where: 'transcribe',
      message: 'The GPU stopped working; transcription continues on the CPU (slower).',
      fatal: false,
    });
    await this.engine.unload().catch(() => undefined);
    const started = this.deps.now();
    this.engine = await this.deps.createEngine('wasm');
    this.modelLoadMs = this.deps.now() - started;
  }

  private endSource(job: EndJob): void {
    this.context.forget(job.source);
    this.agreement.forget(job.source);
    this.published.delete(job.source);
    this.deps.events({ type: 'drained', source: job.source });
    this.deps.acknowledge(deliveryKey(job));
  }

  private scheduleIdleUnload(): void {
    clearTimeout(this.idleTimer);
    const ms = this.options.idleUnloadMs;
    if (ms > 0)
      this.idleTimer = setTimeout(() => {
        if (this.running || !this.engine.loaded) return;
        this.deps.log.info(`idle for ${Math.round(ms / 1000)} s: model unloaded (reloads from the cache on the next speech)`);
        void this.engine.unload();
      }, ms);
  }

  /** The one decode path: loop guard and GPU fallback included. */
  private async decode(audio: Float32Array, prompt: PromptText, stop?: StopSignal, prefix = ''): Promise<Transcription> {
    const started = this.deps.now();
    try {
      return await this.decodeOnce(audio, prompt, stop, prefix);
    } finally {
      this.decodeMsTotal += this.deps.now() - started; // partials included: RTF is all the compute speech costs
    }
  }

  private async decodeOnce(audio: Float32Array, prompt: PromptText, stop?: StopSignal, prefix = ''): Promise<Transcription> {
    const { language } = this.options;
    const result = await this.useEngine(async () => {
      if (!this.engine.loaded) {
        const started = this.deps.now();
        await this.engine.load();
        this.modelLoadMs = this.deps.now() - started;
      }
      return this.engine.transcribe(audio, { language, stop, prompt, prefix });
    });
    if (!(await needsRetry(result, lengthMs(audio), prompt.previous))) return result;
    if (this.deps.log.enabled('debug'))
      this.deps.log.debug(`decoded again without the prompt: the first decode (${result.tokens} tokens) looped or echoed it`);
    // A repetition loop, or the prompt repeated: decode again without the prompt or the forced words (as
    // Whisper's own fallback does) and with its no-repeat guard, then trim any loop left.
    const retry = await this.engine.transcribe(audio, {
      language,
      noRepeatNgramSize: 3,
      fullContext: true,
      prompt: { vocabulary: prompt.vocabulary, previous: '' },
    });
    return { ...retry, text: collapseRepeats(retry.text) };
  }

  private publishFinal(
    job: FinalJob,
    parts: FinalJob[],
    result: Transcription,
    inferMs: number,
    /** A pause snapshot's decode reused: its waits stand for the final's. */
    speculative: Waits | null,
    replaces?: number,
  ): void {
    const { now, epochNow, log } = this.deps;
    const audioMs = lengthMs(job.audio);
    const metrics: SegmentMetrics = {
      audioMs,
      queueMs: speculative ? speculative.queueMs : now() - job.arrived - inferMs,
      ...(speculative ? { handoffMs: speculative.handoffMs } : {}),
      inferMs,
      tokens: result.tokens,
      eosToFinalMs: epochNow() - job.eosEpochMs,
      speculative: speculative !== null,
    };
    this.audioMsTotal += audioMs;
    if (this.segments.length >= MAX_METRICS) this.segments.shift();
    this.segments.push(metrics);
    if (this.options.debugAudio) {
      if (this.clips.length >= MAX_DEBUG_CLIPS) this.clips.shift();
      this.clips.push({ id: job.id, startMs: job.startMs, wav: encodeWav(job.audio) });
    }
    if (log.enabled('debug'))
      log.debug(
        `final ${job.id}: ${Math.round(audioMs)} ms audio, infer ${Math.round(inferMs)} ms, eos→final ${Math.round(metrics.eosToFinalMs)} ms${speculative ? ' (speculative)' : ''}`,
      );
    this.summary(now(), () =>
      log.info(
        `${this.segments.length} recent finals, RTF ${(this.decodeMsTotal / Math.max(1, this.audioMsTotal)).toFixed(2)}, ${this.scheduler.size} queued`,
      ),
    );
    // An empty final still replaces the segment's partial.
    const text = isNonSpeech(result.text) || isLikelyHallucination(result.text, job.evidence, audioMs) ? '' : result.text;
    this.context.remember(job.source, job.id, text, replaces);
    this.published.set(job.source, { id: job.id, parts });
    this.deps.events({
      type: 'final',
      source: job.source,
      id: job.id,
      ...(replaces === undefined ? {} : { replaces }),
      text,
      startMs: job.startMs,
      endMs: job.endMs,
      metrics,
    });
  }

  /**
   * A segment that covers the previous final's audio too (a short neighbour joined it): decoded with the
   * other segments that final was packed with, so its text replaces that final whole. Too long to decode
   * again in one window: it follows the previous final instead of replacing it.
   */
  private joinedParts(job: FinalJob): { parts: FinalJob[]; replaces?: number } {
    const last = this.published.get(job.source);
    if (job.replaces === undefined || !last || last.id !== job.replaces) return { parts: [job] };
    const parts = [...last.parts.slice(0, -1), job];
    const ms = parts.reduce((n, j) => n + lengthMs(j.audio), 0);
    return ms <= PACK_LIMIT_MS ? { parts, replaces: job.replaces } : { parts: [job] };
  }

  private async runFinals(first: FinalJob): Promise<void> {
    const { now, acknowledge } = this.deps;
    const reused = first.replaces === undefined ? this.scheduler.takeSpeculative(first) : null;
    if (reused) {
      this.publishFinal(first, [first], reused.result, reused.inferMs, reused);
      return acknowledge(deliveryKey(first));
    }
    let total = lengthMs(first.audio);
    // A joined segment is decoded with what it replaces, never packed with later ones. A file's segments are
    // decoded one at a time: they queue faster than they are decoded, and Whisper tiny left a short one out
    // of a packed window (BENCHMARKS.md). Live speech packs its backlog, to catch up with the speaker.
    const more =
      first.replaces !== undefined || !isLiveSource(first.source)
        ? []
        : this.scheduler.takeFinals(first.source, (next, taken) => {
            if (next.replaces !== undefined || taken.length + 1 >= this.options.maxBatch || total + lengthMs(next.audio) > PACK_LIMIT_MS)
              return false;
            total += lengthMs(next.audio);
            return true;
          });
    const { parts, replaces } = more.length ? { parts: [first, ...more], replaces: undefined } : this.joinedParts(first);
    // A joined final's latency runs from its own end of speech, not from the earlier segments'.
    const job = replaces === undefined ? pack(parts) : { ...pack(parts), eosEpochMs: first.eosEpochMs, arrived: first.arrived };
    const prompt = this.context.promptFor(first.source, replaces);
    const started = now();
    let result: Transcription;
    try {
      result = await this.decode(job.audio, prompt);
    } catch {
      try {
        result = await this.decode(job.audio, prompt); // retried once
      } catch (err) {
        this.deps.events({
          type: 'error',
          where: 'transcribe',
          message: `One stretch of speech could not be transcribed (${(err as Error)?.message ?? err}).`,
          fatal: false,
        });
        result = { text: '', tokens: 0 }; // an empty final still closes the segment for the UI
      }
    }
    this.publishFinal(job, parts, result, now() - started, null, replaces);
    for (const handled of [first, ...more]) acknowledge(deliveryKey(handled));
  }

  private async runSnapshot(job: SnapshotJob, stop: StopSignal): Promise<void> {
    const started = this.deps.now();
    const prefix = this.agreement.prefixFor(job.source, job.id);
    let result: Transcription;
    let inferMs: number;
    try {
      result = await this.decode(job.audio, this.context.promptFor(job.source), stop, prefix);
    } catch (err) {
      if (stop.interrupted) return; // its text would have been dropped anyway
      throw err;
    } finally {
      inferMs = this.deps.now() - started;
      if (job.reason === 'periodic') this.partialRestUntil = started + 2 * inferMs; // rests as long as it ran
    }
    if (stop.interrupted) return; // cut short for a later request: the text is incomplete
    this.agreement.observe(job.source, job.id, result.text, lengthMs(job.audio));
    if (job.reason === 'pause')
      this.scheduler.rememberSpeculative(job, { result, inferMs, queueMs: started - job.arrived, handoffMs: job.handoffMs });
    if (isNonSpeech(result.text)) return;
    if (job.id !== this.lastPartialId) {
      this.lastPartialId = job.id;
      if (this.firstPartialMs.length >= MAX_METRICS) this.firstPartialMs.shift();
      this.firstPartialMs.push(this.deps.epochNow() - job.speechStartEpochMs);
    }
    this.deps.events({ type: 'partial', source: job.source, id: job.id, text: result.text });
  }
}
