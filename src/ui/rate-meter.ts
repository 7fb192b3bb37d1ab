// Download speed over a short sliding window, for the model progress bar. Pure (the clock is passed in).

export class RateMeter {
  private readonly samples: { atMs: number; bytes: number }[] = [];

  constructor(
    private readonly windowMs = 2000,
    private readonly maxSamples = 64,
  ) {}

  /** `bytes`: the running total so far. A total that goes down (a new download) starts over. */
  add(bytes: number, atMs: number): void {
    const last = this.samples[this.samples.length - 1];
    if (last && bytes < last.bytes) this.samples.length = 0;
    this.samples.push({ atMs, bytes });
    while (this.samples.length > this.maxSamples || (this.samples.length > 2 && atMs - this.samples[1].atMs >= this.windowMs))
      this.samples.shift();
  }

  /** Bytes per second over the window; 0 until two samples at least 100 ms apart exist. */
  get bytesPerSecond(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || last.atMs - first.atMs < 100) return 0;
    return ((last.bytes - first.bytes) * 1000) / (last.atMs - first.atMs);
  }

  reset(): void {
    this.samples.length = 0;
  }
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes >= 1e8 ? 0 : 1)} MB`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${(bytesPerSecond / 1e6).toFixed(1)} MB/s`;
}
