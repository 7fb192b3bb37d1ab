import path from 'node:path';
import { expect, test, type Dialog, type Page } from '@playwright/test';
import { FIXTURES, longWav, useFakeMic, useSharedApp } from './helpers';

useFakeMic('vad_pauses_excerpt.wav');

const items = (page: Page) => page.getByTestId('history-item');

async function chooseFile(page: Page, file: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(path.join(FIXTURES, file));
}

test.describe('nothing is lost', () => {
  // In order, on one page: the two tests that reload it come last.
  const app = useSharedApp();

  test('a file without speech says so and adds nothing to History', async () => {
    const page = app();
    await expect(page.getByTestId('history-search')).toBeEnabled();
    const before = await items(page).count();
    await chooseFile(page, 'noise_only_dev.wav');
    await expect(page.getByTestId('file-notice')).toHaveText(/^No speech found in this file\./, { timeout: 120_000 });
    await expect(page.getByTestId('error')).toBeHidden();
    await page.waitForTimeout(500);
    await expect(items(page)).toHaveCount(before);
  });

  test('storage full: a file transcript waits, the banner has no empty parentheses, and clears once it is saved', async () => {
    const page = app();
    // A full disk as IndexedDB reports it: the segment write is refused with QuotaExceededError.
    await page.evaluate(() => {
      const add = IDBObjectStore.prototype.add;
      (window as unknown as { diskFull: boolean }).diskFull = false;
      IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<typeof add>) {
        if ((window as unknown as { diskFull: boolean }).diskFull && this.name === 'segments') {
          this.transaction.abort();
          throw new DOMException('', 'QuotaExceededError');
        }
        return add.apply(this, args);
      };
    });
    await page.evaluate(() => ((window as unknown as { diskFull: boolean }).diskFull = true));
    await chooseFile(page, 'lj_LJ001_0004.wav');
    const error = page.getByTestId('error');
    await expect(error).toContainText('could not be saved to history yet: the device’s storage is full');
    await expect(error).not.toContainText('()');
    await expect(page.getByTestId('segment')).not.toHaveCount(0); // still on the page

    await page.evaluate(() => ((window as unknown as { diskFull: boolean }).diskFull = false));
    await expect(error).toBeHidden({ timeout: 40_000 }); // the retry saved it and the banner went
    await expect(items(page).first()).toContainText('lj_LJ001_0004.wav');
    await expect(items(page).first()).toHaveAttribute('data-segments', /^[1-9]/);
  });

  test('leaving while recording asks first; after Stop it does not', async () => {
    const page = app();
    const dialogs: string[] = [];
    const stay = (d: Dialog) => {
      dialogs.push(d.type());
      void d.dismiss(); // stay on the page
    };
    page.on('dialog', stay);
    await page.getByTestId('record').click();
    await expect(page.getByTestId('status')).toHaveText('listening');
    await expect(page.getByTestId('partial')).not.toBeEmpty({ timeout: 30_000 });
    await page.reload({ timeout: 3000 }).catch(() => undefined); // the prompt holds the reload
    expect(dialogs).toEqual(['beforeunload']);
    await expect(page.getByTestId('status')).toHaveText('listening'); // still the same page, still recording

    await page.getByTestId('record').click();
    await expect(page.getByTestId('status')).toHaveText('stopped');
    await page.reload();
    await page.waitForFunction(() => 'earshot' in window);
    expect(dialogs).toEqual(['beforeunload']);
    page.off('dialog', stay);
  });

  test('a reload during a file transcription keeps the segments done, marked interrupted', async () => {
    const page = app();
    await page.evaluate(() => window.earshot.ready()); // after the last test's reload
    // About 2 min 20 s of speech: still running when the page reloads.
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'talk.wav', mimeType: 'audio/wav', buffer: longWav('vad_pauses_excerpt.wav', 4) });
    // Segments on the screen are segments in History already.
    await expect.poll(() => page.getByTestId('segment').count(), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('status')).toHaveText('transcribing file');
    await expect(items(page).first()).toHaveAttribute('data-status', 'recording');
    await expect.poll(async () => Number(await items(page).first().getAttribute('data-segments'))).toBeGreaterThanOrEqual(2);
    page.on('dialog', (d) => void d.accept()); // leave anyway
    await page.reload();
    await page.waitForFunction(() => 'earshot' in window);
    const item = items(page).first();
    await expect(item).toHaveAttribute('data-status', 'interrupted');
    expect(Number(await item.getAttribute('data-segments'))).toBeGreaterThanOrEqual(2);
    await expect(item).toContainText('talk.wav');
  });
});
