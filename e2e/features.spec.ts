import { expect, test } from '@playwright/test';
import { wer } from '../src/eval/wer';
import { BASE_URL } from '../playwright.config';
import { finalText, fixture, LIVE_CLIP_MAX_WER, useSharedApp, watchForeignRequests } from './helpers';
import { instrument, snapshot, withMic, type Snapshot } from './probe';

// One fake microphone, played from its start each time the microphone opens: a 5 s utterance.
const utterance = fixture('lj_LJ001_0004.wav');
test.use(withMic(utterance.file));
let foreign: string[] = [];
// In order, on one page: each test adds to what the last left (the language changes last but one, the page
// reloads last). The probe sees every AudioContext, Worker and microphone track the page starts.
const app = useSharedApp({ permissions: ['clipboard-read', 'clipboard-write'] }, '', async (page) => {
  await page.addInitScript(instrument);
  foreign = watchForeignRequests(page, new URL(BASE_URL).origin);
});

test('live dictation: the words, the elapsed counter, the italics hint, Resume, copying one segment; nothing leaves the origin', async () => {
  const page = app();
  const record = page.getByTestId('record');
  await expect(record).toHaveText(/Record/);
  await record.click();
  await expect(page.getByTestId('status')).toHaveText('listening');
  await expect(record).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('partial-hint')).toContainText('italics is still being worked out and may change');
  await expect(page.getByTestId('session-elapsed')).toHaveText('0:02', { timeout: 5000 }); // it ticks
  // The fake mic plays the utterance in real time; wait for it and the VAD's hangover.
  await page.waitForTimeout(utterance.duration_s * 1000 + 1500);
  await record.click();
  await expect(page.getByTestId('status')).toHaveText('stopped');
  await expect(record).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('partial-hint')).toBeHidden();
  await expect(record).toHaveText(/Resume/);
  await expect(page.getByTestId('status-description')).toHaveText(/^Paused\./);

  const text = await finalText(page);
  const score = wer(utterance.text, text);
  const m = await page.evaluate(() => window.earshot.metrics());
  const segments = page.getByTestId('segment');
  const bounds = await segments.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-start-ms')}–${e.getAttribute('data-end-ms')}`));
  console.log(
    `live: WER ${score.toFixed(3)} — "${text}" segments ${bounds.join(', ')}; eos→final ${m.segments.map((s) => `${Math.round(s.eosToFinalMs)}${s.speculative ? '*' : ''}`).join(', ')} ms; overruns ${m.ring.overruns}`,
  );
  expect(score).toBeLessThanOrEqual(LIVE_CLIP_MAX_WER);
  const start = Number(await segments.first().getAttribute('data-start-ms'));
  const end = Number(await segments.last().getAttribute('data-end-ms'));
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);

  const elapsed = await page.getByTestId('session-elapsed').textContent();
  await page.waitForTimeout(1500);
  await expect(page.getByTestId('session-elapsed')).toHaveText(elapsed!); // stopped: the counter rests

  const segment = segments.first();
  await segment.getByTestId('copy-segment').click();
  const copied = (await segment.locator('span').textContent())!.trim();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(copied);
  // Loading the models, dictating and copying: every request stayed on the app's origin.
  expect(foreign).toEqual([]);
});

const CYCLES = 20;
const HEAP_SLACK_BYTES = 5 * 2 ** 20;

test(`teardown: start/stop ${CYCLES} times leaves nothing running`, async () => {
  const page = app();
  const record = page.getByTestId('record');
  const status = page.getByTestId('status');
  const before = await snapshot(page); // what the earlier tests on this page started
  let first: Snapshot | null = null;
  let firstPageWorkers = 0;
  for (let i = 0; i < CYCLES; i++) {
    await record.click();
    await expect(status).toHaveText('listening');
    await page.waitForTimeout(300);
    await record.click();
    await expect(status).toHaveText('stopped');
    if (i === 0) {
      first = await snapshot(page);
      firstPageWorkers = page.workers().length;
    }
  }
  const last = await snapshot(page);
  const m = await page.evaluate(() => window.earshot.metrics());
  console.log(
    `teardown: ${last.contextStates.length} AudioContexts (${last.contextStates.join(', ')}); live workers ${first!.liveWorkers} → ${last.liveWorkers}; ` +
      `page workers ${firstPageWorkers} → ${page.workers().length}; ${last.trackStates.length} mic tracks; heap ${(first!.heapBytes / 2 ** 20).toFixed(1)} → ${(last.heapBytes / 2 ** 20).toFixed(1)} MiB`,
  );

  expect(last.contextStates.length - before.contextStates.length).toBeGreaterThanOrEqual(CYCLES); // one per start: the probe saw them
  expect(last.contextStates.filter((s) => s !== 'closed')).toEqual([]);
  expect(last.liveWorkers).toBe(first!.liveWorkers);
  expect(page.workers().length).toBeLessThanOrEqual(firstPageWorkers);
  expect(last.trackStates.length - before.trackStates.length).toBeGreaterThanOrEqual(CYCLES);
  expect(last.trackStates.filter((s) => s !== 'ended')).toEqual([]);
  expect(m.ring.overruns).toBe(0);
  expect(Math.abs(last.heapBytes - first!.heapBytes)).toBeLessThanOrEqual(HEAP_SLACK_BYTES);
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
