// The VAD worker's work, without the worker: streams of 512-sample frames through the tiered VAD, cut into
// segments and handed to `Delivery`. While speech is open it also sends snapshots for partial text:
// periodically, and at a pause (so the final can be decoded early). The model, the clock and the transcriber's
// port come in from the shell (vad.worker.ts), so this runs in Node with fakes.
import type { EventSink, SourceId, TimeSpan, VadCounters } from '../protocol';
import type { SampleReader } from '../capture/chunk-queue';
import type { Logger } from '../shared/logger';
import { everyInterval } from '../shared/logger';
import { FRAME_SAMPLES, type CutAudio, type SegmenterEvent } from './segmenter';
import { TieredVad, type SpeechModel, type TieredVadOptions } from './tiered-vad';
import { emptyCounters, mergeCounters } from './counters';
import type { Delivery } from './delivery';

export interface VadCoreOptions extends TieredVadOptions {
  /** Stream time between partial-text snapshots while speech is open; 0 disables them. */
  partialIntervalMs: number;
}

export interface VadCoreDeps {
  /** A new speech model; streams reuse them (reset), so this runs only when none is spare. */
  createModel(): Promise<SpeechModel>;
  delivery: Delivery;
  events: EventSink;
  log: Logger;
  /** Epoch ms (timeOrigin + now): latencies are measured across workers with it. */
  epochNow(): number;
}

interface Stream {
  source: SourceId;
  vad: TieredVad;
  live: boolean;
  /** Id of the open segment: its snapshots and its final share it. */
  openId: number;
  /** Id of the last final sent (a joined segment replaces it). */
  lastFinalId: number | null;
  lastSnapshotMs: number;
  speechStartEpochMs: number;
  /** Files only (a live session is unbounded): every segment the VAD cut, pads included. */
  speech: TimeSpan[] | null;
}

type LiveStream = Stream & { reader: SampleReader; busy: Promise<void> | null };

/** A live stream and a file can run at once; more spare models than that would only hold memory. */
const MAX_SPARE_MODELS = 2;

export class VadCore {
  private nextId = 1;
  private segmentsCut = 0;
  private finished = emptyCounters();
  private live: LiveStream | null = null;
  private readonly frame = new Float32Array(FRAME_SAMPLES);
  private readonly summary = everyInterval(60_000);
  /** Models of finished streams: Record then starts without creating an onnxruntime session. */
  private readonly spareModels: SpeechModel[] = [];

  constructor(
    private readonly options: VadCoreOptions,
    private readonly deps: VadCoreDeps,
  ) {}

  /** Runs one silent frame through a throwaway stream: compiles the model, which the first recording then reuses. */
  async warmUp(): Promise<void> {
    const warm = await this.open('warm-up', false);
    await warm.vad.push(this.frame);
    await this.putBack(warm.vad.model);
  }

  async startLive(source: SourceId, reader: SampleReader): Promise<void> {
    if (this.live) await this.stopLive();
    this.live = { ...(await this.open(source, true)), reader, busy: null };
  }

  /** Reads what the live input holds, unless a read is still running (the poll timer calls this). */
  poll(): void {
    const current = this.live;
    if (!current || current.busy) return;
    current.busy = this.drain(current)
      .catch((err) =>
        this.deps.events({ type: 'error', where: 'vad', message: `Voice detection failed: ${err?.message ?? err}`, fatal: false }),
      )
      .finally(() => (current.busy = null));
  }

  /** Reads what is left of the live input, closes the open segment, and tells the transcriber the source ended. */
  async stopLive(): Promise<void> {
    const current = this.live;
    if (!current) return;
    await current.busy;
    await this.drain(current);
    this.live = null;
    await this.finish(current);
  }

  /** Runs a whole file (16 kHz mono) through the same VAD; returns what it cut as speech. */
  async processFile(source: SourceId, samples: Float32Array): Promise<TimeSpan[]> {
    const stream = await this.open(source, false);
    // A last partial frame (< 32 ms) is left out so segment times never pass the end of the file.
    for (let at = 0; at + FRAME_SAMPLES <= samples.length; at += FRAME_SAMPLES)
      this.handle(stream, await stream.vad.push(samples.subarray(at, at + FRAME_SAMPLES)));
    await this.finish(stream);
    return stream.speech ?? [];
  }

  counters(): VadCounters {
    return this.live ? mergeCounters(this.finished, this.live.vad.counters) : this.finished;
  }

