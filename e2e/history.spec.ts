import { expect, test, type Locator, type Page } from '@playwright/test';
import { fixture, openApp, useFakeMic } from './helpers';

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
  test('a dictated session is in the history after a reload', async ({ page }) => {
    await openApp(page);
    const record = page.getByTestId('record');
    await record.click();
    await expect(page.getByTestId('status')).toHaveText('listening');
    await expect(items(page).first()).toHaveAttribute('data-status', 'recording');
    await page.waitForTimeout(utterance.duration_s * 1000 + 1500);
    await record.click();
    await expect(page.getByTestId('status')).toHaveText('stopped');
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

  test('closing the tab mid-session without stopping keeps every finalised segment', async ({ page, context }) => {
    await openApp(page);
    await page.getByTestId('record').click();
    await expect(page.getByTestId('status')).toHaveText('listening');
    await expect(page.getByTestId('segment').first()).toBeVisible({ timeout: 120_000 });
    const seen = await page.getByTestId('segment').locator('span').allTextContents();
    const stillRecording = await page.getByTestId('status').textContent();
    await page.close(); // no stop, no unload handlers: as a crash or a closed tab
    expect(stillRecording).toBe('listening');
    console.log(`history: tab closed while listening after ${seen.length} final(s)`);

    const again = await context.newPage();
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
