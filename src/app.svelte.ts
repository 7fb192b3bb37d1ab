// Application state and orchestration. Components read this; they never talk to workers.
import { isLiveSource, type DevicePreference, type LoadProgress, type PipelineEvent, type SegmentText } from '../workers/protocol';
import type { OfflineStore } from './ui/connection';
import {
  CHOSEN_MIC_MISSING_MESSAGE,
  fileErrorMessage,
  MIC_ENDED_MESSAGE,
  microphoneErrorMessage,
  modelLoadErrorMessage,
  NO_SPEECH_IN_FILE_MESSAGE,
  slowerModeMessage,
  fileCancelledMessage,
} from './errors';
import { readCapabilities } from './capabilities';
import { Pipeline, type FileResult } from './pipeline/pipeline';
import { needsRebuild, type Settings } from './settings';
import { History } from './history/history.svelte';
import { appendWindowed } from './history/live-window';
import { within } from './bounded-wait';
import type { NewSegment } from './history/history-store';
import { deviceFallbackMessage, fallbackDevice } from './device-fallback';
import { truncationMessage, wavTruncation } from './audio/wav-check';
import { applyVoiceCommands, voiceCommandsApply } from './voice-commands';

const LEVEL_INTERVAL_MS = 66;
/** Longest a final waits for its history write before it is shown anyway (storage slow or stuck). */
const SAVE_BEFORE_SHOW_MS = 250;

export type Status = 'loading' | 'ready' | 'listening' | 'stopped' | 'error';

export interface TranscriptSegment extends SegmentText {
  key: string;
}

/** The session the Transcript panel shows: one recording (perhaps continued) or one file. */
export interface ShownSession {
  kind: 'live' | 'file';
  name: string;
  startedAt: number;
  /** Time recorded (live) or audio transcribed (file) before the part now running. */
  doneMs: number;
  /** When the running part started (epoch ms); null when nothing runs. */
  runningSince: number | null;
}

export class EarshotApp {
  status = $state<Status>('loading');
  error = $state('');
  /** A condition worth knowing that does not stop anything (e.g. the slower capture mode). */
  notice = $state('');
  /** The outcome of the last file transcription worth a word (e.g. no speech in it). */
  fileNotice = $state('');
  partial = $state('');
  private partialId = -1;
  /** The live final last written to the history (a joined re-transcription replaces it there). */
  private lastRecorded: { source: string; id: number } | null = null;
  /** The chain that puts finals on the screen in order, each after its save. */
  private finalsShown: Promise<void> = Promise.resolve();
  /** The newest segments only (LIVE_WINDOW); all of them are in `history`. */
  segments = $state.raw<TranscriptSegment[]>([]);
  /** Segments that scrolled out of `segments`. */
  hiddenSegments = $state(0);
  /** The file being transcribed: its name, its length and how much of it is done. */
  file = $state.raw<{ name: string; totalMs: number; doneMs: number; startedAt: number } | null>(null);
  private fileCancelled = false;
  /** `ready`: the app and the chosen model are stored on this device, so it starts without a network. */
  offline = $state<OfflineStore>('storing');
  /** What the Transcript panel shows; null before the first recording or file. */
  session = $state.raw<ShownSession | null>(null);
  /** The History session shown before the current one, to open it in one click. */
  previousSessionId = $state<number | null>(null);
  /** Added to a continued recording's timestamps, which restart at 0 in the pipeline. */
  private liveOffsetMs = 0;
  progress = $state.raw<Record<string, LoadProgress>>({});
  busy = $state(false);
  /** Microphone input level 0..1, refreshed once per animation frame while recording. */
  level = $state(0);
  /** About the microphone, worth knowing, stopping nothing (e.g. the chosen one is not connected). */
  micNotice = $state('');
  /** What the app runs with; the pipeline catches up when it is not recording (see `applySettings`). */
  settings = $state.raw<Settings>() as Settings;

  /** Replaced when settings change (reactive, so the UI sees which settings it runs with). */
  pipeline = $state.raw<Pipeline>() as Pipeline;
  readonly history: History;
  /** Settles when the current pipeline has loaded (or failed to). */
  private loading = deferred();
  private rebuilding: Promise<void> | null = null;
  private forceRebuild = false;
  private levelRun = 0;
  private filesInFlight = $state(0);
  /** Keeps the stored Processor setting in step when a failed one is replaced (set by the page). */
  onDeviceFallback: (device: DevicePreference) => void = () => undefined;

  constructor(settings: Settings) {
    this.settings = settings;
    this.pipeline = this.createPipeline(settings);
    this.history = new History({}, (message) => this.onHistoryProblem(message));
  }

