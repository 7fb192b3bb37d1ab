// Where a file transcription stands, in numbers for the progress bar. Pure.

export interface FileProgressView {
  /** 0..100, or null before the file's length is known. */
  percent: number | null;
  elapsedMs: number;
  /** Time still needed at the rate so far; null until there is a rate to go by. */
  leftMs: number | null;
}

export function fileProgress(file: { totalMs: number; doneMs: number; startedAt: number }, now: number): FileProgressView {
  const elapsedMs = Math.max(0, now - file.startedAt);
  if (file.totalMs <= 0) return { percent: null, elapsedMs, leftMs: null };
  const done = Math.min(1, file.doneMs / file.totalMs);
  const leftMs = done > 0 ? (elapsedMs * (1 - done)) / done : null;
  return { percent: Math.floor(done * 100), elapsedMs, leftMs };
}
