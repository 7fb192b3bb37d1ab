// Scoring and the printed tables for `npm run bench:soak`: pure functions over the raw results.
import { wer } from '../../src/eval/wer';

/** Memory growth target, bytes per hour of audio after warm-up. */
export const GROWTH_LIMIT_BYTES_PER_HOUR = 5 * 2 ** 20;
/** A later pass may score at most this much worse than the first and still count as complete. */
export const WER_SLACK = 0.01;

export interface MemorySample {
  /** Audio pushed through the pipeline so far, minutes. */
  audioMin: number;
  /** `performance.measureUserAgentSpecificMemory()` (page and its workers); null when it did not answer. */
  uaBytes: number | null;
  /** Main thread's JS heap after a forced collection. */
  jsHeapBytes: number;
}

export interface FastPass extends MemorySample {
  pass: number;
  wallMs: number;
  segments: number;
  hypothesis: string;
}

export interface FastSoak {
  file: string;
  fileS: number;
  reference: string;
  /** Memory after loading, before the first pass. */
  baseline: MemorySample;
  passes: FastPass[];
  device: string;
  model: string;
}

export interface RealtimeSoak {
  file: string;
  audioS: number;
  reference: string;
  hypothesis: string;
  samples: MemorySample[];
  segments: number;
  overruns: number;
  stopMs: number;
}

export type Phase = 'idle' | 'speaking' | 'transcribing';

export interface CpuPhase {
  profile: string;
  phase: Phase;
  audioS: number;
  /** Renderer process CPU time (all its threads: main, workers, audio worklet, GC). */
  cpuMs: number;
  /** Main thread task time only. */
  mainMs: number;
  wallMs: number;
  model: string;
  device: string;
}

export type Outcome<T> = T | { error: string } | { skipped: string };

export interface SoakResults {
  date: string;
  machine: string;
  browser: string;
  options: { passes: number; realtimeMin: number; phaseS: number; profiles: string[] };
  fast: Outcome<FastSoak>;
  realtime: Outcome<RealtimeSoak>;
  cpu: Array<Outcome<CpuPhase>>;
}

export interface Verdict {
  pass: boolean;
  line: string;
}

export function isDone<T extends object>(o: Outcome<T>): o is T {
  return !('error' in o) && !('skipped' in o);
}

