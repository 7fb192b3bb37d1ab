import { defineConfig } from '@playwright/test';

/** EARSHOT_TEST_PORT lets two checkouts run their suites side by side. */
export const PREVIEW_PORT = Number(process.env.EARSHOT_TEST_PORT ?? 4173);
export const BASE_URL = `http://127.0.0.1:${PREVIEW_PORT}`;

/** Debian's Chromium; Playwright never downloads a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The features playwright-core 1.65.1 disables (its chromiumSwitches.ts). Chromium keeps only the last
 * `--disable-features` switch, so ours must repeat them; test/dependency-pins.test.ts checks this list against
 * the installed playwright-core.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * Headless Chromium 156 gives every new window a hidden omnibox popup, a WebUI page in a renderer of its own:
 * 1.3–1.6 s of CPU per browser context, spent while the app loads its models. Both features must be off.
 */
const BROWSER_UI_FEATURES_OFF = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

export const CHROMIUM_ARGS = [
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...BROWSER_UI_FEATURES_OFF].join(',')}`,
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--enable-precise-memory-info',
];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // README pictures, not a check: taken when asked for (SCREENSHOTS=1), kept out of the test run.
  testIgnore: process.env.SCREENSHOTS ? [] : ['**/screenshots.spec.ts'],
  fullyParallel: false,
  // One browser running Whisper at a time on two cores. EARSHOT_E2E_WORKERS=2 overlaps two (most of a test
  // waits on speech played in real time): 9.8–10.3 min instead of 12.2, but there the fake microphone's audio
  // arrived late and broken, and the JFK live check failed in both runs. For a machine with more cores.
  workers: Number(process.env.EARSHOT_E2E_WORKERS) || 1,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    trace: 'off',
  },
  webServer: {
    // `npm test` builds dist/ beside the unit tests (EARSHOT_SKIP_BUILD=1); run alone, this suite builds it first.
    command: `${process.env.EARSHOT_SKIP_BUILD === '1' ? '' : 'npm run build && '}npx vite preview --host 127.0.0.1 --port ${PREVIEW_PORT} --strictPort`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
  },
});
