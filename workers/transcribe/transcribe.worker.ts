// Transcription worker: requests arrive from the VAD worker's port; one model call at a time (see
// scheduler.ts for the order); text goes to the main thread. A final is never dropped.
import * as Comlink from 'comlink';
import { InterruptableStoppingCriteria } from '@huggingface/transformers';
import { deliveryKey, type DevicePreference, type EventSink, type ModelName, type SegmentMessage, type SegmentMetrics, type TranscriberInfo, type TranscriberReply } from '../protocol';
import { bytesUnder, dropStaleCaches } from '../shared/model-store';
import { progressReporter } from '../shared/progress';
import manifest from '../../models/manifest.json';
import { collapseRepeats, isLikelyHallucination, isNonSpeech, needsRetry } from './decode-policy';
import { SessionContext, vocabularyLine, type PromptText } from './prompt';
import { chooseDevice } from './device';
import { Scheduler, type FinalJob, type Job, type SnapshotJob } from './scheduler';
import { WhisperEngine, type Transcription } from './whisper';
import { encodeWav } from '../shared/wav';
import { createLogger, everyInterval, type Logger, type LogLevel } from '../shared/logger';
import type { AssetUrls } from '../shared/asset-urls';
import { trackWasmMemory, wasmMemoryBytes } from '../shared/wasm-memory';

trackWasmMemory(); // before onnxruntime makes its heap

export interface TranscriberInit {
  vad: MessagePort;
  model: ModelName;
  device: DevicePreference;
  language: string;
  threads: number;
  /** Dispose the weights after this long without speech (0 = keep loaded). */
  idleUnloadMs: number;
  /** Finals decoded together when they queue up. */
  maxBatch: number;
  logLevel: LogLevel;
  /** Keep the last few segments' audio as WAV for inspection (off by default: it is the user's voice). */
  debugAudio: boolean;
  /** Where the model files and the wasm runtime are served from. */
  assets: AssetUrls;
  /** Words the user dictates often (names, jargon), validated (`parseVocabulary`); given to Whisper in its prompt. */
  vocabulary: readonly string[];
}

export interface DebugClip {
  id: number;
  startMs: number;
  wav: ArrayBuffer;
}

const MAX_DEBUG_CLIPS = 8;

const MAX_METRICS = 256;
let log: Logger = createLogger('asr');
const summary = everyInterval(60_000);

let config: (TranscriberInit & { events: EventSink }) | null = null;
let engine: WhisperEngine | null = null;
let modelLoadMs = 0;
/** A speculative result keeps its decode time, so RTF counts the work that produced each final. */
const scheduler = new Scheduler<{ result: Transcription; inferMs: number }>();
let running = false;
let current: { job: Job; stop: InterruptableStoppingCriteria } | null = null;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
const segments: SegmentMetrics[] = [];
const firstPartialMs: number[] = [];
const debugClips: DebugClip[] = [];
let lastPartialId = -1;
/** Each session's previous finals, for the prompt. */
let context = new SessionContext();
/** Per source, the last published final and the segments it was decoded from (a joined neighbour re-decodes them). */
const published = new Map<string, { id: number; parts: FinalJob[] }>();
let audioMsTotal = 0;
let decodeMsTotal = 0;
const epochNow = () => performance.timeOrigin + performance.now();

function emit(...args: Parameters<EventSink>) {
  config?.events(...args);
}

/** Tells the VAD worker it may forget these finals / end markers. */
function acknowledge(...jobs: Array<{ type: string; source: string; id?: number }>) {
  for (const job of jobs) config?.vad.postMessage({ type: 'done', key: deliveryKey(job) } satisfies TranscriberReply);
}

