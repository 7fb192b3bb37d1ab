// The live transcript keeps only its newest segments in memory; everything is in the history already.

/** Segments kept on screen while dictating: enough to read back, small enough to stay smooth for hours. */
export const LIVE_WINDOW = 200;

/** Appends `item`, dropping the oldest entries beyond `max`; returns a new array and how many were dropped. */
export function appendWindowed<T>(list: readonly T[], item: T, max = LIVE_WINDOW): { list: T[]; dropped: number } {
  const dropped = Math.max(0, list.length + 1 - max);
  const next = list.slice(dropped);
  next.push(item);
  return { list: next, dropped };
}
