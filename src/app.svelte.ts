// Application state and orchestration. Components read this; they never talk to workers.
import type { LoadProgress, PipelineEvent, SegmentText } from '../workers/protocol';
import { fileErrorMessage, MIC_ENDED_MESSAGE, microphoneErrorMessage, NOT_ISOLATED_MESSAGE } from './errors';
import { Pipeline, type FileResult } from './pipeline/pipeline';
import type { Settings } from './settings';

export type Status = 'loading' | 'ready' | 'listening' | 'stopped' | 'error';

export interface TranscriptSegment extends SegmentText {
  key: string;
}

export class EarshotApp {
  status = $state<Status>('loading');
  error = $state('');
  partial = $state('');
  private partialId = -1;
  segments = $state.raw<TranscriptSegment[]>([]);
  progress = $state.raw<Record<string, LoadProgress>>({});
  busy = $state(false);

  readonly pipeline: Pipeline;
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private failLoad!: (err: Error) => void;

  constructor(readonly settings: Settings) {
    this.pipeline = new Pipeline(settings, (e) => this.onEvent(e));
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
    if (!globalThis.crossOriginIsolated) {
      this.fail(NOT_ISOLATED_MESSAGE);
      this.failLoad(new Error(NOT_ISOLATED_MESSAGE));
      return;
    }
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
      this.partial = '';
      this.status = 'stopped';
      this.busy = false;
    }
  }

  async transcribeFile(name: string, data: ArrayBuffer): Promise<FileResult> {
    await this.ready;
    try {
      return await this.pipeline.transcribeFile(data);
    } catch (err) {
      this.error = fileErrorMessage(name, err);
      throw new Error(this.error);
    }
  }

  private async onMicEnded(): Promise<void> {
    await this.stop(); // finalises the open segment: nothing said so far is lost
    this.error = MIC_ENDED_MESSAGE;
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
        if (e.text) this.segments = [...this.segments, { key: `${e.source}:${e.id}`, text: e.text, startMs: e.startMs, endMs: e.endMs }];
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
