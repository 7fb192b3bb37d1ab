import { expect, test } from '@playwright/test';
import { fixture, openApp } from './helpers';
import { instrument, snapshot, withMic, type Snapshot } from './probe';

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
