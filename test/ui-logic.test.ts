import { describe, expect, it } from 'vitest';
import { followAfterScroll, isAtBottom } from '../src/ui/autoscroll';
import { downsample, pushBounded, sparkline } from '../src/ui/chart';
import { connectionText } from '../src/ui/connection';
import { deviceNote, eosLatencies, median, segmentRtf, vadShare } from '../src/ui/diagnostics-data';
import { levelToFraction } from '../src/ui/level';
import { hasLabels, micOptions } from '../src/ui/mic-options';
import { downloadBytes } from '../src/ui/model-sizes';
import { formatRate, RateMeter } from '../src/ui/rate-meter';
import { isRecordShortcut, type KeyLike } from '../src/ui/shortcut';
import { transcriptText } from '../src/ui/transcript-text';
import type { SegmentMetrics } from '../workers/protocol';

describe('record shortcut', () => {
  const el = (tagName: string, role?: string) => ({
    tagName,
    isContentEditable: false,
    closest: (s: string) => (role && s.includes(`[role=${role}]`) ? {} : null),
  });
  const key = (over: Partial<KeyLike> = {}): KeyLike => ({
    code: 'Space',
    key: ' ',
    repeat: false,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    defaultPrevented: false,
    target: el('BODY') as unknown as EventTarget,
    ...over,
  });
  it('is Space on the page', () => {
    expect(isRecordShortcut(key())).toBe(true);
    expect(isRecordShortcut(key({ target: el('DIV') as unknown as EventTarget }))).toBe(true);
    expect(isRecordShortcut(key({ target: null }))).toBe(true);
  });
  it('leaves Space to fields and controls, repeats and modified keys', () => {
    for (const tag of ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'A', 'SUMMARY'])
      expect(isRecordShortcut(key({ target: el(tag) as unknown as EventTarget }))).toBe(false);
    expect(isRecordShortcut(key({ target: el('DIV', 'checkbox') as unknown as EventTarget }))).toBe(false);
    expect(isRecordShortcut(key({ target: el('DIV', 'log') as unknown as EventTarget }))).toBe(false); // Space scrolls the transcript
    expect(isRecordShortcut(key({ target: { tagName: 'DIV', isContentEditable: true } as unknown as EventTarget }))).toBe(false);
    expect(isRecordShortcut(key({ repeat: true }))).toBe(false);
    expect(isRecordShortcut(key({ ctrlKey: true }))).toBe(false);
    expect(isRecordShortcut(key({ shiftKey: true }))).toBe(false);
    expect(isRecordShortcut(key({ defaultPrevented: true }))).toBe(false);
    expect(isRecordShortcut(key({ code: 'KeyR', key: 'r' }))).toBe(false);
  });
});

describe('autoscroll', () => {
  const box = (scrollTop: number, scrollHeight = 1000, clientHeight = 300) => ({ scrollTop, scrollHeight, clientHeight });
  it('knows the bottom within a little slack', () => {
    expect(isAtBottom(box(700))).toBe(true);
    expect(isAtBottom(box(680))).toBe(true);
    expect(isAtBottom(box(600))).toBe(false);
  });
  it('stops following when the reader scrolls up and resumes at the bottom', () => {
    expect(followAfterScroll(true, 700, box(500))).toBe(false);
    expect(followAfterScroll(false, 500, box(600))).toBe(false); // down, not yet at the end
    expect(followAfterScroll(false, 600, box(700))).toBe(true);
  });
  it('keeps following while new text grows the box', () => {
    expect(followAfterScroll(true, 700, box(700, 1400))).toBe(true);
  });
});

describe('charts', () => {
  it('bounds a series, keeping the newest points', () => {
    let s: number[] = [];
    for (let i = 0; i < 500; i++) s = pushBounded(s, i, 120);
    expect(s.length).toBe(120);
    expect(s[0]).toBe(380);
    expect(s[119]).toBe(499);
  });
  it('downsamples to at most two points a bucket and keeps spikes', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i === 637 ? 100 : 1));
    const out = downsample(values, 50);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(Math.max(...out)).toBe(100);
    expect(downsample([1, 2, 3], 50)).toEqual([1, 2, 3]);
  });
  it('draws a sparkline inside its box, empty without data', () => {
    expect(sparkline([], 100, 40).points).toBe('');
    const line = sparkline([0, 5, 10], 100, 40, 1, 0);
    expect(line.max).toBe(10);
    expect(line.last).toBe(10);
    expect(line.points).toBe('0.0,40.0 50.0,20.0 100.0,0.0');
    expect(sparkline([0.2], 100, 40, 1, 0).points.split(' ')).toHaveLength(2);
    const ys = sparkline([0.1, 0.2], 100, 40, 1, 0)
      .points.split(' ')
      .map((p) => Number(p.split(',')[1]));
    expect(Math.min(...ys)).toBeGreaterThan(30); // the floor keeps small values low
    expect(sparkline([1, Number.NaN, 2], 100, 40).last).toBe(2);
  });
});