  private async open(source: SourceId, live: boolean): Promise<Stream> {
    const spare = this.spareModels.pop();
    spare?.reset(); // its recurrent state describes the previous stream's audio
    const vad = new TieredVad(spare ?? (await this.deps.createModel()), this.options);
    return {
      source,
      vad,
      live,
      openId: this.nextId++,
      lastFinalId: null,
      lastSnapshotMs: 0,
      speechStartEpochMs: 0,
      speech: live ? null : [],
    };
  }

  private async drain(stream: LiveStream): Promise<void> {
    const { reader, vad } = stream;
    while (reader.availableRead() >= FRAME_SAMPLES) {
      reader.pop(this.frame, FRAME_SAMPLES);
      this.handle(stream, await vad.push(this.frame));
    }
    this.summary(vad.segmenter.timeMs, () => {
      const c = vad.counters;
      this.deps.log.info(
        `${Math.round(vad.segmenter.timeMs / 1000)} s listened: ${c.framesTotal} frames, ${Math.round((100 * c.framesGated) / Math.max(1, c.framesTotal))}% gated, ${this.segmentsCut} segments, ${this.deps.delivery.waiting} awaiting text`,
      );
    });
  }

  private async putBack(model: SpeechModel): Promise<void> {
    if (this.spareModels.length < MAX_SPARE_MODELS) this.spareModels.push(model);
    else await model.release();
  }

  private async finish(stream: Stream): Promise<void> {
    this.handle(stream, stream.vad.flush());
    this.finished = mergeCounters(this.finished, stream.vad.counters);
    await this.putBack(stream.vad.model);
    this.deps.delivery.send({ type: 'end', source: stream.source });
  }

  private snapshot(stream: Stream, cut: CutAudio, reason: 'periodic' | 'pause'): void {
    stream.lastSnapshotMs = stream.vad.segmenter.timeMs;
    const { startMs, endMs, audio, evidence } = cut; // not the event's own `type`
    this.deps.delivery.sendSnapshot({
      type: 'snapshot',
      reason,
      speechStartEpochMs: stream.speechStartEpochMs,
      sentEpochMs: this.deps.epochNow(),
      source: stream.source,
      id: stream.openId,
      startMs,
      endMs,
      audio,
      evidence,
    });
  }

  private handle(stream: Stream, events: SegmenterEvent[]): void {
    const { events: emit, log, delivery } = this.deps;
    for (const e of events) {
      switch (e.type) {
        case 'speech-start':
          stream.openId = this.nextId++;
          stream.lastSnapshotMs = e.atMs;
          stream.speechStartEpochMs = this.deps.epochNow();
          emit({ type: 'speech-start', source: stream.source, atMs: e.atMs });
          break;
        case 'pause':
          if (stream.live) this.snapshot(stream, e, 'pause');
          break;
        case 'segment': {
          const { type: _t, forced, joinsPrevious, ...cut } = e;
          const replaces = joinsPrevious && stream.lastFinalId !== null ? stream.lastFinalId : undefined;
          delivery.send({
            type: 'segment',
            eosEpochMs: this.deps.epochNow(),
            source: stream.source,
            id: stream.openId,
            ...(replaces === undefined ? {} : { replaces }),
            ...cut,
          });
          stream.lastFinalId = stream.openId;
          this.segmentsCut++;
          if (stream.speech) {
            if (replaces !== undefined) stream.speech.pop(); // the joined span covers it
            stream.speech.push({ startMs: cut.startMs, endMs: cut.endMs });
          }
          if (log.enabled('debug'))
            log.debug(
              `segment ${stream.openId}: ${Math.round(cut.startMs)}–${Math.round(cut.endMs)} ms, evidence ${cut.evidence.toFixed(2)}${forced ? ', forced cut' : ''}${replaces === undefined ? '' : `, joins segment ${replaces}`}`,
            );
          if (forced) stream.openId = this.nextId++;
          else emit({ type: 'speech-end', source: stream.source, atMs: e.endMs });
          break;
        }
        case 'misfire':
          // Counted in the VAD's counters (metrics().vad.burstsDropped).
          if (log.enabled('debug'))
            log.debug(
              `dropped an isolated burst at ${Math.round(e.startMs)}–${Math.round(e.endMs)} ms (peak speech probability ${e.peak.toFixed(2)})`,
            );
          break;
        default:
          e satisfies never;
      }
    }
    const interval = this.options.partialIntervalMs;
    const seg = stream.vad.segmenter;
    // Not while pausing: the pause snapshot is coming, and a periodic decode in flight would delay it.
    if (stream.live && interval > 0 && seg.isSpeaking && !seg.isPausing && seg.timeMs - stream.lastSnapshotMs >= interval) {
      const cut = seg.snapshot();
      if (cut) this.snapshot(stream, cut, 'periodic');
    }
  }
}
