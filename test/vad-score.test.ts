import { describe, expect, it } from 'vitest';
import type { BenchResult, DetectorId, DetectorResult } from '../bench/vad-bench-protocol';
import { formatTable, median, truthFromManifest, vadReport } from '../bench/vad-report';
import { boundaryStats, checkTargets, combineScores, overlaps, scoreDetections, type Detection, type Span } from '../bench/vad-score';

const span = (startMs: number, endMs: number): Span => ({ startMs, endMs });
const truth = [span(4000, 13510), span(19510, 23880), span(26880, 31080)];

describe('scoreDetections', () => {
  it('counts hits, misses and false alarms', () => {
    const s = scoreDetections(truth, [span(4064, 14200), span(16000, 16500), span(26900, 31800)]);
    expect(s).toMatchObject({ hits: 2, missed: 1, falseAlarms: 1, splits: 0, merges: 0 });
    expect(s.utterances.map((u) => u.hit)).toEqual([true, false, true]);
    expect(s.utterances[1]).toMatchObject({ startErrorMs: null, endErrorMs: null, detections: 0 });
  });

  it('measures signed start error from the first detection and end error from the last decision', () => {
    const s = scoreDetections(
      [span(1000, 3000)],
      [
        { startMs: 900, endMs: 1800, decidedMs: 2400 },
        { startMs: 2000, endMs: 3150, decidedMs: 3640 },
      ],
    );
    expect(s.utterances[0]).toMatchObject({ hit: true, startErrorMs: -100, endErrorMs: 640, detections: 2 });
    expect(s.splits).toBe(1);
  });

  it('measures the pause error from the last detection, where the detector reports its pause', () => {
    const s = scoreDetections(
      [span(1000, 3000), span(5000, 6000)],
      [
        { startMs: 900, endMs: 1800, decidedMs: 2400, pausedMs: 1864 },
        { startMs: 2000, endMs: 3150, decidedMs: 3640, pausedMs: 3096 },
        { startMs: 5000, endMs: 6100, decidedMs: 6600 },
      ],
    );
    expect(s.utterances.map((u) => u.pauseErrorMs)).toEqual([96, null]);
    const st = boundaryStats(s);
    expect([st.pauseMeanMs, st.pauseMaxMs]).toEqual([96, 96]);
  });

  it('falls back to the span end when no decision time is given', () => {
    const s = scoreDetections([span(1000, 3000)], [span(1032, 3200)]);
    expect(s.utterances[0]).toMatchObject({ startErrorMs: 32, endErrorMs: 200 });
  });

  it('counts one detection across two utterances as a merge that hits both', () => {
    const s = scoreDetections(truth, [span(19000, 32000)]);
    expect(s).toMatchObject({ hits: 2, missed: 1, merges: 1, falseAlarms: 0 });
  });

  it('does not count spans that only touch as overlapping', () => {
    expect(overlaps(span(0, 1000), span(1000, 2000))).toBe(false);
    expect(overlaps(span(0, 1001), span(1000, 2000))).toBe(true);
    expect(scoreDetections([span(1000, 2000)], [span(2000, 2600)])).toMatchObject({ hits: 0, falseAlarms: 1 });
  });

  it('treats every detection on a file without speech as a false alarm', () => {
    expect(scoreDetections([], [span(100, 900), span(5000, 5400)])).toMatchObject({ hits: 0, missed: 0, falseAlarms: 2 });
    expect(scoreDetections([], [])).toMatchObject({ falseAlarms: 0 });
  });

  it('refuses spans that are not spans of time', () => {
    expect(() => scoreDetections([span(10, 5)], [])).toThrow(/true utterance 0/);
    expect(() => scoreDetections([], [span(NaN, 5)])).toThrow(/detection 0/);
  });
});

describe('boundaryStats and combineScores', () => {
  it('averages over hits of several files', () => {
    const a = scoreDetections([span(1000, 2000)], [{ startMs: 1100, endMs: 2100, decidedMs: 2500 }]);
    const b = scoreDetections([span(0, 1000), span(5000, 6000)], [{ startMs: -50, endMs: 1000, decidedMs: 1700 }]);
    const all = combineScores([a, b]);
    expect(all).toMatchObject({ hits: 2, missed: 1, falseAlarms: 0 });
    const st = boundaryStats(all);
    expect(st.startMeanAbsMs).toBe(75);
    expect(st.startMeanMs).toBe(25);
    expect(st.endMeanMs).toBe(600);
    expect(st.endMaxMs).toBe(700);
  });

  it('gives NaN without hits', () => {
    expect(boundaryStats(scoreDetections([span(0, 10)], [])).startMeanAbsMs).toBeNaN();
  });
});

