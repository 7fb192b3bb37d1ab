import { describe, expect, it, vi } from 'vitest';
import { Runner, type RunnerDeps, type RunnerOptions } from '../workers/transcribe/runner';
import type { Device, StopSignal } from '../workers/transcribe/engine';
import type { PipelineEvent } from '../workers/protocol';
import type { DeliveryKey, FinalMessage, SnapshotMessage } from '../workers/segment-protocol';
import { MAX_QUEUED_FINALS } from '../workers/segment-protocol';
import { createLogger } from '../workers/shared/logger';
import { deferred, FakeEngine, final, snapshot } from './lib/fake-engine';

class Stop implements StopSignal {
  interrupted = false;
  interrupt() {
    this.interrupted = true;
  }
}

const options: RunnerOptions = { model: 'whisper-tiny', language: 'en', maxBatch: 4, idleUnloadMs: 0, debugAudio: false, vocabulary: [] };

async function setUp(
  device: Device = 'wasm',
  overrides: Partial<RunnerOptions> = {},
  /** Prepares each engine as it is made; when given, setUp leaves the first run under way. */
  prepare?: (engine: FakeEngine) => void,
  /** The runner's monotonic clock. */
  now: () => number = () => performance.now(),
) {
  const events: PipelineEvent[] = [];
  const acks: DeliveryKey[] = [];
  const engines: FakeEngine[] = [];
  const stops: Stop[] = [];
  const warnings: string[] = [];
  const deps: RunnerDeps = {
    createEngine: async (d) => {
      const engine = new FakeEngine(d);
      prepare?.(engine);
      engines.push(engine);
      return engine;
    },
    events: (e) => events.push(e),
    acknowledge: (key) => acks.push(key),
    createStop: () => {
      const stop = new Stop();
      stops.push(stop);
      return stop;
    },
    log: createLogger('test', 'warn', { ...console, warn: (message: string) => warnings.push(message) }),
    now,
    epochNow: () => Date.now(),
  };
  const runner = await Runner.create({ ...options, ...overrides }, deps, device);
  if (!prepare) await runner.idle(); // the model's first run is over
  const finals = () => events.filter((e) => e.type === 'final');
  const errors = () => events.filter((e) => e.type === 'error');
  return { runner, events, acks, engines, stops, finals, errors, warnings };
}

/** Accepts `finals` while the engine holds the first one's decode, so the rest queue behind it; then runs them all. */
async function queueBehindADecode(t: Awaited<ReturnType<typeof setUp>>, finals: FinalMessage[]): Promise<void> {
  const gate = deferred();
  t.engines[0].gate = gate.promise;
  for (const f of finals) t.runner.accept(f);
  gate.resolve();
  t.engines[0].gate = null;
  await t.runner.idle();
}

/** Runs `msg` while the test clock moves from where it is to `endMs`: a decode that took that long. */
async function decodeUntil(
  t: Awaited<ReturnType<typeof setUp>>,
  clock: { ms: number },
  msg: SnapshotMessage,
  endMs: number,
): Promise<void> {
  const gate = deferred();
  t.engines[0].gate = gate.promise;
  t.runner.accept(msg);
  await Promise.resolve();
  clock.ms = endMs;
  t.engines[0].gate = null;
  gate.resolve();
  await t.runner.idle();
}

