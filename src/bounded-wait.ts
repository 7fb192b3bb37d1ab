// Waiting on something that may be slow or never answer (storage, a browser measurement), up to a limit.

/** `p`'s value, or `fallback` once `ms` have passed or if `p` rejects; never rejects. Clears its timer. */
export function within<T, F>(p: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    p.then(resolve, () => resolve(fallback)).finally(() => clearTimeout(timer));
  });
}

/** A wait that `untilStalled` gave up on. */
export class StalledError extends Error {
  override name = 'StalledError';
}

/**
 * `p`'s outcome, unless `lastActivity()` (a `now()` time) falls more than `stallMs` behind first: then it
 * rejects with a StalledError. For work that reports progress and may take long, but must not hang.
 */
export function untilStalled<T>(
  p: Promise<T>,
  lastActivity: () => number,
  stallMs: number,
  what: string,
  now = () => performance.now(),
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const idle = now() - lastActivity();
      if (idle <= stallMs) return;
      clearInterval(timer);
      reject(new StalledError(`${what} made no progress for ${Math.round(idle / 1000)} s`));
    }, stallMs / 10);
    p.then(resolve, reject).finally(() => clearInterval(timer));
  });
}
