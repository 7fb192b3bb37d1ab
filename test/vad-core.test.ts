import { describe, expect, it } from 'vitest';
import { VadCore } from '../workers/vad/vad-core';
import { Delivery, type SegmentPort } from '../workers/vad/delivery';
import { defaultTieredVadOptions, type SpeechModel } from '../workers/vad/tiered-vad';
import { ChunkQueue } from '../workers/capture/chunk-queue';
import type { PipelineEvent } from '../workers/protocol';
import type { SegmentMessage } from '../workers/segment-protocol';
import { createLogger } from '../workers/shared/logger';

/** A stand-in for Silero: speech wherever the frame is loud. */
class LoudnessModel implements SpeechModel {
  released = 0;
  resets = 0;
  async probability(frame: Float32Array): Promise<number> {
    return Math.abs(frame[0]) > 0.05 ? 0.95 : 0.05;
  }
  reset() {
    this.resets++;
  }
  async release() {
    this.released++;
  }
}

/** 512-sample frames of seeded noise at each amplitude; sample 0 carries the amplitude for the model. */
function audio(pattern: Array<[amplitude: number, frames: number]>): Float32Array {
  const out: number[] = [];
  let s = 1;
  for (const [amp, n] of pattern)
    for (let f = 0; f < n; f++)
      for (let i = 0; i < 512; i++) {
        s = (s * 1103515245 + 12345) & 0x7fffffff;
        out.push(i === 0 ? amp : ((s / 0x7fffffff) * 2 - 1) * amp);
      }
  return Float32Array.from(out);
}

function setUp(partialIntervalMs = 0) {
  const posted: Array<{ message: SegmentMessage; transfer: Transferable[] }> = [];
  const port: SegmentPort = { postMessage: (message, transfer = []) => posted.push({ message, transfer }) };
  const events: PipelineEvent[] = [];
  const log = createLogger('test', 'error');
  const delivery = new Delivery(port, (e) => events.push(e), log);
  const models: LoudnessModel[] = [];
  const core = new VadCore(
    { ...defaultTieredVadOptions, segmenter: { redemptionMs: 320 }, partialIntervalMs },
    {
      createModel: async () => {
        const model = new LoudnessModel();
        models.push(model);
        return model;
      },
      delivery,
      events: (e) => events.push(e),
      log,
      epochNow: () => Date.now(),
    },
  );
  return { core, delivery, posted, events, models, messages: () => posted.map((p) => p.message) };
}

describe('VadCore', () => {
  it('cuts a file into finals, ends the source, and returns the speech it cut', async () => {
    const t = setUp();
    const speech = await t.core.processFile(
      'file-1',
      audio([
        [0.003, 100],
        [0.3, 40],
        [0.003, 100],
        [0.3, 40],
        [0.003, 100],
      ]),
    );
    const messages = t.messages();
    expect(messages.map((m) => m.type)).toEqual(['segment', 'segment', 'end']);
    expect(speech).toHaveLength(2);
    const [first, second] = messages;
    if (first.type !== 'segment' || second.type !== 'segment') throw new Error('finals expected');
    expect(second.id).toBeGreaterThan(first.id);
    expect(speech).toEqual([
      { startMs: first.startMs, endMs: first.endMs },
      { startMs: second.startMs, endMs: second.endMs },
    ]);
    expect(first.startMs).toBeLessThan(100 * 32); // the pre-speech pad comes with it
    expect(first.endMs).toBeGreaterThan(140 * 32);
    expect(t.events.map((e) => e.type)).toEqual(['speech-start', 'speech-end', 'speech-start', 'speech-end']);
    expect(t.delivery.waiting).toBe(3); // until the transcriber acknowledges them
    expect(t.models.map((m) => m.released)).toEqual([0]); // kept for the next stream
    expect(t.core.counters().framesTotal).toBe(380);
  });

  it('reuses the models of finished streams, reset, and keeps no more than two spare', async () => {
    const t = setUp();
    const speech = audio([
      [0.003, 20],
      [0.3, 40],
      [0.003, 40],
    ]);
    await t.core.warmUp();
    await t.core.processFile('file-1', speech);
    expect(t.models).toHaveLength(1); // the warm-up's model ran the file

    // A live stream and a file at once need two models; after both, three streams at once need a third.
    const live = new ChunkQueue(16000);
    const resets = t.models[0].resets;
    await t.core.startLive('live-1', live);
    expect(t.models[0].resets).toBe(resets + 1); // taken back with a fresh state, before any audio
    await t.core.processFile('file-2', speech);
    expect(t.models).toHaveLength(2);
    await t.core.stopLive();
    await Promise.all([t.core.processFile('file-3', speech), t.core.processFile('file-4', speech), t.core.processFile('file-5', speech)]);
    expect(t.models).toHaveLength(3);
    expect(t.models.map((m) => m.released).reduce((a, b) => a + b)).toBe(1); // three came back, two are kept
    expect(t.messages().filter((m) => m.type === 'segment')).toHaveLength(5); // every file's speech, once each
  });

  it('sends live snapshots of open speech on its interval, with the id its final will carry', async () => {
    const t = setUp(500);
    const queue = new ChunkQueue(16000 * 30);
    await t.core.startLive('live-1', queue);
    const samples = audio([
      [0.003, 60],
      [0.3, 80],
      [0.003, 60],
    ]);
    for (let at = 0; at < samples.length; at += 2048) {
      queue.push(samples.slice(at, at + 2048)); // the worklet's batches
      t.core.poll();
      await new Promise((r) => setTimeout(r, 0));
    }
    await t.core.stopLive();
    const messages = t.messages();
    const finals = messages.filter((m) => m.type === 'segment');
    const periodic = messages.filter((m) => m.type === 'snapshot' && m.reason === 'periodic');
    expect(finals).toHaveLength(1);
    expect(periodic.length).toBeGreaterThanOrEqual(4); // 2.5 s of speech, one every 0.5 s
    expect(periodic.every((m) => m.type === 'snapshot' && m.id === finals[0].id)).toBe(true);
    expect(messages.some((m) => m.type === 'snapshot' && m.reason === 'pause')).toBe(true);
    expect(messages.at(-1)).toEqual({ type: 'end', source: 'live-1' });
    // Snapshots move their audio; finals are kept for a resend, so copied.
    for (const { message, transfer } of t.posted) expect(transfer.length).toBe(message.type === 'snapshot' ? 1 : 0);
  });

  it('reads what the input still holds when stopped', async () => {
    const t = setUp();
    const queue = new ChunkQueue(16000 * 30);
    await t.core.startLive('live-2', queue);
    queue.push(
      audio([
        [0.003, 30],
        [0.3, 40],
      ]),
    ); // never polled: still speaking when stopped
    await t.core.stopLive();
    expect(t.messages().map((m) => m.type)).toEqual(['segment', 'end']);
    expect(t.core.counters().framesTotal).toBe(70);
  });
});
