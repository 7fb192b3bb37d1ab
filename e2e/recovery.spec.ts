import { expect, test } from '@playwright/test';
import { wer } from '../src/eval/wer';
import { finalText, fixture, openApp } from './helpers';
import { instrument, snapshot, withMic } from './probe';

// Three sentences with pauses between them. The transcriber dies with the second sentence's final decoded
// but not yet delivered: only the VAD's resend to the replacement can bring that text back.
const talk = fixture('vad_pauses_excerpt.wav');
test.use(withMic(talk.file));

test('the transcriber crashes mid-session; it is detected and replaced, and no final text is lost', async ({ page }) => {
  test.setTimeout(180_000);
  await page.addInitScript(instrument);
  await openApp(page);
  const record = page.getByTestId('record');
  const status = page.getByTestId('status');
  await expect(status).toHaveText('ready');

  await record.click();
  await expect(status).toHaveText('listening');
  const before = await snapshot(page);
  const speaking = Date.now();
  await expect(page.getByTestId('segment').first()).toBeVisible({ timeout: 40_000 });
  const finalsBefore = await finalText(page);
  // From here until the last sentence is final, the status must never leave `listening`.
  const seen = new Set<string>();
  let watching = true;
  const watch = (async () => {
    while (watching) {
      seen.add((await status.textContent())?.trim() ?? '');
      await page.waitForTimeout(200);
    }
  })();

  // A real crash, from outside the app: the transcription worker swallows its next final and then dies of an
  // uncaught error. The page's own error handling has to notice (Pipeline.watch) and bring a new one up.
  const worker = page.workers().find((w) => w.url().includes('transcribe'));
  expect(worker, 'the transcription worker').toBeDefined();
  await worker!.evaluate(() => {
    const post = MessagePort.prototype.postMessage;
    let dead = false;
    MessagePort.prototype.postMessage = function (this: MessagePort, message: unknown, ...rest: unknown[]) {
      if (dead) return; // a dead worker says nothing more: no text, no acknowledgement
      if (JSON.stringify(message ?? null).includes('"type":"final"')) {
        dead = true;
        setTimeout(() => {
          throw new Error('simulated crash: a final decoded but not delivered');
        });
        return;
      }
      return (post as (...args: unknown[]) => void).call(this, message, ...rest);
    } as typeof MessagePort.prototype.postMessage;
  });
  await expect(page.getByTestId('notice')).toContainText('transcriber stopped unexpectedly and was restarted', { timeout: 60_000 });

  // Until the last sentence is final: every final, the one that died included, has then reached the page.
  const lastWords = /unidentified calls/i;
  while (!lastWords.test(await finalText(page)) && Date.now() - speaking < talk.duration_s * 1000 + 5000) await page.waitForTimeout(200);
  watching = false;
  await watch;
  expect([...seen]).toEqual(['listening']);
  const after = await snapshot(page);
  expect(after.liveWorkers).toBe(before.liveWorkers); // replaced, not added

  await record.click();
  await expect(status).toHaveText('stopped');
  const text = await finalText(page);
  const score = wer(talk.text, text);
  console.log(
    `recovery: WER ${score.toFixed(3)} over ${talk.text.split(' ').length} words; before the crash "${finalsBefore}"; after "${text}"`,
  );
  expect(finalsBefore.length).toBeGreaterThan(0);
  expect(text.startsWith(finalsBefore)).toBe(true);
  expect(text).toMatch(/first importance/i); // the sentence whose final died with the transcriber, resent
  expect(score).toBeLessThanOrEqual(0.1);
});
