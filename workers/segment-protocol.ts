// VAD worker → transcription worker, over a dedicated MessagePort (imported by both ends).
//   VAD → transcriber: `SegmentMessage`. Snapshots move their audio by transfer (disposable); finals and end
//     markers are copied, because the VAD keeps each one until it is acknowledged.
//   transcriber → VAD: `TranscriberReply`, one per final or end marker, once fully handled (text published,
//     or the user told it could not be). A replacement transcriber is sent every unacknowledged one again.
import type { SourceId } from './protocol';

/** Finals and end markers the transcriber queues at most; beyond it, it refuses one and tells the user. */
export const MAX_QUEUED_FINALS = 512;

/** Audio of one speech segment; `id` is shared by its snapshots and its final. */
export interface SegmentAudio {
  source: SourceId;
  id: number;
  startMs: number;
  endMs: number;
  audio: Float32Array;
  /** Mean Silero speech probability over the segment: low means the VAD was not sure it heard speech. */
  evidence: number;
}

export type FinalMessage = {
  type: 'segment';
  /** Epoch ms (timeOrigin + now) when the VAD decided speech ended; clocks differ per worker. */
  eosEpochMs: number;
  /**
   * The id of the previous final of this source, when this audio covers it too (a short neighbour
   * joined it): its text replaces that final's instead of following it.
   */
  replaces?: number;
} & SegmentAudio;

export type SnapshotMessage = {
  type: 'snapshot';
  /** `pause`: the speaker paused; if the pause lasts, this exact audio becomes the final (decode it early). */
  reason: 'periodic' | 'pause';
  /** Epoch ms when the VAD noticed this segment's speech, for time-to-first-partial. */
  speechStartEpochMs: number;
  /** Epoch ms when the VAD sent it: how long it waited to be read is part of what the speaker waits for. */
  sentEpochMs: number;
} & SegmentAudio;

export type EndMessage = { type: 'end'; source: SourceId };

export type SegmentMessage = FinalMessage | SnapshotMessage | EndMessage;

/** What is delivered reliably (kept until acknowledged): finals and end markers. */
export type Deliverable = FinalMessage | EndMessage;

/** The key a final or end marker is acknowledged by: `source:id` or `source:end`. */
export type DeliveryKey = `${SourceId}:${number}` | `${SourceId}:end`;

export type TranscriberReply = { type: 'done'; key: DeliveryKey };

export function deliveryKey(msg: Pick<FinalMessage, 'type' | 'source' | 'id'> | EndMessage): DeliveryKey {
  return msg.type === 'end' ? `${msg.source}:end` : `${msg.source}:${msg.id}`;
}