/** Least-squares line through (x, y); null with fewer than two distinct x. */
export function linearFit(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  const mx = xs.slice(0, n).reduce((a, b) => a + b, 0) / n;
  const my = ys.slice(0, n).reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

export interface Growth {
  /** Bytes per hour of audio; null when too few samples. */
  bytesPerHour: number | null;
  /** Samples fitted (after warm-up). */
  fitted: number;
  /** Whether the warm-up samples could be left out. */
  warmupExcluded: boolean;
}

/**
 * Growth per hour of audio, fitted over the samples from index `warmup` on (the first ones carry the
 * allocations of start-up: caches, compiled code, pools). With too few samples left, all are fitted.
 */
export function growthPerHour(samples: readonly MemorySample[], key: 'uaBytes' | 'jsHeapBytes', warmup: number): Growth {
  const usable = samples.filter((s) => typeof s[key] === 'number');
  const warmupExcluded = usable.length - warmup >= 2;
  const fitted = warmupExcluded ? usable.slice(warmup) : usable;
  const fit = linearFit(
    fitted.map((s) => s.audioMin / 60),
    fitted.map((s) => s[key] as number),
  );
  return { bytesPerHour: fit?.slope ?? null, fitted: fitted.length, warmupExcluded };
}

export const mib = (bytes: number | null): string => (bytes === null ? '—' : (bytes / 2 ** 20).toFixed(1));
const signedMib = (bytes: number | null): string => (bytes === null ? '—' : `${bytes >= 0 ? '+' : ''}${(bytes / 2 ** 20).toFixed(2)}`);

export function table(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')).join('\n');
}

function growthVerdict(
  what: string,
  samples: readonly MemorySample[],
  warmup: number,
  warmupLabel: string,
): { lines: string[]; verdict: Verdict } {
  const ua = growthPerHour(samples, 'uaBytes', warmup);
  const heap = growthPerHour(samples, 'jsHeapBytes', warmup);
  const lines = [
    `growth per hour of audio${ua.warmupExcluded ? ` after warm-up (${warmupLabel}, ${ua.fitted} samples)` : ` (too few samples to leave out warm-up: all ${ua.fitted} fitted)`}: ` +
      `UA memory ${signedMib(ua.bytesPerHour)} MiB/h, JS heap ${signedMib(heap.bytesPerHour)} MiB/h`,
  ];
  // The UA measurement covers the workers and wasm memory; the main-thread heap stands in when it is missing.
  const basis =
    ua.bytesPerHour !== null
      ? { name: 'UA memory', g: ua.bytesPerHour }
      : heap.bytesPerHour !== null
        ? { name: 'JS heap (UA memory unavailable)', g: heap.bytesPerHour }
        : null;
  const verdict: Verdict = basis
    ? {
        pass: basis.g < GROWTH_LIMIT_BYTES_PER_HOUR,
        line: `${what}: ${basis.name} grows ${signedMib(basis.g)} MiB per hour of audio (target < ${mib(GROWTH_LIMIT_BYTES_PER_HOUR)})`,
      }
    : { pass: false, line: `${what}: too few memory samples to fit a growth rate` };
  return { lines, verdict };
}

export function fastReport(f: FastSoak): { text: string; verdicts: Verdict[] } {
  const wers = f.passes.map((p) => wer(f.reference, p.hypothesis));
  const rows: Array<Array<string | number>> = [['pass', 'audio min', 'UA MiB', 'JS heap MiB', 'WER', 'segments', 'wall s', 'RTF']];
  rows.push(['loaded', '0.0', mib(f.baseline.uaBytes), mib(f.baseline.jsHeapBytes), '', '', '', '']);
  f.passes.forEach((p, i) =>
    rows.push([
      p.pass,
      p.audioMin.toFixed(1),
      mib(p.uaBytes),
      mib(p.jsHeapBytes),
      wers[i].toFixed(3),
      p.segments,
      (p.wallMs / 1000).toFixed(0),
      (p.wallMs / 1000 / f.fileS).toFixed(2),
    ]),
  );
  const g = growthVerdict('fast soak', f.passes, 2, 'passes 3..N');
  const verdicts = [g.verdict];
  if (wers.length) {
    const worst = Math.max(...wers);
    verdicts.push({
      pass: worst <= wers[0] + WER_SLACK,
      line: `fast soak: transcript complete on every pass (worst WER ${worst.toFixed(3)} vs pass 1 ${wers[0].toFixed(3)} + ${WER_SLACK})`,
    });
    const audioMin = f.passes[f.passes.length - 1].audioMin;
    verdicts.push({ pass: audioMin >= 60, line: `fast soak: ${audioMin.toFixed(1)} minutes of audio pushed (target ≥ 60)` });
  }
  const head = `Fast soak: ${f.file} (${f.fileS.toFixed(1)} s) through transcribeFile × ${f.passes.length} in one page — ${f.model} on ${f.device}`;
  return { text: [head, '', table(rows), '', ...g.lines].join('\n'), verdicts };
}

export function realtimeReport(r: RealtimeSoak): { text: string; verdicts: Verdict[] } {
  const score = wer(r.reference, r.hypothesis);
  const rows: Array<Array<string | number>> = [
    ['audio min', 'UA MiB', 'JS heap MiB'],
    ...r.samples.map((s) => [s.audioMin.toFixed(1), mib(s.uaBytes), mib(s.jsHeapBytes)]),
  ];
  const g = growthVerdict('real-time soak', r.samples, 2, 'from minute 2');
  const verdicts = [
    g.verdict,
    { pass: r.overruns === 0, line: `real-time soak: ${r.overruns} ring overrun samples (target 0)` },
    { pass: r.audioS >= 600, line: `real-time soak: ${(r.audioS / 60).toFixed(1)} minutes through the fake microphone (target ≥ 10)` },
  ];
  const head = `Real-time soak: ${r.file} (${(r.audioS / 60).toFixed(1)} min) through the fake microphone in one session`;
  const tail = `final text: ${r.segments} segments, WER ${score.toFixed(3)} against the repeated reference; drained ${(r.stopMs / 1000).toFixed(1)} s after Stop`;
  return { text: [head, '', table(rows), '', ...g.lines, tail].join('\n'), verdicts };
}

export function cpuReport(phases: ReadonlyArray<Outcome<CpuPhase>>): string {
  const done = phases.filter(isDone);
  const rows: Array<Array<string | number>> = [
    ['profile', 'phase', 'model', 'device', 'audio s', 'wall s', 'CPU ms / audio s', 'main thread ms / audio s'],
  ];
  for (const p of done)
    rows.push([
      p.profile,
      p.phase,
      p.model,
      p.device,
      p.audioS.toFixed(0),
      (p.wallMs / 1000).toFixed(1),
      (p.cpuMs / p.audioS).toFixed(0),
      (p.mainMs / p.audioS).toFixed(0),
    ]);
  const failed = phases.filter((p) => !isDone(p)).map((p) => `  ${'error' in p ? p.error : (p as { skipped: string }).skipped}`);
  return [
    'CPU per phase (renderer process CPU time — page, workers, audio worklet — per second of audio):',
    '',
    table(rows),
    ...(failed.length ? ['', 'not measured:', ...failed] : []),
  ].join('\n');
}

export function report(r: SoakResults): { text: string; verdicts: Verdict[] } {
  const parts: string[] = [`Soak benchmark — ${r.date}; ${r.machine}; ${r.browser}`];
  const verdicts: Verdict[] = [];
  const section = <T extends object>(name: string, o: Outcome<T>, render: (x: T) => { text: string; verdicts: Verdict[] }) => {
    if (isDone(o)) {
      const out = render(o);
      parts.push(out.text);
      verdicts.push(...out.verdicts);
    } else if ('skipped' in o) parts.push(`${name}: skipped (${o.skipped})`);
    else {
      parts.push(`${name}: could not run: ${o.error}`);
      verdicts.push({ pass: false, line: `${name}: did not run` });
    }
  };
  section('Fast soak', r.fast, fastReport);
  section('Real-time soak', r.realtime, realtimeReport);
  parts.push(cpuReport(r.cpu));
  parts.push(verdicts.map((v) => `${v.pass ? 'PASS' : 'FAIL'}  ${v.line}`).join('\n'));
  return { text: parts.join('\n\n'), verdicts };
}
