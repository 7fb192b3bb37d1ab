// `npm run bench:soak`: hours of dictation in flat memory, measured through the automation contract only.
//
// Builds the app into node_modules/.cache/earshot-bench-soak/app (never the tests' dist/), serves it with
// Vite's preview server (the app's own headers and /models/) on port 4320 or the next free one, and
// drives Debian's Chromium with playwright-core:
//   fast soak      long_session_dev.wav through `transcribeFile` SOAK_PASSES times in one page, faster than
//                  real time; memory and WER after every pass (≈ 5 minutes of audio each)
//   real-time soak at least SOAK_REALTIME_MIN minutes of the long session (repeated, cut between
//                  utterances) through the fake microphone in one session; memory every minute
//   CPU per phase  for each profile: listening to room tone (idle), listening to speech, transcribing a file,
//                  as renderer CPU-ms (DevTools ProcessTime: page, workers, worklet, GC) per second of audio
// Memory is `performance.measureUserAgentSpecificMemory()` (page and workers, asked for directly at each sample,
// with a long wait) and the main thread's JS heap after a forced GC.
// Prints tables and PASS/FAIL lines, writes bench-results/soak.json after every section. The exit status is
// 0 whether targets pass or fail, and 1 only when the benchmark cannot run at all.
//
// Environment:
//   EARSHOT_CORPUS     the dev corpus folder (holding manifest.jsonl), or its parent holding dev/
//   SOAK_PASSES        fast-soak passes (default 12: 61.5 minutes of audio; 0 skips)
//   SOAK_REALTIME_MIN  real-time soak minutes (default 10; 0 skips)
//   SOAK_PHASE_S       seconds of audio per CPU phase (default 60; 0 skips the CPU phases)
//   SOAK_PROFILES      comma-separated profiles for the CPU phases (default balanced,performance,power-saver)
//   CHROMIUM_PATH      browser (default /usr/bin/chromium, as in playwright.config.ts)
// Generated audio (repeated long session, clips) goes to bench-results/soak-audio/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { segmentTexts, waitStatus, withTimeout } from '../lib/app-page.mjs';
import { corpusFolder, readManifest } from '../lib/corpus.mjs';
import { fileRoutes } from '../lib/static-server.mjs';
import { preview, runnerImport } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const appOut = path.join(root, 'node_modules/.cache/earshot-bench-soak/app');
const resultsDir = path.join(root, 'bench-results');
const audioDir = path.join(resultsDir, 'soak-audio');
const PORT = 4320; // the next free one if taken; never the tests' 4173
const AUDIO_PREFIX = '/__soak__/audio/';
const LONG_FILE = 'long_session_dev.wav';
const NOISE_FILE = 'noise_only_dev.wav';
const PROFILES = ['balanced', 'performance', 'power-saver'];
const AFTER_SPEECH_MS = 2000; // the VAD's hangover and a little more before Stop
const UA_MEMORY_WAIT_MS = 60_000;
// gc() for a settled heap reading; eager measureUserAgentSpecificMemory (no wait for the next GC).
const EXTRA_ARGS = ['--js-flags=--expose-gc', '--enable-blink-features=ForceEagerMeasureMemory'];

