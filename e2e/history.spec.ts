import { expect, test, type Locator, type Page } from '@playwright/test';
import { normalizeText, wer } from '../src/eval/wer';
import { finalText, fixture, useFakeMic, useSharedApp } from './helpers';

// Eleven seconds with pauses: the first final arrives while the speaker is still talking.
const utterance = fixture('jfk_inaugural.wav');
useFakeMic(utterance.file);

const items = (page: Page): Locator => page.getByTestId('history').getByTestId('history-item');
const openedTexts = (page: Page) => page.getByTestId('history-session').getByTestId('history-segment').locator('span').allTextContents();

/** The page without waiting for the models: the history needs none. */
async function openHistoryOnly(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('history-search')).toBeEnabled();
}

function earshotFile(title: string, texts: string[]): string {
  const at = (s: number) => new Date(Date.UTC(2025, 0, 2, 10, 0, s)).toISOString();
  return JSON.stringify({
    format: 'earshot-history',
    version: 1,
    exportedAt: at(59),
    sessions: [
      {
        title,
        status: 'complete',
        startedAt: at(0),
        endedAt: at(30),
        language: 'en',
        model: 'whisper-tiny',
        segments: texts.map((text, i) => ({
          text,
          startMs: i * 2000,
          endMs: i * 2000 + 1500,
          language: 'en',
          model: 'whisper-tiny',
          createdAt: at(i * 2 + 2),
        })),
      },
    ],
  });
}

