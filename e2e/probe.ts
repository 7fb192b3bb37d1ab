// What the page started, seen from outside the app (AudioContexts, Workers, microphone tracks, heap): used by
// the features (teardown) and recovery specs; and the launch options for a fake microphone.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config';
import { FIXTURES } from './helpers';

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
export function instrument(): void {
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

export interface Snapshot {
  contextStates: string[];
  liveWorkers: number;
  trackStates: string[];
  heapBytes: number;
}

/** The probe's view after a forced garbage collection (needs --expose-gc). */
export function snapshot(page: Page): Promise<Snapshot> {
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
export function withMic(file: string) {
  return {
    launchOptions: {
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc', `--use-file-for-fake-audio-capture=${path.join(FIXTURES, file)}%noloop`],
    },
  };
}
