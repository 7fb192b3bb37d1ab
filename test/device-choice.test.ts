import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseDevice } from '../workers/transcribe/device';

const withGpu = (adapter: unknown) => vi.stubGlobal('navigator', { gpu: { requestAdapter: async () => adapter } });

describe('chooseDevice', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('WebGPU asked for, with no adapter to give, fails at once (the app falls back and says so)', async () => {
    withGpu(null);
    await expect(chooseDevice('webgpu')).rejects.toThrow('WebGPU has no adapter on this device');
  });

  it('WebGPU asked for runs on any adapter, a software one included', async () => {
    withGpu({ info: { isFallbackAdapter: true, vendor: 'google', architecture: 'swiftshader' } });
    expect(await chooseDevice('webgpu')).toBe('webgpu');
  });

  it('Automatic wants a real graphics chip; WebAssembly is always WebAssembly', async () => {
    withGpu({ info: { isFallbackAdapter: true, vendor: 'google', architecture: 'swiftshader' } });
    expect(await chooseDevice('auto')).toBe('wasm');
    withGpu({ info: { vendor: 'nvidia', architecture: 'hopper' } });
    expect(await chooseDevice('auto')).toBe('webgpu');
    expect(await chooseDevice('wasm')).toBe('wasm');
    vi.stubGlobal('navigator', {});
    expect(await chooseDevice('webgpu')).toBe('wasm');
  });
});
