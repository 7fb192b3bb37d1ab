// Live diagnostics: polls the pipeline's metrics about once a second, only while the panel is open.
// Every series is bounded.
import type { EarshotApp } from '../app.svelte';
import { pushBounded } from './chart';
import { memoryFigure, type DiagnosticsSample } from './diagnostics-data';

export const POLL_MS = 1000;
/** Two minutes at one sample a second. */
export const MAX_POINTS = 120;

export async function sampleApp(app: EarshotApp): Promise<DiagnosticsSample> {
  const m = await app.pipeline.metrics();
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  return {
    device: m.asr?.device ?? '',
    dtype: m.asr?.dtype ?? '',
    encoder: m.asr?.encoder ?? '',
    model: m.asr?.model ?? app.settings.model,
    modelLoaded: m.asr?.loaded ?? false,
    modelLoadMs: m.asr?.modelLoadMs ?? 0,
    rtf: m.asr?.rtf ?? 0,
    segments: m.asr?.segments ?? [],
    vad: m.vad,
    ring: m.ring,
    heapBytes: memory ? memory.usedJSHeapSize : null,
    wasmBytes: m.wasmBytes,
    threads: m.asr?.threads ?? 0,
  };
}

export class Diagnostics {
  latest = $state.raw<DiagnosticsSample | null>(null);
  /** Memory in MB (memoryFigure: JS heap, else WebAssembly heaps), one point per poll. */
  memoryMb = $state.raw<number[]>([]);
  /** Why the last poll failed; empty when it worked. */
  problem = $state('');
  private timer: ReturnType<typeof setInterval> | null = null;
  private inFlight = false;

  constructor(
    private readonly sample: () => Promise<DiagnosticsSample>,
    private readonly intervalMs = POLL_MS,
    private readonly maxPoints = MAX_POINTS,
  ) {}

  start(): void {
    if (this.timer) return;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    if (this.inFlight) return; // a slow answer (a worker busy decoding) never stacks polls
    this.inFlight = true;
    try {
      const s = await this.sample();
      this.latest = s;
      const memory = memoryFigure(s);
      if (memory) this.memoryMb = pushBounded(this.memoryMb, memory.bytes / 1e6, this.maxPoints);
      this.problem = '';
    } catch (err) {
      this.problem = `Metrics are unavailable right now (${(err as Error)?.message ?? err}).`;
    } finally {
      this.inFlight = false;
    }
  }
}
