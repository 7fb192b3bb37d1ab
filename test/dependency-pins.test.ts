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
const app = readJson('../package.json') as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  engines: { node: string };
};
const installed = (readJson('../package-lock.json') as { packages: Record<string, LockEntry & { engines?: { node?: string } }> }).packages;

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

/** Whether a Node version satisfies an `engines.node` range in the forms npm packages use (`>=a`, `^a.b`, `a || b`). */
function nodeSatisfies(version: string, range: string): boolean {
  const parse = (v: string) => [...v.split('.'), '0', '0'].slice(0, 3).map((n) => Number(n) || 0);
  const [major, minor, patch] = parse(version);
  const atLeast = (v: string) => {
    const [a, b, c] = parse(v);
    return major !== a ? major > a : minor !== b ? minor > b : patch >= c;
  };
  return range.split('||').some((alternative) => {
    const term = alternative.trim().replace(/\s+/g, '');
    if (term.startsWith('>=')) return atLeast(term.slice(2));
    if (term.startsWith('^')) return atLeast(term.slice(1)) && major === parse(term.slice(1))[0];
    throw new Error(`engines range "${term}" is not understood`);
  });
}

describe('Node versions', () => {
  it('every direct dependency installs on each Node line the app declares (its lowest version)', () => {
    const lowest = app.engines.node.split('||').map((r) => r.trim().replace(/^[\^>=]+/, ''));
    expect(lowest).toEqual(['20.19.0', '22.13.0', '24']);
    for (const name of [...Object.keys(app.dependencies), ...Object.keys(app.devDependencies)]) {
      const range = installed[`node_modules/${name}`]?.engines?.node;
      if (range) for (const version of lowest) expect(nodeSatisfies(version, range), `${name} (${range}) on Node ${version}`).toBe(true);
    }
  });

  it('reads the ranges it checks', () => {
    expect(nodeSatisfies('20.19.0', '>= 22.0.0')).toBe(false);
    expect(nodeSatisfies('20.19.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(nodeSatisfies('22.13.0', '^20.19.0 || >=22.12.0')).toBe(true);
    expect(nodeSatisfies('20.18.1', '^20.19 || ^22.12 || >=24')).toBe(false);
    expect(nodeSatisfies('24', '^20.0.0 || ^22.0.0 || >=24.0.0')).toBe(true);
  });
});

describe('Chromium flags', () => {
  it('repeat every feature playwright-core disables (Chromium keeps only the last --disable-features)', async () => {
    const bundle = readFileSync(new URL('../node_modules/playwright-core/lib/coreBundle.js', import.meta.url), 'utf8');
    const list = /disabledFeatures = \[([\s\S]*?)\]/.exec(bundle)?.[1];
    expect(list, "playwright-core's disabledFeatures list").toBeDefined();
    const playwrights = [...list!.matchAll(/^\s*"([A-Za-z]+)"/gm)].map((m) => m[1]);
    expect(playwrights.length).toBeGreaterThan(5);
    const { CHROMIUM_ARGS, PLAYWRIGHT_DISABLED_FEATURES } = await import('../playwright.config');
    expect([...PLAYWRIGHT_DISABLED_FEATURES].sort()).toEqual([...playwrights].sort());
    const switches = CHROMIUM_ARGS.filter((a) => a.startsWith('--disable-features='));
    expect(switches).toHaveLength(1);
    const ours = switches[0].slice('--disable-features='.length).split(',');
    for (const feature of [...playwrights, 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup']) expect(ours).toContain(feature);
  });
});
