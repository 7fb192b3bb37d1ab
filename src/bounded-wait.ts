// Waiting on something that may be slow or never answer (storage, a browser measurement), up to a limit.

/** `p`'s value, or `fallback` once `ms` have passed or if `p` rejects; never rejects. Clears its timer. */
export function within<T, F>(p: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    p.then(resolve, () => resolve(fallback)).finally(() => clearTimeout(timer));
  });
}
