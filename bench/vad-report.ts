// Turns the bench page's raw detections into the printed report: ground truth from the corpus manifest,
// scores, the comparison table and the targets for our VAD. Pure (text in, text out).
import type { BenchResult, DetectorResult } from './vad-bench-protocol';
import { boundaryStats, checkTargets, combineScores, scoreDetections, type Score, type Span } from './vad-score';

export interface TruthSpan extends Span {
  label: string;
}

/** File name → its true speech, from the corpus manifest (`speech_segments`, in seconds). */
export type Truth = Record<string, TruthSpan[]>;

interface ManifestSegment {
  id?: string;
  speech_start_s: number;
  speech_end_s: number;
}

export function truthFromManifest(jsonl: string, files: readonly string[]): Truth {
  const entries = jsonl
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { file: string; speech_segments?: ManifestSegment[] });
  const truth: Truth = {};
  for (const file of files) {
    const segments = entries.find((e) => e.file === file)?.speech_segments;
    if (!Array.isArray(segments)) throw new Error(`${file}: the manifest gives no speech_segments for it`);
    truth[file] = segments.map((s, i) => ({
      label: s.id ?? `#${i + 1}`,
      startMs: Math.round(s.speech_start_s * 1000),
      endMs: Math.round(s.speech_end_s * 1000),
    }));
  }
  return truth;
}

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface DetectorSummary {
  result: DetectorResult;
  /** Over the files with speech. */
  speech: Score;
  /** Over the files without speech. */
  noise: Score;
  /** Renderer CPU ms per second of audio (wall time when CPU time was not measured). */
  cpuMsPerAudioS: number;
  wallMsPerAudioS: number;
}

export function summarize(result: BenchResult, truth: Truth): DetectorSummary[] {
  return result.detectors.map((d) => {
    const files = Object.keys(truth);
    const score = (withSpeech: boolean) =>
      combineScores(files.filter((f) => truth[f].length > 0 === withSpeech).map((f) => scoreDetections(truth[f], d.detections[f] ?? [])));
    const audioS = d.audioMs / 1000;
    const wallMsPerAudioS = median(d.timedMs) / audioS;
    // CPU time where the runner could read it: robust to other load on the machine; else wall time.
    const cpuMsPerAudioS = d.cpuMs.length ? median(d.cpuMs) / audioS : wallMsPerAudioS;
    return { result: d, speech: score(true), noise: score(false), cpuMsPerAudioS, wallMsPerAudioS };
  });
}

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const signed = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(0)}` : '–');

export function vadReport(result: BenchResult, truth: Truth, runs: number): string {
  const summaries = summarize(result, truth);
  const out: string[] = [];
  const speechFiles = Object.keys(truth).filter((f) => truth[f].length);
  const noiseFiles = Object.keys(truth).filter((f) => !truth[f].length);
  out.push(`files: speech ${speechFiles.join(', ')}; noise ${noiseFiles.join(', ')}`);
  const cpuKind = result.detectors.every((d) => d.cpuMs.length) ? 'renderer process CPU time' : 'wall time (CPU time unavailable)';
  out.push(`browser: ${result.userAgent} (cross-origin isolated: ${result.crossOriginIsolated})`);
  out.push(`CPU: ${cpuKind}, median of ${runs} timed runs after a warm-up, one wasm thread each; wall: the same runs' wall time`);
  out.push('');
  out.push(
    formatTable(
      [
        'VAD',
        'model (ort)',
        'hangover ms',
        'hit',
        'missed',
        'FA speech',
        'FA noise',
        'start err ms |mean| (signed)',
        'end decided ms mean / max',
        'pause seen ms mean / max',
        'splits / merges',
        'CPU ms per audio s',
        'wall ms per audio s',
      ],
      summaries.map(({ result: d, speech, noise, cpuMsPerAudioS, wallMsPerAudioS }) => {
        const b = boundaryStats(speech);
        return [
          d.label,
          `${d.model} (${d.ort})`,
          String(d.hangoverMs),
          String(speech.hits),
          String(speech.missed),
          String(speech.falseAlarms),
          String(noise.falseAlarms),
          `${fmt(b.startMeanAbsMs)} (${signed(b.startMeanMs)})`,
          `${signed(b.endMeanMs)} / ${signed(b.endMaxMs)}`,
          `${signed(b.pauseMeanMs)} / ${signed(b.pauseMaxMs)}`,
          `${speech.splits} / ${speech.merges}`,
          fmt(cpuMsPerAudioS, 2),
          fmt(wallMsPerAudioS, 2),
        ];
      }),
    ),
  );
  out.push('');
  out.push('hit: a detection (onset → decided end) overlaps the utterance; FA: a detection overlapping no utterance;');
  out.push('start err: detected onset − true start; end decided: when the VAD closed the segment − true end;');
  out.push('pause seen: when the VAD saw the pause that ended the speech (live dictation decodes it then) − true end.');

  // Per utterance, side by side: where each detector is early, late, split or silent.
  const labels = summaries.map((s) => s.result.label);
  const perUtterance = summaries[0]?.speech.utterances.map((u, i) => {
    const t = u.truth as TruthSpan;
    return [
      t.label ?? `#${i + 1}`,
      `${(t.startMs / 1000).toFixed(2)}–${(t.endMs / 1000).toFixed(2)}`,
      ...summaries.map((s) => {
        const v = s.speech.utterances[i];
        if (!v?.hit) return 'missed';
        return `${signed(v.startErrorMs ?? NaN)} / ${signed(v.endErrorMs ?? NaN)}${v.detections > 1 ? ` (${v.detections} parts)` : ''}`;
      }),
    ];
  });
  if (perUtterance?.length) {
    out.push('');
    out.push(formatTable(['utterance', 'true s', ...labels.map((l) => `${l}: start / end ms`)], perUtterance));
  }

  for (const s of summaries) {
    const alarms = Object.keys(truth).flatMap((f) =>
      (s.result.detections[f] ?? [])
        .filter((d) => scoreDetections(truth[f], [d]).falseAlarms === 1)
        .map((d) => `${f} ${(d.startMs / 1000).toFixed(2)}–${(d.endMs / 1000).toFixed(2)} s`),
    );
    if (alarms.length) out.push(`false alarms, ${s.result.label}: ${alarms.join('; ')}`);
    const f = s.result.frames;
    const perModelled = (s.cpuMsPerAudioS * (s.result.audioMs / 1000)) / f.modelled;
    out.push(
      `${s.result.label}: ${f.total} frames per pass, ${f.gated} gated by energy (${fmt((100 * f.gated) / f.total)} %), ` +
        `${f.modelled} through the model; ${fmt(perModelled, 3)} ms per modelled frame, all costs included` +
        (s.result.modelMsPerFrame === undefined ? '' : `; model alone ${fmt(s.result.modelMsPerFrame, 3)} ms per 512-sample call`),
    );
  }

  const ours = summaries.find((s) => s.result.id === 'earshot');
  const v5 = summaries.find((s) => s.result.id === 'vad-web-v5');
  if (ours && v5) {
    out.push('');
    out.push('targets (earshot):');
    for (const c of checkTargets({
      speech: ours.speech,
      noise: ours.noise,
      cpuMsPerAudioS: ours.cpuMsPerAudioS,
      hangoverMs: ours.result.hangoverMs,
      referenceCpuMsPerAudioS: v5.cpuMsPerAudioS,
    }))
      out.push(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.target}: ${fmt(c.measured, 2)} (limit ${fmt(c.limit, 2)})`);
  }
  return out.join('\n');
}
