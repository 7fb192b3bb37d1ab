import { expect, test } from '@playwright/test';
import { corpusWer } from '../src/eval/wer';
import { fixtures, openApp } from './helpers';

const utterances = fixtures.filter((f) => f.kind === 'utterance');

test('transcribeFile runs dev utterances through the VAD + Whisper pipeline', async ({ page }) => {
  await openApp(page);
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
  expect(score).toBeLessThanOrEqual(0.3);

  const metrics = await page.evaluate(() => window.earshot.metrics());
  expect(metrics.device).toBe('wasm');
  expect(metrics.model).toBe('whisper-tiny');
  expect(metrics.segments.length).toBeGreaterThanOrEqual(pairs.length);
  expect(metrics.vad.framesTotal).toBeGreaterThan(0);
  expect(metrics.ring.capacity).toBeGreaterThanOrEqual(160000);
});

test('the debug audio dump is off by default and keeps the last segments when asked', async ({ page }) => {
  await openApp(page);
  const u = utterances[0];
  await page.evaluate((url) => window.earshot.transcribeFile(url), `/__fixtures__/${u.file}`);
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
