import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// transformers.js is built against one exact onnxruntime-web (a dev build in 4.3.x) and its `ort` namespace
// runs Whisper; Silero runs on the same runtime. Another pin would bundle a second runtime and a second
// onnxruntime-common. Read from the lock file: it is exactly what `npm ci` installs.
interface LockEntry {
  version: string;
  dependencies?: Record<string, string>;
}
const readJson = (file: string) => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));
const app = readJson('../package.json') as { dependencies: Record<string, string> };
const installed = (readJson('../package-lock.json') as { packages: Record<string, LockEntry> }).packages;

describe('onnxruntime pins', () => {
  it("the app's onnxruntime-web is exactly the one transformers.js depends on", () => {
    const transformers = installed['node_modules/@huggingface/transformers'];
    expect(app.dependencies['onnxruntime-web']).toBe(transformers.dependencies?.['onnxruntime-web']);
    expect(installed['node_modules/onnxruntime-web'].version).toBe(app.dependencies['onnxruntime-web']);
  });

  it("the app's onnxruntime-common is exactly the one onnxruntime-web depends on", () => {
    const ortCommon = installed['node_modules/onnxruntime-web'].dependencies?.['onnxruntime-common'];
    expect(app.dependencies['onnxruntime-common']).toBe(ortCommon);
    expect(installed['node_modules/onnxruntime-common'].version).toBe(ortCommon);
  });

  it('transformers.js and onnxruntime-web share the one hoisted onnxruntime-common', () => {
    for (const owner of ['@huggingface/transformers', 'onnxruntime-web'])
      expect(installed[`node_modules/${owner}/node_modules/onnxruntime-common`], owner).toBeUndefined();
  });
});
