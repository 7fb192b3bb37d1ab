// The capture ring's stand-in where SharedArrayBuffer is unavailable (no cross-origin isolation):
// the worklet transfers batches of samples over a MessagePort and the VAD worker queues them here.
// Same consumer surface as ringbuf.js's RingBuffer (`availableRead`, `pop`), so the VAD reads either.
// Bounded: when full, the oldest-arriving batch that does not fit is refused and counted as overrun.

export interface SampleReader {
  availableRead(): number;
  pop(out: Float32Array, length: number): number;
}

export class ChunkQueue implements SampleReader {
  private readonly chunks: Float32Array[] = [];
  private head = 0; // read offset into chunks[0]
  private available = 0;
  overrunSamples = 0;

  constructor(readonly capacity: number) {}

  /** Queues a batch; returns the samples accepted (0 when it would overflow the capacity). */
  push(chunk: Float32Array): number {
    if (this.available + chunk.length > this.capacity) {
      this.overrunSamples += chunk.length;
      return 0;
    }
    this.chunks.push(chunk);
    this.available += chunk.length;
    return chunk.length;
  }

  availableRead(): number {
    return this.available;
  }

  pop(out: Float32Array, length: number): number {
    let written = 0;
    const want = Math.min(length, this.available, out.length);
    while (written < want) {
      const chunk = this.chunks[0];
      const n = Math.min(want - written, chunk.length - this.head);
      out.set(chunk.subarray(this.head, this.head + n), written);
      written += n;
      this.head += n;
      if (this.head === chunk.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.available -= written;
    return written;
  }
}
