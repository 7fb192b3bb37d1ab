import type { LoadProgress } from '../protocol';

/** Sums per-file byte progress into one throttled report per model. */
export function progressReporter(what: string, totalBytes: number, emit: (p: LoadProgress) => void, intervalMs = 150) {
  const perFile = new Map<string, number>();
  let last = 0;
  return {
    file(path: string, loaded: number) {
      perFile.set(path, loaded);
      const now = performance.now();
      if (now - last < intervalMs) return;
      last = now;
      let loadedBytes = 0;
      for (const v of perFile.values()) loadedBytes += v;
      emit({ what, loadedBytes: Math.min(loadedBytes, totalBytes), totalBytes, done: false });
    },
    done() {
      emit({ what, loadedBytes: totalBytes, totalBytes, done: true });
    },
  };
}
