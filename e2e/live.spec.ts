import { expect, test } from '@playwright/test';
import { wer } from '../src/eval/wer';
import { finalText, fixture, openApp, useFakeMic } from './helpers';

const utterance = fixture('lj_LJ001_0004.wav');
useFakeMic(utterance.file);

test.describe('live dictation from the microphone', () => {
  test('speaks, sees the words; nothing leaves the origin', async ({ page, baseURL }) => {
    const foreign: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== new URL(baseURL!).origin) foreign.push(r.url());
    });
    await openApp(page);
    await expect(page.getByTestId('status')).toHaveText('ready');

    const record = page.getByTestId('record');
    await record.click();
    await expect(page.getByTestId('status')).toHaveText('listening');
    await expect(record).toHaveAttribute('aria-pressed', 'true');
    // The fake mic plays the utterance in real time; wait for it and the VAD's hangover.
    await page.waitForTimeout(utterance.duration_s * 1000 + 1500);
    await record.click();
    await expect(page.getByTestId('status')).toHaveText('stopped');
    await expect(record).toHaveAttribute('aria-pressed', 'false');

    const text = await finalText(page);
    const score = wer(utterance.text, text);
    const m = await page.evaluate(() => window.earshot.metrics());
    const bounds = await page
      .getByTestId('segment')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-start-ms')}–${e.getAttribute('data-end-ms')}`));
    console.log(
      `live: WER ${score.toFixed(3)} — "${text}" segments ${bounds.join(', ')}; eos→final ${m.segments.map((s) => `${Math.round(s.eosToFinalMs)}${s.speculative ? '*' : ''}`).join(', ')} ms; overruns ${m.ring.overruns}`,
    );
    expect(score).toBeLessThanOrEqual(0.1);

    const segments = page.getByTestId('segment');
    const first = segments.first();
    const start = Number(await first.getAttribute('data-start-ms'));
    const end = Number(await segments.last().getAttribute('data-end-ms'));
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    expect(foreign).toEqual([]);
  });
});
