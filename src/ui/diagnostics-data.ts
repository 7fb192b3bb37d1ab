// What the diagnostics panel shows, derived from one metrics sample. Pure.
import type { DevicePreference, SegmentMetrics, VadCounters } from '../../workers/protocol';

export interface DiagnosticsSample {
  device: 'webgpu' | 'wasm' | '';
  dtype: string;
  /** Which Whisper encoder runs: the build's short-context edit, or the stock one (its fallback). */
  encoder: 'short-context' | 'stock' | '';
  model: string;
  modelLoaded: boolean;
  modelLoadMs: number;
  rtf: number;
  segments: readonly SegmentMetrics[];
  vad: VadCounters | null;
  ring: { capacity: number; overruns: number };
  /** The page's JS heap (Chromium only); null where the browser does not say. */
  heapBytes: number | null;
  /** The workers' WebAssembly heaps (the models), measured in every browser. */
  wasmBytes: number;
  /** wasm threads Whisper's runtime really runs (0 before it loads). */
  threads: number;
}

/**
 * The memory the panel charts: the page's JS heap where the browser reports it, otherwise (WebKit) the
 * workers' WebAssembly heaps, so there is always a figure once the models are loaded.
 */
export function memoryFigure(s: Pick<DiagnosticsSample, 'heapBytes' | 'wasmBytes'>): { bytes: number; what: string } | null {
  if (s.heapBytes !== null) return { bytes: s.heapBytes, what: 'page JS heap' };
  if (s.wasmBytes > 0) return { bytes: s.wasmBytes, what: 'WebAssembly heaps' };
  return null;
}

/** Which engine runs Whisper, and why, in words. */
export function deviceNote(preference: DevicePreference, actual: DiagnosticsSample['device'], webGpuApi: boolean): string {
  if (actual === '') return 'not loaded yet';
  if (actual === 'webgpu') return 'WebGPU (graphics processor)';
  if (preference === 'wasm') return 'WebAssembly (processor), as chosen in Settings';
  if (!webGpuApi) return 'WebAssembly (processor): this browser has no WebGPU, so Earshot uses the processor';
  if (preference === 'auto')
    return 'WebAssembly (processor): no hardware graphics adapter for WebGPU was found, so Earshot uses the processor';
  return 'WebAssembly (processor): WebGPU failed to start, so Earshot fell back to the processor';
}

export interface VadShare {
  total: number;
  gated: number;
  modelled: number;
  /** Fraction of frames the energy gate ruled out without running Silero, 0..1. */
  gatedShare: number;
}

export function vadShare(vad: VadCounters | null): VadShare {
  const total = vad?.framesTotal ?? 0;
  const gated = vad?.framesGated ?? 0;
  const modelled = vad?.framesModel ?? 0;
  return { total, gated, modelled, gatedShare: total > 0 ? gated / total : 0 };
}

/** Per-segment real-time factor (inference time / audio time): below 1 keeps up with speech. */
export function segmentRtf(segments: readonly SegmentMetrics[]): number[] {
  return segments.filter((s) => s.audioMs > 0).map((s) => s.inferMs / s.audioMs);
}

export function eosLatencies(segments: readonly SegmentMetrics[]): number[] {
  return segments.map((s) => s.eosToFinalMs);
}

/** Median of a small list (the charts' headline number), or null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