async function createEngine(device: 'webgpu' | 'wasm'): Promise<WhisperEngine> {
  const c = config!;
  const started = performance.now();
  const report = progressReporter(c.model, bytesUnder(`${manifest.models[c.model].id}/`), (progress) => emit({ type: 'progress', progress }));
  const created = await WhisperEngine.create({ model: c.model, device, threads: c.threads, assets: c.assets }, (path, bytes) => report.file(path, bytes));
  report.done();
  modelLoadMs = performance.now() - started;
  const threads = created.threads; // what the runtime runs, not what was asked for
  log.info(`${c.model} (${created.dtype}) ready on ${device} in ${Math.round(modelLoadMs)} ms, ${threads} thread${threads === 1 ? '' : 's'}${threads !== c.threads ? ` (${c.threads} asked)` : ''}`);
  return created;
}

/** The one decode path: loop guard and GPU fallback included. */
async function decode(audio: Float32Array, prompt: PromptText, stop?: InterruptableStoppingCriteria): Promise<Transcription> {
  const started = performance.now();
  try {
    return await decodeOnce(audio, prompt, stop);
  } finally {
    decodeMsTotal += performance.now() - started; // partials included: RTF is all the compute speech costs
  }
}

async function decodeOnce(audio: Float32Array, prompt: PromptText, stop?: InterruptableStoppingCriteria): Promise<Transcription> {
  const language = config!.language;
  let result: Transcription;
  try {
    if (!engine!.loaded) {
      const started = performance.now();
      await engine!.load();
      modelLoadMs = performance.now() - started;
    }
    result = await engine!.transcribe(audio, { language, stop, prompt });
  } catch (err) {
    if (engine?.options.device !== 'webgpu') throw err;
    // Lost or failing GPU: carry on on the CPU and re-run this request.
    log.warn(`WebGPU failed (${(err as Error)?.message ?? err}); falling back to wasm`);
    emit({ type: 'error', where: 'transcribe', message: 'The GPU stopped working; transcription continues on the CPU (slower).', fatal: false });
    await engine.unload().catch(() => undefined);
    engine = await createEngine('wasm');
    result = await engine.transcribe(audio, { language, stop, prompt });
  }
  if (!(await needsRetry(result, (audio.length / 16000) * 1000, prompt.previous))) return result;
  // A repetition loop, or the prompt repeated: decode again without the prompt (as Whisper's own fallback
  // does) and with its no-repeat guard, then trim any loop left.
  const retry = await engine!.transcribe(audio, { language, noRepeatNgramSize: 3, fullContext: true, prompt: { vocabulary: prompt.vocabulary, previous: '' } });
  return { ...retry, text: collapseRepeats(retry.text) };
}

function publishFinal(job: FinalJob, parts: FinalJob[], result: Transcription, inferMs: number, speculative: boolean, replaces?: number) {
  const audioMs = (job.audio.length / 16000) * 1000;
  const metrics: SegmentMetrics = {
    audioMs, queueMs: speculative ? 0 : performance.now() - job.arrived - inferMs, inferMs, tokens: result.tokens,
    eosToFinalMs: epochNow() - job.eosEpochMs, speculative,
  };
  audioMsTotal += audioMs;
  if (segments.length >= MAX_METRICS) segments.shift();
  segments.push(metrics);
  if (config?.debugAudio) {
    if (debugClips.length >= MAX_DEBUG_CLIPS) debugClips.shift();
    debugClips.push({ id: job.id, startMs: job.startMs, wav: encodeWav(job.audio) });
  }
  if (log.enabled('debug')) log.debug(`final ${job.id}: ${Math.round(audioMs)} ms audio, infer ${Math.round(inferMs)} ms, eos→final ${Math.round(metrics.eosToFinalMs)} ms${speculative ? ' (speculative)' : ''}`);
  summary(performance.now(), () => log.info(`${segments.length} recent finals, RTF ${(decodeMsTotal / Math.max(1, audioMsTotal)).toFixed(2)}, ${scheduler.size} queued`));
  // An empty final still replaces the segment's partial.
  const text = isNonSpeech(result.text) || isLikelyHallucination(result.text, job.evidence, audioMs) ? '' : result.text;
  context.remember(job.source, job.id, text, replaces);
  published.set(job.source, { id: job.id, parts });
  emit({ type: 'final', source: job.source, id: job.id, ...(replaces === undefined ? {} : { replaces }), text, startMs: job.startMs, endMs: job.endMs, metrics });
}