const started = Date.now();
const log = (msg) => process.stderr.write(`[bench:soak ${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${msg}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const errorText = (err) => String(err?.message ?? err).split('\n')[0];

function count(name, fallback, max) {
  const text = process.env[name];
  const v = Number(text ?? fallback);
  if (!Number.isInteger(v) || v < 0 || v > max) throw new Error(`${name} must be a whole number from 0 to ${max} (got ${text})`);
  return v;
}

function parseOptions() {
  const profiles = (process.env.SOAK_PROFILES ?? PROFILES.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of profiles)
    if (!PROFILES.includes(p)) throw new Error(`SOAK_PROFILES: unknown profile "${p}" (use ${PROFILES.join(', ')})`);
  return {
    passes: count('SOAK_PASSES', 12, 100),
    realtimeMin: count('SOAK_REALTIME_MIN', 10, 120),
    phaseS: count('SOAK_PHASE_S', 60, 600),
    profiles,
  };
}

function readLongSession(dir) {
  const entries = readManifest(dir);
  const long = entries.find((e) => e.file === LONG_FILE);
  if (!long || !Array.isArray(long.segments) || !long.segments.length)
    throw new Error(`${LONG_FILE} with its segments is not in ${dir}/manifest.jsonl`);
  for (const f of [LONG_FILE, NOISE_FILE]) if (!existsSync(path.join(dir, f))) throw new Error(`${f} is missing from ${dir}`);
  return long;
}

/** Serves the named corpus files and the generated audio, nothing else. */
function audioRoutes(files) {
  return fileRoutes('earshot-bench-soak-audio', AUDIO_PREFIX, (name) => files.get(name) ?? null);
}

function buildApp() {
  log('building the app (vite build) …');
  // A child process: the service worker's own build logs to stdout, which is the table's.
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--outDir', appOut, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  if (built.status !== 0) throw new Error(`vite build failed (exit ${built.status ?? built.signal})`);
}

// ---------------------------------------------------------------- the page, through the automation contract

function launch(env, profile, micFile) {
  const args = [...env.CHROMIUM_ARGS, ...EXTRA_ARGS];
  if (micFile) args.push(`--use-file-for-fake-audio-capture=${micFile}%noloop`);
  // One browser profile per app profile: the model cache fills once, as for a returning user.
  return chromium.launchPersistentContext(path.join(env.userDataRoot, profile), { executablePath: env.CHROMIUM, args, headless: true });
}

async function openApp(ctx, env, profile, label) {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.on('pageerror', (e) => log(`${label}: page error: ${errorText(e)}`));
  page.on('console', (m) => {
    if (m.type() === 'error') log(`${label}: console: ${m.text().slice(0, 300)}`);
  });
  await page.goto(new URL(`/?profile=${profile}`, env.base).href);
  await page.waitForFunction(() => 'earshot' in window, null, { timeout: 120_000 });
  await withTimeout(
    page.evaluate(() => window.earshot.ready()),
    600_000,
    'loading the models',
  );
  await waitStatus(page, 'ready', 30_000);
  return page;
}

/**
 * Starts a memory sample labelled `audioMin`: the main thread's JS heap after a forced collection, now, and
 * the UA-specific memory (page + workers), asked for now and answered in the background (Chrome answers only
 * once every worker thread has run a task, and Whisper's wasm threads may sit in a blocking wait) with a long
 * wait while the run goes on; `collectMemory` waits for them all.
 */
function startMemorySample(page, audioMin) {
  return page.evaluate(
    async ([label, waitMs]) => {
      const samples = (window.soakSamples ??= []);
      const t0 = performance.now();
      globalThis.gc?.();
      // Not metrics().memory: its UA figure is the browser's latest answer, which may be older than this label.
      const sample = {
        audioMin: label,
        jsHeapBytes: performance.memory?.usedJSHeapSize ?? 0,
        uaBytes: null,
        uaMs: Math.round(performance.now() - t0),
      };
      samples.push(sample);
      const measure = performance.measureUserAgentSpecificMemory;
      if (!measure || !globalThis.crossOriginIsolated) return;
      const timeout = new Promise((resolve) => setTimeout(() => resolve(null), waitMs));
      const direct = Promise.race([
        measure.call(performance).then(
          (r) => r.bytes,
          () => null,
        ),
        timeout,
      ]).then((bytes) => {
        sample.uaBytes = bytes;
        sample.uaMs = Math.round(performance.now() - t0);
      });
      (window.soakPending ??= []).push(direct);
    },
    [audioMin, UA_MEMORY_WAIT_MS],
  );
}

/** Every sample started so far, once their measurements have answered (or timed out). */
function collectMemory(page) {
  return page.evaluate(async () => {
    await Promise.all(window.soakPending ?? []);
    return window.soakSamples ?? [];
  });
}

const mibText = (b) => (b === null || b === undefined ? '…' : (b / 2 ** 20).toFixed(1));

/** Renderer process CPU time (every thread: main, workers, worklet, GC) and main-thread task time, ms. */
async function cpuMeter(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name) => 1000 * (metrics.find((m) => m.name === name)?.value ?? NaN);
    return { cpuMs: get('ProcessTime'), mainMs: get('TaskDuration'), at: Date.now() };
  };
}

const since = (a, b) => ({ cpuMs: b.cpuMs - a.cpuMs, mainMs: b.mainMs - a.mainMs, wallMs: b.at - a.at });

// ---------------------------------------------------------------- sections

async function fastSoak(env, opts) {
  const ctx = await launch(env, 'balanced');
  try {
    const page = await openApp(ctx, env, 'balanced', 'fast soak');
    await startMemorySample(page, 0);
    const passes = [];
    for (let pass = 1; pass <= opts.passes; pass++) {
      const t = Date.now();
      const r = await withTimeout(
        page.evaluate(async (url) => {
          const result = await window.earshot.transcribeFile(url);
          return { text: result.text, segments: result.segments.length };
        }, AUDIO_PREFIX + LONG_FILE),
        1_800_000,
        `pass ${pass}`,
      );
      const wallMs = Date.now() - t;
      const audioMin = (pass * env.long.durationS) / 60;
      await startMemorySample(page, audioMin);
      passes.push({ pass, audioMin, wallMs, segments: r.segments, hypothesis: r.text });
      log(`fast soak pass ${pass}/${opts.passes}: ${(wallMs / 1000).toFixed(0)} s, ${r.segments} segments`);
    }
    const [baseline, ...after] = await withTimeout(collectMemory(page), 300_000, 'the last memory measurements');
    passes.forEach((p, i) => Object.assign(p, after[i]));
    for (const p of passes)
      log(`fast soak pass ${p.pass}: UA ${mibText(p.uaBytes)} MiB (${p.uaMs} ms), heap ${mibText(p.jsHeapBytes)} MiB`);
    const m = await page.evaluate(() => window.earshot.metrics());
    return { file: LONG_FILE, fileS: env.long.durationS, reference: env.long.text, baseline, passes, device: m.device, model: m.model };
  } finally {
    await ctx.close();
  }
}

async function realtimeSoak(env, clip) {
  const ctx = await launch(env, 'balanced', clip.path);
  try {
    const page = await openApp(ctx, env, 'balanced', 'real-time soak');
    const record = page.locator('[data-testid=record]');
    await record.click();
    await waitStatus(page, 'listening', 30_000);
    const t0 = Date.now();
    await startMemorySample(page, 0);
    for (let minute = 1; minute * 60 <= clip.durationS; minute++) {
      await sleep(t0 + minute * 60_000 - Date.now());
      await startMemorySample(page, (Date.now() - t0) / 60_000);
      log(`real-time soak: ${minute} min`);
    }
    await sleep(t0 + clip.durationS * 1000 + AFTER_SPEECH_MS - Date.now());
    const stopAt = Date.now();
    await record.click();
    await waitStatus(page, 'stopped', 600_000);
    const stopMs = Date.now() - stopAt;
    const samples = await withTimeout(collectMemory(page), 300_000, 'the last memory measurements');
    for (const m of samples)
      log(`real-time soak ${m.audioMin.toFixed(1)} min: UA ${mibText(m.uaBytes)} MiB (${m.uaMs} ms), heap ${mibText(m.jsHeapBytes)} MiB`);
    const texts = await segmentTexts(page);
    const m = await page.evaluate(() => window.earshot.metrics());
    return {
      file: clip.name,
      audioS: clip.durationS,
      reference: clip.reference,
      hypothesis: texts.join(' '),
      samples,
      segments: texts.length,
      overruns: m.ring.overruns,
      stopMs,
    };
  } finally {
    await ctx.close();
  }
}

async function cpuPhases(env, profile, phaseS, noise, speech) {
  const out = [];
  const info = async (page) => {
    const m = await page.evaluate(() => window.earshot.metrics());
    return { model: m.model, device: m.device || '(not loaded)' };
  };
  const live = async (page, audioS) => {
    const meter = await cpuMeter(page);
    const record = page.locator('[data-testid=record]');
    const a = await meter();
    await record.click();
    await waitStatus(page, 'listening', 30_000);
    await sleep(audioS * 1000 + AFTER_SPEECH_MS);
    await record.click();
    await waitStatus(page, 'stopped', 600_000); // the drain of the last segment counts too
    return since(a, await meter());
  };

  // Idle: listening to room tone.
  const idleS = Math.min(phaseS, noise.durationS);
  let ctx = await launch(env, profile, noise.path);
  try {
    const page = await openApp(ctx, env, profile, `${profile} idle`);
    const used = await live(page, idleS);
    out.push({ profile, phase: 'idle', audioS: idleS, ...used, ...(await info(page)) });
    log(`CPU ${profile} idle: ${(used.cpuMs / idleS).toFixed(0)} ms per audio second`);
  } catch (err) {
    out.push({ error: `${profile} idle: ${errorText(err)}` });
  } finally {
    await ctx.close();
  }

  // Speaking, then the same audio through transcribeFile.
  ctx = await launch(env, profile, speech.path);
  try {
    const page = await openApp(ctx, env, profile, `${profile} speaking`);
    const used = await live(page, speech.durationS);
    out.push({ profile, phase: 'speaking', audioS: speech.durationS, ...used, ...(await info(page)) });
    log(`CPU ${profile} speaking: ${(used.cpuMs / speech.durationS).toFixed(0)} ms per audio second`);
    const meter = await cpuMeter(page);
    const a = await meter();
    await withTimeout(
      page.evaluate((url) => window.earshot.transcribeFile(url).then(() => undefined), AUDIO_PREFIX + speech.name),
      1_200_000,
      `${profile} transcribeFile`,
    );
    const t = since(a, await meter());
    out.push({ profile, phase: 'transcribing', audioS: speech.durationS, ...t, ...(await info(page)) });
    log(`CPU ${profile} transcribing: ${(t.cpuMs / speech.durationS).toFixed(0)} ms per audio second`);
  } catch (err) {
    out.push({ error: `${profile} speaking/transcribing: ${errorText(err)}` });
  } finally {
    await ctx.close();
  }
  return out;
}

async function section(what, fn) {
  try {
    return await fn();
  } catch (err) {
    log(`${what} failed: ${errorText(err)}`);
    return { error: errorText(err) };
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseOptions();
  const corpusDir = corpusFolder();
  const longEntry = readLongSession(corpusDir);
  const { module: config } = await runnerImport(path.join(root, 'playwright.config.ts'), { configFile: false, root, logLevel: 'warn' });
  const { module: plan } = await runnerImport(path.join(root, 'bench/soak/audio-plan.ts'), { configFile: false, root, logLevel: 'warn' });
  const { module: rep } = await runnerImport(path.join(root, 'bench/soak/report.ts'), { configFile: false, root, logLevel: 'warn' });

  // Audio: the long session's clips, cut between utterances so that each reference is exact.
  mkdirSync(audioDir, { recursive: true });
  const longWav = plan.parseWav(new Uint8Array(readFileSync(path.join(corpusDir, LONG_FILE))));
  const longS = plan.wavDurationS(longWav);
  const utterances = longEntry.segments.map((s) => ({ start_s: s.start_s, end_s: s.end_s, text: s.text }));
  const clip = (minS, name) => {
    const p = plan.planClip(longS, utterances, minS);
    const file = path.join(audioDir, name);
    writeFileSync(file, plan.writeWav(plan.renderClip(longWav, p)));
    return { name, path: file, durationS: p.durationS, reference: p.reference };
  };
  const realtimeClip = opts.realtimeMin > 0 ? clip(opts.realtimeMin * 60, `long_session_${opts.realtimeMin}min.wav`) : null;
  const speechClip = opts.phaseS > 0 ? clip(opts.phaseS, `long_session_${opts.phaseS}s.wav`) : null;
  const noiseS = plan.wavDurationS(plan.parseWav(new Uint8Array(readFileSync(path.join(corpusDir, NOISE_FILE)))));
  const files = new Map([
    [LONG_FILE, path.join(corpusDir, LONG_FILE)],
    [NOISE_FILE, path.join(corpusDir, NOISE_FILE)],
    ...[realtimeClip, speechClip].filter(Boolean).map((c) => [c.name, c.path]),
  ]);

  buildApp();
  const server = await preview({
    configFile: path.join(root, 'vite.config.ts'),
    root,
    logLevel: 'warn',
    build: { outDir: appOut },
    preview: { host: '127.0.0.1', port: PORT, strictPort: false, open: false },
    plugins: [audioRoutes(files)],
  });
  const userDataRoot = mkdtempSync(path.join(os.tmpdir(), 'earshot-bench-soak-'));
  try {
    const base = server.resolvedUrls?.local[0];
    if (!base) throw new Error('the preview server did not report its address');
    log(
      `serving on ${base}; corpus ${corpusDir}; passes ${opts.passes}, real-time ${opts.realtimeMin} min, CPU phases ${opts.phaseS} s × ${opts.profiles.join(', ') || 'none'}`,
    );
    const probe = await chromium.launch({ executablePath: config.CHROMIUM, args: config.CHROMIUM_ARGS, headless: true });
    const browser = `Chromium ${probe.version()} (headless)`;
    await probe.close();
    const env = {
      base,
      userDataRoot,
      CHROMIUM: config.CHROMIUM,
      CHROMIUM_ARGS: config.CHROMIUM_ARGS,
      long: { durationS: longS, text: longEntry.text },
    };
    const cpus = os.cpus();
    const results = {
      date: new Date().toISOString().slice(0, 10),
      machine: `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`,
      browser,
      options: opts,
      fast: { skipped: 'SOAK_PASSES=0' },
      realtime: { skipped: 'SOAK_REALTIME_MIN=0' },
      cpu: [],
    };
    const save = () => writeFileSync(path.join(resultsDir, 'soak.json'), JSON.stringify(results, null, 1));

    if (opts.passes > 0) results.fast = await section('fast soak', () => fastSoak(env, opts));
    save();
    if (realtimeClip) results.realtime = await section('real-time soak', () => realtimeSoak(env, realtimeClip));
    save();
    if (speechClip)
      for (const profile of opts.profiles) {
        results.cpu.push(
          ...(await cpuPhases(env, profile, opts.phaseS, { path: path.join(corpusDir, NOISE_FILE), durationS: noiseS }, speechClip)),
        );
        save();
      }

    const { text } = rep.report(results);
    console.log(text);
    log(`done in ${((Date.now() - started) / 60000).toFixed(1)} min; raw results in bench-results/soak.json`);
  } finally {
    rmSync(userDataRoot, { recursive: true, force: true });
    await server.close();
  }
}

main().catch((err) => {
  console.error(`bench:soak could not run: ${err?.stack ?? err}`);
  process.exit(1);
});
