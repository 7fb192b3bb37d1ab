import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { openApp, useFakeMic } from './helpers';

// README screenshots: desktop (1280 px) and phone (360 px), light and dark, taken mid-dictation.
// `SCREENSHOTS=1` writes them to docs/screenshots/; otherwise they go to the test's output folder.
useFakeMic('vad_pauses_excerpt.wav'); // 35 s of read speech with pauses

const DOCS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');

test('screenshots of the app while dictating', async ({ page, context }, info) => {
  const out = (name: string) => (process.env.SCREENSHOTS ? path.join(DOCS, name) : info.outputPath(name));
  await context.grantPermissions(['microphone']);
  await page.setViewportSize({ width: 1280, height: 860 });
  await openApp(page);
  // Some history first, so the page looks lived in.
  await page.evaluate(() => window.earshot.transcribeFile('/__fixtures__/ast_demo_thanks.wav'));
  await page.evaluate(() => window.earshot.transcribeFile('/__fixtures__/lj_LJ001_0004.wav'));

  await page.keyboard.press('Space');
  await expect(page.getByTestId('status')).toHaveText('listening');
  const files = await page.getByTestId('segment').count();
  await expect.poll(() => page.getByTestId('segment').count(), { timeout: 30_000 }).toBeGreaterThan(files);
  // A partial line makes the picture: the next sentence starts about 5 s after the first one's final.
  await expect(page.getByTestId('partial')).not.toBeEmpty({ timeout: 20_000 });

  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 860 }],
    ['phone', { width: 360, height: 780 }],
  ] as const) {
    await page.setViewportSize(viewport);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await page.screenshot({ path: out(`${name}-${scheme}.png`), animations: 'disabled', caret: 'hide' });
    }
  }
  await page.keyboard.press('Space');
  await expect(page.getByTestId('status')).toHaveText('stopped');

  // Settings and diagnostics, after the session.
  await page.setViewportSize({ width: 1280, height: 1300 });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await page.getByTestId('settings-toggle').click();
  await page.getByTestId('diagnostics-toggle').click();
  await expect(page.getByTestId('chart-latency-value')).toHaveText(/\d+ ms/);
  await expect
    .poll(() =>
      page
        .getByTestId('chart-memory')
        .locator('polyline')
        .getAttribute('points')
        .then((p) => p?.split(' ').length ?? 0),
    )
    .toBeGreaterThanOrEqual(4);
  await page.getByTestId('settings-panel').evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16));
  await page.screenshot({ path: out('panels-light.png'), animations: 'disabled', caret: 'hide' });

  // A file under way: its session header, the progress bar with its estimate, and Cancel.
  await page.keyboard.press('Escape');
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page
    .getByTestId('file-input')
    .setInputFiles(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'vad_pauses_excerpt.wav'));
  await expect(page.getByTestId('file-left')).toBeVisible({ timeout: 120_000 });
  await page.screenshot({ path: out('file-progress-light.png'), animations: 'disabled', caret: 'hide' });
  await page.getByTestId('file-cancel').click();
  await expect(page.getByTestId('file-progress')).toBeHidden();
});
