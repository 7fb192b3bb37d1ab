// `npm run bench:asr`: Earshot's transcription against transformers.js used the common way, in one run.
//
// Builds the app (and the baseline page, bench/asr/baseline.html) into node_modules/.cache/earshot-bench-asr/,
// serves both with Vite's preview server (the app's own headers and /models/), and drives Debian's
// Chromium with playwright-core. Earshot is measured only through its automation contract (README
// "Testing"): `?model=…&device=wasm`, `window.earshot.*`, and the record/status/segment elements. Per model:
//   Earshot   every utterance through transcribeFile (WER, wall-clock RTF); a set of utterances, the
//             307 s long session and 60 s of room tone each played through the fake microphone in real
//             time (end of speech → final latency, first partial, long-session WER and RTF, noise words);
//   baseline  pipeline('automatic-speech-recognition') once per utterance, and chunk_length_s 30 /
//             stride_length_s 5 over the long session and the room tone.
// Prints a table per model and the targets with PASS/FAIL, and writes bench-results/asr.json (raw results
// and summaries) and bench-results/asr.md (the table). It reports: the exit status is 0 whether targets
// pass or fail, and 1 only when the benchmark cannot run at all.
//
// Environment:
//   EARSHOT_CORPUS  the dev corpus folder (holding manifest.jsonl), or its parent holding dev/
//                   (default ../shared/corpus/dev, relative to the repo)
//   BENCH_MODELS    comma-separated (default whisper-tiny,whisper-base)
//   BENCH_LIVE      utterances played live: comma-separated file names, `all`, or `none` (default: 9 of 1–22 s)
//   BENCH_LIMIT     only the first N utterances for WER (a quick check; the report says so)
//   BENCH_NO_LONG   1: skip the long session (a quick check)
//   BENCH_REPEAT    a clip played live again and again: `file:times` (default jfk_inaugural.wav:10), or `none`
//   BENCH_REPEAT_PHRASE  what must be in every repeat's text (default "ask not")
//   BENCH_VOCABULARY comma-separated terms for the custom-vocabulary comparison (file path), or `none`
//   BENCH_NO_PAUSES 1: skip vad_pauses_dev.wav live
//   BENCH_NO_BASELINE 1: skip the common approach (Earshot's figures alone, e.g. a before/after of one change)
//   CHROMIUM_PATH   browser (default /usr/bin/chromium, as in playwright.config.ts)
//   BENCH_REPORT    a saved results file (bench-results/asr.json): print its table again and run nothing
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { segmentTexts, waitStatus, withTimeout } from '../lib/app-page.mjs';
import { corpusFolder, readManifest } from '../lib/corpus.mjs';
import { fileRoutes } from '../lib/static-server.mjs';
import { build, defaultClientConditions, preview, runnerImport } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = path.join(root, 'node_modules/.cache/earshot-bench-asr');
const appOut = path.join(cacheDir, 'app');
const baselineOut = path.join(cacheDir, 'baseline');
const PORT = 4310; // the next free one if taken; never the tests' 4173
const BENCH_PREFIX = '/__bench__/';
const MODELS = ['whisper-tiny', 'whisper-base'];
// Lengths 1–22 s from every source in the corpus.
const DEFAULT_LIVE = [
  'ps_cards_001.wav',
  'lj_LJ001_0002.wav',
  'ls_4507_16021_0012.wav',
  'ast_dir_nomore.wav',
  'lj_LJ001_0004.wav',
  'ast_vm_invalid_password.wav',
  'ps_librivox_0870.wav',
  'jfk_inaugural.wav',
  'ast_demo_echotest.wav',
];
const DEFAULT_REPEAT = 'jfk_inaugural.wav:10';
// Words of the corpus that whisper-tiny gets wrong without help (names, jargon).
const DEFAULT_VOCABULARY = 'Digium, Asterisk, PBX, Quilter, Dashwood, Gutenberg';
const AFTER_SPEECH_MS = 1500; // the VAD's hangover and a little more before Record is pressed again