  private historyProblem = '';

  /** History's banner, cleared when history can save again (unless something else replaced it). */
  private onHistoryProblem(message: string): void {
    if (message) this.error = message;
    else if (this.error === this.historyProblem) this.error = '';
    this.historyProblem = message;
  }

  /** Work that a closed page would lose: recording (speech not yet final), a file being transcribed, finals not yet stored. */
  get unsavedWork(): boolean {
    return this.recording || this.filesInFlight > 0 || this.partial !== '' || this.history.unsaved > 0;
  }

  /** Settles once the models are loaded, after any rebuild under way (a cancel or a settings change replaces the pipeline). */
  get ready(): Promise<void> {
    return this.rebuilding ? this.rebuilding.then(() => this.ready) : this.loading.promise;
  }

  get recording(): boolean {
    return this.status === 'listening';
  }

  async init(): Promise<void> {
    void this.history.init(); // needs no models: past sessions show while they load
    this.notice = slowerModeMessage(readCapabilities()) ?? ''; // still works, in a slower mode
    await this.load(this.pipeline);
  }

  /** Whether the loaded models are in Cache Storage, once their writes are done (offline use needs them). */
  modelsStored(): Promise<boolean> {
    return this.pipeline.modelsStored();
  }

  /**
   * Takes new settings. A changed model, device, language, profile or VAD sensitivity builds a new
   * pipeline, without a page reload: at once when idle, or as soon as recording stops.
   */
  applySettings(next: Settings): Promise<void> {
    this.settings = next;
    return this.rebuild();
  }

  /** Builds the pipeline again with the current settings: the way forward after a failed load. */
  reload(): Promise<void> {
    this.forceRebuild = true;
    this.error = '';
    return this.rebuild();
  }

  dismissError(): void {
    this.error = '';
  }

  private rebuild(): Promise<void> {
    this.rebuilding ??= this.rebuildLoop().finally(() => {
      this.rebuilding = null;
      // Settings that changed while the last build was finishing.
      if (this.idle && needsRebuild(this.pipeline.settings, this.settings)) void this.rebuild();
    });
    return this.rebuilding;
  }

  private async rebuildLoop(): Promise<void> {
    await this.loading.promise.catch(() => undefined); // never two pipelines loading at once
    while ((this.forceRebuild || needsRebuild(this.pipeline.settings, this.settings)) && this.idle) {
      this.forceRebuild = false;
      const old = this.pipeline;
      this.loading = deferred();
      this.status = 'loading';
      this.progress = {};
      this.pipeline = this.createPipeline(this.settings);
      await old.dispose();
      await this.load(this.pipeline);
    }
  }

  private createPipeline(settings: Settings): Pipeline {
    // Events of a pipeline that was replaced are stale: only the current one speaks to the UI.
    const pipeline: Pipeline = new Pipeline(settings, (e) => {
      if (pipeline === this.pipeline) this.onEvent(e);
    });
    return pipeline;
  }

  private async load(pipeline: Pipeline): Promise<void> {
    const loading = this.loading;
    try {
      await pipeline.load();
      this.status = 'ready';
      loading.resolve();
    } catch (err) {
      const fallback = pipeline === this.pipeline ? fallbackDevice(pipeline.settings.device, err) : null;
      if (fallback) return this.fallBack(pipeline, fallback);
      const message = modelLoadErrorMessage(err, pipeline.settings.model);
      this.fail(message);
      loading.reject(new Error(message));
    }
  }

  /** The chosen processor failed: load on the next one down, in the same loading, and forget the failed choice. */
  private async fallBack(failed: Pipeline, device: DevicePreference): Promise<void> {
    this.notice = [this.notice, deviceFallbackMessage(failed.settings.device, device)].filter(Boolean).join(' ');
    this.settings = { ...this.settings, device };
    this.onDeviceFallback(device); // the store's rebuild waits for this load, then finds nothing to do
    this.progress = {};
    this.pipeline = this.createPipeline(this.settings);
    await failed.dispose();
    await this.load(this.pipeline);
  }

  async toggle(): Promise<void> {
    if (this.busy) return;
    if (this.recording) await this.stop();
    else await this.start();
  }

  /** Whether Record continues the session shown (a stopped recording) rather than starting a new one. */
  get canContinue(): boolean {
    return this.session?.kind === 'live' && this.session.runningSince === null && this.history.lastLiveId !== null;
  }

