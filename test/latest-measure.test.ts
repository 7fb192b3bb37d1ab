import { describe, expect, it } from 'vitest';
import { LatestMeasure } from '../src/latest-measure';

/** A measurement the test answers by hand. */
function manual() {
  const asked: Array<{ resolve: (v: number) => void; reject: (e: Error) => void }> = [];
  const measure = () => new Promise<number>((resolve, reject) => asked.push({ resolve, reject }));
  return { asked, measure };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('LatestMeasure', () => {
  it('answers at once with the latest figure and asks again only once the last question is answered', async () => {
    const { asked, measure } = manual();
    const m = new LatestMeasure(measure);
    expect(m.read()).toBeNull(); // nothing answered yet
    expect(m.read()).toBeNull();
    expect(asked).toHaveLength(1); // one question open, not one per read

    asked[0].resolve(300);
    await settle();
    expect(m.read()).toBe(300);
    expect(asked).toHaveLength(2);
    asked[1].resolve(320);
    await settle();
    expect(m.read()).toBe(320);
  });

  it('keeps the last figure when a measurement fails, and asks again', async () => {
    const { asked, measure } = manual();
    const m = new LatestMeasure(measure);
    m.read();
    asked[0].resolve(100);
    await settle();
    m.read();
    asked[1].reject(new Error('aborted'));
    await settle();
    expect(m.read()).toBe(100);
    expect(asked).toHaveLength(3);
  });

  it('is null for good where there is nothing to measure', () => {
    const m = new LatestMeasure(null);
    expect(m.read()).toBeNull();
    expect(m.read()).toBeNull();
  });
});
