import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES, Segmenter, validateSegmenterOptions, defaultSegmenterOptions, type SegmenterEvent } from '../workers/vad/segmenter';

const FRAME_MS = (FRAME_SAMPLES / 16000) * 1000; // 32 ms

/** Feeds one frame per probability; each frame's samples hold its index so cuts can be checked exactly. */
function run(seg: Segmenter, probabilities: number[], startIndex = 0): SegmenterEvent[] {
  const events: SegmenterEvent[] = [];
  probabilities.forEach((p, i) => events.push(...seg.push(new Float32Array(FRAME_SAMPLES).fill(startIndex + i), p)));
  return events;
}

const speech = (n: number) => Array<number>(n).fill(0.9);
const silence = (n: number) => Array<number>(n).fill(0.05);
const segments = (events: SegmenterEvent[]) => events.filter((e) => e.type === 'segment');

describe('Segmenter', () => {
  it('cuts one segment with pre-speech pad, speech and post pad', () => {
    const seg = new Segmenter({ preSpeechPadMs: 64, postSpeechPadMs: 64, redemptionMs: 320, minSpeechMs: 96 });
    const events = run(seg, [...silence(10), ...speech(20), ...silence(15)]);
    expect(events[0]).toMatchObject({ type: 'speech-start' });
    const [s] = segments(events);
    expect(s).toBeDefined();
    if (s?.type !== 'segment') throw new Error('no segment');
    // speech frames 10..29; pad 2 frames before, 2 after
    expect(s.startMs).toBeCloseTo(8 * FRAME_MS);
    expect(s.endMs).toBeCloseTo(32 * FRAME_MS);
    expect(s.audio.length).toBe(24 * FRAME_SAMPLES);
    expect(s.audio[0]).toBe(8);
    expect(s.audio[s.audio.length - 1]).toBe(31);
    expect(s.forced).toBe(false);
  });

  it('waits the whole redemption time before ending speech', () => {
    const seg = new Segmenter({ redemptionMs: 320 }); // 10 frames
    expect(segments(run(seg, [...speech(20), ...silence(9)]))).toHaveLength(0);
    expect(segments(seg.push(new Float32Array(FRAME_SAMPLES), 0.05))).toHaveLength(1);
  });

  it('keeps a comma pause inside one segment', () => {
    const seg = new Segmenter({ redemptionMs: 600 });
    const events = run(seg, [...speech(30), ...silence(12), ...speech(30), ...silence(30)]);
    expect(segments(events)).toHaveLength(1);
  });

  it('treats undecided frames as continuing speech', () => {
    const seg = new Segmenter({ redemptionMs: 320 });
    const events = run(seg, [...speech(10), ...Array<number>(30).fill(0.4), ...silence(12)]);
    const [s] = segments(events);
    expect(s?.type === 'segment' && s.endMs).toBeGreaterThan(40 * FRAME_MS - 1);
  });

  it('counts room-level frames as silence unless the model is sure, so a lagging tail ends on time', () => {
    // Silero's state lags the voice: after speech it keeps scoring 0.4–0.8 while the energy is at the room's level.
    const tail = [0.8, 0.45, 0.6, 0.4, 0.55, 0.3, ...silence(20)];
    const decidedAt = (roomLevel: boolean, threshold = defaultSegmenterOptions.roomLevelSpeechThreshold) => {
      const seg = new Segmenter({ redemptionMs: 320, roomLevelSpeechThreshold: threshold });
      run(seg, speech(20));
      for (let i = 0; i < tail.length; i++)
        if (segments(seg.push(new Float32Array(FRAME_SAMPLES), tail[i], roomLevel)).length) return 20 + i + 1;
      return null;
    };
    expect(decidedAt(true)).toBe(20 + 10); // the hangover starts at the first room-level frame
    expect(decidedAt(false)).toBe(20 + 5 + 10); // only below the negative threshold: five frames later
    expect(decidedAt(true, 1)).toBe(20 + 5 + 10); // 1 turns the rule off
  });

  it('keeps a sure speech frame at room level as speech (quiet speaker, loud room)', () => {
    const seg = new Segmenter({ redemptionMs: 320 });
    const events: SegmenterEvent[] = [];
    for (let i = 0; i < 60; i++) events.push(...seg.push(new Float32Array(FRAME_SAMPLES), 0.97, true));
    expect(seg.isSpeaking).toBe(true);
    expect(segments(events)).toHaveLength(0);
  });

  it('counts undecided frames towards the minimum speech length (a short word Silero is unsure of)', () => {
    const seg = new Segmenter({ minSpeechMs: 250, redemptionMs: 320 }); // 8 frames minimum
    const events = run(seg, [...silence(5), 0.64, 0.56, 0.5, 0.42, 0.38, 0.39, 0.4, 0.45, ...silence(20)]);
    expect(events.some((e) => e.type === 'misfire')).toBe(false);
    expect(segments(events)).toHaveLength(1);
  });

  it('drops an isolated burst only when Silero was unsure of it', () => {
    const weak = new Segmenter({ minSpeechMs: 250, redemptionMs: 320 });
    const dropped = run(weak, [...silence(5), 0.55, 0.6, 0.5, ...silence(50)]);
    expect(segments(dropped)).toHaveLength(0);
    expect(dropped.find((e) => e.type === 'misfire')).toMatchObject({ type: 'misfire', peak: 0.6 });
    const sure = new Segmenter({ minSpeechMs: 250, redemptionMs: 320 });
    const kept = run(sure, [...silence(5), ...speech(3), ...silence(50)]);
    expect(segments(kept)).toHaveLength(1);
    expect(kept.some((e) => e.type === 'misfire')).toBe(false);
  });

  it('never drops a short burst right after speech: it joins the previous segment, words between included', () => {
    const seg = new Segmenter({ preSpeechPadMs: 64, postSpeechPadMs: 64, minSpeechMs: 250, redemptionMs: 320, joinGapMs: 1000 });
    // speech, 20 silent frames (640 ms), a weak 3-frame burst ("ask not" scored low), silence
    const events = run(seg, [...silence(5), ...speech(30), ...silence(20), 0.55, 0.6, 0.5, ...silence(60)]);
    expect(events.some((e) => e.type === 'misfire')).toBe(false);
    const cuts = segments(events);
    expect(cuts).toHaveLength(2);
    const [first, joined] = cuts;
    if (first?.type !== 'segment' || joined?.type !== 'segment') throw new Error('missing segments');
    expect(first.joinsPrevious).toBe(false);
    expect(joined.joinsPrevious).toBe(true);
    expect(joined.startMs).toBe(first.startMs);
    // Contiguous audio from the first segment's start through the burst and its post pad.
    const frames = Array.from(joined.audio.filter((_, i) => i % FRAME_SAMPLES === 0));
    expect(frames).toEqual(Array.from({ length: frames.length }, (_, i) => 3 + i));
    expect(frames.at(-1)).toBe(5 + 30 + 20 + 3 + 1);
  });

  it('never drops a short burst right before speech: it opens the next segment', () => {
    const seg = new Segmenter({ preSpeechPadMs: 64, postSpeechPadMs: 64, minSpeechMs: 250, redemptionMs: 320, joinGapMs: 1000 });
    const events = run(seg, [...silence(40), 0.55, 0.6, 0.5, ...silence(22), ...speech(40), ...silence(40)]);
    expect(events.some((e) => e.type === 'misfire')).toBe(false);
    const cuts = segments(events);
    expect(cuts).toHaveLength(1);
    const [s] = cuts;
    if (s?.type !== 'segment') throw new Error('no segment');
    expect(s.audio[0]).toBe(38); // the burst's pre-speech pad, not the later speech's
    expect(s.joinsPrevious).toBe(false);
  });

  it('joins a short segment that follows within the join gap to the previous one', () => {
    const seg = new Segmenter({
      preSpeechPadMs: 0,
      postSpeechPadMs: 0,
      minSpeechMs: 96,
      redemptionMs: 320,
      joinGapMs: 1000,
      shortSpeechMs: 1200,
    });
    const events = run(seg, [...speech(60), ...silence(25), ...speech(15), ...silence(40)]);
    const cuts = segments(events);
    expect(cuts.map((e) => e.type === 'segment' && e.joinsPrevious)).toEqual([false, true]);
    const [, joined] = cuts;
    expect(joined?.type === 'segment' && [joined.audio[0], joined.audio.at(-1)]).toEqual([0, 99]);
  });

  it('bridges a longer gap that held loud sound Silero did not call speech (a word over crowd noise)', () => {
    const opts = { preSpeechPadMs: 0, postSpeechPadMs: 0, minSpeechMs: 250, redemptionMs: 320, joinGapMs: 1000, bridgeGapMs: 4000 };
    const feed = (seg: Segmenter, loudInGap: boolean) => {
      const events: SegmenterEvent[] = [];
      const push = (p: number, loud = false) => events.push(...seg.push(new Float32Array(FRAME_SAMPLES), p, false, loud));
      for (let i = 0; i < 60; i++) push(0.9);
      for (let i = 0; i < 100; i++) push(0.2, loudInGap && i >= 40 && i < 60); // 3.2 s gap; 20 loud frames scored 0.2
      for (let i = 0; i < 60; i++) push(0.9);
      for (let i = 0; i < 40; i++) push(0.05);
      return segments(events).map((e) => e.type === 'segment' && [e.joinsPrevious, e.audio.length / FRAME_SAMPLES]);
    };
    expect(feed(new Segmenter(opts), true)).toEqual([
      [false, 60],
      [true, 220],
    ]);
    expect(feed(new Segmenter(opts), false)).toEqual([
      [false, 60],
      [false, 60],
    ]);
  });

  it('starts the segment at the loud onset Silero confirmed late, within a bound', () => {
    const seg = new Segmenter({ preSpeechPadMs: 64, postSpeechPadMs: 0, redemptionMs: 320 });
    const events: SegmenterEvent[] = [];
    let i = 0;
    const push = (p: number, loud: boolean) => events.push(...seg.push(new Float32Array(FRAME_SAMPLES).fill(i++), p, false, loud));
    for (let k = 0; k < 40; k++) push(0.05, false);
    for (let k = 0; k < 10; k++) push(0.2, true); // a loud word scored low: frames 40–49
    for (let k = 0; k < 2; k++) push(0.2, false); // a stop consonant's closure does not end the run
    for (let k = 0; k < 30; k++) push(0.9, true);
    for (let k = 0; k < 20; k++) push(0.05, false);
    const [s] = segments(events);
    expect(s?.type === 'segment' && s.audio[0]).toBe(38); // the loud run's start minus the 2-frame pad, not frame 50
  });

  it('by default joins a phrase said 1.1 s after the sentence before it (JFK\'s "ask not" over crowd noise)', () => {
    const feed = (seg: Segmenter) => {
      const events: SegmenterEvent[] = [];
      const frames = [...speech(70), ...silence(34), ...speech(31), ...silence(40)]; // 2.2 s, 1.1 s, 1 s
      for (const p of frames) events.push(...seg.push(new Float32Array(FRAME_SAMPLES).fill(p > 0.5 ? 0.1 : 0), p));
      return segments(events).map((e) => e.type === 'segment' && e.joinsPrevious);
    };
    expect(feed(new Segmenter())).toEqual([false, true]);
    expect(feed(new Segmenter({ joinGapMs: 1000, phraseGapMs: 0 }))).toEqual([false, false]); // as it was: decoded alone
  });

  it('by default joins a long phrase after a pause of up to 1.25 s, while the two fit in 15 s', () => {
    const joins = (frames: number[]) => segments(run(new Segmenter(), frames)).map((e) => e.type === 'segment' && e.joinsPrevious);
    expect(joins([...speech(60), ...silence(25), ...speech(150), ...silence(40)])).toEqual([false, true]); // 0.8 s pause
    expect(joins([...speech(60), ...silence(40), ...speech(150), ...silence(40)])).toEqual([false, false]); // 1.3 s pause
    expect(joins([...speech(300), ...silence(25), ...speech(200), ...silence(40)])).toEqual([false, false]); // over 15 s
  });

  it('keeps segments apart when the gap is longer than the join gap', () => {
    const seg = new Segmenter({ minSpeechMs: 96, redemptionMs: 320, joinGapMs: 1000 });
    const events = run(seg, [...speech(60), ...silence(40), ...speech(15), ...silence(40)]);
    expect(segments(events).map((e) => e.type === 'segment' && e.joinsPrevious)).toEqual([false, false]);
  });

  it('flush keeps a short burst that follows speech', () => {
    const seg = new Segmenter({ minSpeechMs: 250, redemptionMs: 320 });
    run(seg, [...speech(30), ...silence(20), 0.55, 0.6]);
    const [s] = seg.flush();
    expect(s).toMatchObject({ type: 'segment', joinsPrevious: true });
  });

  it('forces a cut at the maximum length and keeps every sample exactly once', () => {
    const seg = new Segmenter({ maxSegmentMs: 1024, preSpeechPadMs: 0, postSpeechPadMs: 0, redemptionMs: 320 }); // 32 frames
    const events = segments(run(seg, [...speech(100), ...silence(12)]));
    expect(events.length).toBe(4);
    expect(events.slice(0, 3).every((e) => e.type === 'segment' && e.forced)).toBe(true);
    const all = events.flatMap((e) => (e.type === 'segment' ? Array.from(e.audio.filter((_, i) => i % FRAME_SAMPLES === 0)) : []));
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('announces a pause with the span the final will have, as soon as the pause begins; the pad not heard yet is silence', () => {
    const seg = new Segmenter({ preSpeechPadMs: 64, postSpeechPadMs: 128, pauseAfterMs: 64, redemptionMs: 320 });
    const probabilities = [...silence(5), ...speech(20), ...silence(12)];
    const events: SegmenterEvent[] = [];
    let pauseFrame = -1;
    probabilities.forEach((p, i) => {
      const out = seg.push(new Float32Array(FRAME_SAMPLES).fill(i), p);
      if (pauseFrame < 0 && out.some((e) => e.type === 'pause')) pauseFrame = i;
      events.push(...out);
    });
    const pause = events.find((e) => e.type === 'pause');
    const final = events.find((e) => e.type === 'segment');
    if (pause?.type !== 'pause' || final?.type !== 'segment') throw new Error('missing events');
    expect(pauseFrame).toBe(26); // the second silent frame, not the fourth (the pad's end)
    expect([pause.startMs, pause.endMs]).toEqual([final.startMs, final.endMs]);
    // Frames 3–26 heard, as the final has them; the pad's last two frames not yet: silence.
    const heard = 24 * FRAME_SAMPLES;
    expect(pause.audio.subarray(0, heard)).toEqual(final.audio.subarray(0, heard));
    expect(Array.from(new Set(pause.audio.subarray(heard)))).toEqual([0]);
    expect(Array.from(new Set(final.audio.subarray(heard)))).toEqual([27, 28]);
    expect(final.evidence).toBeGreaterThan(0.5);
  });

  it('announces a pause with exactly the audio the final will have when it waits for the whole pad', () => {
    const seg = new Segmenter({ preSpeechPadMs: 64, postSpeechPadMs: 96, pauseAfterMs: 96, redemptionMs: 320 });
    const events = run(seg, [...silence(5), ...speech(20), ...silence(12)]);
    const pause = events.find((e) => e.type === 'pause');
    const final = events.find((e) => e.type === 'segment');
    if (pause?.type !== 'pause' || final?.type !== 'segment') throw new Error('missing events');
    expect(events.indexOf(pause)).toBeLessThan(events.indexOf(final));
    expect([pause.startMs, pause.endMs]).toEqual([final.startMs, final.endMs]);
    expect(pause.audio).toEqual(final.audio);
  });

  it('tells when speech is open but the latest frames are silent', () => {
    const seg = new Segmenter({ redemptionMs: 320 });
    run(seg, speech(10));
    expect([seg.isSpeaking, seg.isPausing]).toEqual([true, false]);
    run(seg, silence(3));
    expect([seg.isSpeaking, seg.isPausing]).toEqual([true, true]);
    run(seg, speech(1));
    expect(seg.isPausing).toBe(false);
  });

  it('announces a new pause after speech resumes', () => {
    const seg = new Segmenter({ postSpeechPadMs: 64, redemptionMs: 640 });
    const events = run(seg, [...speech(20), ...silence(5), ...speech(10), ...silence(25)]);
    expect(events.filter((e) => e.type === 'pause')).toHaveLength(2);
    expect(segments(events)).toHaveLength(1);
  });

  it('flush finalises the open segment', () => {
    const seg = new Segmenter({ preSpeechPadMs: 0, postSpeechPadMs: 0 });
    run(seg, [...silence(3), ...speech(20)]);
    const [s] = seg.flush();
    expect(s).toMatchObject({ type: 'segment', forced: false });
    expect(seg.isSpeaking).toBe(false);
    expect(seg.flush()).toEqual([]);
  });

  it('clamps the pre-speech pad to the start of the stream', () => {
    const seg = new Segmenter({ preSpeechPadMs: 500, postSpeechPadMs: 0, redemptionMs: 320 });
    const [s] = segments(run(seg, [...speech(20), ...silence(12)]));
    expect(s?.type === 'segment' && s.startMs).toBe(0);
  });

  it('survives wrap-around of its circular buffer over a long stream', () => {
    const seg = new Segmenter({ maxSegmentMs: 2000, preSpeechPadMs: 64, postSpeechPadMs: 0, redemptionMs: 320 });
    const pattern = [...silence(200), ...speech(40), ...silence(12)];
    const events = segments(run(seg, [...pattern, ...pattern, ...pattern]));
    expect(events).toHaveLength(3);
    events.forEach((e, k) => {
      if (e.type !== 'segment') return;
      expect(e.audio[0]).toBe(k * pattern.length + 198);
      expect(e.audio[e.audio.length - 1]).toBe(k * pattern.length + 239);
    });
  });

  it('rejects invalid options with a clear error', () => {
    expect(() => validateSegmenterOptions({ ...defaultSegmenterOptions, negativeThreshold: 0.9 })).toThrow(/negativeThreshold/);
    expect(() => validateSegmenterOptions({ ...defaultSegmenterOptions, roomLevelSpeechThreshold: 0.3 })).toThrow(
      /roomLevelSpeechThreshold/,
    );
    expect(() => new Segmenter({ maxSegmentMs: 60000 })).toThrow(/maxSegmentMs/);
  });
});
