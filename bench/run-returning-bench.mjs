// `npm run bench:returning`: what a returning visitor gains from Chrome's compiled-code cache.
//
// Builds the app into node_modules/.cache/earshot-bench-returning/, serves it with Vite's preview server (the
// app's headers, /models/, and the test fixtures under /__fixtures__/), and opens it in one persistent
// Chromium profile several times, as a visitor coming back does. Each visit: time to `ready()`, then
// `transcribeFile` on four fixtures, with a trace of V8's WebAssembly work (optimising-tier compile time,
// lazy compile time, and code-cache hits). Two ways of being served:
//   service worker  as deployed: from the second visit the worker answers the runtime from its precache;
//   HTTP cache      service workers blocked: the runtime comes from the browser's disk cache.
// Visit 1 of each is the first visit (nothing cached): the baseline in the same run. The exit status is 0
// whatever the numbers; 1 only when the benchmark cannot run.
//
// Environment:
//   BENCH_VISITS    visits per mode (default 4)
//   BENCH_MODES     comma-separated: sw, http (default both)
//   CHROMIUM_PATH   browser (default /usr/bin/chromium, as in playwright.config.ts)
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview, runnerImport } from 'vite';
import { fileRoutes } from './lib/static-server.mjs';
import { waitStatus, withTimeout } from './lib/app-page.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const appOut = path.join(root, 'node_modules/.cache/earshot-bench-returning');
const fixtures = path.join(root, 'e2e/fixtures');
const FILES = ['ps_goforward.wav', 'lj_LJ001_0002.wav', 'lj_LJ001_0004.wav', 'ast_vm_invalid_password.wav'];
const VISITS = Number(process.env.BENCH_VISITS ?? 4);
const MODES = (process.env.BENCH_MODES ?? 'sw,http').split(',');
// Routing requests through Playwright would turn the HTTP cache off: the fixtures come from the server.
const TRACE = ['-*', 'v8.wasm', 'disabled-by-default-devtools.timeline'];

const log = (s) => console.error(`[bench:returning] ${s}`);

/** `browser`: playwright.config.ts's CHROMIUM and CHROMIUM_ARGS, the e2e suite's browser and flags. */
async function visit(profile, base, mode, browser) {
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: browser.CHROMIUM,
    args: browser.CHROMIUM_ARGS,
    headless: true,
    serviceWorkers: mode === 'http' ? 'block' : 'allow',
  });
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const cdp = await ctx.newCDPSession(page);
    const events = [];
    cdp.on('Tracing.dataCollected', (e) => {
      for (const ev of e.value) if (ev.name.startsWith('wasm.') || ev.name.startsWith('v8.wasm.')) events.push(ev);
    });
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: TRACE }, transferMode: 'ReportEvents' });
    const t0 = Date.now();
    await page.goto(new URL('/?device=wasm', base).href);
    await page.waitForFunction(() => 'earshot' in window, null, { timeout: 120_000 });
    await withTimeout(
      page.evaluate(() => window.earshot.ready()),
      300_000,
      'loading the models',
    );
    const readyMs = Date.now() - t0;
    await waitStatus(page, 'ready', 30_000);
    const decodes = [];
    for (const f of FILES) {
      const ms = await page.evaluate(async (url) => {
        const t = performance.now();
        await window.earshot.transcribeFile(url);
        return performance.now() - t;
      }, `/__fixtures__/${f}`);
      decodes.push(Math.round(ms));
    }
    // Compiled code is stored from the page's workers as it is optimised: give the last writes time to land.
    await page.waitForTimeout(3000);
    await cdp.send('Tracing.end');
    await complete;
    const busy = (name) => Math.round(events.filter((e) => e.name === name && e.dur).reduce((s, e) => s + e.dur / 1000, 0));
    return {
      readyMs,
      decodes,
      topTierMs: busy('wasm.TopTierCompilation'),
      lazyMs: busy('wasm.CompileLazy'),
      hits: events.filter((e) => e.name === 'v8.wasm.moduleCacheHit').length,
      stored: events.filter((e) => e.name === 'v8.wasm.cachedModule').length,
    };
  } finally {
    await ctx.close();
  }
}

async function main() {
  const { module: browser } = await runnerImport(path.join(root, 'playwright.config.ts'), { configFile: false, root, logLevel: 'warn' });
  log('building the app (vite build) …');
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--outDir', appOut, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0) throw new Error('vite build failed');
  const server = await preview({
    configFile: path.join(root, 'vite.config.ts'),
    root,
    logLevel: 'warn',
    build: { outDir: appOut },
    preview: { host: '127.0.0.1', port: 4190, strictPort: false, open: false },
    plugins: [fileRoutes('earshot-bench-returning-fixtures', '/__fixtures__/', (f) => (FILES.includes(f) ? path.join(fixtures, f) : null))],
  });
  const base = server.resolvedUrls?.local[0];
  const rows = [];
  try {
    if (!base) throw new Error('the preview server did not report its address');
    for (const mode of MODES) {
      const profile = mkdtempSync(path.join(os.tmpdir(), `earshot-bench-returning-${mode}-`));
      try {
        for (let i = 1; i <= VISITS; i++) {
          const r = await visit(profile, base, mode, browser);
          log(
            `${mode} visit ${i}: ready ${r.readyMs} ms; decodes ${r.decodes.join(', ')} ms; TurboFan ${r.topTierMs} ms; cache hits ${r.hits}`,
          );
          rows.push({ mode, visit: i, ...r });
        }
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await server.close();
  }
  const name = { sw: 'service worker', http: 'HTTP cache' };
  console.log(
    `\n| served by | visit | ready | transcribeFile × ${FILES.length} (ms) | optimising compile | lazy compile | code-cache hits |`,
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows)
    console.log(
      `| ${name[r.mode]} | ${r.visit}${r.visit === 1 ? ' (first)' : ''} | ${(r.readyMs / 1000).toFixed(1)} s | ${r.decodes.join(', ')} | ${(r.topTierMs / 1000).toFixed(1)} s | ${(r.lazyMs / 1000).toFixed(1)} s | ${r.hits} |`,
    );
  console.log(`\nFiles: ${FILES.join(', ')}. Compile times are CPU time summed over threads.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
