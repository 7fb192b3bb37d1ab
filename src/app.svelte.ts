// Application state and orchestration. Components read this; they never talk to workers.
import type { LoadProgress, PipelineEvent, SegmentText } from '../workers/protocol';
import { fileErrorMessage, MIC_ENDED_MESSAGE, microphoneErrorMessage, NOT_ISOLATED_MESSAGE } from './errors';
import { isLiveSource, Pipeline, type FileResult } from './pipeline/pipeline';
import type { Settings } from './settings';
import { History } from './history/history.svelte';
import { appendWindowed } from './history/live-window';
import type { NewSegment } from './history/history-store';

export type Status = 'loading' | 'ready' | 'listening' | 'stopped' | 'error';

export interface TranscriptSegment extends SegmentText {
  key: string;
}

export class EarshotApp {
  status = $state<Status>('loading');
  error = $state('');
  /** A condition worth knowing that does not stop anything (e.g. the slower capture mode). */
  notice = $state('');
  partial = $state('');
  private partialId = -1;
  /** The newest segments only (LIVE_WINDOW); all of them are in `history`. */
  segments = $state.raw<TranscriptSegment[]>([]);
  /** Segments that scrolled out of `segments`. */
  hiddenSegments = $state(0);
  progress = $state.raw<Record<string, LoadProgress>>({});
  busy = $state(false);

  readonly pipeline: Pipeline;
  readonly history: History;
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private failLoad!: (err: Error) => void;

  constructor(readonly settings: Settings) {
    this.pipeline = new Pipeline(settings, (e) => this.onEvent(e));
    this.history = new History({}, (message) => (this.error = message));
    this.ready = new Promise((resolve, reject) => {
      this.markReady = resolve;
      this.failLoad = reject;
    });
    this.ready.catch(() => undefined);
  }

  get recording(): boolean {
    return this.status === 'listening';
  }

  async init(): Promise<void> {
    void this.history.init(); // needs no models: past sessions show while they load
    if (!this.pipeline.sharedMemory) this.notice = NOT_ISOLATED_MESSAGE; // still works, in a slower mode
    try {
      await this.pipeline.load();
      this.status = 'ready';
      this.markReady();
    } catch (err) {
      const message = `The speech models could not be loaded: ${(err as Error)?.message ?? err}`;
      this.fail(message);
      this.failLoad(new Error(message));
    }
  }

  async toggle(): Promise<void> {
    if (this.busy) return;
    if (this.recording) await this.stop();
    else await this.start();
  }

  async start(): Promise<void> {
    if (this.status !== 'ready' && this.status !== 'stopped') return;
    this.busy = true;
    this.error = '';
    try {
      await this.pipeline.startLive(() => void this.onMicEnded());
      this.status = 'listening';
      this.history.beginLive(this.historyMeta());
    } catch (err) {
      this.error = microphoneErrorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<void> {
    if (!this.recording) return;
    this.busy = true;
    try {
      await this.pipeline.stopLive();
    } finally {
      void this.history.endLive(); // after the drain: every final of the session is queued
      this.partial = '';
      this.status = 'stopped';
      this.busy = false;
    }
  }

  async transcribeFile(name: string, data: ArrayBuffer): Promise<FileResult> {
    await this.ready;
    try {
      const result = await this.pipeline.transcribeFile(data);
      void this.history.saveFile(name, result.segments, this.historyMeta());
      return result;
    } catch (err) {
      this.error = fileErrorMessage(name, err);
      throw new Error(this.error);
    }
  }

  private async onMicEnded(): Promise<void> {
    await this.stop(); // finalises the open segment: nothing said so far is lost
    this.error = MIC_ENDED_MESSAGE;
  }

  private historyMeta() {
    return { language: this.settings.language, model: this.settings.model };
  }

  private fail(message: string): void {
    this.error = message;
    this.status = 'error';
  }

  private onEvent(e: PipelineEvent): void {
    switch (e.type) {
      case 'progress':
        this.progress = { ...this.progress, [e.progress.what]: e.progress };
        break;
      case 'final':
        // A final always replaces its segment's partial; an empty one (noise) adds nothing.
        if (e.text) {
          const segment: NewSegment = { text: e.text, startMs: e.startMs, endMs: e.endMs };
          // Saved before anything else, so a closed tab loses at most the open partial.
          if (isLiveSource(e.source)) this.history.recordFinal(segment, this.historyMeta());
          const { list, dropped } = appendWindowed(this.segments, { key: `${e.source}:${e.id}`, ...segment });
          this.segments = list;
          this.hiddenSegments += dropped;
        }
        if (this.partialId === e.id) this.partial = '';
        break;
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
      case 'speech-start':
      case 'speech-end':
      case 'drained':
        break;
      default:
        e satisfies never;
    }
  }
}