  /** Starts recording: by default the stopped recording shown continues; `new` starts a session of its own. */
  async start(mode: 'continue' | 'new' = 'continue'): Promise<void> {
    if (this.status !== 'ready' && this.status !== 'stopped') return;
    this.busy = true;
    this.error = '';
    try {
      await this.openMicrophone();
      this.status = 'listening';
      const now = Date.now();
      if (mode === 'continue' && this.canContinue && this.history.continueLive(this.historyMeta())) {
        this.liveOffsetMs = this.nextOffsetMs();
        this.session = { ...this.session!, runningSince: now };
      } else {
        this.showNewSession({ kind: 'live', name: 'Recording', startedAt: now, doneMs: 0, runningSince: now });
        this.history.beginLive(this.historyMeta());
        this.liveOffsetMs = 0;
      }
      this.followLevel();
    } catch (err) {
      this.error = microphoneErrorMessage(err);
    } finally {
      this.busy = false;
    }
    if (!this.recording && needsRebuild(this.pipeline.settings, this.settings)) void this.rebuild(); // changed while the mic opened
  }

  async stop(): Promise<void> {
    if (!this.recording) return;
    this.busy = true;
    try {
      await this.pipeline.stopLive();
      await this.finalsShown;
    } finally {
      void this.history.endLive(); // after the drain: every final of the session is queued
      this.partial = '';
      this.status = 'stopped';
      this.stopClock();
      this.busy = false;
    }
    if (needsRebuild(this.pipeline.settings, this.settings)) void this.rebuild(); // settings changed while recording
  }

  async transcribeFile(name: string, data: ArrayBuffer): Promise<FileResult> {
    await this.ready;
    this.filesInFlight++;
    this.fileNotice = '';
    this.showNewSession({ kind: 'file', name, startedAt: Date.now(), doneMs: 0, runningSince: Date.now() });
    const saved = this.history.beginFile(name, this.historyMeta());
    this.file = { name, totalMs: 0, doneMs: 0, startedAt: Date.now() };
    this.fileCancelled = false;
    const truncated = wavTruncation(data);
    try {
      const result = await this.pipeline.transcribeFile(data, {
        onDecoded: (totalMs) => (this.file = this.file && { ...this.file, totalMs }),
        onFinal: (segment, replacesLast) => {
          void saved.record(segment, replacesLast);
          if (this.file) this.file = { ...this.file, doneMs: Math.max(this.file.doneMs, segment.endMs) };
        },
      });
      const spoken = result.segments.filter((s) => s.text.trim() !== '').length;
      if (this.fileCancelled) this.fileNotice = fileCancelledMessage(name, spoken);
      else if (spoken === 0) this.fileNotice = NO_SPEECH_IN_FILE_MESSAGE;
      if (truncated) this.fileNotice = [truncationMessage(name, truncated), this.fileNotice].filter(Boolean).join(' ');
      return result;
    } catch (err) {
      this.error = truncated ? truncationMessage(name, truncated, false) : fileErrorMessage(name, err);
      throw new Error(this.error, { cause: err });
    } finally {
      void saved.end();
      this.stopClock();
      this.file = null;
      this.filesInFlight--;
      // Settings changed meanwhile, or a cancel left the workers busy with the rest of the file.
      if (this.idle && (this.forceRebuild || needsRebuild(this.pipeline.settings, this.settings))) void this.rebuild();
    }
  }

  /** Stops the file transcription: what was done is kept; the workers are rebuilt to drop the rest. */
  cancelFile(): void {
    if (this.filesInFlight === 0) return;
    this.fileCancelled = true;
    this.forceRebuild = true;
    this.pipeline.cancelFiles();
  }

  get transcribingFile(): boolean {
    return this.filesInFlight > 0;
  }

  /** Nothing running on the pipeline: it may be replaced. */
  private get idle(): boolean {
    return !this.recording && !this.busy && this.filesInFlight === 0;
  }

  private async openMicrophone(): Promise<void> {
    const onEnded = () => void this.onMicEnded();
    const chosen = this.settings.micDeviceId;
    this.micNotice = '';
    try {
      await this.pipeline.startLive(onEnded, chosen || undefined);
    } catch (err) {
      const name = (err as { name?: string })?.name;
      if (!chosen || (name !== 'OverconstrainedError' && name !== 'NotFoundError')) throw err;
      // The chosen microphone is not connected: the default one is better than none.
      await this.pipeline.startLive(onEnded);
      this.micNotice = CHOSEN_MIC_MISSING_MESSAGE;
    }
  }

  private followLevel(): void {
    const run = ++this.levelRun; // a quick stop and start must not leave two loops running
    // ~15 updates a second, in 1 % steps: a meter needs no more, and each update re-renders it. A timer,
    // not a frame loop: an animation-frame loop keeps the page producing frames 60 times a second.
    const timer = setInterval(() => {
      if (run !== this.levelRun || !this.recording) {
        clearInterval(timer);
        if (run === this.levelRun) this.level = 0;
        return;
      }
      const level = Math.round(this.pipeline.level() * 100) / 100;
      if (level !== this.level) this.level = level;
    }, LEVEL_INTERVAL_MS);
  }