const started = Date.now();
const log = (msg) => process.stderr.write(`[bench:asr ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const errorText = (err) => String(err?.message ?? err).split('\n')[0];
/** bench/encoder-context/corpus.ts's reader (TypeScript, loaded in main). */
let readWav16k;

function readCorpus(dir) {
  const entries = readManifest(dir);
  // True speech: the corpus's own boundaries where it has them, else the whole file.
  const truthOf = (e) => {
    const list = e.speech_segments ?? e.segments;
    if (Array.isArray(list))
      return list.map((x) => ({ startS: Number(x.speech_start_s), endS: Number(x.speech_end_s), text: x.text ?? '' }));
    return [{ startS: 0, endS: Number(e.duration_s), text: e.text ?? '' }];
  };
  const item = (e) => ({ file: e.file, text: e.text ?? '', durationS: Number(e.duration_s), truth: truthOf(e) });
  const one = (kind, file) => {
    const e = entries.find((x) => x.kind === kind && x.file === file) ?? entries.find((x) => x.file === file);
    if (!e) throw new Error(`${file} is not in ${dir}/manifest.jsonl`);
    return item(e);
  };
  const utterances = entries.filter((e) => e.kind === 'utterance').map(item);
  if (!utterances.length) throw new Error(`${dir}/manifest.jsonl lists no utterances`);
  const corpus = {
    utterances,
    long: one('long_session', 'long_session_dev.wav'),
    noise: one('noise_only', 'noise_only_dev.wav'),
    pauses: one('vad_segmentation', 'vad_pauses_dev.wav'),
  };
  for (const x of [...utterances, corpus.long, corpus.noise, corpus.pauses]) {
    if (!existsSync(path.join(dir, x.file))) throw new Error(`${x.file} is listed in the manifest but missing from ${dir}`);
  }
  return corpus;
}

function parseOptions(corpus) {
  const models = (process.env.BENCH_MODELS ?? MODELS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const m of models) if (!MODELS.includes(m)) throw new Error(`BENCH_MODELS: unknown model "${m}" (use ${MODELS.join(', ')})`);
  const limitText = process.env.BENCH_LIMIT;
  const limit = limitText ? Number(limitText) : corpus.utterances.length;
  if (!(Number.isInteger(limit) && limit >= 1)) throw new Error(`BENCH_LIMIT must be a whole number ≥ 1 (got ${limitText})`);
  const liveText = process.env.BENCH_LIVE;
  const liveNames =
    liveText === 'all'
      ? corpus.utterances.map((u) => u.file)
      : liveText === 'none'
        ? []
        : liveText
          ? liveText.split(',').map((s) => s.trim())
          : DEFAULT_LIVE;
  const live = liveNames.map((name) => {
    const u = corpus.utterances.find((x) => x.file === name);
    if (!u) throw new Error(`BENCH_LIVE: ${name} is not an utterance in the corpus`);
    return u;
  });
  const repeatText = process.env.BENCH_REPEAT ?? DEFAULT_REPEAT;
  let repeat = null;
  if (repeatText !== 'none') {
    const [name, times] = repeatText.split(':');
    const u = corpus.utterances.find((x) => x.file === name);
    if (!u) throw new Error(`BENCH_REPEAT: ${name} is not an utterance in the corpus`);
    const n = Number(times ?? 10);
    if (!(Number.isInteger(n) && n >= 1 && n <= 50)) throw new Error(`BENCH_REPEAT: times must be 1–50 (got ${times})`);
    repeat = { item: u, times: n, phrase: process.env.BENCH_REPEAT_PHRASE ?? 'ask not' };
  }
  const vocabText = process.env.BENCH_VOCABULARY ?? DEFAULT_VOCABULARY;
  const vocabulary =
    vocabText === 'none'
      ? []
      : vocabText
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
  return {
    models,
    utterances: corpus.utterances.slice(0, limit),
    live,
    long: process.env.BENCH_NO_LONG !== '1',
    pauses: process.env.BENCH_NO_PAUSES !== '1',
    baseline: process.env.BENCH_NO_BASELINE !== '1',
    repeat,
    vocabulary,
  };
}

/** Bench-only routes on the preview server: named corpus files, and the built baseline page. */
function benchRoutes(corpusDir, corpusFiles) {
  return fileRoutes('earshot-bench-asr-routes', BENCH_PREFIX, (rest) => {
    if (rest.startsWith('corpus/') && corpusFiles.has(rest.slice('corpus/'.length)))
      return path.join(corpusDir, rest.slice('corpus/'.length));
    if (rest === 'tap.worklet.js') return path.join(root, 'bench/asr/tap.worklet.js');
    if (!rest.startsWith('baseline/')) return null;
    const file = path.resolve(baselineOut, rest.slice('baseline/'.length));
    return file.startsWith(baselineOut + path.sep) && existsSync(file) && statSync(file).isFile() ? file : null;
  });
}

async function buildAll() {
  log('building the app (vite build) …');
  // A child process: the service worker's own build logs to stdout, which is the table's.
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--outDir', appOut, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  if (built.status !== 0) throw new Error(`vite build failed (exit ${built.status ?? built.signal})`);
  log('building the baseline page …');
  await build({
    configFile: false,
    root: path.join(root, 'bench/asr'),
    base: `${BENCH_PREFIX}baseline/`,
    logLevel: 'warn',
    // As the app: onnxruntime-web loads its wasm glue from workers/shared/ort-env.ts's assets instead of bundling it.
    resolve: { conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions] },
    build: {
      outDir: baselineOut,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 8192,
      rollupOptions: { input: path.join(root, 'bench/asr/baseline.html') },
    },
  });
}

// ---------------------------------------------------------------- Earshot, through the automation contract

const corpusUrl = (file) => `${BENCH_PREFIX}corpus/${encodeURIComponent(file)}`;

function watchPage(page, label) {
  page.on('pageerror', (e) => log(`${label}: page error: ${errorText(e)}`));
  page.on('console', (m) => {
    if (m.type() === 'error') log(`${label}: console: ${m.text().slice(0, 300)}`);
  });
}

async function openApp(ctx, base, model, label, query = '') {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  watchPage(page, label);
  await page.goto(new URL(`/?model=${model}&device=wasm${query}`, base).href);
  await page.waitForFunction(() => 'earshot' in window, null, { timeout: 120_000 });
  await withTimeout(
    page.evaluate(() => window.earshot.ready()),
    300_000,
    'loading the models',
  );
  await waitStatus(page, 'ready', 30_000);
  return page;
}

function launch(userDataDir, extraArgs, env) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: env.CHROMIUM,
    args: [...env.CHROMIUM_ARGS, ...extraArgs],
    headless: true,
  });
}

async function transcribeIn(page, u) {
  const r = await withTimeout(
    page.evaluate(async (url) => {
      const t = performance.now();
      const result = await window.earshot.transcribeFile(url);
      const ms = performance.now() - t;
      return { text: result.text, ms, segments: result.segments.map(({ startMs, endMs, text }) => ({ startMs, endMs, text })) };
    }, corpusUrl(u.file)),
    600_000,
    `transcribeFile(${u.file})`,
  );
  return { file: u.file, ref: u.text, hyp: r.text, audioMs: u.durationS * 1000, wallMs: r.ms, segments: r.segments };
}

async function earshotFiles(env, model, utterances, long) {
  const ctx = await launch(env.profiles[model], [], env);
  try {
    const page = await openApp(ctx, env.base, model, `${model} file path`);
    const files = [];
    for (const [i, u] of utterances.entries()) {
      const r = await transcribeIn(page, u);
      files.push(r);
      log(`Earshot ${model} file ${i + 1}/${utterances.length} ${u.file}: ${Math.round(r.wallMs)} ms`);
    }
    const m = await page.evaluate(() => window.earshot.metrics());
    const longFile = long ? await attempt(`Earshot ${model} long session, file path`, () => transcribeIn(page, long)) : undefined;
    return { device: m.device, dtype: m.dtype, modelLoadMs: m.modelLoadMs, files, fileRtf: m.rtf, ...(longFile ? { longFile } : {}) };
  } finally {
    await ctx.close();
  }
}

/** The file path again with `?vocabulary=` on the utterances whose reference holds one of its terms. */
async function earshotVocabulary(env, model, terms, files, utterances) {
  const has = (text) => terms.some((t) => ` ${text.toLowerCase()} `.includes(t.toLowerCase()));
  const chosen = utterances.filter((u) => has(u.text));
  if (!chosen.length) return { terms, files: [] };
  const ctx = await launch(env.profiles[model], [], env);
  try {
    const page = await openApp(ctx, env.base, model, `${model} vocabulary`, `&vocabulary=${encodeURIComponent(terms.join(','))}`);
    const out = [];
    for (const u of chosen) {
      const r = await transcribeIn(page, u);
      const without = files.find((f) => f.file === u.file)?.hyp ?? '';
      out.push({ file: u.file, ref: u.text, without, with: r.hyp });
      log(`Earshot ${model} vocabulary ${u.file}: "${without.slice(0, 60)}" → "${r.hyp.slice(0, 60)}"`);
    }
    return { terms, files: out };
  } finally {
    await ctx.close();
  }
}

/**
 * Bench-side page instrumentation (not the app): the page time at which the microphone opened, every change
 * of the text on the page (partial line, finals), and a tap on the captured stream (its own AudioContext and
 * AudioWorklet: per render quantum its context frame and peak, messages stamped with page time) from which
 * calibrate.ts finds when the fake device really played the file.
 */
function recordShownText() {
  const w = /** @type {any} */ (window);
  w.__benchShown = [];
  w.__benchMicOpenedAt = null;
  w.__benchTap = null;
  const tap = async (stream) => {
    const ctx = new AudioContext();
    await ctx.audioWorklet.addModule('/__bench__/tap.worklet.js');
    const node = new AudioWorkletNode(ctx, 'bench-tap', {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      channelCount: 1,
      channelCountMode: 'explicit',
    });
    const t = { rate: ctx.sampleRate, quantum: 128, frames: [], peaks: [], frameZeroPageMs: Infinity };
    node.port.onmessage = (e) => {
      const now = performance.now();
      t.frameZeroPageMs = Math.min(t.frameZeroPageMs, now - (e.data.end / ctx.sampleRate) * 1000);
      t.frames.push(...e.data.frames);
      t.peaks.push(...e.data.peaks);
    };
    ctx.createMediaStreamSource(stream).connect(node);
    if (ctx.state === 'suspended') await ctx.resume();
    w.__benchTap = t;
  };
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (c) => {
    const stream = await gum(c);
    if (w.__benchMicOpenedAt === null) {
      w.__benchMicOpenedAt = performance.now();
      tap(stream).catch((err) => console.error(`bench tap: ${err}`));
    }
    return stream;
  };
  let last = '';
  new MutationObserver(() => {
    const t = performance.now();
    const partial = document.querySelector('[data-testid=partial]')?.textContent ?? '';
    const finals = Array.from(document.querySelectorAll('[data-testid=segment] span'), (s) => s.textContent ?? '').join(' ');
    const key = `${partial}\u0000${finals}`;
    if (key === last) return;
    last = key;
    w.__benchShown.push({ t, partial, finals });
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

/** One live session: a fresh browser whose fake microphone plays `item` once, in real time. */
async function earshotLive(env, model, item) {
  const wav = path.join(env.corpusDir, item.file);
  const ctx = await launch(env.profiles[model], [`--use-file-for-fake-audio-capture=${wav}%noloop`], env);
  try {
    await ctx.addInitScript(recordShownText);
    const page = await openApp(ctx, env.base, model, `${model} live ${item.file}`);
    const record = page.locator('[data-testid=record]');
    await record.click();
    await waitStatus(page, 'listening', 30_000);
    await sleep(item.durationS * 1000 + AFTER_SPEECH_MS);
    const stopAt = Date.now();
    await record.click();
    await waitStatus(page, 'stopped', Math.max(120_000, item.durationS * 2000));
    const stopMs = Date.now() - stopAt;
    const texts = await segmentTexts(page);
    const m = await page.evaluate(() => window.earshot.metrics());
    const shown = await page.evaluate(() => ({
      records: window.__benchShown ?? [],
      micOpenedAt: window.__benchMicOpenedAt,
      tap: window.__benchTap,
    }));
    const samples = readWav16k(wav);
    const cal = shown.micOpenedAt === null ? null : env.calibrate.calibrate(samples, 16000, shown.tap, shown.micOpenedAt);
    if (cal && cal.fileStartPageMs === null)
      log(
        `${item.file}: the captured audio could not be aligned with the file (error ${cal.errorDb?.toFixed(1) ?? '—'} dB); timed from getUserMedia`,
      );
    const fileStart = cal?.fileStartPageMs ?? shown.micOpenedAt;
    // An utterance file's end is not its speech's end: the last word is timed from where it really ends.
    const whole = item.truth.length === 1 && item.truth[0].endS === item.durationS;
    const truth = whole ? [{ ...item.truth[0], endS: env.calibrate.speechEndS(samples, 16000) }] : item.truth;
    const wordsShown = fileStart === null ? [] : env.report.wordsShownAfterEnd(shown.records, fileStart, truth);
    return {
      wordsShown,
      ...(cal ? { calibration: { offsetMs: cal.offsetMs, errorDb: cal.errorDb } } : {}),
      burstsDropped: m.vad.burstsDropped,
      file: item.file,
      ref: item.text,
      hyp: texts.join(' '),
      audioMs: item.durationS * 1000,
      segments: texts.length,
      eosToFinalMs: m.segments.map((s) => s.eosToFinalMs),
      firstPartialMs: m.firstPartialMs,
      speculative: m.segments.filter((s) => s.speculative).length,
      decodes: m.segments.map((s) => ({
        queueMs: s.queueMs,
        handoffMs: s.handoffMs,
        inferMs: s.inferMs,
        speculative: Boolean(s.speculative),
      })),
      rtf: m.rtf,
      overruns: m.ring.overruns,
      stopMs,
    };
  } finally {
    await ctx.close();
  }
}

async function attempt(what, fn) {
  try {
    return await fn();
  } catch (err) {
    log(`${what} failed: ${errorText(err)}`);
    return { error: errorText(err) };
  }
}

async function runEarshot(env, model, opts, corpus) {
  const fileRun = await attempt(`Earshot ${model} file path`, () =>
    earshotFiles(env, model, opts.utterances, opts.long ? corpus.long : null),
  );
  if ('error' in fileRun) return fileRun;
  const vocabulary = opts.vocabulary.length
    ? await attempt(`Earshot ${model} vocabulary`, () => earshotVocabulary(env, model, opts.vocabulary, fileRun.files, opts.utterances))
    : undefined;
  const pauses = opts.pauses
    ? await attempt(`Earshot ${model} vad_pauses_dev live`, () => earshotLive(env, model, corpus.pauses))
    : undefined;
  if (pauses && !('error' in pauses))
    log(`Earshot ${model} vad_pauses_dev: words shown ${pauses.wordsShown.map((w) => Math.round(w.ms)).join(', ')} ms`);
  let repeats;
  if (opts.repeat) {
    const runs = [];
    for (let i = 0; i < opts.repeat.times; i++) {
      const r = await attempt(`Earshot ${model} repeat ${opts.repeat.item.file}`, () => earshotLive(env, model, opts.repeat.item));
      runs.push('error' in r ? { file: opts.repeat.item.file, error: r.error } : r);
      if (!('error' in r)) log(`Earshot ${model} repeat ${i + 1}/${opts.repeat.times}: "${r.hyp}"`);
    }
    repeats = { file: opts.repeat.item.file, phrase: opts.repeat.phrase, runs };
  }
  const live = [];
  for (const [i, u] of opts.live.entries()) {
    const r = await attempt(`Earshot ${model} live ${u.file}`, () => earshotLive(env, model, u));
    live.push('error' in r ? { file: u.file, error: r.error } : r);
    if (!('error' in r))
      log(
        `Earshot ${model} live ${i + 1}/${opts.live.length} ${u.file}: eos→final ${r.eosToFinalMs.map(Math.round).join(', ')} ms (waited ${r.decodes.map((d) => `${Math.round(d.handoffMs ?? 0)}+${Math.round(d.queueMs)}`).join(', ')}, decoded in ${r.decodes.map((d) => Math.round(d.inferMs)).join(', ')} ms); shown ${r.wordsShown.map((w) => Math.round(w.ms)).join(', ')} ms after the end; "${r.hyp.slice(0, 80)}"`,
      );
  }
  const noise = await attempt(`Earshot ${model} noise`, () => earshotLive(env, model, corpus.noise));
  if (!('error' in noise)) log(`Earshot ${model} noise: "${noise.hyp}"`);
  const long = opts.long
    ? await attempt(`Earshot ${model} long session`, () => earshotLive(env, model, corpus.long))
    : { error: 'skipped (BENCH_NO_LONG=1)' };
  if (!('error' in long))
    log(
      `Earshot ${model} long session: ${long.segments} segments, rtf ${long.rtf.toFixed(2)}, drained ${long.stopMs} ms after stop, bursts dropped ${long.burstsDropped}`,
    );
  return {
    model,
    ...fileRun,
    live,
    long,
    noise,
    ...(pauses ? { pauses } : {}),
    ...(repeats ? { repeats } : {}),
    ...(vocabulary ? { vocabulary } : {}),
    errors: [],
  };
}

// ---------------------------------------------------------------- baseline

async function runBaseline(env, model, opts, corpus) {
  const browser = await chromium.launch({ executablePath: env.CHROMIUM, args: env.CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    watchPage(page, `baseline ${model}`);
    await page.goto(new URL(`${BENCH_PREFIX}baseline/baseline.html`, env.base).href);
    await page.waitForFunction(() => 'asrBaseline' in window, null, { timeout: 120_000 });
    const call = (item, chunked) =>
      withTimeout(
        page.evaluate(([url, c]) => window.asrBaseline.transcribe(url, { chunked: c }), [corpusUrl(item.file), chunked]),
        chunked ? 1_800_000 : 300_000,
        `baseline ${model} on ${item.file}`,
      );
    const loaded = await withTimeout(
      page.evaluate((m) => window.asrBaseline.load(m), model),
      300_000,
      `baseline ${model} load`,
    );
    log(`baseline ${model} loaded in ${Math.round(loaded.ms)} ms (threads: ${loaded.threads ?? 'default'})`);
    const first = await call(opts.utterances[0], false);
    const files = [];
    const errors = [];
    for (const [i, u] of opts.utterances.entries()) {
      try {
        const r = await call(u, false);
        files.push({ file: u.file, ref: u.text, hyp: r.text, audioMs: r.audioMs, ms: r.ms });
        log(`baseline ${model} ${i + 1}/${opts.utterances.length} ${u.file}: ${Math.round(r.ms)} ms`);
      } catch (err) {
        errors.push(`${u.file}: ${errorText(err)}`);
      }
    }
    const asRun = (item, r) => ({ file: item.file, ref: item.text, hyp: r.text, audioMs: r.audioMs, ms: r.ms });
    const noise = await attempt(`baseline ${model} noise`, async () => asRun(corpus.noise, await call(corpus.noise, true)));
    if (!('error' in noise)) log(`baseline ${model} noise: "${noise.hyp}"`);
    const long = opts.long
      ? await attempt(`baseline ${model} long session`, async () => asRun(corpus.long, await call(corpus.long, true)))
      : { error: 'skipped (BENCH_NO_LONG=1)' };
    if (!('error' in long)) log(`baseline ${model} long session: ${Math.round(long.ms)} ms`);
    return { model, loadMs: loaded.ms, firstCallMs: first.ms, threads: loaded.threads, files, long, noise, errors };
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------- main

/** Prints the table again from a saved results file, without running anything. */
async function reprint(file) {
  const { module: report } = await runnerImport(path.join(root, 'bench/asr/report.ts'), { configFile: false, root, logLevel: 'warn' });
  const saved = JSON.parse(readFileSync(path.resolve(file), 'utf8'));
  console.log(report.report(saved).text);
}

async function main() {
  if (process.env.BENCH_REPORT) return reprint(process.env.BENCH_REPORT);
  const corpusDir = corpusFolder();
  const corpus = readCorpus(corpusDir);
  const opts = parseOptions(corpus);
  const { module: config } = await runnerImport(path.join(root, 'playwright.config.ts'), { configFile: false, root, logLevel: 'warn' });
  const { module: report } = await runnerImport(path.join(root, 'bench/asr/report.ts'), { configFile: false, root, logLevel: 'warn' });
  const { module: calibrate } = await runnerImport(path.join(root, 'bench/asr/calibrate.ts'), {
    configFile: false,
    root,
    logLevel: 'warn',
  });
  const { module: wavs } = await runnerImport(path.join(root, 'bench/encoder-context/corpus.ts'), {
    configFile: false,
    root,
    logLevel: 'warn',
  });
  readWav16k = wavs.readWav16k;

  await buildAll();
  const corpusFiles = new Set([...corpus.utterances, corpus.long, corpus.noise, corpus.pauses].map((x) => x.file));
  const server = await preview({
    configFile: path.join(root, 'vite.config.ts'),
    root,
    logLevel: 'warn',
    build: { outDir: appOut },
    preview: { host: '127.0.0.1', port: PORT, strictPort: false, open: false },
    plugins: [benchRoutes(corpusDir, corpusFiles)],
  });
  const profileRoot = mkdtempSync(path.join(os.tmpdir(), 'earshot-bench-asr-'));
  let browserVersion;
  try {
    const base = server.resolvedUrls?.local[0];
    if (!base) throw new Error('the preview server did not report its address');
    log(`serving on ${base}; corpus ${corpusDir}`);
    const probe = await chromium.launch({ executablePath: config.CHROMIUM, args: config.CHROMIUM_ARGS, headless: true });
    browserVersion = `Chromium ${probe.version()} (headless)`;
    await probe.close();
    // One browser profile per model: the model store's cache fills on the first visit, as for a returning user.
    const profiles = Object.fromEntries(opts.models.map((m) => [m, path.join(profileRoot, m)]));
    const env = { base, corpusDir, profiles, report, calibrate, CHROMIUM: config.CHROMIUM, CHROMIUM_ARGS: config.CHROMIUM_ARGS };

    const models = [];
    for (const model of opts.models) {
      const earshot = await attempt(`Earshot ${model}`, () => runEarshot(env, model, opts, corpus));
      const baseline = opts.baseline
        ? await attempt(`baseline ${model}`, () => runBaseline(env, model, opts, corpus))
        : { error: 'skipped (BENCH_NO_BASELINE=1)' };
      models.push({ model, earshot, baseline });
    }

    const cpus = os.cpus();
    const results = {
      date: new Date().toISOString().slice(0, 10),
      machine: `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, no GPU used (WASM)`,
      browser: browserVersion,
      corpus:
        `${path.relative(root, corpusDir) || corpusDir}` +
        (opts.utterances.length < corpus.utterances.length
          ? ` — first ${opts.utterances.length} of ${corpus.utterances.length} utterances only (BENCH_LIMIT)`
          : ''),
      utterances: opts.utterances.length,
      liveFiles: opts.live.length === 0 ? ['none'] : opts.live.map((u) => `${u.file.replace(/\.wav$/, '')} ${u.durationS.toFixed(1)} s`),
      models,
    };
    const { text, summaries } = report.report(results);
    mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    writeFileSync(path.join(root, 'bench-results', 'asr.json'), JSON.stringify({ ...results, summaries }, null, 1));
    writeFileSync(path.join(root, 'bench-results', 'asr.md'), text + '\n');
    console.log(text);
    log(`done in ${((Date.now() - started) / 60000).toFixed(1)} min; raw results in bench-results/asr.json`);
  } finally {
    rmSync(profileRoot, { recursive: true, force: true });
    await server.close();
  }
}

main().catch((err) => {
  console.error(`bench:asr could not run: ${err?.stack ?? err}`);
  process.exit(1);
});
