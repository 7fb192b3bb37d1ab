// Small live charts for the diagnostics panel: bounded series and SVG sparkline geometry. Pure.

/** Appends `value`, keeping at most `max` newest points; returns a new array (for `$state.raw`). */
export function pushBounded(series: readonly number[], value: number, max: number): number[] {
  const start = Math.max(0, series.length + 1 - max);
  const next = series.slice(start);
  next.push(value);
  return next;
}

/**
 * Reduces a series to at most `buckets` points by keeping each bucket's min and max in time order,
 * so spikes survive downsampling (a plain average would hide them).
 */
export function downsample(values: readonly number[], buckets: number): number[] {
  if (values.length <= buckets * 2 || buckets < 1) return values.slice();
  const out: number[] = [];
  const size = values.length / buckets;
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(values.length, Math.floor((b + 1) * size));
    let lo = from;
    let hi = from;
    for (let i = from; i < to; i++) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    if (lo === hi) out.push(values[lo]);
    else if (lo < hi) out.push(values[lo], values[hi]);
    else out.push(values[hi], values[lo]);
  }
  return out;
}

export interface Sparkline {
  /** `points` attribute of an SVG polyline in a `width`×`height` box; empty with no data. */
  points: string;
  max: number;
  last: number | null;
}

/** y grows downwards; the scale starts at 0 and reaches at least `floor` so a flat line sits low. */
export function sparkline(values: readonly number[], width: number, height: number, floor = 1e-9, pad = 2): Sparkline {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { points: '', max: floor, last: null };
  const data = downsample(finite, Math.max(1, Math.floor(width / 2)));
  const max = Math.max(floor, ...data);
  const step = data.length > 1 ? (width - 2 * pad) / (data.length - 1) : 0;
  const y = (v: number) => pad + (height - 2 * pad) * (1 - v / max);
  const points = data.map((v, i) => `${(pad + i * step).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return {
    points: data.length === 1 ? `${pad},${y(data[0]).toFixed(1)} ${width - pad},${y(data[0]).toFixed(1)}` : points,
    max,
    last: finite[finite.length - 1],
  };
}
