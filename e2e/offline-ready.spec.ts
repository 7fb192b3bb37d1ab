import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

test('"Ready offline" shows once the app and model are stored, and from then a reload without network starts', async ({
  page,
  context,
}) => {
  await openApp(page);
  const badge = page.getByTestId('connection');
  await expect(badge).toHaveAttribute('data-offline-ready', 'true', { timeout: 90_000 });
  await expect(badge).toHaveText('Ready offline');

  // Straight away, without waiting for anything else: the badge's word is enough.
  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => 'earshot' in window);
  await page.evaluate(() => window.earshot.ready());
  await expect(page.getByTestId('status')).toHaveText('ready');
  await expect(badge).toHaveText('Offline — works without a network');
});
