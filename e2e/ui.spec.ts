import { expect, test } from '@playwright/test';
import { seriousViolations, useFakeMic, useSharedApp } from './helpers';

useFakeMic('lj_LJ001_0004.wav');
// In order, on one page: each test leaves the panels closed at desktop width; settings change last.
const app = useSharedApp({ permissions: ['clipboard-read', 'clipboard-write'] });

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 780 };

test.describe('interface', () => {
  test('Space starts and stops recording (not while typing); the level meter moves; partial text looks different', async () => {
    const page = app();
    const record = page.getByTestId('record');
    const status = page.getByTestId('status');
    await expect(record).toHaveAttribute('aria-keyshortcuts', 'Space');
    await expect(record).toHaveAttribute('title', /Space/);

    // Space typed into a text field is text, not a command.
    await page.getByTestId('history-search').focus();
    await page.keyboard.press('Space');
    await expect(status).toHaveText('ready');
    await page.getByTestId('history-search').blur();

    await page.keyboard.press('Space');
    await expect(status).toHaveText('listening');
    await expect(record).toHaveAttribute('aria-pressed', 'true');
    await expect
      .poll(async () => Number(await page.getByTestId('level-meter').getAttribute('data-level')), { timeout: 10_000 })
      .toBeGreaterThan(0.2);
    await expect(page.getByTestId('segment').first()).toBeVisible({ timeout: 30_000 });

    await page.keyboard.press('Space');
    await expect(status).toHaveText('stopped');
    await expect(record).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByTestId('level-meter')).toHaveAttribute('data-level', '0.000');

    const style = (testid: string) =>
      page
        .getByTestId(testid)
        .first()
        .evaluate((el) => getComputedStyle(el).fontStyle);
    expect(await style('partial')).toBe('italic');
    expect(await style('segment')).toBe('normal');
    // The transcript is announced as it grows.
    await expect(page.getByTestId('transcript')).toHaveAttribute('aria-live', 'polite');
  });

  test('diagnostics show live numbers; Copy all copies the transcript', async () => {
    const page = app();
    await page.evaluate(() => window.earshot.transcribeFile('/__fixtures__/lj_LJ001_0004.wav'));
    await expect(page.getByTestId('segment').first()).toBeVisible();

    await page.getByTestId('diagnostics-toggle').click();
    await expect(page.getByTestId('diag-device')).toContainText(/WebAssembly|WebGPU/);
    await expect(page.getByTestId('diag-dtype')).toHaveText(/\w+/);
    await expect(page.getByTestId('diag-vad')).toHaveText(
      /^[1-9][\d,]* total · [\d,]+ ruled out by the energy gate · [1-9][\d,]* run through Silero$/,
    );
    await expect(page.getByTestId('diag-overruns')).toHaveText(/^\d[\d,]* samples lost$/);
    await expect(page.getByTestId('chart-rtf-value')).toHaveText(/^\d+\.\d\d$/);
    await expect(page.getByTestId('chart-latency-value')).toHaveText(/^\d+ ms$/);
    await expect(page.getByTestId('chart-memory-value')).toHaveText(/^\d+ MB$/);
    await expect(page.getByTestId('chart-rtf').locator('polyline')).toHaveCount(1);
    // The memory chart grows about once a second while the panel is open.
    await expect
      .poll(
        () =>
          page
            .getByTestId('chart-memory')
            .locator('polyline')
            .getAttribute('points')
            .then((p) => p?.split(' ').length ?? 0),
        { timeout: 10_000 },
      )
      .toBeGreaterThanOrEqual(3);

    await page.getByTestId('copy-all').click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const shown = (await page.getByTestId('segment').locator('span').allTextContents()).join('\n');
    expect(copied).toBe(shown);
    expect(copied.length).toBeGreaterThan(10);
    await page.keyboard.press('Escape');
  });

  test('no serious accessibility violations at desktop and phone width, light and dark; nothing overflows at 360 px', async () => {
    const page = app();
    // Every panel open, so their controls are checked too.
    await page.getByTestId('settings-toggle').click();
    await page.getByTestId('diagnostics-toggle').click();
    await expect(page.getByTestId('diag-vad')).toBeVisible();
    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport);
      for (const colorScheme of ['light', 'dark'] as const) {
        // Reduced motion turns transitions off, so axe never sees colours half-way through a theme change.
        await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
        expect(await seriousViolations(page), `${viewport.width} px, ${colorScheme}`).toEqual([]);
      }
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize(DESKTOP);
    await page.keyboard.press('Escape');
  });

  test('settings persist across a reload; switching to whisper-base applies without one', async () => {
    const page = app();
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await page.getByTestId('settings-toggle').click();

    await page.getByTestId('setting-model').selectOption('whisper-base');
    await expect(page.getByTestId('status')).toHaveText('loading');
    await expect(page.getByTestId('status')).toHaveText('ready', { timeout: 120_000 });
    expect((await page.evaluate(() => window.earshot.metrics())).model).toBe('whisper-base');
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

    await page.getByTestId('setting-vad-high').check();
    await page.getByLabel('Dark', { exact: true }).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByTestId('status')).toHaveText('ready', { timeout: 120_000 });
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('earshot.settings') ?? '{}'));
    expect(stored).toMatchObject({ model: 'whisper-base', vadSensitivity: 'high', theme: 'dark' });

    await page.reload();
    await page.waitForFunction(() => 'earshot' in window);
    await page.evaluate(() => window.earshot.ready());
    expect((await page.evaluate(() => window.earshot.metrics())).model).toBe('whisper-base');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.getByTestId('settings-toggle').click();
    await expect(page.getByTestId('setting-model')).toHaveValue('whisper-base');
    await expect(page.getByTestId('setting-vad-high')).toBeChecked();

    // A profile is a starting point: choosing one hands the model back to it.
    await page.getByTestId('setting-profile').selectOption('power-saver');
    await expect(page.getByTestId('setting-model')).toHaveValue('whisper-tiny');
    await expect(page.getByTestId('setting-device')).toHaveValue('wasm');
    await expect(page.getByTestId('status')).toHaveText('ready', { timeout: 120_000 });
    const m = await page.evaluate(() => window.earshot.metrics());
    expect([m.model, m.profile, m.device]).toEqual(['whisper-tiny', 'power-saver', 'wasm']);
  });
});
