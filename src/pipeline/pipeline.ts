// Composition root for the audio pipeline: worklet → VAD worker → transcription worker.
// The main thread wires ports and relays events; audio never passes through it after start-up.
import * as Comlink from 'comlink';
import {
  isLiveSource,
  LIVE_PREFIX,
  type PipelineEvent,
  type SegmentText,
  type SourceId,
  type TimeSpan,
  type TranscriberInfo,
  type VadCounters,
} from '../../workers/protocol';
import type { VadApi } from '../../workers/vad/vad-protocol';
import type { TranscribeApi } from '../../workers/transcribe/transcribe-protocol';
import { createCaptureBuffers, readStats, ringCapacity, type CaptureBuffers } from '../../workers/capture/audio-ring';
import { Microphone } from '../audio/microphone';
import { decodeToMono16k } from '../audio/decode-file';
import { profileFor, type PipelineSettings } from '../settings';
import { defaultAssetUrls, type AssetUrls } from '../../workers/shared/asset-urls';
import { readCapabilities, sharedMemoryUsable, wasmThreads } from '../capabilities';
import { untilStalled } from '../bounded-wait';
import { modelLoadFailureKind, ModelLoadRetryError } from '../errors';
import { createLogger, type Logger } from '../../workers/shared/logger';

export interface FileResult {
  text: string;
  /** Transcribed text by time; queued segments may be packed into one. */
  segments: SegmentText[];
  /** Each segment the VAD cut as speech, pads included. */
  speech: TimeSpan[];
}

/** What a pipeline is built from: the app's settings, or the library's options. */
export interface PipelineOptions extends PipelineSettings {
  /** Words and names the speaker is likely to use, handed to the transcriber. */
  vocabulary?: string[];
  /** Where the model files are served from (default: `/models/`). */
  assets?: AssetUrls;
}

const MAX_RESTARTS_PER_MINUTE = 3;
/** No progress from a load for this long: it has stalled. Compiling and starting the models after their last byte takes 5–20 s on 2 cores. */
const LOAD_STALL_MS = 90_000;

/** Hears of a file transcription's progress. */
export interface FileWatch {
  /** The file's length, once decoded. */
  onDecoded?: (durationMs: number) => void;
  /** Each segment as it is produced (to save it at once); `replacesLast`: it supersedes the previous one (joined audio decoded again). */
  onFinal?: (segment: SegmentText, replacesLast: boolean) => void;
}

interface PendingSource {
  /** Collected only for file transcriptions; the live transcript lives in the UI and history. */
  finals: Array<SegmentText & { id: number }> | null;
  /** Each file segment as it is produced (to save it at once). */
  onFinal?: FileWatch['onFinal'];
  done: () => void;
}

/** Prefixes a load failure with the model it concerns, keeping its kind (name) for the message chosen later. */
function naming(model: string): (err: unknown) => never {
  return (err) => {
    const named = err instanceof Error ? err : new Error(String(err));
    named.message = `${model}: ${named.message}`;
    throw named;
  };
}

export class Pipeline {
  private vadWorker: Worker | null = null;
  private asrWorker: Worker | null = null;
  private vad: Comlink.Remote<VadApi> | null = null;
  private asr: Comlink.Remote<TranscribeApi> | null = null;
  /** Without cross-origin isolation there is no SharedArrayBuffer: capture transfers batches instead. */
  readonly sharedMemory = sharedMemoryUsable(readCapabilities());
  private readonly buffers: CaptureBuffers | null = this.sharedMemory ? createCaptureBuffers() : null;
  private mic: Microphone | null = null;
  private liveSource: SourceId | null = null;
  private sourceCount = 0;
  private readonly pending = new Map<SourceId, PendingSource>(); // removed when each source drains
  /** Files cancelled while the workers still hold their audio: what they decode later belongs to no session. */
  private readonly cancelled = new Set<SourceId>();
  private readonly events = Comlink.proxy((e: PipelineEvent) => this.route(e));
  /** When a load last reported progress (the stall limit in spawnBoth counts from here). */
  private loadActivity = 0;
  private recovering = false;
  private readonly log: Logger;
  private disposed = false;
  private restarts: number[] = []; // times of recent restarts (bounded by MAX_RESTARTS_PER_MINUTE)

