// The WebAssembly heaps of this thread (onnxruntime-web's, where the models live), in bytes. Browsers
// without a JS heap figure (WebKit has no performance.memory) still get a real memory measure this way.
// onnxruntime's wasm runtime creates its memory from JS, so counting every Memory made here sees it;
// import this module before the runtime starts.
const memories: Array<WeakRef<WebAssembly.Memory>> = [];
const tracked = Symbol.for('earshot.wasm-memory-tracked');

type Scope = { WebAssembly: typeof WebAssembly; [tracked]?: boolean };

/** Wraps WebAssembly.Memory (once per thread) so each new memory is remembered, weakly. */
export function trackWasmMemory(scope: Scope = globalThis as unknown as Scope): void {
  if (scope[tracked]) return;
  scope[tracked] = true;
  const Memory = scope.WebAssembly.Memory;
  scope.WebAssembly.Memory = new Proxy(Memory, {
    construct(target, args, newTarget) {
      const memory = Reflect.construct(target, args, newTarget) as WebAssembly.Memory;
      memories.push(new WeakRef(memory));
      return memory;
    },
  });
}

/** Bytes held by the live memories made since tracking began (a released runtime drops out once collected). */
export function wasmMemoryBytes(): number {
  let bytes = 0;
  for (let i = memories.length - 1; i >= 0; i--) {
    const memory = memories[i].deref();
    if (memory) bytes += memory.buffer.byteLength;
    else memories.splice(i, 1);
  }
  return bytes;
}
