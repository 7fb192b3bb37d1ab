import { describe, expect, it } from 'vitest';
import type { BaselineResult, EarshotResult, LiveRun } from '../bench/asr/protocol';
import { percentile, repetitionLoops, report, summarise, wordsShownAfterEnd } from '../bench/asr/report';

describe('percentile', () => {
  it('interpolates between ranks and handles one or no value', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 95)).toBeCloseTo(48);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('repetitionLoops', () => {
  it('finds a word 3-gram repeated three times in a row', () => {
    expect(repetitionLoops('and so the cat sat the cat sat the cat sat down.')).toEqual([{ start: 2, phrase: 'the cat sat', repeats: 3 }]);
  });

  it('finds a longer clause on repeat, and one word stuck on repeat', () => {
    const loops = repetitionLoops('I will go home. I will go home. I will go home. You you you you you you you you you.');
    expect(loops.map((l) => [l.phrase, l.repeats])).toEqual([
      ['i will go home', 3],
      ['you', 9],
    ]);
  });

  it('leaves ordinary repetition alone', () => {
    expect(repetitionLoops('No, no, no. I said the cat sat, the cat sat on the mat.')).toEqual([]);
    expect(repetitionLoops('the cat sat the cat sat')).toEqual([]);
    expect(repetitionLoops('')).toEqual([]);
  });

  it('reports a loop once, not again as its multiples', () => {
    expect(repetitionLoops(Array(24).fill('la').join(' '))).toEqual([{ start: 0, phrase: 'la', repeats: 24 }]);
  });
});

const live = (over: Partial<LiveRun>): LiveRun => ({
  file: 'a.wav',
  ref: 'hello world',
  hyp: 'hello world',
  audioMs: 2000,
  segments: 1,
  eosToFinalMs: [400],
  firstPartialMs: [],
  speculative: 0,
  rtf: 0.2,
  overruns: 0,
  stopMs: 100,
  ...over,
});

function earshot(over: Partial<EarshotResult> = {}): EarshotResult {
  return {
    model: 'whisper-tiny',
    device: 'wasm',
    dtype: 'q8',
    modelLoadMs: 3000,
    files: [
      { file: 'a.wav', ref: 'hello world', hyp: 'hello world', audioMs: 2000, wallMs: 500 },
      {
        file: 'b.wav',
        ref: 'one two three four five six seven eight nine ten',
        hyp: 'one two three four five six seven eight nine ten',
        audioMs: 4000,
        wallMs: 700,
      },
    ],
    fileRtf: 0.15,
    live: [live({ eosToFinalMs: [300, 500] }), live({ file: 'b.wav', eosToFinalMs: [700] }), { file: 'c.wav', error: 'crashed' }],
    long: live({ file: 'long.wav', ref: 'a b c d e', hyp: 'a b c d', rtf: 0.3 }),
    noise: live({ file: 'noise.wav', ref: '', hyp: '' }),
    errors: [],
    ...over,
  };
}

function baseline(over: Partial<BaselineResult> = {}): BaselineResult {
  return {
    model: 'whisper-tiny',
    loadMs: 9000,
    firstCallMs: 7000,
    threads: 1,
    files: [
      { file: 'a.wav', ref: 'hello world', hyp: 'hello word', audioMs: 2000, ms: 2000 },
      {
        file: 'b.wav',
        ref: 'one two three four five six seven eight nine ten',
        hyp: 'one two three four five six seven eight nine ten',
        audioMs: 4000,
        ms: 2400,
      },
    ],
    long: { file: 'long.wav', ref: 'a b c d e', hyp: 'a b', audioMs: 5000, ms: 2000 },
    noise: { file: 'noise.wav', ref: '', hyp: 'You you', audioMs: 60000, ms: 9000 },
    errors: [],
    ...over,
  };
}

/** The corpus-level targets; the live-vs-file and true-end targets are tested on their own below. */
const CORE = [
  'corpus WER no worse than baseline + 1 point',
  'eos→final p50 ≤ ½ baseline per-utterance p50',
  'zero words on noise_only_dev.wav',
  'no repetition loops',
];
const core = (s: ReturnType<typeof summarise>) => s.targets.filter((t) => CORE.includes(t.name));

describe('summarise', () => {
  it('scores both systems and passes targets that are met', () => {
    const s = summarise({ model: 'whisper-tiny', earshot: earshot(), baseline: baseline() });
    if ('error' in s.earshot || 'error' in s.baseline) throw new Error('unexpected failure');
    expect(s.earshot.corpusWer).toBe(0);
    expect(s.baseline.corpusWer).toBeCloseTo(1 / 12);
    expect(s.earshot.fileRtfWall).toBeCloseTo(1200 / 6000);
    expect(s.baseline.rtf).toBeCloseTo(4400 / 6000);
    expect(s.earshot.eosToFinal.p50).toBe(500);
    expect(s.baseline.latency.p50).toBe(2200);
    expect(s.earshot.longWer).toBeCloseTo(0.2);
    expect(s.baseline.noiseWords).toBe(2);
    expect(s.earshot.errors).toEqual(['live c.wav: crashed']);
    expect(core(s).map((t) => t.pass)).toEqual([true, true, true, true]);
  });

  it('fails the targets that are missed', () => {
    const s = summarise({
      model: 'whisper-tiny',
      earshot: earshot({
        files: [{ file: 'a.wav', ref: 'hello world', hyp: 'hello there world', audioMs: 2000, wallMs: 500 }],
        live: [live({ eosToFinalMs: [1500] })],
        noise: live({ file: 'noise.wav', ref: '', hyp: 'Thank you.' }),
        long: live({ file: 'long.wav', hyp: 'go on go on go on go on go on' }),
      }),
      baseline: baseline(),
    });
    // WER 50 % vs 8.3 %; 1500 ms vs 1100 ms; 2 noise words; one loop.
    expect(core(s).map((t) => t.pass)).toEqual([false, false, false, false]);
    expect(core(s)[3].detail).toContain('long.wav');
  });

  it('marks targets it could not measure, and the report names what failed', () => {
    const s = summarise({ model: 'whisper-base', earshot: earshot(), baseline: { error: 'baseline page did not load' } });
    expect(core(s).map((t) => t.pass)).toEqual([null, null, true, true]);
    const { text } = report({
      date: '2026-11-24',
      machine: '2 cores',
      browser: 'Chromium',
      corpus: 'dev',
      utterances: 2,
      liveFiles: ['a 2.0 s'],
      models: [{ model: 'whisper-base', earshot: earshot(), baseline: { error: 'baseline page did not load' } }],
    });
    expect(text).toContain('### whisper-base');
    expect(text).toContain('baseline: baseline page did not load');
    expect(text).toMatch(/\| zero words on noise_only_dev\.wav \| 0 words \| PASS \|/);
  });
});

describe('live against the file path, words shown, repeats', () => {
  it('judges live WER against the file path on the same audio, words shown and the repeated phrase', () => {
    const shown = (ms: number[]) => ms.map((x) => ({ ms: x, matched: true }));
    const r = earshot({
      files: [
        { file: 'a.wav', ref: 'hello world', hyp: 'hello world', audioMs: 2000, wallMs: 500 },
        {
          file: 'b.wav',
          ref: 'one two three four five six seven eight nine ten',
          hyp: 'one two three four five six seven eight nine ten',
          audioMs: 4000,
          wallMs: 700,
        },
      ],
      live: [live({ file: 'a.wav', ref: 'hello world', hyp: 'hello word', wordsShown: shown([300, 500]) })],
      longFile: { file: 'long.wav', ref: 'a b c d e', hyp: 'a b c d e', audioMs: 5000, wallMs: 900 },
      repeats: { file: 'a.wav', phrase: 'hello world', runs: [live({ hyp: 'Hello world.' }), live({ hyp: 'Hello word.' })] },
    });
    const s = summarise({ model: 'whisper-tiny', earshot: r, baseline: baseline() });
    const pass = Object.fromEntries(s.targets.map((t) => [t.name, t.pass]));
    expect(pass['live WER (utterances) within 1 point of the file path on the same audio']).toBe(false); // 50 % vs 0 %
    expect(pass['long session live WER within 1 point of the file path']).toBe(false);
    expect(pass['words shown after the true end of speech: p50 ≤ 700 ms, p95 ≤ 1500 ms']).toBe(true);
    expect(pass['repeated clip: the phrase present every time']).toBe(false);
    if ('error' in s.earshot) throw new Error('unexpected failure');
    expect(s.earshot.repeats).toMatchObject({ present: 1, runs: 2 });
    expect(s.earshot.wordsShown.utterances).toMatchObject({ p50: 400, n: 2 });
  });
});

describe('words shown after the true end of speech', () => {
  const truth = [
    { startS: 1, endS: 3, text: 'And so, my fellow Americans,' },
    { startS: 5, endS: 8, text: 'ask not what your country can do for you' },
  ];
  it('times each stretch by its last word first on the page, partial or final', () => {
    const records = [
      { t: 1500, partial: 'And so', finals: '' },
      { t: 3400, partial: 'And so, my fellow Americans.', finals: '' }, // the pause snapshot, 400 ms after the end
      { t: 3900, partial: '', finals: 'And so, my fellow Americans.' },
      { t: 7000, partial: 'Ask not what your', finals: 'And so, my fellow Americans.' },
      { t: 8700, partial: '', finals: 'And so, my fellow Americans. Ask not what your country can do for you.' },
    ];
    expect(wordsShownAfterEnd(records, 0, truth)).toEqual([
      { ms: 400, matched: true },
      { ms: 700, matched: true },
    ]);
    expect(wordsShownAfterEnd(records, 100, truth)).toEqual([
      { ms: 300, matched: true },
      { ms: 600, matched: true },
    ]);
  });

  it('does not count the same word said earlier; a misrecognised last word is timed by its final', () => {
    const records = [
      { t: 3500, partial: '', finals: 'And so, my fellow Americans. What you can do for' }, // "you" not yet said
      { t: 9200, partial: '', finals: 'And so, my fellow Americans. What you can do for. Ask not what your country can do for ewe.' },
    ];
    expect(wordsShownAfterEnd(records, 0, truth.slice(1))).toEqual([{ ms: 1200, matched: false }]);
  });

  it('needs the last three words in order, so a last word said earlier in the stretch does not count', () => {
    const jfk = [{ startS: 0, endS: 11, text: 'ask not what your country can do for you, ask what you can do for your country.' }];
    const records = [
      { t: 6000, partial: 'Ask not what your country can do for you', finals: '' },
      { t: 11600, partial: 'Ask not what your country can do for you, ask what you can do for your country.', finals: '' },
    ];
    expect(wordsShownAfterEnd(records, 0, jfk)).toEqual([{ ms: 600, matched: true }]);
  });
});
