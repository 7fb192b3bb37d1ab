// How a partial decode is stopped early. Pure over transformers.js's logits: no model needed to test it.
import { LogitsProcessor, LogitsProcessorList, type Tensor } from '@huggingface/transformers';
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

/**
 * The processors to pass a decode, with the stop applied after any that Whisper's generate adds to them. It adds
 * its ban on end-of-text as the first token after ours, which turned a stop before the first token into a
 * wasted token (every score -Infinity) and a second step.
 */
export class StopLastList extends LogitsProcessorList {
  constructor(stop: EndOnInterrupt) {
    super();
    super.push(stop);
  }

  override push(item: LogitsProcessor): void {
    this.processors.splice(this.processors.length - 1, 0, item);
  }

  override extend(items: LogitsProcessor[]): void {
    for (const item of items) this.push(item);
  }
}
