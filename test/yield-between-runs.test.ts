import { describe, expect, it } from 'vitest';
import { yieldBeforeRuns } from '../workers/transcribe/yield-between-runs';

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
    yieldBeforeRuns(
      { decoder: session },
      () => interruptible,
      async () => {
        order.push('yield');
      },
    );
    await session.run(1 as never);
    await session.run(2 as never);
    interruptible = false;
    expect(await session.run(3 as never)).toBe(3);
    expect(order).toEqual(['yield', 'run 1', 'yield', 'run 2', 'run 3']);
  });
});
