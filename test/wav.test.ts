import { describe, expect, it } from 'vitest';
import { encodeWav } from '../workers/shared/wav';

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
