import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config';
import { wer } from '../src/eval/wer';
import { FIXTURES, finalText, fixture, openApp } from './helpers';

/** What the page started, seen from outside the app: every AudioContext, Worker and microphone track. */
interface Probe {
  contexts: AudioContext[];
  workersCreated: number;
  workersTerminated: number;
  tracks: MediaStreamTrack[];
}

declare global {
  interface Window {
    earshotProbe: Probe;
  }
}

/** Runs before the app's code: wraps the constructors and getUserMedia so every instance is tracked. */
function instrument(): void {
  const probe: Probe = { contexts: [], workersCreated: 0, workersTerminated: 0, tracks: [] };
  window.earshotProbe = probe;
  const NativeAudioContext = window.AudioContext;
  window.AudioContext = class extends NativeAudioContext {
    constructor(options?: AudioContextOptions) {
      super(options);
      probe.contexts.push(this);
    }
  };
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    private ended = false;
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      probe.workersCreated++;
    }
    override terminate(): void {
      if (!this.ended) probe.workersTerminated++;
      this.ended = true;
      super.terminate();
    }
  };
  const media = navigator.mediaDevices;
  const getUserMedia = media.getUserMedia.bind(media);
  media.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    const stream = await getUserMedia(constraints);
    probe.tracks.push(...stream.getTracks());
    return stream;
  };
}

interface Snapshot {
  contextStates: string[];
  liveWorkers: number;
  trackStates: string[];
  heapBytes: number;
}

/** The probe's view after a forced garbage collection (needs --expose-gc). */
function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('gc() is not exposed: launch Chromium with --js-flags=--expose-gc');
    // Two collections with a turn between them: the first can leave finalisable garbage for the second.
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
    gc();
    const p = window.earshotProbe;
    return {
      contextStates: p.contexts.map((c) => c.state),
      liveWorkers: p.workersCreated - p.workersTerminated,
      trackStates: p.tracks.map((t) => t.readyState),
      heapBytes: (performance as Performance & { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize,
    };
  });
}

/** Launch options with the fake microphone playing `file` once, and gc() exposed for heap readings. */
function withMic(file: string) {
  return {
    launchOptions: {
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc', `--use-file-for-fake-audio-capture=${path.join(FIXTURES, file)}%noloop`],
    },
  };
}

// One fake microphone per spec file (launch options are per worker): a 5 s utterance, played from its
// start each time the microphone opens.
const utterance = fixture('lj_LJ001_0004.wav');
test.use(withMic(utterance.file));

const CYCLES = 20;
const HEAP_SLACK_BYTES = 5 * 2 ** 20;

test.describe('teardown', () => {
  test(`start/stop ${CYCLES} times leaves nothing running`, async ({ page }) => {
    await page.addInitScript(instrument);
    await openApp(page);
    const record = page.getByTestId('record');
    const status = page.getByTestId('status');
    await expect(status).toHaveText('ready');

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

    expect(last.contextStates.length).toBeGreaterThanOrEqual(CYCLES); // one per start: the probe saw them
    expect(last.contextStates.filter((s) => s !== 'closed')).toEqual([]);
    expect(last.liveWorkers).toBe(first!.liveWorkers);
    expect(page.workers().length).toBeLessThanOrEqual(firstPageWorkers);
    expect(last.trackStates.length).toBeGreaterThanOrEqual(CYCLES);
    expect(last.trackStates.filter((s) => s !== 'ended')).toEqual([]);
    expect(m.ring.overruns).toBe(0);
    expect(Math.abs(last.heapBytes - first!.heapBytes)).toBeLessThanOrEqual(HEAP_SLACK_BYTES);
  });
});

test.describe('recovery', () => {
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

    // Until the recording has played out, the status must never leave `listening`.
    const seen = new Set<string>();
    while (Date.now() - speaking < talk.duration_s * 1000 + 1000) {
      seen.add((await status.textContent())?.trim() ?? '');
      await page.waitForTimeout(200);
    }
    expect([...seen]).toEqual(['listening']);
    const after = await snapshot(page);
    expect(after.liveWorkers).toBe(before.liveWorkers); // replaced, not added

    await record.click();
    await expect(status).toHaveText('stopped');
    const text = await finalText(page);
    const score = wer(talk.text, text);
    console.log(`recovery: WER ${score.toFixed(3)} over ${talk.text.split(' ').length} words; before the crash "${finalsBefore}"; after "${text}"`);
    expect(finalsBefore.length).toBeGreaterThan(0);
    expect(text.startsWith(finalsBefore)).toBe(true);
    expect(text).toMatch(/first importance/i); // the sentence whose final died with the transcriber, resent
    expect(score).toBeLessThanOrEqual(0.1);
  });
});
