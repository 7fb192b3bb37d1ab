// Composition root for the audio pipeline: worklet → VAD worker → transcription worker.
// The main thread wires ports and relays events; audio never passes through it after start-up.
import * as Comlink from 'comlink';
import type { PipelineEvent, SegmentText, SourceId, TranscriberInfo, VadCounters } from '../../workers/protocol';
import type { VadApi } from '../../workers/vad/vad.worker';
import type { TranscribeApi } from '../../workers/transcribe/transcribe.worker';
import { createCaptureBuffers, readStats, ringCapacity, type CaptureBuffers } from '../../workers/capture/audio-ring';
import { Microphone } from '../audio/microphone';
import { decodeToMono16k } from '../audio/decode-file';
import { PROFILES, type Settings } from '../settings';

export interface FileResult {
  text: string;
  segments: SegmentText[];
}

const LIVE_PREFIX = 'live-';

/** Whether events from `source` belong to a microphone session (rather than a file transcription). */
export function isLiveSource(source: SourceId): boolean {
  return source.startsWith(LIVE_PREFIX);
}

interface PendingSource {
  /** Collected only for file transcriptions; the live transcript lives in the UI and history. */
  finals: SegmentText[] | null;
  done: () => void;
}

export class Pipeline {
  private vadWorker: Worker | null = null;
  private asrWorker: Worker | null = null;
  private vad: Comlink.Remote<VadApi> | null = null;
  private asr: Comlink.Remote<TranscribeApi> | null = null;
  /** Without cross-origin isolation there is no SharedArrayBuffer: capture transfers batches instead. */
  readonly sharedMemory = globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';
  private readonly buffers: CaptureBuffers | null = this.sharedMemory ? createCaptureBuffers() : null;
  private mic: Microphone | null = null;
  private liveSource: SourceId | null = null;
  private sourceCount = 0;
  private readonly pending = new Map<SourceId, PendingSource>(); // removed when each source drains

  constructor(
    readonly settings: Settings,
    private readonly onEvent: (event: PipelineEvent) => void,
  ) {}

  get recording(): boolean {
    return this.mic !== null;
  }

  async load(): Promise<void> {
    const profile = PROFILES[this.settings.profile];
    this.vadWorker = new Worker(new URL('../../workers/vad/vad.worker.ts', import.meta.url), { type: 'module', name: 'earshot-vad' });
    this.asrWorker = new Worker(new URL('../../workers/transcribe/transcribe.worker.ts', import.meta.url), { type: 'module', name: 'earshot-transcribe' });
    for (const [w, where] of [[this.vadWorker, 'vad'], [this.asrWorker, 'transcribe']] as const)
      w.addEventListener('error', (e) => this.onEvent({ type: 'error', where, message: `The ${where === 'vad' ? 'voice detector' : 'transcriber'} crashed (${e.message || 'unknown error'}).`, fatal: true }));
    this.vad = Comlink.wrap<VadApi>(this.vadWorker);
    this.asr = Comlink.wrap<TranscribeApi>(this.asrWorker);
    const channel = new MessageChannel();
    const events = Comlink.proxy((e: PipelineEvent) => this.route(e));
    await Promise.all([
      this.asr.init(
        Comlink.transfer(
          { vad: channel.port2, model: this.settings.model, device: this.settings.device, language: this.settings.language,
            threads: profile.asrThreads, idleUnloadMs: profile.idleUnloadMs, maxBatch: profile.maxBatch },
          [channel.port2],
        ),
        events,
      ),
      this.vad.init(Comlink.transfer({ transcriber: channel.port1, ...profile.vad, partialIntervalMs: profile.partialIntervalMs }, [channel.port1]), events),
    ]);
  }

  /** `deviceId`: a microphone from `navigator.mediaDevices.enumerateDevices()`, or the default one. */
  async startLive(onMicEnded: () => void, deviceId?: string): Promise<void> {
    if (this.mic || !this.vad) return;
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
  }

  /** Releases the microphone, then finalises the open segment and waits for its text. */
  async stopLive(): Promise<void> {
    const mic = this.mic;
    const source = this.liveSource;
    if (!mic || !source || !this.vad) return;
    this.mic = null;
    await mic.close();
    const drained = this.waitFor(source);
    await this.vad.stopLive();
    await drained;
    this.liveSource = null;
  }

  async transcribeFile(data: ArrayBuffer): Promise<FileResult> {
    if (!this.vad) throw new Error('The app is still loading.');
    const samples = await decodeToMono16k(data);
    const source = `file-${++this.sourceCount}`;
    const finals: SegmentText[] = [];
    const drained = new Promise<void>((resolve) => this.pending.set(source, { finals, done: resolve }));
    await this.vad.processFile(source, Comlink.transfer(samples, [samples.buffer]));
    await drained;
    return { text: finals.map((s) => s.text).join(' '), segments: finals };
  }

  async metrics() {
    const [asr, vad] = await Promise.all([
      this.asr?.info() ?? (null as TranscriberInfo | null),
      this.vad?.counters() ?? (null as VadCounters | null),
    ]);
    const ring = this.buffers
      ? { capacity: ringCapacity(this.buffers.ring), overruns: readStats(this.buffers.stats).overrunSamples }
      : ((await this.vad?.transferStats()) ?? { capacity: 0, overruns: 0 });
    return { asr, vad, ring };
  }

  /** Microphone input level, 0..1, for the meter. */
  level(): number {
    if (!this.mic) return 0;
    return this.buffers ? readStats(this.buffers.stats).level : this.mic.level;
  }

  async dispose(): Promise<void> {
    await this.stopLive().catch(() => undefined);
    await this.asr?.dispose().catch(() => undefined);
    this.vad?.[Comlink.releaseProxy]();
    this.asr?.[Comlink.releaseProxy]();
    this.vadWorker?.terminate();
    this.asrWorker?.terminate();
    this.vad = this.asr = null;
    this.vadWorker = this.asrWorker = null;
  }

  private waitFor(source: SourceId): Promise<void> {
    return new Promise((resolve) => {
      const entry = this.pending.get(source);
      if (entry) entry.done = resolve;
      else resolve();
    });
  }

  private route(e: PipelineEvent): void {
    if (e.type === 'final') this.pending.get(e.source)?.finals?.push({ text: e.text, startMs: e.startMs, endMs: e.endMs });
    if (e.type === 'drained') {
      this.pending.get(e.source)?.done();
      this.pending.delete(e.source);
    }
    this.onEvent(e);
  }
}
