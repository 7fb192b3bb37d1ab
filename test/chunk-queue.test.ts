import { describe, expect, it } from 'vitest';
import { ChunkQueue } from '../workers/capture/chunk-queue';

describe('ChunkQueue', () => {
  it('delivers every sample once, in order, across uneven batches and frames', () => {
    const q = new ChunkQueue(16000 * 12);
    let produced = 0;
    let expected = 0;
    const frame = new Float32Array(512);
    let seed = 7;
    for (let round = 0; round < 2000; round++) {
      seed = (seed * 48271) % 2147483647;
      const size = 1 + (seed % 700);
      const batch = Float32Array.from({ length: size }, () => produced++);
      expect(q.push(batch)).toBe(size);
      while (q.availableRead() >= 512) {
        expect(q.pop(frame, 512)).toBe(512);
        // One assertion per frame (half a million `expect` calls took 30 s): the first sample out of place, or -1.
        const first = expected;
        expect(frame.findIndex((v, i) => v !== first + i)).toBe(-1);
        expected += 512;
      }
    }
    expect(expected + q.availableRead()).toBe(produced);
    expect(q.overrunSamples).toBe(0);
  });

  it('refuses and counts a batch that would overflow, keeping what it has intact', () => {
    const q = new ChunkQueue(1000);
    q.push(new Float32Array(800).fill(1));
    expect(q.push(new Float32Array(300).fill(2))).toBe(0);
    expect(q.overrunSamples).toBe(300);
    expect(q.availableRead()).toBe(800);
    const out = new Float32Array(1000);
    expect(q.pop(out, 1000)).toBe(800);
    expect(out.subarray(0, 800).every((v) => v === 1)).toBe(true);
  });
});
