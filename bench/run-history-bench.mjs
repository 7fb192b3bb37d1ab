// `npm run bench:history`: the history's IndexedDB costs, measured in headless Chromium's real IndexedDB.
//
// Starts a bare Vite dev server (no app config: the page needs no models), opens bench/history.html,
// runs bench/history-bench.ts and prints a table: write latency per segment (p50/p95) with 10,000
// segments stored, and pruning time for each limit at that size.
//
// Environment:
//   BENCH_SESSIONS   sessions stored (default 100)
//   BENCH_SEGMENTS   segments per session (default 100; 100 × 100 = 10,000 stored)
//   BENCH_WRITES     timed writes per method (default 300)
//   CHROMIUM_PATH    browser (default /usr/bin/chromium, as in playwright.config.ts)
// Raw numbers are also written to bench-results/history.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function count(name, fallback, max) {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1 || v > max) throw new Error(`${name} must be a whole number from 1 to ${max}`);
  return v;
}

const ms = (v) => v.toFixed(v < 10 ? 2 : 1);
const pad = (rows) => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')).join('\n');
};

function report(result, request) {
  const lines = [];
  lines.push(
    `History benchmark: ${result.stored.toLocaleString('en')} segments stored (${request.sessions} sessions × ${request.segmentsPerSession}); seeded in ${ms(result.seedMs)} ms`,
  );
  lines.push('');
  lines.push(
    pad([
      ['write per final segment', 'n', 'p50 ms', 'p95 ms', 'max ms', 'mean ms'],
      ...result.writes.map((w) => [w.what, w.timing.n, ms(w.timing.p50), ms(w.timing.p95), ms(w.timing.max), ms(w.timing.mean)]),
    ]),
  );
  lines.push('');
  lines.push(
    pad([
      ['prune with ' + result.stored.toLocaleString('en') + ' stored', 'ms', 'sessions deleted', 'segments deleted', 'sessions kept'],
      ...result.prunes.map((p) => [p.what, ms(p.ms), p.deletedSessions, p.deletedSegments, p.keptSessions]),
    ]),
  );
  lines.push('');
  lines.push(pad([['read', 'ms', 'result'], ...result.reads.map((r) => [r.what, ms(r.ms), r.detail])]));
  return lines.join('\n');
}

async function main() {
  const request = {
    sessions: count('BENCH_SESSIONS', 100, 10_000),
    segmentsPerSession: count('BENCH_SEGMENTS', 100, 10_000),
    writes: count('BENCH_WRITES', 300, 10_000),
  };
  const server = await createServer({
    configFile: false,
    root,
    logLevel: 'warn',
    clearScreen: false,
    server: { host: '127.0.0.1', port: 5191, strictPort: false },
  });
  let browser;
  try {
    await server.listen();
    const base = server.resolvedUrls?.local[0];
    if (!base) throw new Error('the Vite dev server did not report its address');
    const { CHROMIUM, CHROMIUM_ARGS } = await server.ssrLoadModule('/playwright.config.ts');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
    await page.goto(new URL('bench/history.html', base).href);
    await page.waitForFunction(() => typeof window.runHistoryBench === 'function', null, { timeout: 120_000 });
    const result = await page.evaluate((r) => window.runHistoryBench(r), request);
    mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    writeFileSync(path.join(root, 'bench-results', 'history.json'), JSON.stringify({ request, result }, null, 1));
    console.log(report(result, request));
  } finally {
    await browser?.close();
    await server.close();
  }
}

main().catch((err) => {
  console.error(`bench:history could not run: ${err?.message ?? err}`);
  process.exit(1);
});
