import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { test, type BrowserContextOptions, type Page } from '@playwright/test';
import { BASE_URL, CHROMIUM, CHROMIUM_ARGS } from '../playwright.config';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export interface Utterance {
  file: string;
  text: string;
  duration_s: number;
  kind: 'utterance' | 'noise_only' | 'vad_segmentation' | string;
}

export const fixtures: Utterance[] = readFileSync(path.join(FIXTURES, 'manifest.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Utterance);

export function fixture(file: string): Utterance {
  const u = fixtures.find((f) => f.file === file);
  if (!u) throw new Error(`no fixture ${file}`);
  return u;
}

/** Call at the top level of a spec file: its tests get a fake microphone that plays `file` once, in real time. */
export function useFakeMic(file: string): void {
  const wav = path.join(FIXTURES, file);
  test.use({
    launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${wav}%noloop`] },
  });
}

/** Test audio is served at /__fixtures__/ on the app's own origin (by the test, not the app). */
export async function serveFixtures(page: Page): Promise<void> {
  await page.route('**/__fixtures__/*', (route) => {
    const name = path.basename(new URL(route.request().url()).pathname);
    return route.fulfill({ path: path.join(FIXTURES, name), contentType: 'audio/wav' });
  });
}

export async function openApp(page: Page, query = ''): Promise<void> {
  await serveFixtures(page);
  await page.goto(`/${query}`);
  await page.waitForFunction(() => 'earshot' in window);
  await page.evaluate(() => window.earshot.ready());
}

/**
 * One app for every test of the calling spec file (or describe block), which then runs in order: the models
 * load once, not once per test. For tests that only add to what the page holds (sessions in History, a
 * setting changed last); a test that needs a fresh page, a route or an init script keeps its own `page`.
 */
export function useSharedApp(
  options: BrowserContextOptions = {},
  query = '',
  /** Runs on the new page before the app opens: init scripts, request watchers. */
  prepare?: (page: Page) => Promise<void> | void,
): () => Page {
  let page: Page | null = null;
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ baseURL: BASE_URL, ...options });
    page = await context.newPage();
    await prepare?.(page);
    await openApp(page, query);
  });
  test.afterAll(async () => {
    await page?.context().close();
  });
  return () => {
    if (!page) throw new Error('the shared app is not open');
    return page;
  };
}

/**
 * WER a live check of one short clip (14–22 words) may reach. Live audio differs a little on every run (the
 * fake microphone's phase, the segment's edges), and Whisper tiny answers in kind: one word heard differently
 * costs 1/n, a compound split or joined ("block books" / "Blockbooks") two. 0.15 allows two word errors in 14
 * words and three in 22, and fails on a lost phrase; the live path's accuracy against the file path is
 * measured by `bench:asr`.
 */
export const LIVE_CLIP_MAX_WER = 0.15;

export async function finalText(page: Page): Promise<string> {
  return (await page.locator('[data-testid=segment] span').allTextContents()).join(' ');
}

/** Every request the page makes to another origin (data: and blob: URLs stay in the page). */
export function watchForeignRequests(page: Page, origin: string): string[] {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) foreign.push(r.url());
  });
  return foreign;
}

/** A fixture WAV with its audio repeated `times` (a long file for progress and interruption tests). */
export function longWav(file: string, times: number): Buffer {
  const wav = readFileSync(path.join(FIXTURES, file));
  let at = 12;
  while (wav.toString('ascii', at, at + 4) !== 'data') at += 8 + wav.readUInt32LE(at + 4);
  const data = wav.subarray(at + 8, at + 8 + wav.readUInt32LE(at + 4));
  const header = Buffer.from(wav.subarray(0, at + 8));
  const body = Buffer.concat(Array.from({ length: times }, () => data));
  header.writeUInt32LE(body.length, at + 4);
  header.writeUInt32LE(header.length - 8 + body.length, 4);
  return Buffer.concat([header, body]);
}

/** Serious or critical accessibility problems axe finds on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
