import path from 'node:path';
import { expect, test } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config';
import { FIXTURES, finalText, serveFixtures, useSharedApp } from './helpers';

// The real permission flow: no automatic "allow" for the microphone, prompts denied. Tests that need the
// microphone grant it to the page explicitly, as a user would.
test.use({
  launchOptions: {
    executablePath: CHROMIUM,
    args: [
      ...CHROMIUM_ARGS.filter((a) => a !== '--use-fake-ui-for-media-stream'),
      '--deny-permission-prompts',
      `--use-file-for-fake-audio-capture=${path.join(FIXTURES, 'vad_pauses_excerpt.wav')}%noloop`,
    ],
  },
});

const DENIED = /Microphone access was denied\. Allow the microphone for this site/;

test.describe('microphone failures', () => {
  // In order, on one page: denied first (nothing granted yet), then granted with no device, then unplugged.
  const app = useSharedApp();

  test('permission denied: a plain message; nothing recorded; Record works once allowed', async () => {
    const page = app();
    const context = page.context();
    await page.getByTestId('record').click();
    await expect(page.getByTestId('error')).toHaveText(DENIED);
    await expect(page.getByTestId('error')).toBeVisible();
    await expect(page.getByTestId('status')).toHaveText('ready');
    await expect(page.getByTestId('record')).toHaveAttribute('aria-pressed', 'false');

    // The way forward: allow it, press Record again.
    await context.grantPermissions(['microphone']);
    await page.getByTestId('record').click();
    await expect(page.getByTestId('status')).toHaveText('listening');
    await expect(page.getByTestId('error')).toBeHidden();
    await page.getByTestId('record').click();
    await expect(page.getByTestId('status')).toHaveText('stopped');
  });

  test('no microphone: its own message', async () => {
    const page = app();
    await page.context().grantPermissions(['microphone']);
    // A machine with no audio input: what the browser answers then.
    await page.evaluate(() => {
      const open = navigator.mediaDevices.getUserMedia;
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
      (window as unknown as { plugIn: () => void }).plugIn = () => (navigator.mediaDevices.getUserMedia = open);
    });
    await page.getByTestId('record').click();
    await expect(page.getByTestId('error')).toHaveText(/No microphone was found\. Connect one, then press Record again\./);
    await expect(page.getByTestId('status')).toHaveText(/^(ready|stopped)$/);
    await page.evaluate(() => (window as unknown as { plugIn: () => void }).plugIn());
  });

  test('the microphone goes away mid-sentence: the open segment is finalised and the message says so', async () => {
    const page = app();
    // Keep the streams the app opens, to end one as an unplugged device would.
    await page.evaluate(() => {
      const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      const streams: MediaStream[] = [];
      (window as unknown as { micStreams: MediaStream[] }).micStreams = streams;
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        const stream = await open(constraints);
        streams.push(stream);
        return stream;
      };
    });
    await page.getByTestId('record').click();
    await expect(page.getByTestId('status')).toHaveText('listening');
    // The recording opens with one long sentence (about 15 s): 8 s in, its segment is still open.
    await page.waitForTimeout(8000);
    await expect(page.getByTestId('segment')).toHaveCount(0);
    await page.evaluate(() => {
      const track = (window as unknown as { micStreams: MediaStream[] }).micStreams.at(-1)!.getAudioTracks()[0];
      track.dispatchEvent(new Event('ended'));
    });

    await expect(page.getByTestId('status')).toHaveText('stopped');
    await expect(page.getByTestId('error')).toHaveText(
      /The microphone stopped \(unplugged or switched off\)\. What you said so far was kept/,
    );
    await expect(page.getByTestId('segment').first()).toBeVisible();
    const text = (await finalText(page)).toLowerCase();
    expect(text).toMatch(/printing/);
    await expect(page.getByTestId('partial')).toBeEmpty();
    // The microphone was released.
    const live = await page.evaluate(
      () =>
        (window as unknown as { micStreams: MediaStream[] }).micStreams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live')
          .length,
    );
    expect(live).toBe(0);
    // And the segment is in History.
    await expect(page.getByTestId('history-item').first()).toHaveAttribute('data-segments', /[1-9]/);
  });
});

test.describe('model failures', () => {
  test('a damaged model file is refused with its own message; Try again recovers once the file is right', async ({ page, context }) => {
    let damage = true;
    await context.route('**/models/silero/silero_vad_v5.onnx', async (route) => {
      const response = await route.fetch();
      const body = await response.body();
      if (damage) body[body.length >> 1] ^= 0xff; // one flipped byte: same size, wrong SHA-256
      await route.fulfill({ response, body });
    });
    await serveFixtures(page);
    await page.goto('/');
    await expect(page.getByTestId('status')).toHaveText('error');
    await expect(page.getByTestId('error')).toHaveText(
      /damaged or replaced, so Earshot refused to use it: .*silero_vad_v5\.onnx failed its integrity check.*Press Try again/,
    );
    await expect(page.getByTestId('record')).toBeDisabled();

    damage = false;
    await page.getByTestId('retry').click();
    await expect(page.getByTestId('status')).toHaveText('ready');
    await expect(page.getByTestId('error')).toBeHidden();
    await page.evaluate(() => window.earshot.ready());
  });
});
