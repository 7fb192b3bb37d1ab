import { describe, expect, it } from 'vitest';
import { EnergyGate, frameDb, defaultEnergyGateOptions } from '../workers/vad/energy-gate';

function noiseFrame(db: number, seed: number): Float32Array {
  const amp = 10 ** (db / 20) * Math.sqrt(3); // uniform noise: rms = amp/√3
  let s = seed;
  return Float32Array.from({ length: 512 }, () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return ((s / 0x7fffffff) * 2 - 1) * amp;
  });
}

describe('EnergyGate', () => {
  it('measures frame level in dBFS', () => {
    expect(frameDb(noiseFrame(-40, 1))).toBeCloseTo(-40, 0);
    expect(frameDb(new Float32Array(512))).toBeLessThan(-100);
  });

  it('learns the room and closes on steady noise after warm-up', () => {
    const gate = new EnergyGate();
    let open = 0;
    for (let i = 0; i < 300; i++) if (gate.open(frameDb(noiseFrame(-50, i))) && i > defaultEnergyGateOptions.warmupFrames) open++;
    expect(open).toBe(0);
    expect(gate.noiseFloorDb).toBeCloseTo(-50, 0);
  });

  it('opens for a frame well above the floor, and holds open for the tail', () => {
    const gate = new EnergyGate();
    for (let i = 0; i < 100; i++) gate.open(frameDb(noiseFrame(-55, i)));
    expect(gate.open(frameDb(noiseFrame(-40, 7)))).toBe(true);
    for (let i = 0; i < defaultEnergyGateOptions.holdFrames; i++) expect(gate.open(frameDb(noiseFrame(-55, i)))).toBe(true);
    expect(gate.open(frameDb(noiseFrame(-55, 99)))).toBe(false);
  });

  it('always lets loud frames through and never digital silence', () => {
    const gate = new EnergyGate();
    for (let i = 0; i < 100; i++) gate.open(frameDb(noiseFrame(-25, i))); // a loud room
    expect(gate.open(frameDb(noiseFrame(-25, 5)))).toBe(true);
    const quiet = new EnergyGate();
    for (let i = 0; i < 100; i++) expect(quiet.open(-120)).toBe(false);
  });

  it('tells room-level frames from louder ones, whatever its hold says', () => {
    const gate = new EnergyGate();
    for (let i = 0; i < 100; i++) gate.open(frameDb(noiseFrame(-55, i)));
    gate.open(frameDb(noiseFrame(-30, 1))); // opens, and holds
    expect(gate.atRoomLevel(frameDb(noiseFrame(-55, 3)))).toBe(true);
    expect(gate.atRoomLevel(frameDb(noiseFrame(-40, 3)))).toBe(false);
    expect(gate.atRoomLevel(-120)).toBe(true);
  });

  it('calls nothing but digital silence room-level until it has learned the room', () => {
    const gate = new EnergyGate();
    for (let i = 0; i < 5; i++) gate.open(frameDb(noiseFrame(-30, i))); // speech the moment the mic opens
    expect(gate.settled).toBe(false);
    expect(gate.atRoomLevel(frameDb(noiseFrame(-32, 9)))).toBe(false);
    expect(gate.atRoomLevel(-120)).toBe(true);
  });
});
