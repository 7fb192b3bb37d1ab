import { expect, type Page } from '@playwright/test';
import { corpusFolder, readManifest } from '../bench/lib/corpus.mjs';
import { scoreDetections, type Span } from '../bench/vad-score';
import { FIXTURES } from './helpers';

// Every fixture that declares its ground-truth speech (`speech_segments`, in seconds) goes through the
// app's file path; the VAD must find every utterance and nothing else. `transcribeFile` returns each
// segment the VAD cut (`speech`, pads included); the boundary errors and CPU cost are measured by
// `npm run bench:vad`.
export interface VadFixture {
  file: string;
  duration_s: number;
  speech_segments: { speech_start_s: number; speech_end_s: number }[];
}

export const vadFilesIn = (dir: string): VadFixture[] =>
  (readManifest(dir) as Partial<VadFixture>[]).filter((f): f is VadFixture => Array.isArray(f.speech_segments));

export const vadFixtures = vadFilesIn(FIXTURES);

// The full dev files (`npm run bench:vad` measures on them) when the corpus is there: ../shared or EARSHOT_CORPUS.
// Where the corpus is expected (CI sets EARSHOT_REQUIRE_CORPUS=1), a missing corpus fails the test instead.
export const DEV_FILES = ['vad_pauses_dev.wav', 'noise_only_dev.wav'];
export const CORPUS_REQUIRED = process.env.EARSHOT_REQUIRE_CORPUS === '1';
export function devCorpus(): string | null {
  try {
    return corpusFolder();
  } catch {
    return null;
  }
}

const truthOf = (f: VadFixture): Span[] =>
  f.speech_segments.map((s) => ({ startMs: s.speech_start_s * 1000, endMs: s.speech_end_s * 1000 }));

export async function expectEveryUtteranceAndNoFalseAlarm(page: Page, files: VadFixture[], urlBase: string): Promise<void> {
  expect(
    files.some((f) => f.speech_segments.length > 0),
    'a file with speech',
  ).toBe(true);
  expect(
    files.some((f) => f.speech_segments.length === 0),
    'a file without speech',
  ).toBe(true);
  for (const f of files) {
    const result = await page.evaluate((url) => window.earshot.transcribeFile(url), urlBase + f.file);
    const score = scoreDetections(truthOf(f), result.speech);
    const shown = result.speech.map((s) => `${(s.startMs / 1000).toFixed(2)}–${(s.endMs / 1000).toFixed(2)}`).join(', ');
    console.log(
      `vad ${f.file}: ${score.hits}/${f.speech_segments.length} hit, ${score.falseAlarms} false alarms; segments ${shown || 'none'}`,
    );
    expect(score.missed, `${f.file}: utterances missed`).toBe(0);
    expect(score.falseAlarms, `${f.file}: false alarms`).toBe(0);
    expect(score.merges, `${f.file}: utterances run together (pauses here are ≥ 2.5 s)`).toBe(0);
  }
}
