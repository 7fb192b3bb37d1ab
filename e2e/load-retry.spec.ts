import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

// Page routes see the workers' model downloads only without a service worker in between.
test.use({ serviceWorkers: 'block' });

const SILERO = '**/models/silero/silero_vad_v5.onnx';

test('a model load that fails once is retried in fresh workers, and the app becomes ready', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  let failures = 0;
  await page.route(SILERO, async (route) => {
    if (failures++ === 0) return route.fulfill({ status: 500, body: 'busy' });
    return route.fallback();
  });
  await openApp(page);
  await expect(page.getByTestId('status')).toHaveText('ready');
  await expect(page.getByTestId('error')).toHaveText('');
  expect(failures).toBe(2);
  expect(warnings.join('\n')).toMatch(
    /failed to load \(the voice detector \(Silero VAD\): Could not download silero\/silero_vad_v5\.onnx \(HTTP 500\)\.\); trying once more/,
  );
});

test('a model load that fails twice says so, with what to do', async ({ page }) => {
  await page.route(SILERO, (route) => route.fulfill({ status: 500, body: 'busy' }));
  await page.goto('/');
  await expect(page.getByTestId('status')).toHaveText('error');
  await expect(page.getByTestId('error')).toContainText(
    'could not be loaded, twice in a row: the voice detector (Silero VAD): Could not download silero/silero_vad_v5.onnx (HTTP 500).',
  );
  await expect(page.getByTestId('error')).toContainText('close other tabs or apps, then press Try again');
});
