import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@plussub/srt-vtt-parser';
import { expect, test } from '@playwright/test';
import { corpusWer, wer } from '../src/eval/wer';
import { FRAME_SAMPLES, SAMPLE_RATE } from '../workers/vad/segmenter';
import { FIXTURES, fixture, fixtures, longWav, openApp, seriousViolations, useFakeMic, useSharedApp } from './helpers';
import { CORPUS_REQUIRED, DEV_FILES, devCorpus, expectEveryUtteranceAndNoFalseAlarm, vadFilesIn, vadFixtures } from './vad-check';

const utterances = fixtures.filter((f) => f.kind === 'utterance');

// The file path, in order on one page (the models load once): each file is a new session on top of the last.
// The microphone plays room tone, for the one live check here: that nothing comes of it. The stock-encoder
// test needs a page of its own, routed before it loads.
useFakeMic(fixture('noise_only_dev.wav').file);
/** The gate settles in a second; 15 s holds three periods of the tone's 5 s level drift. The whole minute is in bench:asr. */
const LISTEN_S = 15;

const app = useSharedApp();

test('room tone alone through the live path yields no text', async () => {
  const page = app();
  const before = await page.evaluate(() => window.earshot.metrics());
  await page.getByTestId('record').click();
  await expect(page.getByTestId('status')).toHaveText('listening');
  await page.waitForTimeout(LISTEN_S * 1000);
  await page.getByTestId('record').click();
  await expect(page.getByTestId('status')).toHaveText('stopped');
  await expect(page.getByTestId('segment')).toHaveCount(0);

  // Every frame heard went through the VAD, and the energy gate kept most of it away from Silero.
  const { vad, ring } = await page.evaluate(() => window.earshot.metrics());
  const total = vad.framesTotal - before.vad.framesTotal;
  const gated = vad.framesGated - before.vad.framesGated;
  const modelled = vad.framesModel - before.vad.framesModel;
  console.log(`noise: frames ${total}, gated ${gated}, modelled ${modelled}, overruns ${ring.overruns}`);
  expect(total).toBeGreaterThan(((LISTEN_S - 1) * SAMPLE_RATE) / FRAME_SAMPLES);
  expect(gated).toBeGreaterThan(total / 2);
  expect(modelled + gated).toBe(total);
  expect(ring.overruns).toBe(0);
});

test('transcribeFile runs dev utterances through the VAD + Whisper pipeline', async () => {
  const page = app();
  const pairs: Array<{ ref: string; hyp: string }> = [];
  for (const u of utterances) {
    const result = await page.evaluate((url) => window.earshot.transcribeFile(url), `/__fixtures__/${u.file}`);
    pairs.push({ ref: u.text, hyp: result.text });
    expect(result.segments.length).toBeGreaterThan(0);
    for (const s of result.segments) {
      expect(s.startMs).toBeGreaterThanOrEqual(0);
      expect(s.endMs).toBeGreaterThan(s.startMs);
      expect(s.endMs).toBeLessThanOrEqual(u.duration_s * 1000 + 1);
    }
    console.log(`file ${u.file}: "${result.text}"`);
  }
  const score = corpusWer(pairs);
  console.log(`file: corpus WER ${score.toFixed(3)} over ${pairs.length} utterances`);
  expect(pairs.length).toBeGreaterThanOrEqual(5);
  expect(score).toBeLessThanOrEqual(0.08); // measured 0.014 (whisper-tiny, these 7 clips)

  const metrics = await page.evaluate(() => window.earshot.metrics());
  // `auto` runs on WebGPU only with a hardware adapter (workers/transcribe/device.ts), else on wasm.
  const hardwareGpu = await page.evaluate(async () => {
    const gpu = (
      navigator as Navigator & {
        gpu?: {
          requestAdapter(): Promise<{
            info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
          } | null>;
        };
      }
    ).gpu;
    const info = (await gpu?.requestAdapter().catch(() => null))?.info;
    if (!info || info.isFallbackAdapter) return false;
    return !/swiftshader|llvmpipe|software|microsoft basic/.test(`${info.vendor} ${info.architecture} ${info.description}`.toLowerCase());
  });
  expect(metrics.device).toBe(hardwareGpu ? 'webgpu' : 'wasm');
  expect(metrics.encoder).toBe('short-context'); // the build's edited encoder, loaded and verified like any file
  expect(metrics.model).toBe('whisper-tiny');
  expect(metrics.segments.length).toBeGreaterThanOrEqual(pairs.length);
  expect(metrics.vad.framesTotal).toBeGreaterThan(0);
  expect(metrics.ring.capacity).toBeGreaterThanOrEqual(160000);
});

test('the debug audio dump is off by default and keeps the last segments when asked', async () => {
  const page = app(); // every dev utterance has gone through it already
  const u = utterances[0];
  expect(await page.evaluate(() => window.earshot.debugAudio())).toEqual([]);

  await openApp(page, '?debugAudio=1');
  await page.evaluate((url) => window.earshot.transcribeFile(url), `/__fixtures__/${u.file}`);
  const header = await page.evaluate(async () => {
    const clips = await window.earshot.debugAudio();
    const bytes = new Uint8Array(await (await fetch(clips[0].url)).arrayBuffer());
    return { count: clips.length, riff: String.fromCharCode(...bytes.slice(0, 4)), size: bytes.length };
  });
  expect(header.count).toBeGreaterThan(0);
  expect(header.riff).toBe('RIFF');
  expect(header.size).toBeGreaterThan(16000); // at least half a second of 16-bit audio
});

test('the VAD finds every utterance and no false alarm in the dev fixtures', async () => {
  const page = app();
  await expectEveryUtteranceAndNoFalseAlarm(page, vadFixtures, '/__fixtures__/');
});