describe('checkTargets', () => {
  const good = scoreDetections(
    truth,
    truth.map((t) => ({ startMs: t.startMs + 64, endMs: t.endMs + 150, decidedMs: t.endMs + 640 })),
  );
  const quiet = scoreDetections([], []);
  const base = { speech: good, noise: quiet, cpuMsPerAudioS: 2, hangoverMs: 600, referenceCpuMsPerAudioS: 10 };

  it('passes a detector that meets every target', () => {
    expect(checkTargets(base).every((c) => c.pass)).toBe(true);
  });

  it('fails each target on its own', () => {
    const failing = (input: typeof base) =>
      checkTargets(input)
        .filter((c) => !c.pass)
        .map((c) => c.target);
    expect(failing({ ...base, speech: scoreDetections(truth, [span(4000, 14000)]) })).toEqual(['every utterance hit (missed)']);
    expect(failing({ ...base, noise: scoreDetections([], [span(0, 500)]) })).toEqual(['false alarms on noise']);
    const late = scoreDetections(
      truth,
      truth.map((t) => ({ startMs: t.startMs + 200, endMs: t.endMs, decidedMs: t.endMs + 600 })),
    );
    expect(failing({ ...base, speech: late })).toEqual(['mean |start error| ms']);
    const slowEnd = scoreDetections(
      truth,
      truth.map((t, i) => ({ startMs: t.startMs, endMs: t.endMs, decidedMs: t.endMs + (i === 1 ? 701 : 600) })),
    );
    expect(failing({ ...base, speech: slowEnd })).toEqual([expect.stringMatching(/^worst end decided/)]);
    expect(failing({ ...base, cpuMsPerAudioS: 5.01 })).toEqual([expect.stringMatching(/^CPU/)]);
  });

  it('fails rather than passes when nothing was measured', () => {
    const none = checkTargets({ ...base, speech: scoreDetections([], []), cpuMsPerAudioS: NaN });
    expect(none.filter((c) => !c.pass).length).toBe(4); // hit, start, end, CPU; false alarms stay 0
  });
});

describe('bench report', () => {
  const manifest = [
    JSON.stringify({
      file: 'speech.wav',
      speech_segments: [
        { id: 'a', speech_start_s: 1, speech_end_s: 2.5 },
        { speech_start_s: 4, speech_end_s: 5 },
      ],
    }),
    JSON.stringify({ file: 'noise.wav', speech_segments: [] }),
    JSON.stringify({ file: 'plain.wav', text: 'no ground truth here' }),
  ].join('\n');

  it('reads ground truth in ms from the manifest, and refuses a file without it', () => {
    const truth = truthFromManifest(manifest, ['speech.wav', 'noise.wav']);
    expect(truth['speech.wav']).toEqual([
      { label: 'a', startMs: 1000, endMs: 2500 },
      { label: '#2', startMs: 4000, endMs: 5000 },
    ]);
    expect(truth['noise.wav']).toEqual([]);
    expect(() => truthFromManifest(manifest, ['plain.wav'])).toThrow(/plain\.wav.*speech_segments/);
  });

  it('takes the median of timed runs', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('aligns table columns', () => {
    expect(formatTable(['a', 'bb'], [['long', 'x']]).split('\n')).toEqual(['| a    | bb |', '|------|----|', '| long | x  |']);
  });

  const detector = (id: DetectorId, ms: number, noise: Detection[]): DetectorResult => ({
    id,
    label: id,
    model: 'm',
    ort: '1',
    hangoverMs: 600,
    audioMs: 10_000,
    timedMs: [ms, ms + 10, ms - 10],
    cpuMs: [],
    frames: { total: 100, gated: 0, modelled: 100 },
    detections: {
      'speech.wav': [
        { startMs: 1032, endMs: 3100, decidedMs: 3100 },
        { startMs: 4000, endMs: 5600, decidedMs: 5600 },
      ],
      'noise.wav': noise,
    },
  });

  it('prints the table and a verdict per target for our VAD', () => {
    const truth = truthFromManifest(manifest, ['speech.wav', 'noise.wav']);
    const result: BenchResult = {
      userAgent: 'test',
      crossOriginIsolated: true,
      detectors: [detector('earshot', 40, [{ startMs: 100, endMs: 900 }]), detector('vad-web-v5', 100, [])],
    };
    const text = vadReport(result, truth, 3);
    expect(text).toMatch(/\| earshot\s+\| m \(1\)\s+\| 600\s+\| 2\s+\| 0\s+\| 0\s+\| 1\s+\|/);
    expect(text).toContain('PASS  every utterance hit');
    expect(text).toContain('FAIL  false alarms on noise');
    expect(text).toContain('PASS  CPU ms per audio s (half of vad-web v5): 4.00 (limit 5.00)');
    expect(text).toContain('false alarms, earshot: noise.wav 0.10–0.90 s');
    expect(text).toContain('wall time (CPU time unavailable)');
  });

  it('judges CPU on CPU time when the runner measured it', () => {
    const truth = truthFromManifest(manifest, ['speech.wav', 'noise.wav']);
    const ours = { ...detector('earshot', 40, []), cpuMs: [70, 60, 65] }; // wall 40, CPU 65 ms
    const text = vadReport(
      { userAgent: 't', crossOriginIsolated: true, detectors: [ours, { ...detector('vad-web-v5', 100, []), cpuMs: [100] }] },
      truth,
      3,
    );
    expect(text).toContain('renderer process CPU time');
    expect(text).toContain('FAIL  CPU ms per audio s (half of vad-web v5): 6.50 (limit 5.00)');
  });
});
