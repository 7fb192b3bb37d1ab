import { afterEach, describe, expect, it, vi } from 'vitest';
import { Diagnostics } from '../src/ui/diagnostics.svelte';
import type { DiagnosticsSample } from '../src/ui/diagnostics-data';

const sample = (heapBytes: number | null): DiagnosticsSample => ({
  device: 'wasm',
  dtype: 'q8',
  encoder: 'short-context',
  model: 'whisper-tiny',
  modelLoaded: true,
  modelLoadMs: 1000,
  rtf: 0.2,
  segments: [],
  vad: null,
  ring: { capacity: 192000, overruns: 0 },
  heapBytes,
  wasmBytes: 0,
  threads: 1,
});

describe('Diagnostics (runes class)', () => {
  afterEach(() => vi.useRealTimers());

  it('polls while started, keeps a bounded memory series, and stops', async () => {
    vi.useFakeTimers();
    let heap = 0;
    const source = vi.fn(async () => sample((heap += 1e6)));
    const d = new Diagnostics(source, 1000, 3);
    d.start();
    d.start(); // once
    await vi.advanceTimersByTimeAsync(4000);
    expect(source).toHaveBeenCalledTimes(5);
    expect(d.memoryMb).toEqual([3, 4, 5]);
    expect(d.latest?.encoder).toBe('short-context');
    d.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(source).toHaveBeenCalledTimes(5);
  });

  it('never stacks polls behind a slow answer, and says why a poll failed', async () => {
    vi.useFakeTimers();
    let release!: () => void;
    const source = vi.fn(() => new Promise<DiagnosticsSample>((resolve, reject) => (release = () => reject(new Error('worker busy')))));
    const d = new Diagnostics(source, 1000);
    d.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(source).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(d.problem).toMatch(/unavailable right now \(worker busy\)/);
    d.stop();
  });
});
