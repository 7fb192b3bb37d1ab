import { describe, expect, it } from 'vitest';
import { planClip, renderClip, type PlacedUtterance } from '../bench/soak/audio-plan';
import { parseWav, wavDurationS, writeWav } from '../workers/shared/wav';
import { fastReport, growthPerHour, linearFit, realtimeReport, type FastSoak, type MemorySample } from '../bench/soak/report';

const MiB = 2 ** 20;

describe('linearFit', () => {
  it('recovers a line', () => {
    const fit = linearFit([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(fit?.slope).toBeCloseTo(2);
    expect(fit?.intercept).toBeCloseTo(1);
  });
  it('needs two distinct x', () => {
    expect(linearFit([1], [1])).toBeNull();
    expect(linearFit([2, 2], [1, 5])).toBeNull();
  });
});

describe('growthPerHour', () => {
  const samples = (perMin: (m: number) => number): MemorySample[] =>
    [5, 10, 15, 20, 25, 30].map((audioMin) => ({ audioMin, uaBytes: perMin(audioMin), jsHeapBytes: 10 * MiB }));

  it('fits after warm-up, in bytes per hour of audio', () => {
    // A big jump during warm-up, then 1 MiB per 5 minutes = 12 MiB per hour.
    const g = growthPerHour(
      samples((m) => (m <= 10 ? m * 10 * MiB : 100 * MiB + (m / 5) * MiB)),
      'uaBytes',
      2,
    );
    expect(g.warmupExcluded).toBe(true);
    expect(g.fitted).toBe(4);
    expect(g.bytesPerHour! / MiB).toBeCloseTo(12);
  });
  it('fits everything when too few samples are left after warm-up', () => {
    const g = growthPerHour(samples((m) => m * MiB).slice(0, 3), 'uaBytes', 2);
    expect(g.warmupExcluded).toBe(false);
    expect(g.fitted).toBe(3);
    expect(g.bytesPerHour! / MiB).toBeCloseTo(60);
  });
  it('skips samples the browser did not measure', () => {
    const s = samples((m) => m * MiB).map((x, i) => (i === 3 ? { ...x, uaBytes: null } : x));
    expect(growthPerHour(s, 'uaBytes', 0).fitted).toBe(5);
  });
});

describe('verdicts', () => {
  const reference = 'the quick brown fox jumps over the lazy dog';
  const fast = (hyps: string[], perPassBytes: number): FastSoak => ({
    file: 'long.wav',
    fileS: 300,
    reference,
    device: 'wasm',
    model: 'whisper-tiny',
    baseline: { audioMin: 0, uaBytes: 50 * MiB, jsHeapBytes: 5 * MiB },
    passes: hyps.map((hypothesis, i) => ({
      pass: i + 1,
      audioMin: (i + 1) * 5,
      uaBytes: 60 * MiB + i * perPassBytes,
      jsHeapBytes: 5 * MiB,
      wallMs: 60_000,
      segments: 1,
      hypothesis,
    })),
  });

  it('passes flat memory with a complete transcript', () => {
    const { verdicts } = fastReport(fast(Array(12).fill(reference), 0));
    expect(verdicts.every((v) => v.pass)).toBe(true);
  });
  it('fails growth over 5 MiB per hour of audio', () => {
    // 0.5 MiB per 5-minute pass = 6 MiB per hour.
    const { verdicts } = fastReport(fast(Array(12).fill(reference), 0.5 * MiB));
    expect(verdicts[0].pass).toBe(false);
    expect(verdicts[0].line).toMatch(/\+6\.00 MiB per hour/);
  });
  it('fails a pass whose transcript lost words', () => {
    const hyps = Array(12).fill(reference);
    hyps[7] = 'the quick brown fox';
    const { verdicts } = fastReport(fast(hyps, 0));
    expect(verdicts[1].pass).toBe(false);
  });
  it('fails a fast soak shorter than an hour of audio', () => {
    const { verdicts } = fastReport(fast([reference, reference], 0));
    expect(verdicts[2].pass).toBe(false);
  });
  it('reports overruns and short real-time runs', () => {
    const samples = [0, 1, 2, 3].map((audioMin) => ({ audioMin, uaBytes: 80 * MiB, jsHeapBytes: 5 * MiB }));
    const { verdicts } = realtimeReport({
      file: 'x.wav',
      audioS: 240,
      reference,
      hypothesis: reference,
      samples,
      segments: 1,
      overruns: 3,
      stopMs: 500,
    });
    expect(verdicts.map((v) => v.pass)).toEqual([true, false, false]);
  });
});

describe('soak audio', () => {
  const utterances: PlacedUtterance[] = [
    { start_s: 1, end_s: 4, text: 'one' },
    { start_s: 6, end_s: 8, text: 'two' },
  ];
  const wav = (seconds: number) => {
    const data = new Uint8Array(seconds * 100 * 2);
    for (let i = 0; i < data.length; i++) data[i] = i % 251;
    return { sampleRate: 100, channels: 1, data };
  };

  it('round-trips a PCM WAV', () => {
    const w = wav(10);
    const back = parseWav(writeWav(w));
    expect(back.sampleRate).toBe(100);
    expect(back.channels).toBe(1);
    expect(Array.from(back.data)).toEqual(Array.from(w.data));
    expect(wavDurationS(back)).toBe(10);
  });
  it('refuses what is not 16-bit PCM WAV, with the reason', () => {
    expect(() => parseWav(new Uint8Array(44))).toThrow(/RIFF/);
    const float = writeWav(wav(1));
    float[34] = 32;
    expect(() => parseWav(float)).toThrow(/16-bit PCM/);
  });
  it('cuts in the first pause at or after the length asked for', () => {
    const p = planClip(10, utterances, 4.5);
    expect(p).toMatchObject({ repeats: 1, durationS: 5, reference: 'one', utterances: 1 });
  });
  it('repeats whole copies for longer clips, with the reference repeated', () => {
    const p = planClip(10, utterances, 20);
    expect(p).toMatchObject({ repeats: 2, durationS: 20, reference: 'one two one two', utterances: 4 });
    const p2 = planClip(10, utterances, 12);
    expect(p2).toMatchObject({ repeats: 2, durationS: 15, reference: 'one two one', utterances: 3 });
    const audio = renderClip(wav(10), p2);
    expect(wavDurationS(audio)).toBeCloseTo(15);
    expect(audio.data[2000]).toBe(wav(10).data[0]); // the second copy starts over
  });
});
