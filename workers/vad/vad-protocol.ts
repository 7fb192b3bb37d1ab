// Main thread ⇄ VAD worker, through comlink (`wrap<VadApi>` in src/pipeline, `expose` in vad.worker.ts).
import type { EventSink, SourceId, TimeSpan, VadCounters } from '../protocol';
import type { AssetUrls } from '../shared/asset-urls';
import type { LogLevel } from '../shared/logger';
import type { TieredVadOptions } from './tiered-vad';

export interface VadInit extends TieredVadOptions {
  /** The transcriber's end of the VAD → transcriber port (workers/segment-protocol.ts), transferred. */
  transcriber: MessagePort;
  /** Stream time between partial-text snapshots while speech is open; 0 disables them. */
  partialIntervalMs: number;
  logLevel: LogLevel;
  /** Where Silero and the wasm runtime are served from. */
  assets: AssetUrls;
}

/** Live input: the worklet's shared ring, or a port it transfers batches over (`CaptureBatch`). */
export type LiveInput = { ring: SharedArrayBuffer } | { port: MessagePort };

export interface VadApi {
  /** Loads Silero and warms it up. `events` is a separate argument: comlink proxies callbacks only at the top level. */
  init(init: VadInit, events: EventSink): Promise<void>;
  startLive(source: SourceId, input: LiveInput): Promise<void>;
  /** Reads what is left in the ring, closes the open segment, and tells the transcriber the source ended. */
  stopLive(): Promise<void>;
  /** Runs a whole file (16 kHz mono) through the same VAD, faster than real time; returns what it cut as speech. */
  processFile(source: SourceId, samples: Float32Array): Promise<TimeSpan[]>;
  /** A replacement transcriber: everything it has not acknowledged goes to it again (each thing once); returns how many. */
  connectTranscriber(port: MessagePort): number;
  /** Transfer mode only: capacity and overruns of the batch queue (shared mode reads the ring's stats SAB). */
  transferStats(): { capacity: number; overruns: number } | null;
  counters(): VadCounters;
  /** This worker's WebAssembly heaps (Silero's runtime). */
  wasmBytes(): number;
  /** Waits for the model files this worker fetched to be written to Cache Storage; true when all were. */
  modelsStored(): Promise<boolean>;
}
