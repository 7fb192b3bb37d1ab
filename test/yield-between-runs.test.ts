import { describe, expect, it } from 'vitest';
import { lastPositionOnly, yieldBeforeRuns } from '../workers/transcribe/yield-between-runs';

/** Stands in for onnxruntime's Tensor: the smaller input is made with the given tensor's own constructor. */
class FakeTensor {
  constructor(
    readonly type: string,
    readonly data: BigInt64Array | Int32Array | Float32Array,
    readonly dims: number[],
  ) {}
}

const ids = (rows: number[][]) => new FakeTensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0].length]);

describe('yieldBeforeRuns', () => {
  it('lets the event loop in before each run of an interruptible decode, and not otherwise', async () => {
    const order: string[] = [];
    const session = {
      run: async (step: never) => {
        order.push(`run ${step as unknown as number}`);
        return step;
      },
    };
    let interruptible = true;
    yieldBeforeRuns({ decoder: session }, { interruptible: () => interruptible, stopped: () => false }, async () => {
      order.push('yield');
    });
    await session.run(1 as never);
    await session.run(2 as never);
    interruptible = false;
    expect(await session.run(3 as never)).toBe(3);
    expect(order).toEqual(['yield', 'run 1', 'yield', 'run 2', 'run 3']);
  });

  it('gives the prompt pass only its last position once a message during the yield stopped the decode', async () => {
    const seen: number[][] = [];
    const session = {
      run: async (feeds: never) => {
        const t = (feeds as { input_ids: FakeTensor }).input_ids;
        seen.push([...t.dims, ...Array.from(t.data as BigInt64Array, Number)]);
        return null;
      },
    };
    let stopped = false;
    yieldBeforeRuns({ decoder_model_merged: session }, { interruptible: () => true, stopped: () => stopped }, async () => {
      stopped = true; // the pause snapshot arrives while the encoder ran
    });
    await session.run({ input_ids: ids([[50361, 11, 12, 13, 50258]]) } as never);
    expect(seen).toEqual([[1, 1, 50258]]);
  });

  it('runs a decode that was not stopped with every position', async () => {
    let given: unknown = null;
    const session = {
      run: async (feeds: never) => {
        given = feeds;
        return null;
      },
    };
    yieldBeforeRuns({ decoder_model_merged: session }, { interruptible: () => true, stopped: () => false }, async () => undefined);
    const feeds = { input_ids: ids([[50361, 11, 12, 50258]]) };
    await session.run(feeds as never);
    expect(given).toBe(feeds);
  });
});

describe('lastPositionOnly', () => {
  it('keeps each row last position, in the input type, with the other inputs untouched', () => {
    const hidden = new FakeTensor('float32', new Float32Array(6), [1, 2, 3]);
    const out = lastPositionOnly({
      input_ids: ids([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      encoder_hidden_states: hidden,
    });
    expect(out.input_ids).toBeInstanceOf(FakeTensor);
    expect(out.input_ids.type).toBe('int64');
    expect(out.input_ids.dims).toEqual([2, 1]);
    expect(Array.from(out.input_ids.data as BigInt64Array, Number)).toEqual([3, 6]);
    expect(out.encoder_hidden_states).toBe(hidden);

    const int32 = new FakeTensor('int32', Int32Array.from([7, 8]), [1, 2]);
    expect(Array.from(lastPositionOnly({ input_ids: int32 }).input_ids.data as Int32Array)).toEqual([8]);
  });

  it('leaves single-token steps and runs without token inputs (the encoder) as they are', () => {
    const step = { input_ids: ids([[42]]) };
    expect(lastPositionOnly(step)).toBe(step);
    const encoder = { input_features: new FakeTensor('float32', new Float32Array(4), [1, 2, 2]) };
    expect(lastPositionOnly(encoder)).toBe(encoder);
  });
});
