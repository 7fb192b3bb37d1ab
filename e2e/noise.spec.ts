import { expect, test } from '@playwright/test';
import { fixture, openApp, useFakeMic } from './helpers';

const noise = fixture('noise_only_dev.wav');
useFakeMic(noise.file);
/** Long enough for the gate to settle and for the tone's slow level drift; the whole minute is in bench:asr. */
const LISTEN_S = 25;

test('room tone alone through the live path yields no text', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('record').click();
  await expect(page.getByTestId('status')).toHaveText('listening');
  await page.waitForTimeout(LISTEN_S * 1000);
  await page.getByTestId('record').click();
  await expect(page.getByTestId('status')).toHaveText('stopped');
  await expect(page.getByTestId('segment')).toHaveCount(0);

  // Every frame heard went through the VAD, and the energy gate kept most of it away from Silero.
  const { vad, ring } = await page.evaluate(() => window.earshot.metrics());
  console.log(`noise: frames ${vad.framesTotal}, gated ${vad.framesGated}, modelled ${vad.framesModel}, overruns ${ring.overruns}`);
  expect(vad.framesTotal).toBeGreaterThan(((LISTEN_S - 1) * 16000) / 512);
  expect(vad.framesGated).toBeGreaterThan(vad.framesTotal / 2);
  expect(vad.framesModel + vad.framesGated).toBe(vad.framesTotal);
  expect(ring.overruns).toBe(0);
});