  constructor(
    readonly settings: PipelineOptions,
    private readonly onEvent: (event: PipelineEvent) => void,
  ) {
    this.log = createLogger('pipeline', settings.logLevel);
    this.assets = settings.assets ?? defaultAssetUrls();
  }

  private readonly assets: AssetUrls;

  get recording(): boolean {
    return this.mic !== null;
  }

  /**
   * Starts both workers and loads their models. A load that fails for no known reason (onnxruntime
   * refusing a verified model under memory pressure, say) is tried once more in fresh workers: a worker's
   * runtime is not reusable after a failed session (transformers.js chains every later session on it).
   */
  async load(): Promise<void> {
    try {
      await this.spawnBoth();
    } catch (err) {
      if (this.disposed || modelLoadFailureKind(err) !== 'other') throw err;
      const detail = (err as Error)?.message ?? String(err);
      this.log.warn(`the models failed to load (${detail}); trying once more in new workers`);
      this.terminateWorkers();
      try {
        await this.spawnBoth();
      } catch (again) {
        throw new ModelLoadRetryError((again as Error)?.message ?? String(again));
      }
    }
  }

  private async spawnBoth(): Promise<void> {
    const channel = new MessageChannel();
    this.loadActivity = performance.now();
    // A worker whose runtime never starts would leave the app loading for good (seen in Chromium, rarely, on
    // a first visit): a load that reports nothing for LOAD_STALL_MS fails, and load() tries fresh workers.
    await untilStalled(
      Promise.all([
        this.spawnTranscriber(channel.port2).catch(naming(`Whisper (${this.settings.model})`)),
        this.spawnVad(channel.port1).catch(naming('the voice detector (Silero VAD)')),
      ]),
      () => this.loadActivity,
      LOAD_STALL_MS,
      'loading',
    );
  }

  private terminateWorkers(): void {
    this.asrWorker?.terminate();
    this.vadWorker?.terminate();
    this.asr?.[Comlink.releaseProxy]();
    this.vad?.[Comlink.releaseProxy]();
    this.asrWorker = this.vadWorker = null;
    this.asr = this.vad = null;
  }

  /**
   * Replaces a dead (or, from automation, deliberately killed) worker and carries on: a new transcriber
   * receives every final the VAD has not seen acknowledged; a new VAD resumes reading the live ring.
   */
  async recover(which: 'vad' | 'transcribe'): Promise<void> {
    if (this.recovering || this.disposed) return;
    this.recovering = true;
    try {
      const now = performance.now();
      this.restarts = this.restarts.filter((t) => now - t < 60_000);
      if (this.restarts.length >= MAX_RESTARTS_PER_MINUTE) throw new Error('it keeps crashing');
      this.restarts.push(now);
      const channel = new MessageChannel();
      let resent = 0;
      if (which === 'transcribe') {
        this.asrWorker?.terminate();
        this.asr?.[Comlink.releaseProxy]();
        await this.spawnTranscriber(channel.port2);
        resent = await this.vad!.connectTranscriber(Comlink.transfer(channel.port1, [channel.port1]));
      } else {
        this.vadWorker?.terminate();
        this.vad?.[Comlink.releaseProxy]();
        await this.spawnVad(channel.port1);
        await this.asr!.connectVad(Comlink.transfer(channel.port2, [channel.port2]));
        if (this.liveSource && this.mic) await this.resumeLive(this.liveSource, this.mic);
      }
      this.log.warn(`${which} worker replaced; ${resent} unfinished segment(s) sent again`);
      this.onEvent({ type: 'recovered', where: which, resent });
    } catch (err) {
      const name = which === 'vad' ? 'voice detector' : 'transcriber';
      this.onEvent({
        type: 'error',
        where: which,
        message: `The ${name} stopped and could not be restarted (${(err as Error)?.message ?? err}). Reload the page; your finished text is saved.`,
        fatal: true,
      });
    } finally {
      this.recovering = false;
    }
  }