test.describe('transcript history', () => {
  // In order, on one page: the clip is dictated once, then kept across a reload, then a tab is closed mid-session.
  const app = useSharedApp({}, '?logLevel=debug');

  // JFK's "ask not" sits between two pauses over crowd noise: Silero scores it low, so alone it was
  // dropped as too short or decoded without context ("AS NOT!", "Not!"). It must come through whole.
  test('a short phrase between pauses reaches the page whole, decoded with the words before it', async () => {
    const page = app();
    const debug: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'debug') debug.push(m.text());
    });
    const record = page.getByTestId('record');
    await record.click();
    await expect(page.getByTestId('status')).toHaveText('listening');
    await expect(items(page).first()).toHaveAttribute('data-status', 'recording');
    await page.waitForTimeout(utterance.duration_s * 1000 + 1500);
    await record.click();
    await expect(page.getByTestId('status')).toHaveText('stopped');

    const text = await finalText(page);
    const m = await page.evaluate(() => window.earshot.metrics());
    console.log(
      `jfk live: "${text}" (WER ${wer(utterance.text, text).toFixed(3)}); ${m.segments.length} finals; bursts dropped ${m.vad.burstsDropped}`,
    );
    console.log(debug.filter((l) => /segment \d|final \d|decoded again/.test(l)).join('\n'));
    const said = normalizeText(text);
    expect(said).toContain('ask not what your country can do for you');
    // The prompt (the previous finals) is never part of the output: no phrase comes back twice.
    expect(said.split('fellow americans').length - 1).toBe(1);
    expect(said.split('what your country can do for you').length - 1).toBe(1);
    // A joined re-transcription replaced its earlier final: the page and the history hold one version.
    const item = items(page).first();
    await expect(item).toHaveAttribute('data-status', 'complete');
    expect(Number(await item.getAttribute('data-segments'))).toBe(await page.getByTestId('segment').count());
    expect(debug.filter((l) => /dropped an isolated burst/.test(l))).toHaveLength(m.vad.burstsDropped);
  });

  test('a dictated session is in the history after a reload', async () => {
    const page = app();
    const said = await page.getByTestId('segment').locator('span').allTextContents();
    expect(said.length).toBeGreaterThan(0);
    await expect(items(page).first()).toHaveAttribute('data-status', 'complete');

    await page.reload();
    const item = items(page).first();
    await expect(item).toHaveAttribute('data-status', 'complete');
    await expect(item).toHaveAttribute('data-segments', String(said.length));
    await expect(item.getByTestId('history-preview')).toContainText(said[0].trim().split(/\s+/).slice(0, 3).join(' '));
    await item.getByRole('button').click();
    expect(await openedTexts(page)).toEqual(said);
    console.log(`history: ${said.length} segments kept across a reload — "${said.join(' ')}"`);
  });

  test('closing the tab mid-session without stopping keeps every finalised segment', async () => {
    const page = app();
    await expect(page.getByTestId('status')).toHaveText('ready'); // the reload loaded the models again
    await page.getByTestId('record').click();
    await expect(page.getByTestId('status')).toHaveText('listening');
    await expect(page.getByTestId('segment').first()).toBeVisible({ timeout: 120_000 });
    const seen = await page.getByTestId('segment').locator('span').allTextContents();
    const stillRecording = await page.getByTestId('status').textContent();
    await page.close(); // no stop, no unload handlers: as a crash or a closed tab
    expect(stillRecording).toBe('listening');
    console.log(`history: tab closed while listening after ${seen.length} final(s)`);

    const again = await page.context().newPage();
    await openHistoryOnly(again);
    const item = items(again).first();
    await expect(item).toHaveAttribute('data-status', 'interrupted');
    await item.getByRole('button').click();
    const saved = await openedTexts(again);
    expect(saved.slice(0, seen.length)).toEqual(seen);
  });

  test('hostile transcript text is shown as text and runs nothing', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openHistoryOnly(page);
    const hostile = ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>', '<img src=y onerror="window.__pwned=1">'];
    const title = '<svg onload=alert(3)>';
    await page
      .getByTestId('history-import')
      .setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(earshotFile(title, hostile)) });
    await expect(page.getByTestId('history-notice')).toHaveText('Imported 1 session.');

    const item = items(page).first();
    await expect(item).toContainText(title);
    await expect(item.getByTestId('history-preview')).toContainText(hostile[0]);
    await item.getByRole('button').click();
    expect(await openedTexts(page)).toEqual(hostile);
    await expect(page.getByText(hostile[0], { exact: true })).toBeVisible();

    // Full-text search finds it, still as text.
    await page.getByTestId('history-search').fill('onerror alert');
    await expect(items(page)).toHaveCount(1);
    await expect(items(page).first().getByTestId('history-preview')).toContainText('<img src=');

    const history = page.locator('section.history');
    await expect(history.locator('img, script, svg')).toHaveCount(0);
    await page.waitForTimeout(500); // an onerror would have fired by now
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  test('a malformed file is rejected with a message and changes nothing; export and delete work', async ({ page }) => {
    await openHistoryOnly(page);
    const importer = page.getByTestId('history-import');
    await importer.setInputFiles({
      name: 'ok.json',
      mimeType: 'application/json',
      buffer: Buffer.from(earshotFile('Kept', ['hello there', 'general idea'])),
    });
    await expect(items(page)).toHaveCount(1);

    const bad = JSON.parse(earshotFile('Bad', ['x'])) as { sessions: { segments: { endMs: number }[] }[] };
    bad.sessions[0].segments[0].endMs = -5;
    await importer.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    await expect(page.getByTestId('history-notice')).toContainText('sessions[0].segments[0].endMs');
    await expect(page.getByTestId('history-notice')).toContainText('Nothing was changed');
    await importer.setInputFiles({
      name: 'junk.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format": "earshot-history", "sessions": ['),
    });
    await expect(page.getByTestId('history-notice')).toContainText('not valid JSON');
    await expect(items(page)).toHaveCount(1);

    await items(page).first().getByRole('button').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('history-export-srt').click()]);
    expect(download.suggestedFilename()).toMatch(/^earshot-2025-01-02T1000-Kept\.srt$/);
    const srt = await (await download.createReadStream()).toArray();
    expect(Buffer.concat(srt).toString('utf8')).toBe(
      '1\n00:00:00,000 --> 00:00:01,500\nhello there\n\n2\n00:00:02,000 --> 00:00:03,500\ngeneral idea\n',
    );

    await page.getByTestId('history-delete').click();
    await page.getByTestId('history-delete-confirm').click();
    await expect(items(page)).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('history-search')).toBeEnabled();
    await expect(items(page)).toHaveCount(0);
  });
});
