import { expect, test } from '@playwright/test';
import { normalizeText, wer } from '../src/eval/wer';
import { finalText, fixture, openApp, useFakeMic } from './helpers';

// JFK's "ask not" sits between two pauses over crowd noise: Silero scores it low, so alone it was
// dropped as too short or decoded without context ("AS NOT!", "Not!"). It must come through whole.
const jfk = fixture('jfk_inaugural.wav');
useFakeMic(jfk.file);

test('a short phrase between pauses reaches the page whole, decoded with the words before it', async ({ page }) => {
  await openApp(page, '?logLevel=debug');
  const debug: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'debug') debug.push(m.text());
  });
  const record = page.getByTestId('record');
  await record.click();
  await expect(page.getByTestId('status')).toHaveText('listening');
  await page.waitForTimeout(jfk.duration_s * 1000 + 1500);
  await record.click();
  await expect(page.getByTestId('status')).toHaveText('stopped');

  const text = await finalText(page);
  const m = await page.evaluate(() => window.earshot.metrics());
  console.log(
    `jfk live: "${text}" (WER ${wer(jfk.text, text).toFixed(3)}); ${m.segments.length} finals; bursts dropped ${m.vad.burstsDropped}`,
  );
  const said = normalizeText(text);
  expect(said).toContain('ask not what your country can do for you');
  // The prompt (the previous finals) is never part of the output: no phrase comes back twice.
  expect(said.split('fellow americans').length - 1).toBe(1);
  expect(said.split('what your country can do for you').length - 1).toBe(1);
  // A joined re-transcription replaced its earlier final: the page and the history hold one version.
  const item = page.getByTestId('history').getByTestId('history-item').first();
  await expect(item).toHaveAttribute('data-status', 'complete');
  expect(Number(await item.getAttribute('data-segments'))).toBe(await page.getByTestId('segment').count());
  expect(debug.filter((l) => /dropped an isolated burst/.test(l))).toHaveLength(m.vad.burstsDropped);
});
