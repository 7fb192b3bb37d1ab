import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { truncationMessage, wavTruncation } from '../src/audio/wav-check';
import { fileProgress } from '../src/ui/file-progress';

const wav = readFileSync(new URL('../e2e/fixtures/lj_LJ001_0002.wav', import.meta.url));
const buffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

describe('wavTruncation', () => {
  it('finds nothing wrong with a whole file, or with what is not a WAV', () => {
    expect(wavTruncation(buffer(wav))).toBeNull();
    expect(wavTruncation(new TextEncoder().encode('ID3 an mp3 file').buffer as ArrayBuffer)).toBeNull();
    expect(wavTruncation(new ArrayBuffer(4))).toBeNull();
  });

  it('says how much of a cut-short file is there', () => {
    const cut = wavTruncation(buffer(wav.subarray(0, wav.length >> 1)));
    expect(cut).not.toBeNull();
    expect(cut!.declaredS).toBeCloseTo(1.9, 1);
    expect(cut!.presentS).toBeCloseTo(0.95, 1);
    expect(truncationMessage('a.wav', cut!)).toMatch(
      /^“a\.wav” is incomplete: its header promises 1\.9 s of audio but only 0\.9 s are in the file/,
    );
  });
});

describe('fileProgress', () => {
  it('is unknown until the length is known, then estimates from the rate so far', () => {
    expect(fileProgress({ totalMs: 0, doneMs: 0, startedAt: 0 }, 2000)).toEqual({ percent: null, elapsedMs: 2000, leftMs: null });
    expect(fileProgress({ totalMs: 300_000, doneMs: 0, startedAt: 0 }, 2000)).toEqual({ percent: 0, elapsedMs: 2000, leftMs: null });
    expect(fileProgress({ totalMs: 300_000, doneMs: 75_000, startedAt: 0 }, 10_000)).toEqual({
      percent: 25,
      elapsedMs: 10_000,
      leftMs: 30_000,
    });
    expect(fileProgress({ totalMs: 1000, doneMs: 1500, startedAt: 0 }, 10).percent).toBe(100);
  });
});
