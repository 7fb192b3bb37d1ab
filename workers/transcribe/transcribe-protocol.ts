// Main thread ⇄ transcription worker, through comlink (`wrap<TranscribeApi>` in src/pipeline, `expose` in
// transcribe.worker.ts).
import type { DevicePreference, EventSink, ModelName, TranscriberInfo } from '../protocol';
import type { AssetUrls } from '../shared/asset-urls';
import type { LogLevel } from '../shared/logger';

export interface TranscriberInit {
  /** The VAD's end of the VAD → transcriber port (workers/segment-protocol.ts), transferred. */
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

export interface TranscribeApi {
  /** Loads the model (and warms it up). `events` is a separate argument: comlink proxies callbacks only at the top level. */
  init(init: TranscriberInit, events: EventSink): Promise<void>;
  /** The VAD worker's port (again, after the VAD worker was replaced). */
  connectVad(port: MessagePort): void;
  /** Null until loaded. */
  info(): TranscriberInfo | null;
  /** The debug audio dump: empty unless `debugAudio` is on. */
  debugClips(): DebugClip[];
  /** Waits for the model files this worker fetched to be written to Cache Storage; true when all were. */
  modelsStored(): Promise<boolean>;
  dispose(): Promise<void>;
}
