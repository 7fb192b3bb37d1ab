// How a partial decode is stopped early. Pure over transformers.js's logits: no model needed to test it.
import { LogitsProcessor, type Tensor } from '@huggingface/transformers';
import type { StopSignal } from './engine';

/**
 * Ends a decode at its next step once `stop` is interrupted, by leaving end-of-text the only token it can
 * pick. (WhisperForConditionalGeneration.generate in transformers.js 4.3.1 drops `stopping_criteria`;
 * logits processors it passes on.)
 */
export class EndOnInterrupt extends LogitsProcessor {
  constructor(
    private readonly stop: StopSignal,
    private readonly endOfText: number,
  ) {
    super();
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    if (!this.stop.interrupted) return logits;
    for (let i = 0; i < inputIds.length; i++) {
      const scores = (logits as unknown as Tensor[])[i].data as Float32Array;
      scores.fill(-Infinity);
      scores[this.endOfText] = 0;
    }
    return logits;
  }
}
