import { Tensor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { EndOnInterrupt } from '../workers/transcribe/end-on-interrupt';

const END_OF_TEXT = 3;

describe('EndOnInterrupt', () => {
  it('leaves the scores alone until the decode is interrupted, then leaves end-of-text the only choice', () => {
    const stop = {
      interrupted: false,
      interrupt() {
        this.interrupted = true;
      },
    };
    const processor = new EndOnInterrupt(stop, END_OF_TEXT);
    const logits = () => new Tensor('float32', new Float32Array([0.1, 2.5, -1, 0.3, 0.9, 1.2]), [2, 3]);
    const ids = [[1n], [1n]];

    const before = processor(ids, logits()) as Tensor;
    expect(Array.from(before.data as Float32Array)).toEqual(Array.from(new Float32Array([0.1, 2.5, -1, 0.3, 0.9, 1.2])));

    stop.interrupt();
    const wide = new Tensor('float32', new Float32Array(8).fill(1), [2, 4]);
    const after = processor([[1n], [1n]], wide) as Tensor;
    const rows = [0, 1].map((i) => Array.from((after as unknown as Tensor[])[i].data as Float32Array));
    for (const row of rows) {
      expect(row[END_OF_TEXT]).toBe(0);
      expect(row.filter((v, t) => t !== END_OF_TEXT).every((v) => v === -Infinity)).toBe(true);
    }
  });
});