test('the VAD finds every utterance and no false alarm in the full dev files', async () => {
  const page = app();
  const dir = devCorpus();
  if (CORPUS_REQUIRED) expect(dir, 'EARSHOT_REQUIRE_CORPUS=1: the dev corpus (../shared/corpus/dev or EARSHOT_CORPUS)').not.toBeNull();
  test.skip(dir === null, 'no dev corpus (../shared/corpus/dev or EARSHOT_CORPUS)');
  if (dir === null) return;
  const files = vadFilesIn(dir).filter((f) => DEV_FILES.includes(f.file));
  expect(files.map((f) => f.file).sort()).toEqual([...DEV_FILES].sort());
  await page.route('**/__corpus__/*', (route) =>
    route.fulfill({ path: path.join(dir, path.basename(new URL(route.request().url()).pathname)), contentType: 'audio/wav' }),
  );
  await expectEveryUtteranceAndNoFalseAlarm(page, files, '/__corpus__/');
});

test('a long file shows progress with an estimate, says so in the badge, and can be cancelled keeping what was done', async () => {
  const page = app();
  // About 4 min 40 s of speech.
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'talk.wav', mimeType: 'audio/wav', buffer: longWav('vad_pauses_excerpt.wav', 8) });
  await expect(page.getByTestId('status')).toHaveText('transcribing file');
  await expect(page.getByTestId('file-progress')).toBeVisible();
  await expect(page.getByTestId('session-name')).toHaveText('File: talk.wav');
  await expect(page.getByTestId('file-percent')).toHaveText(/^[1-9]\d? % of the audio$/, { timeout: 120_000 });
  await expect(page.getByTestId('file-left')).toHaveText(/^about \d+:\d\d left$/);
  // The session header and the progress bar pass the accessibility check at both widths, in both themes.
  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 360, height: 780 },
  ]) {
    await page.setViewportSize(viewport);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
      expect(await seriousViolations(page), `${viewport.width} px, ${colorScheme}`).toEqual([]);
    }
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  const done = await page.getByTestId('segment').count();

  await page.getByTestId('file-cancel').click();
  await expect(page.getByTestId('file-notice')).toHaveText(/^Transcription of “talk\.wav” was cancelled\./);
  await expect(page.getByTestId('file-progress')).toBeHidden();

  // The app is usable again at once: a file started straight away waits for the fresh workers, runs to the end,
  // and nothing the workers still held of the cancelled file reaches its panel.
  const next = await page.evaluate(() => window.earshot.transcribeFile('/__fixtures__/lj_LJ001_0002.wav'));
  expect(next.text).toMatch(/modern/i);
  await expect(page.getByTestId('session-name')).toHaveText('File: lj_LJ001_0002.wav');
  await expect(page.getByTestId('segment')).toHaveCount(next.segments.length);
  await expect(page.getByTestId('segment').first()).toContainText(/modern/i);
  await expect(page.getByTestId('status')).toHaveText('ready');
  const cancelled = page.getByTestId('history-item').nth(1);
  await expect(cancelled).toContainText('talk.wav');
  expect(Number(await cancelled.getAttribute('data-segments'))).toBeGreaterThanOrEqual(done);
  await expect(cancelled).toHaveAttribute('data-status', 'complete');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'light' });
});

test('a truncated WAV is transcribed as far as it goes, with a message saying it is incomplete', async () => {
  const page = app();
  const whole = readFileSync(path.join(FIXTURES, 'lj_LJ001_0004.wav'));
  const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
  await page.getByTestId('file-input').setInputFiles({ name: 'cut.wav', mimeType: 'audio/wav', buffer: cut });
  await expect(page.getByTestId('file-notice')).toContainText('“cut.wav” is incomplete: its header promises 5.1 s of audio but only 3.1 s');
  await expect(page.getByTestId('segment').first()).toContainText(/block books/i);
});

test('SRT export of a long file is subtitle-grade: cues of at most 7 s and two lines of 42 characters', async () => {
  const page = app();
  await page.evaluate(() => window.earshot.transcribeFile('/__fixtures__/vad_pauses_excerpt.wav'));
  await page.getByTestId('history-item').first().getByRole('button').first().click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('history-export-srt').click()]);
  const body = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
  const { entries } = parse(body);
  expect(entries.length).toBeGreaterThanOrEqual(await page.getByTestId('history-session').getByTestId('history-segment').count());
  for (const cue of entries) {
    expect(cue.to - cue.from, cue.text).toBeLessThanOrEqual(7000);
    const lines = cue.text.split('\n');
    expect(lines.length, cue.text).toBeLessThanOrEqual(2);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(42);
  }
  console.log(`srt: ${entries.length} cues, longest ${Math.max(...entries.map((c) => c.to - c.from))} ms`);
});

test('the stock encoder takes over when the short-context one cannot be loaded, and Diagnostics says so', async ({ page, context }) => {
  // A server without the build's edited encoder (an older deploy): the load falls back instead of failing.
  await context.route('**/models/**/encoder_model_quantized_short_context.onnx', (route) => route.fulfill({ status: 404 }));
  await openApp(page);
  // One segment: each decode on the stock encoder takes a whole 30 s window.
  const u = fixture('ast_vm_invalid_password.wav');
  const result = await page.evaluate((url) => window.earshot.transcribeFile(url), `/__fixtures__/${u.file}`);
  console.log(`stock encoder: ${result.segments.length} segment(s), "${result.text}"`);
  expect(wer(u.text, result.text)).toBeLessThanOrEqual(0.08);
  expect((await page.evaluate(() => window.earshot.metrics())).encoder).toBe('stock');
  await page.getByTestId('diagnostics-toggle').click();
  await expect(page.getByTestId('diag-encoder')).toHaveText('stock (30 s)');
});
