import { expect, test } from '@playwright/test';
import { wer } from '../src/eval/wer';
import { finalText, fixture, LIVE_CLIP_MAX_WER, openApp, useFakeMic } from './helpers';

const utterance = fixture('ast_vm_invalid_password.wav');
useFakeMic(utterance.file);
// A static host that cannot send COOP/COEP, and no service worker to add them.
test.use({ serviceWorkers: 'block' });

test('without cross-origin isolation, live dictation still works in the slower transfer mode', async ({ page }) => {
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
  await openApp(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await expect(page.getByTestId('notice')).toContainText('slower mode');

  await page.getByTestId('record').click();
  await expect(page.getByTestId('status')).toHaveText('listening');
  await page.waitForTimeout(utterance.duration_s * 1000 + 1500);
  await page.getByTestId('record').click();
  await expect(page.getByTestId('status')).toHaveText('stopped');

  const text = await finalText(page);
  const score = wer(utterance.text, text);
  const { ring, memory, vad } = await page.evaluate(() => window.earshot.metrics());
  console.log(
    `no isolation: WER ${score.toFixed(3)} — "${text}"; queue ${ring.capacity} samples, overruns ${ring.overruns}, frames ${vad.framesTotal}/${vad.framesModel}`,
  );
  expect(score).toBeLessThanOrEqual(LIVE_CLIP_MAX_WER);
  expect(ring.capacity).toBeGreaterThanOrEqual(160000);
  expect(ring.overruns).toBe(0);
  expect(memory.uaBytes).toBeNull();
});
