import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { FIXTURES, openApp, useFakeMic } from './helpers';

// About 35 s of speech with pauses, played once from the moment the microphone opens.
useFakeMic('vad_pauses_excerpt.wav');

const items = (page: Page) => page.getByTestId('history-item');
const texts = (page: Page) => page.getByTestId('segment').locator('span').allTextContents();
const starts = async (page: Page) =>
  await page.getByTestId('segment').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-start-ms'))));

async function recordFor(page: Page, ms: number): Promise<void> {
  await page.getByTestId('record').click();
  await expect(page.getByTestId('status')).toHaveText('listening');
  await page.waitForTimeout(ms);
  await page.getByTestId('record').click();
  await expect(page.getByTestId('status')).toHaveText('stopped');
}

test('the panel shows one session: Record continues it, New session starts another, the previous is one click away', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await expect(page.getByTestId('session-header')).toHaveCount(0);

  await recordFor(page, 18_000);
  await expect(page.getByTestId('session-name')).toHaveText('Recording');
  await expect(page.getByTestId('session-elapsed')).toHaveText(/^0:1[5-9]$/);
  const firstPart = await texts(page);
  expect(firstPart.length).toBeGreaterThan(0);
  await expect(page.getByTestId('new-session')).toBeVisible();

  // Record again: the same session goes on, timestamps carry on from where it stopped.
  await recordFor(page, 9_000);
  const continued = await texts(page);
  expect(continued.length).toBeGreaterThan(firstPart.length);
  expect(continued.slice(0, firstPart.length)).toEqual(firstPart);
  const times = await starts(page);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(times[firstPart.length]).toBeGreaterThanOrEqual(18_000);
  await expect(items(page)).toHaveCount(1);
  await expect(items(page).first()).toHaveAttribute('data-segments', String(continued.length));

  // New session: the panel starts empty, the old one is in History.
  await page.getByTestId('new-session').click();
  await expect(page.getByTestId('status')).toHaveText('listening');
  await expect(page.getByTestId('segment')).toHaveCount(0);
  await page.waitForTimeout(6_000);
  await page.getByTestId('record').click();
  await expect(page.getByTestId('status')).toHaveText('stopped');
  await expect(page.getByTestId('segment').first()).toBeVisible();
  const second = await texts(page);
  expect(second).not.toContain(firstPart[0]);
  await expect(items(page)).toHaveCount(2);

  // Copy all copies the session shown, nothing from the one before.
  await page.getByTestId('copy-all').click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain(second[0].trim());
  expect(copied).not.toContain(firstPart[0].trim());

  await page.getByTestId('previous-session').click();
  await expect(page.getByTestId('history-session').getByTestId('history-segment')).toHaveCount(continued.length);

  // A file is a session of its own in the panel.
  await page.getByTestId('file-input').setInputFiles(path.join(FIXTURES, 'lj_LJ001_0002.wav'));
  await expect(page.getByTestId('session-name')).toHaveText('File: lj_LJ001_0002.wav');
  await expect(page.getByTestId('segment')).toHaveCount(1);
  await expect(page.getByTestId('segment')).toContainText(/modern/i);
  await expect(page.getByTestId('new-session')).toHaveCount(0); // Record starts a new recording after a file
});
