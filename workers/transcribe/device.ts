// WebGPU only on a real adapter: a software fallback (SwiftShader) is slower than wasm by an order of magnitude.
import type { DevicePreference } from '../protocol';

interface GpuAdapter {
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
  isFallbackAdapter?: boolean;
}

const webGpu = () => (navigator as Navigator & { gpu?: { requestAdapter(): Promise<GpuAdapter | null> } }).gpu;

/** The browser's WebGPU adapter, or null: no WebGPU, no adapter to give, or the request failed. */
async function requestAdapter(): Promise<GpuAdapter | null> {
  try {
    return (await webGpu()?.requestAdapter()) ?? null;
  } catch {
    return null;
  }
}

export async function hasRealGpu(): Promise<boolean> {
  const adapter = await requestAdapter();
  if (!adapter) return false;
  const info = adapter.info ?? {};
  if (info.isFallbackAdapter || adapter.isFallbackAdapter) return false;
  const name = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`.toLowerCase();
  return !/swiftshader|llvmpipe|software|microsoft basic/.test(name);
}

/**
 * `webgpu` is honoured when asked for explicitly (even a software adapter, for testing); `auto` wants a real GPU.
 * Asked for where the browser has WebGPU but no adapter, it fails at once, before the WebGPU runtime (27 MB)
 * is fetched for nothing: the app's fallback then says so and uses the processor.
 */
export async function chooseDevice(pref: DevicePreference): Promise<'webgpu' | 'wasm'> {
  if (pref === 'wasm') return 'wasm';
  if (pref === 'webgpu') {
    if (!webGpu()) return 'wasm';
    if (!(await requestAdapter())) throw new Error('WebGPU has no adapter on this device');
    return 'webgpu';
  }
  return (await hasRealGpu()) ? 'webgpu' : 'wasm';
}