describe('download speed', () => {
  it('measures bytes per second over the recent window', () => {
    const m = new RateMeter(2000);
    expect(m.bytesPerSecond).toBe(0);
    m.add(0, 0);
    m.add(5e6, 1000);
    expect(m.bytesPerSecond).toBeCloseTo(5e6);
    for (let t = 1100; t <= 6000; t += 100) m.add(5e6 + (t - 1000) * 1000, t); // then 1 MB/s
    expect(m.bytesPerSecond).toBeCloseTo(1e6, -3);
    expect(formatRate(m.bytesPerSecond)).toBe('1.0 MB/s');
  });
  it('starts over when the total goes down and stays bounded', () => {
    const m = new RateMeter(1e9, 8);
    for (let t = 0; t < 100; t++) m.add(t * 10, t * 1000);
    expect(m.bytesPerSecond).toBeCloseTo(10);
    m.add(0, 200_000);
    expect(m.bytesPerSecond).toBe(0);
  });
});

describe('diagnostics data', () => {
  const seg = (audioMs: number, inferMs: number, eosToFinalMs: number): SegmentMetrics => ({
    audioMs,
    inferMs,
    eosToFinalMs,
    queueMs: 0,
    tokens: 5,
  });
  it('says which engine runs Whisper and why', () => {
    expect(deviceNote('auto', 'webgpu', true)).toMatch(/WebGPU/);
    expect(deviceNote('auto', 'wasm', false)).toMatch(/no WebGPU/);
    expect(deviceNote('auto', 'wasm', true)).toMatch(/no hardware graphics adapter/);
    expect(deviceNote('webgpu', 'wasm', true)).toMatch(/fell back/);
    expect(deviceNote('wasm', 'wasm', true)).toMatch(/as chosen/);
    expect(deviceNote('auto', '', true)).toBe('not loaded yet');
  });
  it('derives shares, per-segment RTF, latencies and medians', () => {
    expect(vadShare({ framesTotal: 100, framesGated: 75, framesModel: 25, speechStartLatencyMs: [], burstsDropped: 0 }).gatedShare).toBe(
      0.75,
    );
    expect(vadShare(null)).toEqual({ total: 0, gated: 0, modelled: 0, gatedShare: 0 });
    expect(segmentRtf([seg(1000, 250, 300), seg(0, 10, 5)])).toEqual([0.25]);
    expect(eosLatencies([seg(1000, 250, 300), seg(500, 100, 120)])).toEqual([300, 120]);
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('level meter scale', () => {
  it('maps -60..0 dBFS onto 0..1', () => {
    expect(levelToFraction(0)).toBe(0);
    expect(levelToFraction(0.0005)).toBe(0);
    expect(levelToFraction(1)).toBe(1);
    expect(levelToFraction(2)).toBe(1);
    expect(levelToFraction(0.001)).toBeCloseTo(0);
    expect(levelToFraction(0.0316)).toBeCloseTo(0.5, 2);
    expect(levelToFraction(Number.NaN)).toBe(0);
  });
});

describe('microphone list', () => {
  it('keeps real audio inputs once, names unnamed ones, hides virtual entries', () => {
    const devices = [
      { kind: 'audioinput', deviceId: 'default', label: 'Default - Mic A' },
      { kind: 'audioinput', deviceId: 'a', label: 'Mic A' },
      { kind: 'audioinput', deviceId: 'a', label: 'Mic A' },
      { kind: 'videoinput', deviceId: 'v', label: 'Camera' },
      { kind: 'audioinput', deviceId: 'b', label: '' },
      { kind: 'audioinput', deviceId: '', label: '' },
    ] as MediaDeviceInfo[];
    expect(micOptions(devices)).toEqual([
      { deviceId: 'a', label: 'Mic A' },
      { deviceId: 'b', label: 'Microphone 2' },
    ]);
    expect(hasLabels(devices)).toBe(true);
    expect(hasLabels([{ kind: 'audioinput', deviceId: '', label: '' }] as MediaDeviceInfo[])).toBe(false);
  });
});

describe('copy text and model sizes', () => {
  it('writes one line per segment, with times when asked', () => {
    const segs = [
      { text: 'Hello there.', startMs: 0, endMs: 900 },
      { text: 'Again.', startMs: 65_000, endMs: 66_000 },
    ];
    expect(transcriptText(segs)).toBe('Hello there.\nAgain.');
    expect(transcriptText(segs, true)).toBe('[0:00] Hello there.\n[1:05] Again.');
  });
  it('sums a model’s files from the manifest', () => {
    const m = {
      models: { x: { id: 'org/x' } },
      files: { 'org/x/a.onnx': { bytes: 10 }, 'org/x/b.json': { bytes: 5 }, 'org/xy/c': { bytes: 99 } },
    };
    expect(downloadBytes('x', m)).toBe(15);
    expect(downloadBytes('missing', m)).toBe(0);
    // An edited file is downloaded instead of the one it was made from (that one is only the fallback).
    const edited = { ...m, files: { ...m.files, 'org/x/a.edited.onnx': { bytes: 11, edit: { of: 'org/x/a.onnx' } } } };
    expect(downloadBytes('x', edited)).toBe(16);
    expect(downloadBytes('whisper-base')).toBeGreaterThan(downloadBytes('whisper-tiny'));
  });
});

describe('connection badge', () => {
  it('says when the browser refused to store the model, instead of storing for ever', () => {
    expect(connectionText('unavailable', true)).toMatch(/^Not stored for offline use/);
    expect(connectionText('storing', true)).toBe('Online — storing for offline use…');
    expect(connectionText('ready', true)).toBe('Ready offline');
    expect(connectionText('ready', false)).toBe('Offline — works without a network');
    expect(connectionText('storing', false)).toBe('Offline — not yet stored for offline use');
  });
});
