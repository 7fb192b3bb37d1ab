import { expect, test } from '@playwright/test';
import { fixture, useFakeMic, useSharedApp } from './helpers';

const utterance = fixture('lj_LJ001_0004.wav');
useFakeMic(utterance.file);
// In order, on one page: each test adds to what the last left (the language changes last but one, the page reloads last).
const app = useSharedApp({ permissions: ['clipboard-read', 'clipboard-write'] });

test('recording: elapsed counter, the italics hint, Resume, and copying one segment', async () => {
  const page = app();
  const record = page.getByTestId('record');
  await expect(record).toHaveText(/Record/);
  await record.click();
  await expect(page.getByTestId('status')).toHaveText('listening');
  await expect(page.getByTestId('partial-hint')).toContainText('italics is still being worked out and may change');
  await expect(page.getByTestId('session-elapsed')).toHaveText('0:02', { timeout: 5000 }); // it ticks
  await page.waitForTimeout(utterance.duration_s * 1000 + 1500);
  await record.click();
  await expect(page.getByTestId('status')).toHaveText('stopped');
  await expect(page.getByTestId('partial-hint')).toBeHidden();
  await expect(record).toHaveText(/Resume/);
  await expect(page.getByTestId('status-description')).toHaveText(/^Paused\./);
  const elapsed = await page.getByTestId('session-elapsed').textContent();
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('session-elapsed')).toHaveText(elapsed!); // stopped: the counter rests

  const segment = page.getByTestId('segment').first();
  await segment.getByTestId('copy-segment').click();
  const text = (await segment.locator('span').textContent())!.trim();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
});

test('Diagnostics speak plain language; Escape closes Settings and Diagnostics', async () => {
  const page = app();
  await page.getByTestId('settings-toggle').click();
  await expect(page.getByTestId('settings-panel')).toBeVisible();
  await page.getByTestId('setting-model').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('settings-panel')).toBeHidden();
  await expect(page.getByTestId('settings-toggle')).toBeFocused();

  await page.getByTestId('diagnostics-toggle').click();
  await expect(page.locator('#diagnostics-panel')).toBeVisible();
  // Plain words first, the technical term after it.
  await expect(page.locator('#diagnostics-panel')).toContainText('Audio dropped (buffer overruns)');
  await expect(page.locator('#diagnostics-panel')).toContainText('Computer time per second of speech (real-time factor');
  await expect(page.locator('#diagnostics-panel')).not.toContainText('Ring overruns');
  await page.keyboard.press('Escape');
  await expect(page.locator('#diagnostics-panel')).toHaveCount(0);
  await expect(page.getByTestId('diagnostics-toggle')).toHaveAttribute('aria-expanded', 'false');
});

test('an Install button appears only when the browser offers installing, and asks the browser', async () => {
  const page = app();
  await expect(page.getByTestId('install')).toHaveCount(0);
  // What Chromium fires when the app is installable (never in Playwright's incognito contexts).
  await page.evaluate(() => {
    const event = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
      prompt: async () => void ((window as unknown as { prompted: boolean }).prompted = true),
      userChoice: Promise.resolve({ outcome: 'accepted' }),
    });
    window.dispatchEvent(event);
  });
  await page.getByTestId('install').click();
  expect(await page.evaluate(() => (window as unknown as { prompted?: boolean }).prompted)).toBe(true);
  await expect(page.getByTestId('install')).toHaveCount(0);
});

test('voice commands: a setting for English, unavailable for other languages', async () => {
  const page = app();
  await page.getByTestId('settings-toggle').click();
  const box = page.getByTestId('setting-voice-commands');
  await expect(box).not.toBeChecked();
  await box.check();
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('earshot.settings') ?? '{}').voiceCommands)).toBe(true);
  await page.getByTestId('setting-language').selectOption('de');
  await expect(box).toBeDisabled();
});

test('a segment corrected in History is saved: it survives a reload and search finds the new words', async () => {
  const page = app();
  await page.evaluate(() => window.earshot.transcribeFile('/__fixtures__/lj_LJ001_0002.wav'));
  await page.getByTestId('history-item').first().getByRole('button').first().click();
  const segment = page.getByTestId('history-session').getByTestId('history-segment').first();
  await segment.getByTestId('history-segment-edit').click();
  await segment.getByTestId('history-segment-text').fill('In being comparatively quokka modern.');
  await segment.getByTestId('history-segment-save').click();
  await expect(segment.locator('span')).toHaveText('In being comparatively quokka modern.');

  await page.reload();
  await page.getByTestId('history-search').fill('quokka');
  await expect(page.getByTestId('history-item')).toHaveCount(1);
  await page.getByTestId('history-item').first().getByRole('button').first().click();
  await expect(page.getByTestId('history-session').getByTestId('history-segment').first().locator('span')).toHaveText(
    'In being comparatively quokka modern.',
  );
});