  private watch(worker: Worker, which: 'vad' | 'transcribe'): void {
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      void this.recover(which);
    });
  }

  private async spawnTranscriber(vadPort: MessagePort): Promise<void> {
    const profile = profileFor(this.settings); // the profile with the user's VAD sensitivity
    this.asrWorker = new Worker(new URL('../../workers/transcribe/transcribe.worker.ts', import.meta.url), {
      type: 'module',
      name: 'earshot-transcribe',
    });
    this.watch(this.asrWorker, 'transcribe');
    this.asr = Comlink.wrap<TranscribeApi>(this.asrWorker);
    await this.asr.init(
      Comlink.transfer(
        {
          vad: vadPort,
          model: this.settings.model,
          device: this.settings.device,
          language: this.settings.language,
          threads: wasmThreads(profile.asrThreads, readCapabilities()),
          idleUnloadMs: profile.idleUnloadMs,
          maxBatch: profile.maxBatch,
          logLevel: this.settings.logLevel,
          debugAudio: this.settings.debugAudio,
          assets: this.assets,
          vocabulary: [...(this.settings.vocabulary ?? [])],
        },
        [vadPort],
      ),
      this.events,
    );
  }

  private async spawnVad(transcriberPort: MessagePort): Promise<void> {
    const profile = profileFor(this.settings); // the profile with the user's VAD sensitivity
    this.vadWorker = new Worker(new URL('../../workers/vad/vad.worker.ts', import.meta.url), { type: 'module', name: 'earshot-vad' });
    this.watch(this.vadWorker, 'vad');
    this.vad = Comlink.wrap<VadApi>(this.vadWorker);
    await this.vad.init(
      Comlink.transfer(
        {
          transcriber: transcriberPort,
          ...profile.vad,
          partialIntervalMs: profile.partialIntervalMs,
          logLevel: this.settings.logLevel,
          assets: this.assets,
        },
        [transcriberPort],
      ),
      this.events,
    );
  }

  /** Points a (new) VAD worker at the running microphone's audio. */
  private async resumeLive(source: SourceId, mic: Microphone): Promise<void> {
    if (this.buffers) {
      await this.vad!.startLive(source, { ring: this.buffers.ring });
      return;
    }
    const channel = new MessageChannel();
    await this.vad!.startLive(source, Comlink.transfer({ port: channel.port2 }, [channel.port2]));
    mic.connect(channel.port1);
  }

  /**
   * `deviceId`: a microphone from `navigator.mediaDevices.enumerateDevices()`, or the default one.
   * Returns the session's source id: its events carry it.
   */
  async startLive(onMicEnded: () => void, deviceId?: string): Promise<SourceId> {
    if (!this.vad) throw new Error('The speech models are not loaded yet.');
    if (this.mic && this.liveSource) return this.liveSource;
    const source = `${LIVE_PREFIX}${++this.sourceCount}`;
    if (this.buffers) {
      this.mic = await Microphone.open({ mode: 'shared', buffers: this.buffers }, onMicEnded, deviceId);
      await this.vad.startLive(source, { ring: this.buffers.ring });
    } else {
      const channel = new MessageChannel();
      await this.vad.startLive(source, Comlink.transfer({ port: channel.port2 }, [channel.port2]));
      try {
        this.mic = await Microphone.open({ mode: 'transfer', port: channel.port1 }, onMicEnded, deviceId);
      } catch (err) {
        await this.vad.stopLive();
        throw err;
      }
    }
    this.liveSource = source;
    this.pending.set(source, { finals: null, done: () => undefined });
    return source;
  }

  /** Releases the microphone (then `onCaptureClosed`), finalises the open segment and waits for its text. */
  async stopLive(onCaptureClosed?: () => void): Promise<void> {
    const mic = this.mic;
    const source = this.liveSource;
    if (!mic || !source || !this.vad) return;
    this.mic = null;
    await mic.close();
    onCaptureClosed?.();
    const drained = this.waitFor(source);
    await this.vad.stopLive();
    await drained;
    this.liveSource = null;
  }

  async transcribeFile(data: ArrayBuffer, watch: FileWatch = {}): Promise<FileResult> {
    if (!this.vad) throw new Error('The app is still loading.');
    const samples = await decodeToMono16k(data);
    watch.onDecoded?.((samples.length / 16000) * 1000);
    const onFinal = watch.onFinal;
    const source = `file-${++this.sourceCount}`;
    const finals: Array<SegmentText & { id: number }> = [];
    const drained = new Promise<void>((resolve) => this.pending.set(source, { finals, onFinal, done: resolve }));
    const speech = await this.vad.processFile(source, Comlink.transfer(samples, [samples.buffer]));
    await drained;
    const segments = finals.map(({ text, startMs, endMs }) => ({ text, startMs, endMs }));
    return { text: segments.map((s) => s.text).join(' '), segments, speech };
  }

  /** Ends every file transcription now, with the segments it has (the workers go on until disposed). */
  cancelFiles(): void {
    for (const [source, entry] of this.pending) {
      if (isLiveSource(source)) continue;
      entry.done();
      this.pending.delete(source);
      this.cancelled.add(source);
    }
  }

  async metrics() {
    const [asr, vad] = await Promise.all([
      this.asr?.info() ?? (null as TranscriberInfo | null),
      this.vad?.counters() ?? (null as VadCounters | null),
    ]);
    const ring = this.buffers
      ? { capacity: ringCapacity(this.buffers.ring), overruns: readStats(this.buffers.stats).overrunSamples }
      : ((await this.vad?.transferStats()) ?? { capacity: 0, overruns: 0 });
    const wasmBytes = (asr?.wasmBytes ?? 0) + ((await this.vad?.wasmBytes()) ?? 0);
    return { asr, vad, ring, wasmBytes };
  }

  /**
   * Waits for the model files the workers fetched to be written to Cache Storage (loading does not wait for
   * that); true when every one was, so the next visit, or an offline one, reads them from there.
   */
  async modelsStored(): Promise<boolean> {
    if (!this.asr || !this.vad) return false;
    const stored = await Promise.all([this.asr.modelsStored(), this.vad.modelsStored()]);
    return stored.every(Boolean);
  }

  /** The last segments' audio as WAV, when the debug audio dump is on. */
  debugClips() {
    return this.asr?.debugClips() ?? Promise.resolve([]);
  }

  /** Microphone input level, 0..1, for the meter. */
  level(): number {
    if (!this.mic) return 0;
    return this.buffers ? readStats(this.buffers.stats).level : this.mic.level;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.stopLive().catch(() => undefined);
    await this.asr?.dispose().catch(() => undefined);
    this.terminateWorkers();
  }

  private waitFor(source: SourceId): Promise<void> {
    return new Promise((resolve) => {
      const entry = this.pending.get(source);
      if (entry) entry.done = resolve;
      else resolve();
    });
  }

  private route(e: PipelineEvent): void {
    if (e.type === 'progress') this.loadActivity = performance.now();
    if ('source' in e && this.cancelled.has(e.source)) {
      if (e.type === 'drained') this.cancelled.delete(e.source);
      return;
    }
    const pending = e.type === 'final' ? this.pending.get(e.source) : undefined;
    if (e.type === 'final' && pending?.finals) {
      const { finals } = pending;
      // A joined re-transcription replaces the final it covers.
      const at = e.replaces === undefined ? -1 : finals.findIndex((f) => f.id === e.replaces);
      const final = { id: e.id, text: e.text, startMs: e.startMs, endMs: e.endMs };
      if (at >= 0 && e.text) finals[at] = final;
      else if (at < 0) finals.push(final);
      if (at < 0 || e.text) pending.onFinal?.({ text: e.text, startMs: e.startMs, endMs: e.endMs }, at >= 0);
    }
    if (e.type === 'drained') {
      this.pending.get(e.source)?.done();
      this.pending.delete(e.source);
    }
    this.onEvent(e);
  }
}
