import { expect, test } from '@playwright/test';
import { corpusWer, wer } from '../src/eval/wer';
import { fixture, fixtures, openApp, useSharedApp } from './helpers';

const utterances = fixtures.filter((f) => f.kind === 'utterance');

// The first and last tests share a page; the stock-encoder test needs its own, routed before it loads.
const app = useSharedApp();

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

test('the stock encoder takes over when the short-context one cannot be loaded, and Diagnostics says so', async ({ page, context }) => {
  // A server without the build's edited encoder (an older deploy): the load falls back instead of failing.
  await context.route('**/models/**/encoder_model_quantized_short_context.onnx', (route) => route.fulfill({ status: 404 }));
  await openApp(page);
  const u = fixture('jfk_inaugural.wav');
  const result = await page.evaluate((url) => window.earshot.transcribeFile(url), `/__fixtures__/${u.file}`);
  expect(wer(u.text, result.text)).toBeLessThanOrEqual(0.08);
  expect((await page.evaluate(() => window.earshot.metrics())).encoder).toBe('stock');
  await page.getByTestId('diagnostics-toggle').click();
  await expect(page.getByTestId('diag-encoder')).toHaveText('stock (30 s)');
});
