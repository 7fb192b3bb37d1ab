// A stand-in for Whisper behind the `Engine` seam: each segment's audio carries its id as the sample value
// (id / 1000), and the "text" names the ids it heard in order, so packing and joining show in the output.
import type { DecodeOptions, Device, Engine, EncoderKind, Transcription } from '../../workers/transcribe/engine';
import type { FinalMessage, SnapshotMessage } from '../../workers/segment-protocol';

export class FakeEngine implements Engine {
  readonly dtype = 'q8';
  readonly threads = 1;
  encoder: EncoderKind = 'short-context';
  encoderRefused: string | null = null;
  loaded = true;
  readonly calls: Array<{ ids: number[]; options: DecodeOptions }> = [];
  /** While set, every decode waits for it (a backlog builds up). */
  gate: Promise<void> | null = null;
  /** Makes the next decodes fail with this error. */
  failures: Error[] = [];
  /** Texts the next decodes return instead of the ids they heard. */
  replies: string[] = [];

  constructor(readonly device: Device) {}

  /** First runs so far; while `warmGate` is set, a first run waits for it. */
  warmUps = 0;
  warmGate: Promise<void> | null = null;
  /** Makes the next first runs fail with this error. */
  warmFailures: Error[] = [];
  /** The first run finds the short-context encoder refused for this reason and hands over to the stock one. */
  refuseOnWarmUp: string | null = null;

  async load(): Promise<void> {
    this.loaded = true;
  }

  async warmUp(): Promise<void> {
    this.warmUps++;
    if (this.warmGate) await this.warmGate;
    const failure = this.warmFailures.shift();
    if (failure) throw failure;
    if (this.refuseOnWarmUp !== null) {
      this.encoder = 'stock';
      this.encoderRefused = this.refuseOnWarmUp;
    }
  }

  async unload(): Promise<void> {
    this.loaded = false;
  }

  async transcribe(audio: Float32Array, options: DecodeOptions): Promise<Transcription> {
    const ids = heardIds(audio);
    this.calls.push({ ids, options });
    if (this.gate) await this.gate;
    const failure = this.failures.shift();
    if (failure) throw failure;
    const reply = this.replies.shift();
    if (reply !== undefined) return { text: reply, tokens: reply.split(' ').length };
    return { text: ids.map((id) => `s${id}`).join(' '), tokens: ids.length };
  }
}

export function heardIds(audio: Float32Array): number[] {
  const ids: number[] = [];
  for (const v of audio) {
    const id = Math.round(v * 1000);
    if (id > 0 && ids[ids.length - 1] !== id) ids.push(id);
  }
  return ids;
}

/** A final of `ms` of audio whose samples say `id`. */
export function final(source: string, id: number, ms = 1000, extra: Partial<FinalMessage> = {}): FinalMessage {
  const audio = new Float32Array((ms * 16000) / 1000).fill(id / 1000);
  return { type: 'segment', source, id, startMs: id * 2000, endMs: id * 2000 + ms, audio, evidence: 0.9, eosEpochMs: 0, ...extra };
}

export function snapshot(source: string, id: number, reason: SnapshotMessage['reason'], ms = 1000): SnapshotMessage {
  const audio = new Float32Array((ms * 16000) / 1000).fill(id / 1000);
  return {
    type: 'snapshot',
    reason,
    source,
    id,
    startMs: id * 2000,
    endMs: id * 2000 + ms,
    audio,
    evidence: 0.9,
    speechStartEpochMs: 0,
    sentEpochMs: 0,
  };
}

export function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
