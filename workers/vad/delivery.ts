// At-least-once delivery of finals and end markers from the VAD worker to the transcriber.
// Contract: each final / end marker is posted once and kept until the transcriber acknowledges it
// (`TranscriberReply`). A replacement transcriber gets every kept message again, each at most once more: one
// that was already resent took a transcriber down with it and is skipped (the user is told). Snapshots are
// disposable and never kept. The transcriber queues up to `MAX_QUEUED_FINALS`; while it holds them, none of
// them is lost, so keeping a few more than that here never has to drop one that is still on its way.
import type { EventSink } from '../protocol';
import {
  deliveryKey,
  MAX_QUEUED_FINALS,
  type Deliverable,
  type DeliveryKey,
  type SegmentMessage,
  type SnapshotMessage,
} from '../segment-protocol';
import type { Logger } from '../shared/logger';

/** The sending side of the VAD → transcriber port. */
export interface SegmentPort {
  postMessage(message: SegmentMessage, transfer?: Transferable[]): void;
}

/** Kept beyond the transcriber's queue: the one it is decoding and end markers racing with a full queue. */
const TRACKED_MARGIN = 16;

export class Delivery {
  private readonly unacked = new Map<DeliveryKey, Deliverable>();
  private readonly resentOnce = new Set<DeliveryKey>();
  /** Messages no longer kept for a resend (only past `maxTracked`, which a live transcriber never lets happen). */
  untracked = 0;

  constructor(
    private port: SegmentPort,
    private readonly events: EventSink,
    private readonly log: Logger,
    readonly maxTracked = MAX_QUEUED_FINALS + TRACKED_MARGIN,
  ) {}

  /** Finals and end markers the transcriber has not acknowledged yet. */
  get waiting(): number {
    return this.unacked.size;
  }

  /** Moves the snapshot's audio to the transcriber (the caller gives it up). */
  sendSnapshot(msg: SnapshotMessage): void {
    this.port.postMessage(msg, [msg.audio.buffer]);
  }

  /** Posts by copy and keeps the message until it is acknowledged. */
  send(msg: Deliverable): void {
    if (this.unacked.size >= this.maxTracked) {
      // The oldest was delivered and may still be queued: it is not lost, only no longer resent after a crash.
      const [oldest] = this.unacked.keys();
      this.unacked.delete(oldest);
      this.resentOnce.delete(oldest);
      if (this.untracked++ === 0)
        this.log.warn(`more than ${this.maxTracked} finals unacknowledged; the oldest are no longer kept for a resend`);
    }
    this.unacked.set(deliveryKey(msg), msg);
    this.port.postMessage(msg);
  }

  acknowledge(key: DeliveryKey): void {
    this.unacked.delete(key);
    this.resentOnce.delete(key);
  }

  /** Points delivery at a replacement transcriber and resends what the old one left; returns how many. */
  reconnect(port: SegmentPort): number {
    this.port = port;
    let resent = 0;
    for (const [key, msg] of this.unacked) {
      if (this.resentOnce.has(key)) {
        this.acknowledge(key); // it already took one transcriber down with it
        if (msg.type === 'segment')
          this.events({
            type: 'error',
            where: 'vad',
            message: 'One stretch of speech could not be transcribed and was skipped.',
            fatal: false,
          });
        else this.events({ type: 'drained', source: msg.source });
        continue;
      }
      this.resentOnce.add(key);
      port.postMessage(msg);
      resent++;
    }
    return resent;
  }
}
