import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { scoreDetections, type Span } from '../bench/vad-score';
import { FIXTURES, openApp } from './helpers';

// Every fixture that declares its ground-truth speech (`speech_segments`, in seconds) goes through the
// app's file path; the VAD must find every utterance and nothing else. `transcribeFile` returns one
// segment per VAD segment (text may be empty), bounded by the audio the VAD kept, pads included; the
// boundary errors and CPU cost are measured by `npm run bench:vad`.
interface VadFixture {
  file: string;
  duration_s: number;
  speech_segments: { speech_start_s: number; speech_end_s: number }[];
}

const vadFixtures = readFileSync(path.join(FIXTURES, 'manifest.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Partial<VadFixture>)
  .filter((f): f is VadFixture => Array.isArray(f.speech_segments));

const truthOf = (f: VadFixture): Span[] =>
  f.speech_segments.map((s) => ({ startMs: s.speech_start_s * 1000, endMs: s.speech_end_s * 1000 }));

test('the VAD finds every utterance and no false alarm in the dev fixtures', async ({ page }) => {
  expect(vadFixtures.some((f) => f.speech_segments.length > 0), 'a fixture with speech').toBe(true);
  expect(vadFixtures.some((f) => f.speech_segments.length === 0), 'a fixture without speech').toBe(true);
  await openApp(page);
  for (const f of vadFixtures) {
    const result = await page.evaluate((url) => window.earshot.transcribeFile(url), `/__fixtures__/${f.file}`);
    const spans = result.segments.map((s) => ({ startMs: s.startMs, endMs: s.endMs }));
    const score = scoreDetections(truthOf(f), spans);
    const shown = spans.map((s) => `${(s.startMs / 1000).toFixed(2)}–${(s.endMs / 1000).toFixed(2)}`).join(', ');
    console.log(`vad ${f.file}: ${score.hits}/${f.speech_segments.length} hit, ${score.falseAlarms} false alarms; segments ${shown || 'none'}`);
    expect(score.missed, `${f.file}: utterances missed`).toBe(0);
    expect(score.falseAlarms, `${f.file}: false alarms`).toBe(0);
  }
});
