import { describe, expect, it } from 'vitest';
import { encodeWav, monoSamples, parseWav } from '../workers/shared/wav';

describe('encodeWav', () => {
  it('writes a 16 kHz mono PCM file whose samples read back', () => {
    const samples = Float32Array.from([0, 0.5, -0.5, 1, -1, 2]);
    const buf = Buffer.from(encodeWav(samples));
    expect(buf.toString('ascii', 0, 4)).toBe('RIFF');
    expect(buf.toString('ascii', 8, 12)).toBe('WAVE');
    expect(buf.readUInt32LE(24)).toBe(16000);
    expect(buf.readUInt16LE(22)).toBe(1);
    expect(buf.readUInt32LE(40)).toBe(samples.length * 2);
    const back = Array.from({ length: samples.length }, (_, i) => buf.readInt16LE(44 + 2 * i) / 32767);
    expect(back.map((v) => +v.toFixed(3))).toEqual([0, 0.5, -0.5, 1, -1, 1]); // clipped at full scale
  });
});

describe('parseWav / monoSamples', () => {
  it('reads back what encodeWav wrote, as float samples', () => {
    const samples = Float32Array.from([0, 0.25, -0.5]);
    const wav = parseWav(new Uint8Array(encodeWav(samples)));
    expect(wav).toMatchObject({ sampleRate: 16000, channels: 1 });
    expect(Array.from(monoSamples(wav), (v) => +v.toFixed(3))).toEqual([0, 0.25, -0.5]);
  });

  it('refuses another rate or channel count for mono 16 kHz reading', () => {
    const wav = parseWav(new Uint8Array(encodeWav(new Float32Array(4), 8000)));
    expect(() => monoSamples(wav)).toThrow(/expected mono 16000 Hz, got 1 channel\(s\) at 8000 Hz/);
  });
});
