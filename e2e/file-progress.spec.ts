import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@plussub/srt-vtt-parser';
import { expect, test } from '@playwright/test';
import { FIXTURES, longWav, seriousViolations, useSharedApp } from './helpers';

// In order, on one page: each test's file is a new session on top of the last.
const app = useSharedApp();

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
