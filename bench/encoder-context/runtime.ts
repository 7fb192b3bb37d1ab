// onnxruntime-web (wasm, as in the browser) for node, and transformers.js bound to it instead of
// onnxruntime-node, so the benchmarks run the same kernels the app runs.
import * as ort from 'onnxruntime-web';
import { resolve } from 'node:path';

export { ort };

export function setupOrt(threads: number): void {
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.wasmPaths = resolve('node_modules/onnxruntime-web/dist') + '/';
  ort.env.logLevel = 'error';
}

export async function loadTransformers(modelsDir: string) {
  (globalThis as Record<symbol, unknown>)[Symbol.for('onnxruntime')] = ort; // must precede the import
  const t = await import('@huggingface/transformers');
  t.env.allowRemoteModels = false;
  t.env.allowLocalModels = true;
  t.env.localModelPath = modelsDir + '/';
  t.env.useBrowserCache = false;
  t.env.useFSCache = false;
  return t;
}