  private async onMicEnded(): Promise<void> {
    await this.stop(); // finalises the open segment: nothing said so far is lost
    this.error = MIC_ENDED_MESSAGE;
  }

  /** The panel starts afresh for a new session; the one it showed stays one click away in History. */
  private showNewSession(next: ShownSession): void {
    this.previousSessionId = this.session ? (this.session.kind === 'live' ? this.history.lastLiveId : this.history.lastFileId) : null;
    this.segments = [];
    this.hiddenSegments = 0;
    this.partial = '';
    this.session = next;
  }

  private stopClock(): void {
    const s = this.session;
    if (s?.runningSince != null) this.session = { ...s, doneMs: s.doneMs + (Date.now() - s.runningSince), runningSince: null };
  }

  /** A continued recording's first timestamp: a second after the last one shown. */
  private nextOffsetMs(): number {
    const last = this.segments.at(-1)?.endMs ?? 0;
    return Math.max(last, this.session?.doneMs ?? 0) + 1000;
  }

  private historyMeta() {
    return { language: this.settings.language, model: this.settings.model };
  }

  private fail(message: string): void {
    this.error = message;
    this.status = 'error';
  }

  /** A final replaces its segment's partial, and the earlier final it supersedes (`replacesKey`), if shown. */
  private showFinal(key: string, id: number, segment: NewSegment | null, replacesKey?: string): void {
    const at = replacesKey ? this.segments.findIndex((s) => s.key === replacesKey) : -1;
    if (segment && at >= 0) this.segments = this.segments.map((s, i) => (i === at ? { key, ...segment } : s));
    else if (segment) {
      const { list, dropped } = appendWindowed(this.segments, { key, ...segment });
      this.segments = list;
      this.hiddenSegments += dropped;
    }
    if (this.partialId === id) this.partial = '';
  }

  private onEvent(e: PipelineEvent): void {
    switch (e.type) {
      case 'progress':
        this.progress = { ...this.progress, [e.progress.what]: e.progress };
        break;
      case 'final': {
        // An empty final (noise) adds nothing but still retires its partial.
        const live = isLiveSource(e.source);
        const shift = live ? this.liveOffsetMs : 0;
        const text = live && voiceCommandsApply(this.settings.voiceCommands, this.settings.language) ? applyVoiceCommands(e.text) : e.text;
        const segment: NewSegment | null = text ? { text, startMs: e.startMs + shift, endMs: e.endMs + shift } : null;
        // A joined re-transcription replaces the earlier final (on the page and in the history), never adds to it.
        const replacesKey = e.replaces === undefined ? undefined : `${e.source}:${e.replaces}`;
        let saved: Promise<void> | null = null;
        if (segment && live) {
          const last = this.lastRecorded;
          const replaceLast = e.replaces !== undefined && last?.source === e.source && last.id === e.replaces;
          saved = this.history.recordFinal(segment, this.historyMeta(), replaceLast);
          this.lastRecorded = { source: e.source, id: e.id };
        }
        // Shown in order, once saved (or after a bounded wait when storage is slow): text on the screen is
        // text in the history, so a tab closed right after a final appears keeps it.
        this.finalsShown = this.finalsShown
          .then(() => saved && within(saved, SAVE_BEFORE_SHOW_MS, undefined))
          .then(() => this.showFinal(`${e.source}:${e.id}`, e.id, segment, replacesKey))
          .catch((err) => console.error('Could not show a final', err)); // later finals must still show
        break;
      }
      case 'partial':
        if (this.recording) {
          this.partial = e.text;
          this.partialId = e.id;
        }
        break;
      case 'error':
        if (e.fatal) this.fail(e.message);
        else this.error = e.message;
        break;
      case 'recovered':
        // Kept beside the slower-mode notice, which still holds.
        this.notice = [
          slowerModeMessage(readCapabilities()) ?? '',
          `The ${e.where === 'vad' ? 'voice detector' : 'transcriber'} stopped unexpectedly and was restarted; nothing you said was lost.`,
        ]
          .filter(Boolean)
          .join(' ');
        break;
      case 'speech-start':
      case 'speech-end':
      case 'drained':
        break;
      default:
        e satisfies never;
    }
  }
}

function deferred() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // a failed load is reported through `error`, not as an unhandled rejection
  return { promise, resolve, reject };
}
