import { defineConfig } from '@playwright/test';

/**
 * WebKit (Safari's engine): Debian's WebKitWebDriver drives MiniBrowser under Xvfb, against the built app
 * served by e2e/lib/static-server.ts (with and without the isolation headers and the service worker).
 * Playwright is only the test runner here; it launches no browser of its own.
 */
export default defineConfig({
  testDir: 'e2e/webkit',
  testMatch: '**/*.webkit.ts',
  fullyParallel: false,
  workers: 1, // two cores: one browser running Whisper at a time
  timeout: 240_000,
  expect: { timeout: 60_000 },
  retries: 0,
  reporter: [['list']],
  globalSetup: './e2e/webkit/build-once.ts',
});
