// window.earshot: the stable automation contract (docs: README "Testing").
import type { EarshotApp } from './app.svelte';
import type { FileResult } from './pipeline/pipeline';
import type { SegmentMetrics } from '../workers/protocol';
import { LatestMeasure } from './latest-measure';

export interface Metrics {
  device: string;
  model: string;
  dtype: string;
  encoder: 'short-context' | 'stock' | '';
  profile: string;
  segments: SegmentMetrics[];
  /** ms from speech noticed to its first partial text, per recent segment. */
  firstPartialMs: number[];
  /** False while Whisper's weights are unloaded for idleness. */
  modelLoaded: boolean;
  rtf: number;
  /** `burstsDropped`: isolated short bursts with weak speech evidence that the VAD dropped. */
  vad: { framesTotal: number; framesGated: number; framesModel: number; speechStartLatencyMs: number[]; burstsDropped: number };
  ring: { capacity: number; overruns: number };
  /** wasm threads Whisper's runtime really runs (0 before it loads). */
  threads: number;
  /**
   * jsHeapBytes: 0 where the browser does not say (WebKit); uaBytes: measureUserAgentSpecificMemory's latest answer,
   * asked for again on each call (null before the first, and where the page is not isolated); wasmBytes: the
   * workers' WebAssembly heaps, everywhere.
   */
  memory: { jsHeapBytes: number; uaBytes: number | null; wasmBytes: number };
  modelLoadMs: number;
}

export interface EarshotAutomation {
  ready(): Promise<void>;
  metrics(): Promise<Metrics>;
  transcribeFile(url: string): Promise<FileResult>;
  /** Kills a worker as a crash would, and lets the app recover (for recovery tests). */
  simulateCrash(which: 'vad' | 'transcribe'): Promise<void>;
  /** With `?debugAudio=1`: the last segments as WAV blob URLs (otherwise empty). */
  debugAudio(): Promise<Array<{ id: number; startMs: number; url: string }>>;
}

/** The browser's figure for the page and its workers; null where it has none (not isolated, not Chromium). */
function uaMemoryMeasure(): (() => Promise<number>) | null {
  const measure = (performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> })
    .measureUserAgentSpecificMemory;
  if (!measure || !globalThis.crossOriginIsolated) return null;
  return () => measure.call(performance).then((r) => r.bytes);
}

export function createAutomation(app: EarshotApp): EarshotAutomation {
  // Chrome answers at its next garbage collection, seconds or a minute away: metrics() reports the latest answer.
  const uaMemory = new LatestMeasure(uaMemoryMeasure());
  return {
    ready: () => app.ready,
    async metrics() {
      const m = await app.pipeline.metrics();
      const heap = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
      return {
        device: m.asr?.device ?? '',
        model: m.asr?.model ?? app.settings.model,
        dtype: m.asr?.dtype ?? '',
        encoder: m.asr?.encoder ?? '',
        profile: app.settings.profile,
        segments: m.asr?.segments ?? [],
        firstPartialMs: m.asr?.firstPartialMs ?? [],
        modelLoaded: m.asr?.loaded ?? false,
        rtf: m.asr?.rtf ?? 0,
        vad: m.vad ?? { framesTotal: 0, framesGated: 0, framesModel: 0, speechStartLatencyMs: [], burstsDropped: 0 },
        ring: m.ring,
        threads: m.asr?.threads ?? 0,
        memory: { jsHeapBytes: heap, uaBytes: uaMemory.read(), wasmBytes: m.wasmBytes },
        modelLoadMs: m.asr?.modelLoadMs ?? 0,
      };
    },
    simulateCrash: (which) => app.pipeline.recover(which),
    async debugAudio() {
      const clips = await app.pipeline.debugClips();
      return clips.map((c) => ({ id: c.id, startMs: c.startMs, url: URL.createObjectURL(new Blob([c.wav], { type: 'audio/wav' })) }));
    },
    async transcribeFile(url: string) {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`Could not fetch ${url} (HTTP ${response.status})`);
      return app.transcribeFile(url.split('/').pop() ?? url, await response.arrayBuffer());
    },
  };
}
