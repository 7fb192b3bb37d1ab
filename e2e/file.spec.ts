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
