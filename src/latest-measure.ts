// A figure the browser answers slowly, kept fresh in the background: the caller reads the latest answer
// instead of waiting for one. For measureUserAgentSpecificMemory, which Chrome answers at its next garbage
// collection (seconds, sometimes a minute, away). Pure: the measurement comes in from the caller.

export class LatestMeasure {
  private latest: number | null = null;
  private asking = false;

  constructor(private readonly measure: (() => Promise<number>) | null) {}

  /** The latest answer (null before the first, or where there is nothing to measure); asks again unless a question is open. */
  read(): number | null {
    if (this.measure && !this.asking) {
      this.asking = true;
      this.measure()
        .then(
          (value) => void (this.latest = value),
          () => undefined, // a failed measurement keeps the last figure
        )
        .finally(() => (this.asking = false));
    }
    return this.latest;
  }
}
