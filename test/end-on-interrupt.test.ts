import { LogitsProcessor, LogitsProcessorList, Tensor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { EndOnInterrupt, StopLastList } from '../workers/transcribe/end-on-interrupt';

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

/** Whisper's ban on end-of-text as the first token, as its generate adds it to the processors it is given. */
class BanEndAtBegin extends LogitsProcessor {
  override _call(_ids: bigint[][], logits: Tensor): Tensor {
    ((logits as unknown as Tensor[])[0].data as Float32Array)[END_OF_TEXT] = -Infinity;
    return logits;
  }
}

describe('StopLastList', () => {
  it('applies the stop after what generate adds, so a stop before the first token ends the decode there', () => {
    const stop = { interrupted: true, interrupt() {} };
    const given = new StopLastList(new EndOnInterrupt(stop, END_OF_TEXT));
    given.push(new BanEndAtBegin()); // WhisperForConditionalGeneration.generate
    const all = new LogitsProcessorList(); // GenerationMixin: its own processors, then the caller's
    all.extend([...given]);
    const out = all([[1n]], new Tensor('float32', new Float32Array(5).fill(1), [1, 5])) as unknown as Tensor[];
    const row = Array.from(out[0].data as Float32Array);
    expect(row[END_OF_TEXT]).toBe(0);
    expect(row.filter((_, t) => t !== END_OF_TEXT).every((v) => v === -Infinity)).toBe(true);
  });

  it('leaves the scores to the other processors while the decode runs on', () => {
    const stop = { interrupted: false, interrupt() {} };
    const given = new StopLastList(new EndOnInterrupt(stop, END_OF_TEXT));
    given.extend([new BanEndAtBegin()]);
    const out = given([[1n]], new Tensor('float32', new Float32Array(5).fill(1), [1, 5])) as unknown as Tensor[];
    expect(Array.from(out[0].data as Float32Array)).toEqual([1, 1, 1, -Infinity, 1]);
  });
});