/**
 * A segment that covers the previous final's audio too (a short neighbour joined it): decoded with the
 * other segments that final was packed with, so its text replaces that final whole. Too long to decode
 * again in one window: it follows the previous final instead of replacing it.
 */
function joinedParts(job: FinalJob): { parts: FinalJob[]; replaces?: number } {
  const last = published.get(job.source);
  if (job.replaces === undefined || !last || last.id !== job.replaces) return { parts: [job] };
  const parts = [...last.parts.slice(0, -1), job];
  const ms = parts.reduce((n, j) => n + (j.audio.length / 16000) * 1000, 0);
  return ms <= PACK_LIMIT_MS ? { parts, replaces: job.replaces } : { parts: [job] };
}

/** Longest audio packed into one model call: Whisper's window is 30 s. */
const PACK_LIMIT_MS = 28_000;
const PACK_GAP_SAMPLES = 3200; // 200 ms of silence between packed segments keeps them apart for the decoder

/** Queued finals of one source packed into one window: one encoder pass instead of one per segment. */
function pack(jobs: FinalJob[]): FinalJob {
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
    ...last, audio, startMs: jobs[0].startMs, arrived: jobs[0].arrived,
    evidence: Math.min(...jobs.map((j) => j.evidence)), eosEpochMs: Math.min(...jobs.map((j) => j.eosEpochMs)),
  };
}

async function runFinals(first: FinalJob): Promise<void> {
  const reused = first.replaces === undefined ? scheduler.takeSpeculative(first) : null;
  if (reused) {
    publishFinal(first, [first], reused.result, reused.inferMs, true);
    return acknowledge(first);
  }
  const lengthMs = (j: FinalJob) => (j.audio.length / 16000) * 1000;
  let total = lengthMs(first);
  // A joined segment is decoded with what it replaces, never packed with later ones.
  const more = first.replaces !== undefined ? [] : scheduler.takeFinals(first.source, (next, taken) => {
    if (next.replaces !== undefined || taken.length + 1 >= config!.maxBatch || total + lengthMs(next) > PACK_LIMIT_MS) return false;
    total += lengthMs(next);
    return true;
  });
  const { parts, replaces } = more.length ? { parts: [first, ...more], replaces: undefined } : joinedParts(first);
  // A joined final's latency runs from its own end of speech, not from the earlier segments'.
  const job = replaces === undefined ? pack(parts) : { ...pack(parts), eosEpochMs: first.eosEpochMs, arrived: first.arrived };
  const prompt = context.promptFor(first.source, replaces);
  const started = performance.now();
  let result: Transcription;
  try {
    result = await decode(job.audio, prompt);
  } catch {
    try {
      result = await decode(job.audio, prompt); // retried once
    } catch (err) {
      emit({ type: 'error', where: 'transcribe', message: `One stretch of speech could not be transcribed (${(err as Error)?.message ?? err}).`, fatal: false });
      result = { text: '', tokens: 0 }; // an empty final still closes the segment for the UI
    }
  }
  publishFinal(job, parts, result, performance.now() - started, false, replaces);
  acknowledge(first, ...more);
}

async function runSnapshot(job: SnapshotJob, stop: InterruptableStoppingCriteria): Promise<void> {
  const started = performance.now();
  const result = await decode(job.audio, context.promptFor(job.source), stop);
  const inferMs = performance.now() - started;
  if (stop.interrupted && job.reason === 'periodic') return; // cut short for a final: the text is incomplete
  if (job.reason === 'pause' && !stop.interrupted) scheduler.rememberSpeculative(job, { result, inferMs });
  if (isNonSpeech(result.text)) return;
  if (job.id !== lastPartialId) {
    lastPartialId = job.id;
    if (firstPartialMs.length >= MAX_METRICS) firstPartialMs.shift();
    firstPartialMs.push(epochNow() - job.speechStartEpochMs);
  }
  emit({ type: 'partial', source: job.source, id: job.id, text: result.text });
}

