import { expect, test } from '@playwright/test';
import { serveFixtures, useSharedApp } from './helpers';

// Every test but the first runs in order on one page, opened with five invalid parameters (one of them a
// profile named after an Object member). Each leaves the panels closed and no message up; the last leaves the
// app in error.
const app = useSharedApp({}, '?language=zz&model=whisper-huge&device=tpu&logLevel=loud&theme=dark&profile=__proto__');

test.describe('every URL parameter is checked against what it accepts', () => {
  test('a profile named after an Object member is ignored with a notice, not a crash', async ({ page }) => {
    // `__proto__` is on the shared page, which loads fully on the settings left behind; every name leaves the
    // same ones, so the others need only start.
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      await serveFixtures(page);
      await page.goto(`/?profile=${name}`);
      await page.waitForFunction(() => 'earshot' in window);
      await expect(page.getByTestId('status')).toHaveText(/^(loading|ready)$/);
      await expect(page.getByTestId('error')).toBeHidden();
      await expect(page.getByTestId('ignored-params')).toContainText(`“profile=${name}” was ignored`);
      await page.getByTestId('settings-toggle').click();
      await expect(page.getByTestId('setting-profile')).toHaveValue('balanced');
    }
  });

  test('unknown language, model, device, log level and profile are ignored with a notice naming each', async () => {
    const page = app();
    await expect(page.getByTestId('status')).toHaveText('ready');
    await expect(page.getByTestId('error')).toBeHidden();
    const notice = page.getByTestId('ignored-params');
    for (const param of ['language=zz', 'model=whisper-huge', 'device=tpu', 'logLevel=loud', 'profile=__proto__'])
      await expect(notice).toContainText(`“${param}”`);
    await expect(notice).not.toContainText('theme'); // a valid one is taken as it is
    await page.getByTestId('settings-toggle').click();
    await expect(page.getByTestId('setting-profile')).toHaveValue('balanced');
    await expect(page.getByTestId('setting-language')).toHaveValue('en');
    await expect(page.getByTestId('setting-model')).toHaveValue('whisper-tiny');
    await expect(page.getByTestId('setting-device')).toHaveValue('auto');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toBeHidden();
    await page.getByTestId('settings-toggle').click(); // closed again for the next test
  });

  test('a long error message wraps instead of widening the page on a phone', async () => {
    const page = app();
    await page.setViewportSize({ width: 360, height: 740 });
    const name = `${'recording-without-any-spaces-'.repeat(12)}.wav`;
    await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'audio/wav', buffer: Buffer.from('not audio at all') });
    await expect(page.getByTestId('error')).toContainText('could not be read as audio');
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.view);
    await page.getByTestId('dismiss-error').click();
    await expect(page.getByTestId('error')).toBeHidden();
    await page.setViewportSize({ width: 1280, height: 720 });
  });
});

test.describe('a processor or model that cannot be used', () => {
  test('WebGPU that fails falls back to the processor, says so, and is not kept', async () => {
    const page = app();
    // This browser offers navigator.gpu but no adapter: what a device without a usable graphics chip does.
    const adapter = await page.evaluate(async () => {
      const g = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      return g ? (await g.requestAdapter()) !== null : null;
    });
    test.skip(adapter === true, 'this machine has a working WebGPU adapter');
    await page.getByTestId('settings-toggle').click();
    await page.getByTestId('setting-device').selectOption('webgpu');
    await expect(page.getByTestId('notice')).toContainText('could not start on WebGPU');
    await expect(page.getByTestId('status')).toHaveText('ready');
    await page.evaluate(() => window.earshot.ready());
    expect((await page.evaluate(() => window.earshot.metrics())).device).toBe('wasm');
    await expect(page.getByTestId('error')).toBeHidden();
    await expect(page.getByTestId('setting-device')).toHaveValue('auto');
    // The failed choice is not kept for the next visit, which reads its settings from here.
    expect(await page.evaluate(() => localStorage.getItem('earshot.settings'))).not.toContain('webgpu');
    await page.getByTestId('settings-toggle').click(); // closed again for the next test
  });

  test('switching to a model that is not downloaded while offline says so in plain words', async () => {
    const page = app();
    const context = page.context();
    // Offline for the model files (workers ignore the context's offline switch): the request never leaves.
    await context.route('**/models/Xenova/whisper-base/**', (route) => route.abort('internetdisconnected'));
    await page.getByTestId('settings-toggle').click();
    await page.getByTestId('setting-model').selectOption('whisper-base');
    await expect(page.getByTestId('status')).toHaveText('error');
    const message = page.getByTestId('error');
    console.log('offline message:', await message.textContent());
    await expect(message).toContainText('Whisper base is not on this device yet');
    await expect(message).not.toContainText('local_files_only');
  });
});
