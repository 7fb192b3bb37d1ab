import { describe, expect, it } from 'vitest';
import { trackWasmMemory, wasmMemoryBytes } from '../workers/shared/wasm-memory';

describe('WebAssembly memory measure', () => {
  it('counts memories made after tracking starts, as they grow', () => {
    const scope = { WebAssembly: { ...WebAssembly, Memory: WebAssembly.Memory } } as unknown as { WebAssembly: typeof WebAssembly };
    trackWasmMemory(scope);
    const before = wasmMemoryBytes();
    const memory = new scope.WebAssembly.Memory({ initial: 2, maximum: 10 });
    expect(memory).toBeInstanceOf(WebAssembly.Memory);
    expect(wasmMemoryBytes() - before).toBe(2 * 65536);
    memory.grow(3);
    expect(wasmMemoryBytes() - before).toBe(5 * 65536);
  });

  it('wraps a scope once', () => {
    const scope = { WebAssembly: { ...WebAssembly, Memory: WebAssembly.Memory } } as unknown as { WebAssembly: typeof WebAssembly };
    trackWasmMemory(scope);
    const wrapped = scope.WebAssembly.Memory;
    trackWasmMemory(scope);
    expect(scope.WebAssembly.Memory).toBe(wrapped);
  });
});
