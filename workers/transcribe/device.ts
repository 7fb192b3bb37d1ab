// WebGPU only on a real adapter: a software fallback (SwiftShader) is slower than wasm by an order of magnitude.
import type { DevicePreference } from '../protocol';

export async function hasRealGpu(): Promise<boolean> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (!gpu) return false;
  try {
    const adapter = (await gpu.requestAdapter()) as {
      info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
      isFallbackAdapter?: boolean;
    } | null;
    if (!adapter) return false;
    const info = adapter.info ?? {};
    if (info.isFallbackAdapter || adapter.isFallbackAdapter) return false;
    const name = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`.toLowerCase();
    return !/swiftshader|llvmpipe|software|microsoft basic/.test(name);
  } catch {
    return false;
  }
}

/** WebGPU asked for, on a browser that has it but no adapter to give (no usable graphics chip). */
export class NoGpuAdapterError extends Error {
  override name = 'NoGpuAdapterError';
}

/**
 * `webgpu` is honoured when asked for explicitly (even a software adapter, for testing); `auto` wants a real GPU.
 * Asked for where the browser has WebGPU but no adapter, it fails at once, before the WebGPU runtime (27 MB)
 * is fetched for nothing: the app's fallback then says so and uses the processor.
 */
export async function chooseDevice(pref: DevicePreference): Promise<'webgpu' | 'wasm'> {
  if (pref === 'wasm') return 'wasm';
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (pref === 'webgpu') {
    if (!gpu) return 'wasm';
    if (!(await gpu.requestAdapter().catch(() => null))) throw new NoGpuAdapterError('WebGPU has no adapter on this device');
    return 'webgpu';
  }
  return (await hasRealGpu()) ? 'webgpu' : 'wasm';
}
