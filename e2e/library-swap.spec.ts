// Unchanged Web Speech API code running on EarshotRecognition (window.SpeechRecognition swapped in one line):
// single-shot, it hears one utterance, shows its text, and ends by itself.
import { expect, test } from '@playwright/test';
import { wer } from '../src/eval/wer';
import { fixture, useFakeMic, watchForeignRequests } from './helpers';

const utterance = fixture('ps_goforward.wav');
useFakeMic(utterance.file);

test('Web Speech code hears one utterance through EarshotRecognition and ends', async ({ page, baseURL }) => {
  const foreign = watchForeignRequests(page, new URL(baseURL!).origin);
  await page.goto('/examples/swap.html');
  // The swapped constructor is Earshot's (it has load(), which the browser's own has not).
  expect(
    await page.evaluate(
      () => typeof (window as unknown as { SpeechRecognition: { prototype: { load?: unknown } } }).SpeechRecognition.prototype.load,
    ),
  ).toBe('function');
  await page.getByTestId('speak').click();
  // start() loads the models, then listens; the snippet's onspeechend stops it; onend says Done.
  await expect(page.getByTestId('diagnostic')).toHaveText('Done.', { timeout: 90_000 });
  const heard = (await page.getByTestId('heard').textContent()) ?? '';
  const score = wer(utterance.text, heard);
  console.log(`swap demo: WER ${score.toFixed(3)} — "${heard}"`);
  expect(score).toBeLessThanOrEqual(0.25);
  expect(foreign).toEqual([]);
});
