// The level meter's scale: the capture's peak level (0..1, linear) on a -60..0 dBFS bar. Pure.

export const METER_FLOOR_DB = -60;

export function levelToFraction(level: number): number {
  if (!(level > 0)) return 0;
  const db = 20 * Math.log10(Math.min(1, level));
  return Math.max(0, Math.min(1, (db - METER_FLOOR_DB) / -METER_FLOOR_DB));
}