async function pump(): Promise<void> {
  if (running) return;
  running = true;
  clearTimeout(idleTimer);
  try {
    for (let job = scheduler.next(); job; job = scheduler.next()) {
      const stop = new InterruptableStoppingCriteria();
      current = { job, stop };
      try {
        if (job.type === 'end') {
          context.forget(job.source);
          published.delete(job.source);
          emit({ type: 'drained', source: job.source });
          acknowledge(job);
        } else if (job.type === 'segment') await runFinals(job);
        else await runSnapshot(job, stop);
      } catch (err) {
        // Only partials get here (finals handle their own failures): a partial is disposable.
        emit({ type: 'error', where: 'transcribe', message: `Partial text failed: ${(err as Error)?.message ?? err}`, fatal: false });
      }
    }
  } finally {
    current = null;
    running = false;
    scheduleIdleUnload();
  }
}

function scheduleIdleUnload() {
  clearTimeout(idleTimer);
  const ms = config?.idleUnloadMs ?? 0;
  if (ms > 0)
    idleTimer = setTimeout(() => {
      if (running || !engine?.loaded) return;
      log.info(`idle for ${Math.round(ms / 1000)} s: model unloaded (reloads from the cache on the next speech)`);
      void engine.unload();
    }, ms);
}

function accept(msg: SegmentMessage) {
  const job: Job = { ...msg, arrived: performance.now() };
  if (!scheduler.add(job)) {
    emit({ type: 'error', where: 'transcribe', message: 'Transcription has fallen far behind; this segment could not be queued.', fatal: false });
    return;
  }
  // A final or a pause snapshot (a would-be final) outranks a periodic partial in flight: stop its token loop.
  const urgent = msg.type !== 'snapshot' || msg.reason === 'pause';
  if (urgent && current?.job.type === 'snapshot' && current.job.reason === 'periodic') current.stop.interrupt();
  void pump();
}

const api = {
  /** `events` is a separate argument: comlink proxies callbacks only at the top level. */
  async init(init: TranscriberInit, events: EventSink): Promise<void> {
    config = { ...init, events };
    log = createLogger('asr', init.logLevel);
    context = new SessionContext(vocabularyLine(init.vocabulary));
    void dropStaleCaches(); // files of an earlier model version are never read again
    engine = await createEngine(await chooseDevice(init.device));
    api.connectVad(init.vad);
    scheduleIdleUnload();
  },

  /** The VAD worker's port (again, after the VAD worker was replaced). */
  connectVad(port: MessagePort): void {
    if (config && config.vad !== port) {
      config.vad.close();
      config.vad = port;
    }
    port.onmessage = (e: MessageEvent<SegmentMessage>) => accept(e.data);
  },

  info(): TranscriberInfo {
    return {
      device: engine?.options.device ?? 'wasm',
      dtype: engine?.dtype ?? '',
      model: config?.model ?? 'whisper-tiny',
      modelLoadMs,
      loaded: engine?.loaded ?? false,
      segments: [...segments],
      firstPartialMs: [...firstPartialMs],
      rtf: audioMsTotal ? decodeMsTotal / audioMsTotal : 0,
      threads: engine ? engine.threads : 0,
      wasmBytes: wasmMemoryBytes(),
    };
  },

  /** The debug audio dump: empty unless `debugAudio` is on. */
  debugClips(): DebugClip[] {
    return [...debugClips];
  },

  async dispose(): Promise<void> {
    clearTimeout(idleTimer);
    debugClips.length = 0;
    scheduler.clear();
    published.clear();
    context = new SessionContext();
    await engine?.unload();
    engine = null;
  },
};

export type TranscribeApi = typeof api;
Comlink.expose(api);
