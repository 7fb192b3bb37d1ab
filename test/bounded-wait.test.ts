import { afterEach, describe, expect, it, vi } from 'vitest';
import { within } from '../src/bounded-wait';

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
