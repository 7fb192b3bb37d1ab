// `npm run bench:vad`: our tiered VAD against @ricky0123/vad-web, in one headless Chromium page.
//
// Starts a Vite dev server with the project's vite.config.ts (so /models/ and the runtime are served as in
// the app) plus bench-only routes, opens bench/vad.html, runs every detector on the corpus files, and
// prints the comparison table and our targets. It reports: the exit status is 0 whether targets pass
// or fail, and 1 only when the benchmark cannot run.
//
// Environment:
//   EARSHOT_CORPUS  corpus folder holding dev/ (default ../shared/corpus, relative to the repo)
//   BENCH_RUNS      timed runs per detector after the warm-up (default 5; the median is reported)
//   CHROMIUM_PATH   browser (default /usr/bin/chromium, as in playwright.config.ts)
// Raw detections and timings are also written to bench-results/vad.json.
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = path.resolve(root, process.env.EARSHOT_CORPUS ?? '../shared/corpus', 'dev');
const FILES = ['vad_pauses_dev.wav', 'noise_only_dev.wav'];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PORT = 5190; // the next free one if taken

const require = createRequire(import.meta.url);
const vadWebMain = require.resolve('@ricky0123/vad-web');
const vadWebDist = path.dirname(vadWebMain);
// vad-web's own onnxruntime-web (nested under it, or hoisted), never the app's.
const vadWebOrtDist = path.dirname(createRequire(vadWebMain).resolve('onnxruntime-web'));
const vadWebOrtPackage = path.dirname(vadWebOrtDist);
const vadWebOrtExports = JSON.parse(readFileSync(path.join(vadWebOrtPackage, 'package.json'), 'utf8')).exports;

const CONTENT_TYPES = { '.wav': 'audio/wav', '.onnx': 'application/octet-stream', '.wasm': 'application/wasm', '.mjs': 'text/javascript' };
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Bench-only routes: corpus audio, and vad-web's models and ort runtime. Only named files, no paths. */
function benchAssets() {
  const routes = [
    { prefix: '/__corpus__/', dir: corpusDir, allow: (f) => FILES.includes(f) },
    { prefix: '/__vadweb__/ort/', dir: vadWebOrtDist, allow: (f) => /^ort-wasm-simd-threaded(\.\w+)?\.(mjs|wasm)$/.test(f) },
    { prefix: '/__vadweb__/', dir: vadWebDist, allow: (f) => /^silero_vad_\w+\.onnx$/.test(f) },
  ];
  return {
    name: 'earshot-bench-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = decodeURIComponent((req.url ?? '').split('?')[0]);
        const route = routes.find((r) => url.startsWith(r.prefix));
        if (!route) return next();
        const name = url.slice(route.prefix.length);
        if (!route.allow(name)) {
          res.statusCode = 404;
          return res.end();
        }
        res.setHeader('Content-Type', CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream');
        for (const [k, v] of Object.entries(ISOLATION)) res.setHeader(k, v);
        createReadStream(path.join(route.dir, name))
          .on('error', () => {
            res.statusCode = 404;
            res.end();
          })
          .pipe(res);
      });
    },
  };
}

/**
 * The app keeps onnxruntime-web out of Vite's dependency pre-bundling, which would leave vad-web's
 * `require('onnxruntime-web…')` unresolved in the browser. For vad-web only, bundle its own copy (the
 * browser CommonJS build; it loads its wasm from the `wasmPaths` the bench page sets).
 */
function vadWebOrtInBundle() {
  return {
    name: 'earshot-bench-vad-web-ort',
    resolveId(id, importer) {
      if (!importer?.startsWith(vadWebDist) || !/^onnxruntime-web(\/|$)/.test(id)) return null;
      const entry = vadWebOrtExports[id === 'onnxruntime-web' ? '.' : `./${id.slice('onnxruntime-web/'.length)}`];
      return typeof entry?.require === 'string' ? path.join(vadWebOrtPackage, entry.require) : null;
    },
  };
}

