// The library's demo page, driven as a user would: dictation from the (fake) microphone goes into the
// textarea at the cursor, through EarshotRecognition, with nothing requested from another origin.
import { expect, test } from '@playwright/test';
import { wer } from '../src/eval/wer';
import { fixture, LIVE_CLIP_MAX_WER, useFakeMic, watchForeignRequests } from './helpers';

const utterance = fixture('jfk_inaugural.wav'); // 11 s with pauses: several final results
useFakeMic(utterance.file);

test.describe('EarshotRecognition demo: dictation into a textarea', () => {
  test('the words go in at the cursor; nothing leaves the origin', async ({ page, baseURL }) => {
    const foreign = watchForeignRequests(page, new URL(baseURL!).origin);
    await page.goto('/examples/textarea.html');
    const status = page.getByTestId('status');
    await expect(status).toHaveText('ready');

    const textarea = page.getByTestId('textarea');
    await textarea.fill('Before. After.');
    await textarea.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange('Before.'.length, 'Before.'.length));

    const dictate = page.getByTestId('dictate');
    await dictate.click();
    await expect(status).toHaveText('listening');
    await expect(dictate).toHaveAttribute('aria-pressed', 'true');
    // The fake microphone plays the utterance once, in real time; then the hangover closes the last segment.
    await page.waitForTimeout(utterance.duration_s * 1000 + 1500);
    await dictate.click();
    await expect(status).toHaveText('stopped');
    await expect(page.getByTestId('error')).toHaveText('');

    const value = await textarea.inputValue();
    expect(value.startsWith('Before. ')).toBe(true);
    expect(value.endsWith(' After.')).toBe(true);
    const dictated = value.slice('Before. '.length, -' After.'.length);
    const score = wer(utterance.text, dictated);
    console.log(`textarea demo: WER ${score.toFixed(3)} — "${dictated}"`);
    expect(score).toBeLessThanOrEqual(LIVE_CLIP_MAX_WER);
    expect(await page.getByTestId('interim').textContent()).toBe(''); // interim text is gone once it ended
    expect(foreign).toEqual([]);
  });
});
