import { afterEach, describe, expect, it, vi } from 'vitest';
import { StalledError, untilStalled, within } from '../src/bounded-wait';

describe('within', () => {
  afterEach(() => vi.useRealTimers());

  it('gives the value when it comes in time, the fallback when it does not or fails', async () => {
    vi.useFakeTimers();
    expect(await within(Promise.resolve(7), 100, null)).toBe(7);
    expect(await within(Promise.reject(new Error('full')), 100, 'fallback')).toBe('fallback');
    const never = within(new Promise<number>(() => undefined), 100, null);
    await vi.advanceTimersByTimeAsync(100);
    expect(await never).toBeNull();
    expect(vi.getTimerCount()).toBe(0); // no timer left behind by the answered waits
  });
});

describe('untilStalled', () => {
  afterEach(() => vi.useRealTimers());

  it('waits as long as progress keeps coming, and gives up once it stops for longer than the limit', async () => {
    vi.useFakeTimers();
    let now = 0;
    let last = 0;
    let settled = false;
    const stalled = untilStalled(
      new Promise<number>(() => undefined),
      () => last,
      1000,
      'loading',
      () => now,
    );
    stalled.catch(() => undefined).finally(() => (settled = true));
    for (let t = 0; t < 5000; t += 250) {
      now = t;
      last = t; // progress every 250 ms: five times the limit passes without a stall
      await vi.advanceTimersByTimeAsync(250);
    }
    expect(settled).toBe(false);
    now += 1250; // then nothing
    await vi.advanceTimersByTimeAsync(1250);
    await expect(stalled).rejects.toThrow(new StalledError('loading made no progress for 1 s'));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes on the outcome of work that finishes, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    expect(
      await untilStalled(
        Promise.resolve('ready'),
        () => 0,
        1000,
        'loading',
        () => 0,
      ),
    ).toBe('ready');
    await expect(
      untilStalled(
        Promise.reject(new Error('HTTP 500')),
        () => 0,
        1000,
        'loading',
        () => 0,
      ),
    ).rejects.toThrow('HTTP 500');
    expect(vi.getTimerCount()).toBe(0);
  });
});