/** Resolves with the page's first uncaught error, so a broken page fails the run at once. */
function firstPageError(page) {
  const failed = new Promise((_, reject) => page.once('pageerror', (e) => reject(new Error(`the bench page failed: ${e.message}`))));
  failed.catch(() => undefined); // seen through the races below; an error after the last one is not fatal
  return failed;
}

async function main() {
  if (!(Number.isInteger(RUNS) && RUNS >= 1 && RUNS <= 20))
    throw new Error(`BENCH_RUNS must be a whole number from 1 to 20 (got ${process.env.BENCH_RUNS})`);
  const missing = ['manifest.jsonl', ...FILES].filter((f) => !existsSync(path.join(corpusDir, f)));
  if (missing.length)
    throw new Error(`The corpus at ${corpusDir} lacks ${missing.join(', ')}; set EARSHOT_CORPUS to the folder that holds dev/.`);
  const manifest = readFileSync(path.join(corpusDir, 'manifest.jsonl'), 'utf8');

  const server = await createServer({
    configFile: path.join(root, 'vite.config.ts'),
    root,
    logLevel: 'warn',
    clearScreen: false,
    server: { host: '127.0.0.1', port: PORT, strictPort: false },
    plugins: [benchAssets()],
    // Its own cache: the bench bundles dependencies differently from `npm run dev`.
    cacheDir: path.join(root, 'node_modules', '.vite-bench'),
    optimizeDeps: {
      // Pre-bundled up front: found later, they would make Vite reload the page mid-run.
      include: ['@ricky0123/vad-web', '@ricky0123/vad-web/dist/models', '@ricky0123/vad-web/dist/real-time-vad'],
      rolldownOptions: { plugins: [vadWebOrtInBundle()] },
    },
  });
  let browser;
  try {
    await server.listen();
    const base = server.resolvedUrls?.local[0];
    if (!base) throw new Error('the Vite dev server did not report its address');
    const { CHROMIUM, CHROMIUM_ARGS } = await server.ssrLoadModule('/playwright.config.ts');
    const { truthFromManifest, vadReport } = await server.ssrLoadModule('/bench/vad-report.ts');
    const truth = truthFromManifest(manifest, FILES);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    page.on('console', (m) => process.stderr.write(`[page ${m.type()}] ${m.text()}\n`));
    const failed = firstPageError(page);
    const guard = (promise) => Promise.race([failed, promise]);
    await page.goto(new URL('bench/vad.html', base).href);
    await guard(page.waitForFunction(() => window.vadBench !== undefined, null, { timeout: 180_000 }));
    const request = { files: FILES.map((name) => ({ name, url: `/__corpus__/${name}` })) };
    const ids = await guard(page.evaluate((r) => window.vadBench.prepare(r), request));

    // CPU time of the page's renderer process (DevTools' ProcessTime: every thread, so garbage collection
    // and compilation count too). Unlike wall time it does not grow when other processes take the CPU.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const cpuNowMs = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return 1000 * (metrics.find((m) => m.name === 'ProcessTime')?.value ?? NaN);
    };
    const cpuMs = Object.fromEntries(ids.map((id) => [id, []]));
    for (const id of ids) await guard(page.evaluate((d) => window.vadBench.pass(d, false), id));
    // Timed runs interleave the detectors, so background load falls on all of them alike.
    for (let run = 0; run < RUNS; run++)
      for (const id of ids) {
        const before = await cpuNowMs();
        await guard(page.evaluate((d) => window.vadBench.pass(d, true), id));
        cpuMs[id].push((await cpuNowMs()) - before);
      }
    const result = await guard(page.evaluate(() => window.vadBench.finish()));
    for (const d of result.detectors) d.cpuMs = cpuMs[d.id].filter(Number.isFinite);

    mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    writeFileSync(path.join(root, 'bench-results', 'vad.json'), JSON.stringify({ request, runs: RUNS, truth, result }, null, 1));
    console.log(vadReport(result, truth, RUNS));
  } finally {
    await browser?.close();
    await server.close();
  }
}

main().catch((err) => {
  console.error(`bench:vad could not run: ${err?.message ?? err}`);
  process.exit(1);
});