describe('Runner', () => {
  it('runs the model once after loading, without holding up ready, and ahead of the first request', async () => {
    const warm = deferred();
    const t = await setUp('wasm', {}, (e) => (e.warmGate = warm.promise));
    expect(t.engines[0].warmUps).toBe(1); // create() has returned while the first run goes on
    t.runner.accept(final('live-1', 1));
    await new Promise((r) => setTimeout(r, 0));
    expect(t.engines[0].calls).toEqual([]); // the request waits for it
    warm.resolve();
    await t.runner.idle();
    expect(t.engines[0].calls.map((c) => c.ids)).toEqual([[1]]);
    expect(t.finals()).toHaveLength(1);
    expect(t.errors()).toEqual([]);
  });

  it('a GPU that fails its first run hands over to the CPU, which runs it instead, and says so', async () => {
    const t = await setUp('webgpu', {}, (e) => {
      if (e.device === 'webgpu') e.warmFailures.push(new Error('device lost'));
    });
    await t.runner.idle();
    expect(t.engines.map((e) => [e.device, e.warmUps, e.loaded])).toEqual([
      ['webgpu', 1, false],
      ['wasm', 1, true],
    ]);
    expect(t.runner.info().device).toBe('wasm');
    expect(t.errors()).toEqual([expect.objectContaining({ message: expect.stringMatching(/GPU stopped working.*CPU/), fatal: false })]);
  });

  it('a short-context encoder refused only on the first run is logged once, as one refused at load is', async () => {
    const t = await setUp('wasm', {}, (e) => (e.refuseOnWarmUp = 'Invalid input shape'));
    await t.runner.idle();
    t.runner.accept(final('live-1', 1));
    await t.runner.idle();
    expect(t.engines[0].encoder).toBe('stock');
    expect(t.finals()).toHaveLength(1);
    expect(t.warnings).toEqual(['[earshot:test] the edited encoder and decoder were refused (Invalid input shape); the stock models run']);
    expect(t.errors()).toEqual([]);

    const atLoad = await setUp('wasm', {}, (e) => (e.encoderRefused = 'Unsupported opset'));
    await atLoad.runner.idle();
    expect(atLoad.warnings).toEqual([
      '[earshot:test] the edited encoder and decoder were refused (Unsupported opset); the stock models run',
    ]);
  });

  it('a model that loads but cannot run on the CPU is a fatal error that says so', async () => {
    const t = await setUp('wasm', {}, (e) => e.warmFailures.push(new Error('bad graph')));
    await t.runner.idle();
    expect(t.errors()).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/loaded but could not run \(bad graph\)\. Reload/), fatal: true }),
    ]);
  });

  it('packs finals that queued up behind a decode into one window, in order, and acknowledges each', async () => {
    const t = await setUp();
    await queueBehindADecode(
      t,
      [1, 2, 3, 4, 5].map((id) => final('live-1', id)),
    );
    // The first alone, then the rest packed: at most maxBatch (4) per call.
    expect(t.engines[0].calls.map((c) => c.ids)).toEqual([[1], [2, 3, 4, 5]]);
    expect(t.finals().map((f) => f.type === 'final' && f.text)).toEqual(['s1', 's2 s3 s4 s5']);
    expect(t.acks).toEqual(['live-1:1', 'live-1:2', 'live-1:3', 'live-1:4', 'live-1:5']);
  });

  it('never packs past the 28 s window or across sources', async () => {
    const t = await setUp('wasm', { maxBatch: 8 });
    await queueBehindADecode(t, [
      final('live-a', 1),
      final('live-a', 2, 15_000),
      final('live-a', 3, 14_000), // 29 s with the one before
      final('live-b', 4),
      final('live-a', 5),
    ]);
    expect(t.engines[0].calls.map((c) => c.ids)).toEqual([[1], [2], [3], [4], [5]]);
  });

  it("never packs a file's finals: each is decoded on its own, so none can be left out of a window", async () => {
    const t = await setUp();
    await queueBehindADecode(
      t,
      [1, 2, 3, 4].map((id) => final('file-1', id)),
    );
    expect(t.engines[0].calls.map((c) => c.ids)).toEqual([[1], [2], [3], [4]]);
    expect(t.finals().map((f) => f.type === 'final' && f.text)).toEqual(['s1', 's2', 's3', 's4']);
  });

  it('decodes a joined segment with the final it replaces, and says which final it replaces', async () => {
    const t = await setUp();
    await queueBehindADecode(
      t,
      [1, 2, 3].map((id) => final('live-a', id)),
    ); // 1 alone, then 2 and 3 packed into final 3
    // Segment 4's audio covers segment 3's (the VAD joined them): decoded with 2, which final 3 also held.
    t.runner.accept(final('live-a', 4, 1000, { replaces: 3 }));
    await t.runner.idle();
    expect(t.engines[0].calls.map((c) => c.ids)).toEqual([[1], [2, 3], [2, 4]]);
    expect(t.finals().at(-1)).toMatchObject({ id: 4, replaces: 3, text: 's2 s4' });
    expect(t.engines[0].calls[2].options.prompt?.previous).toBe('s1'); // not the text it replaces
  });

  it('carries on on the CPU when the GPU fails, re-running the request there', async () => {
    const t = await setUp('webgpu');
    t.engines[0].failures.push(new Error('device lost'));
    t.runner.accept(final('a', 1));
    await t.runner.idle();
    expect(t.engines.map((e) => e.device)).toEqual(['webgpu', 'wasm']);
    expect(t.engines[0].loaded).toBe(false); // the GPU model was released
    expect(t.finals()).toMatchObject([{ id: 1, text: 's1' }]);
    expect(t.errors()).toMatchObject([{ where: 'transcribe', fatal: false, message: expect.stringContaining('CPU') }]);
    expect(t.runner.info().device).toBe('wasm');
    expect(t.acks).toEqual(['a:1']);
  });

  it('retries a failed final once, then publishes it empty with an error: it is never dropped', async () => {
    const t = await setUp();
    t.engines[0].failures.push(new Error('first'));
    t.runner.accept(final('a', 1));
    await t.runner.idle();
    expect(t.finals()).toMatchObject([{ id: 1, text: 's1' }]);
    expect(t.errors()).toEqual([]);

    t.engines[0].failures.push(new Error('out of memory'), new Error('out of memory'));
    t.runner.accept(final('a', 2));
    await t.runner.idle();
    expect(t.finals().at(-1)).toMatchObject({ id: 2, text: '' });
    expect(t.errors()).toMatchObject([{ message: expect.stringContaining('out of memory'), fatal: false }]);
    expect(t.acks).toEqual(['a:1', 'a:2']);
  });

  it('stops a periodic partial in flight when a final arrives, and never shows its cut-short text', async () => {
    const t = await setUp();
    const gate = deferred();
    t.engines[0].gate = gate.promise;
    t.runner.accept(snapshot('a', 1, 'periodic'));
    await Promise.resolve();
    t.runner.accept(final('a', 1));
    expect(t.stops[0].interrupted).toBe(true);
    t.engines[0].gate = null;
    gate.resolve();
    await t.runner.idle();
    expect(t.events.filter((e) => e.type === 'partial')).toEqual([]);
    expect(t.finals()).toMatchObject([{ id: 1, text: 's1' }]);
  });

  it('says nothing of a partial that failed after it was stopped, and still reports one that failed running', async () => {
    const t = await setUp();
    const engine = t.engines[0];
    const gate = deferred();
    engine.gate = gate.promise;
    engine.failures.push(new Error('token_ids must be a non-empty array of integers.'));
    t.runner.accept(snapshot('a', 1, 'periodic'));
    await Promise.resolve();
    t.runner.accept(snapshot('a', 1, 'pause', 1500)); // stops it; it then fails
    engine.gate = null;
    gate.resolve();
    await t.runner.idle();
    expect(t.errors()).toEqual([]);
    expect(t.events.filter((e) => e.type === 'partial')).toHaveLength(1); // the pause snapshot's

    engine.failures.push(new Error('out of memory'));
    t.runner.accept(snapshot('a', 2, 'pause'));
    await t.runner.idle();
    expect(t.errors()).toEqual([expect.objectContaining({ message: 'Partial text failed: out of memory', fatal: false })]);
  });

  it("stops the decode of a segment's pause when the segment pauses again (the speech went on), showing neither cut-short text", async () => {
    const t = await setUp();
    const gate = deferred();
    t.engines[0].gate = gate.promise;
    t.runner.accept(snapshot('a', 1, 'pause', 1000));
    await Promise.resolve();
    t.runner.accept(snapshot('b', 1, 'pause', 1000)); // another source's pause does not end it
    expect(t.stops[0].interrupted).toBe(false);
    t.runner.accept(snapshot('a', 1, 'pause', 2000));
    expect(t.stops[0].interrupted).toBe(true);
    t.engines[0].gate = null;
    gate.resolve();
    await t.runner.idle();
    expect(t.engines[0].calls.map((c) => c.ids)).toEqual([[1], [1]]);
    expect(t.events.filter((e) => e.type === 'partial')).toHaveLength(1);
    // Only the later pause can stand in for the final.
    t.runner.accept({ ...final('a', 1, 1000), endMs: 3000 });
    await t.runner.idle();
    expect(t.finals()).toMatchObject([{ id: 1, metrics: { speculative: false } }]);
  });

  it("reuses a pause snapshot's decode for the final with the same audio, and reports the snapshot's waits", async () => {
    const t = await setUp();
    const gate = deferred();
    t.engines[0].gate = gate.promise;
    t.runner.accept(snapshot('a', 1, 'periodic', 500)); // in flight when the pause arrives
    await Promise.resolve();
    // Sent 120 ms before the worker read it (the worker was inside a model run): a wait queueMs cannot see.
    t.runner.accept({ ...snapshot('a', 1, 'pause'), sentEpochMs: Date.now() - 120 });
    await new Promise((r) => setTimeout(r, 40));
    t.engines[0].gate = null;
    gate.resolve();
    await t.runner.idle();
    t.engines[0].calls.shift();
    t.runner.accept({ ...final('a', 1), startMs: 2000, endMs: 3000 });
    await t.runner.idle();
    expect(t.engines[0].calls).toHaveLength(1);
    expect(t.finals()).toMatchObject([{ id: 1, text: 's1', metrics: { speculative: true } }]);
    const [published] = t.finals();
    expect(published.type === 'final' && published.metrics.queueMs).toBeGreaterThanOrEqual(35);
    expect(published.type === 'final' && published.metrics.handoffMs).toBeGreaterThanOrEqual(115);
    expect(published.type === 'final' && published.metrics.handoffMs).toBeLessThan(1000);
    expect(t.acks).toEqual(['a:1']);
  });

  it('starts later decodes of a segment from the words two complete partials agreed on, and forgets them when the source ends', async () => {
    const t = await setUp('wasm', {}, undefined, () => 0); // decodes take no time: partials need no rest
    const engine = t.engines[0];
    engine.replies = ['Ask not what your country', 'Ask not what your country can', 'Ask not what your country can do for you.'];
    t.runner.accept(snapshot('a', 1, 'periodic', 2000));
    await t.runner.idle();
    t.runner.accept(snapshot('a', 1, 'periodic', 3000));
    await t.runner.idle();
    t.runner.accept(snapshot('a', 1, 'pause', 4000));
    await t.runner.idle();
    // Agreed: "Ask not what your country"; the last agreed word is held back.
    expect(engine.calls.map((c) => c.options.prefix)).toEqual(['', '', 'Ask not what your']);
    expect(t.events.filter((e) => e.type === 'partial').at(-1)).toMatchObject({ text: 'Ask not what your country can do for you.' });
    // The next segment starts from nothing, and so does the segment after the source's end.
    t.runner.accept(snapshot('a', 2, 'periodic'));
    t.runner.accept({ type: 'end', source: 'a' });
    t.runner.accept(snapshot('a', 2, 'periodic'));
    await t.runner.idle();
    expect(engine.calls.slice(3).map((c) => c.options.prefix)).toEqual(['', '']);
  });

  it('agrees on nothing from a partial cut short, and never forces words on a final decoded anew', async () => {
    const t = await setUp('wasm', {}, undefined, () => 0); // decodes take no time: partials need no rest
    const engine = t.engines[0];
    engine.replies = [
      'one two three four five',
      'one two three four five',
      'one two three four five six',
      'one two three four five six seven',
    ];
    t.runner.accept(snapshot('a', 1, 'periodic', 2000));
    await t.runner.idle();
    const gate = deferred();
    engine.gate = gate.promise;
    t.runner.accept(snapshot('a', 1, 'periodic', 3000));
    await Promise.resolve();
    t.runner.accept(snapshot('a', 1, 'pause', 4000)); // interrupts the partial: its text agrees with nothing
    engine.gate = null;
    gate.resolve();
    await t.runner.idle();
    expect(t.stops[1].interrupted).toBe(true);
    // The speech went on after the pause: the final has other audio, decoded whole, from no forced words.
    t.runner.accept(final('a', 1, 5000));
    await t.runner.idle();
    expect(engine.calls.map((c) => c.options.prefix)).toEqual(['', '', '', '']);
    expect(t.finals()).toMatchObject([{ id: 1, text: 'one two three four five six seven', metrics: { speculative: false } }]);
  });

  it('rests the model after a periodic partial as long as it ran; a pause snapshot or final does not wait', async () => {
    const clock = { ms: 0 };
    const t = await setUp('wasm', {}, undefined, () => clock.ms);
    const engine = t.engines[0];
    await decodeUntil(t, clock, snapshot('a', 1, 'periodic', 2000), 800); // took 800 ms: no periodic one before 1600

    clock.ms = 1000;
    t.runner.accept(snapshot('a', 1, 'periodic', 3000));
    await new Promise((r) => setTimeout(r, 20));
    expect(engine.calls).toHaveLength(1); // held
    t.runner.accept(snapshot('a', 1, 'pause', 3500)); // replaces the held one and runs at once
    await new Promise((r) => setTimeout(r, 20));
    expect(engine.calls).toHaveLength(2);
    await t.runner.idle();
    t.runner.accept(final('a', 1, 5000));
    await t.runner.idle();
    expect(engine.calls.map((c) => c.options.stop !== undefined)).toEqual([true, true, false]);
    expect(t.finals()).toHaveLength(1);
    expect(t.events.filter((e) => e.type === 'partial')).toHaveLength(2);
  });

  it('runs a held periodic partial once the rest is over, and a dispose ends the rest', async () => {
    vi.useFakeTimers();
    try {
      const clock = { ms: 0 };
      const t = await setUp('wasm', {}, undefined, () => clock.ms);
      const engine = t.engines[0];
      await decodeUntil(t, clock, snapshot('a', 1, 'periodic', 2000), 500);

      t.runner.accept(snapshot('a', 1, 'periodic', 3000));
      await vi.advanceTimersByTimeAsync(400);
      expect(engine.calls).toHaveLength(1);
      clock.ms = 1000;
      await vi.advanceTimersByTimeAsync(100);
      await t.runner.idle();
      expect(engine.calls.map((c) => c.ids)).toEqual([[1], [1]]);

      clock.ms = 1200; // the second one took no time: no rest
      t.runner.accept(snapshot('b', 2, 'periodic', 1000));
      expect(engine.calls).toHaveLength(3);
      await t.runner.idle();

      clock.ms = 2000;
      await decodeUntil(t, clock, snapshot('b', 2, 'periodic', 2000), 2600);
      t.runner.accept(snapshot('b', 2, 'periodic', 3000)); // held until 3200
      await vi.advanceTimersByTimeAsync(10);
      await t.runner.dispose(); // does not wait for the rest
      expect(engine.calls).toHaveLength(4);
      expect(engine.loaded).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('closes a source in order: drained after its finals, and acknowledged', async () => {
    const t = await setUp();
    t.runner.accept(final('a', 1));
    t.runner.accept({ type: 'end', source: 'a' });
    await t.runner.idle();
    expect(t.events.map((e) => e.type)).toEqual(['final', 'drained']);
    expect(t.acks).toEqual(['a:1', 'a:end']);
  });

  it('tells the user when its queue is full, and acknowledges the refused final (a resend would be refused too)', async () => {
    const t = await setUp();
    const gate = deferred();
    t.engines[0].gate = gate.promise;
    t.runner.accept(final('a', 1)); // in flight
    for (let id = 2; id <= MAX_QUEUED_FINALS + 2; id++) t.runner.accept(final('a', id, 100));
    expect(t.errors()).toMatchObject([{ message: expect.stringContaining('fallen far behind') }]);
    expect(t.acks).toEqual([`a:${MAX_QUEUED_FINALS + 2}`]);
    t.engines[0].gate = null;
    gate.resolve();
    await t.runner.idle();
    expect(t.acks).toHaveLength(MAX_QUEUED_FINALS + 2); // in flight + queued + refused
  });

  it('unloads the weights after the idle time and reloads them for the next speech', async () => {
    vi.useFakeTimers();
    try {
      const t = await setUp('wasm', { idleUnloadMs: 60_000 });
      vi.advanceTimersByTime(60_000);
      expect(t.runner.info().loaded).toBe(false);
      t.runner.accept(final('a', 1));
      await t.runner.idle();
      expect(t.runner.info().loaded).toBe(true);
      expect(t.finals()).toMatchObject([{ text: 's1' }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('on dispose, stops a partial under way and unloads the model only once it has ended', async () => {
    const t = await setUp();
    const gate = deferred();
    t.engines[0].gate = gate.promise;
    t.runner.accept(snapshot('live-1', 1, 'periodic', 3000));
    await Promise.resolve();
    const disposed = t.runner.dispose();
    await new Promise((r) => setTimeout(r, 10));
    expect(t.stops[0].interrupted).toBe(true);
    expect(t.engines[0].loaded).toBe(true); // the decode still runs on it
    gate.resolve();
    await disposed;
    expect(t.engines[0].loaded).toBe(false);
    expect(t.events.filter((e) => e.type === 'partial')).toEqual([]); // an interrupted partial says nothing
  });
});
