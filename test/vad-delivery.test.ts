import { describe, expect, it } from 'vitest';
import { Delivery, type SegmentPort } from '../workers/vad/delivery';
import { Runner } from '../workers/transcribe/runner';
import type { PipelineEvent } from '../workers/protocol';
import type { SegmentMessage } from '../workers/segment-protocol';
import { createLogger } from '../workers/shared/logger';
import { deferred, FakeEngine, final, snapshot } from './lib/fake-engine';

const log = createLogger('test', 'error');

class Port implements SegmentPort {
  readonly posted: Array<{ message: SegmentMessage; transfer: Transferable[] }> = [];
  postMessage(message: SegmentMessage, transfer: Transferable[] = []) {
    this.posted.push({ message, transfer });
  }
  get keys() {
    return this.posted.map(({ message: m }) => (m.type === 'end' ? `${m.source}:end` : `${m.source}:${m.id}`));
  }
}

describe('Delivery', () => {
  it('keeps finals and end markers until acknowledged; snapshots move their audio and are not kept', () => {
    const port = new Port();
    const delivery = new Delivery(port, () => undefined, log);
    const snap = snapshot('a', 1, 'periodic');
    delivery.sendSnapshot(snap);
    delivery.send(final('a', 1));
    delivery.send({ type: 'end', source: 'a' });
    expect(port.posted[0].transfer).toEqual([snap.audio.buffer]);
    expect(port.posted[1].transfer).toEqual([]); // copied: it may have to be sent again
    expect(delivery.waiting).toBe(2);
    delivery.acknowledge('a:1');
    delivery.acknowledge('a:end');
    expect(delivery.waiting).toBe(0);
  });

  it('resends what a crashed transcriber left to its replacement, each message at most once more', () => {
    const events: PipelineEvent[] = [];
    const delivery = new Delivery(new Port(), (e) => events.push(e), log);
    delivery.send(final('a', 1));
    delivery.send(final('a', 2));
    delivery.send({ type: 'end', source: 'a' });
    delivery.acknowledge('a:1');
    const second = new Port();
    expect(delivery.reconnect(second)).toBe(2);
    expect(second.keys).toEqual(['a:2', 'a:end']);
    expect(events).toEqual([]);
    // The replacement dies on them too: they are skipped, the user is told, and the source still closes.
    const third = new Port();
    expect(delivery.reconnect(third)).toBe(0);
    expect(third.posted).toEqual([]);
    expect(events).toMatchObject([
      { type: 'error', where: 'vad', fatal: false },
      { type: 'drained', source: 'a' },
    ]);
    expect(delivery.waiting).toBe(0);
  });

  it('reports no speech as given up while a backlog of 200 finals is still queued in the transcriber', async () => {
    const events: PipelineEvent[] = [];
    const emit = (e: PipelineEvent) => events.push(e);
    const engine = new FakeEngine('wasm');
    let delivery: Delivery | null = null;
    const runner = await Runner.create(
      { model: 'whisper-tiny', language: 'en', maxBatch: 1, idleUnloadMs: 0, debugAudio: false, vocabulary: [] },
      {
        createEngine: async () => engine,
        events: emit,
        acknowledge: (key) => delivery!.acknowledge(key),
        createStop: () => ({ interrupted: false, interrupt() {} }),
        log,
        now: () => performance.now(),
        epochNow: () => Date.now(),
      },
      'wasm',
    );
    await runner.idle(); // the model's first run
    delivery = new Delivery({ postMessage: (m) => runner.accept(m) }, emit, log);
    const gate = deferred();
    engine.gate = gate.promise; // a slow transcriber: everything queues behind the first decode
    for (let id = 1; id <= 200; id++) delivery.send(final('live-1', id, 100));
    delivery.send({ type: 'end', source: 'live-1' });
    expect(delivery.waiting).toBe(201);
    engine.gate = null;
    gate.resolve();
    await runner.idle();
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(events.filter((e) => e.type === 'final')).toHaveLength(200);
    expect(events.at(-1)).toEqual({ type: 'drained', source: 'live-1' });
    expect(delivery.waiting).toBe(0);
  });

  it("past the transcriber's queue it stops keeping the oldest for a resend, without calling it lost", () => {
    const events: PipelineEvent[] = [];
    const port = new Port();
    const delivery = new Delivery(port, (e) => events.push(e), log, 4);
    for (let id = 1; id <= 6; id++) delivery.send(final('a', id));
    expect(port.posted).toHaveLength(6); // every one was delivered
    expect(delivery.waiting).toBe(4);
    expect(delivery.untracked).toBe(2);
    expect(events).toEqual([]);
    const next = new Port();
    delivery.reconnect(next);
    expect(next.keys).toEqual(['a:3', 'a:4', 'a:5', 'a:6']);
  });
});
