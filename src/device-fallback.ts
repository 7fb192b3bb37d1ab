// When the models fail to load on the chosen processor: the next one down to try, or none.
import type { DevicePreference } from '../workers/protocol';

/** A download or integrity failure is no fault of the processor: trying another would not help. */
const NOT_THE_DEVICE = /network is unavailable|integrity check|local_files_only|failed to fetch|networkerror/i;

export function fallbackDevice(failed: DevicePreference, err: unknown): DevicePreference | null {
  const detail = `${(err as { name?: string })?.name ?? ''} ${(err as Error)?.message ?? String(err)}`;
  if (NOT_THE_DEVICE.test(detail)) return null;
  if (failed === 'webgpu') return 'auto'; // Automatic checks for a real graphics chip first
  if (failed === 'auto') return 'wasm';
  return null;
}

export function deviceFallbackMessage(failed: DevicePreference, next: DevicePreference): string {
  const what = failed === 'webgpu' ? 'WebGPU (the graphics chip)' : 'the graphics chip';
  const setting = next === 'auto' ? 'Automatic' : 'WebAssembly';
  return `The speech models could not start on ${what}, so Earshot uses the processor instead; the Processor setting is now ${setting}.`;
}
