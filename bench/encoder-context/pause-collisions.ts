// How often a pause snapshot arrives while the periodic partial before it is still in the part of its decode
// that cannot be stopped (encoder, then the prompt pass), and what a rule for when periodic partials start
// would change. Earshot's TieredVad (Silero v5 in onnxruntime-web, default options) over a corpus file, with
// the VAD worker's snapshot timing (vad-core.ts: every `interval` ms of stream time while speech is open).
// Usage: sh bench/encoder-context/run.sh pause-collisions [file] [interval ms] [uninterruptible ms…]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FRAME_SAMPLES, SAMPLE_RATE } from '../../workers/vad/segmenter';
import { TieredVad, type SpeechModel } from '../../workers/vad/tiered-vad';
import { CORPUS_DIR, median, readWav16k } from './corpus';
import { SileroVad } from '../../workers/vad/silero';

const file = process.argv[2] ?? 'long_session_dev.wav';
const interval = Number(process.argv[3] ?? 1000);
const spans = process.argv.slice(4).map(Number);
const uninterruptible = spans.length ? spans : [150, 250, 350];

/** The app's Silero, keeping the last probability for the rules below. */
class RecordingModel implements SpeechModel {
  last = 0;
  constructor(private readonly silero: SileroVad) {}
  async probability(frame: Float32Array): Promise<number> {
    return (this.last = await this.silero.probability(frame));
  }
  reset(): void {
    this.silero.reset();
    this.last = 0;
  }
  release(): Promise<void> {
    return this.silero.release();
  }
}

const model = new RecordingModel(
  await SileroVad.create(
    new Uint8Array(readFileSync('node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx')).buffer,
    resolve('node_modules/onnxruntime-web/dist') + '/',
  ),
);

interface Frame {
  ms: number;
  speaking: boolean;
  pausing: boolean;
  probability: number;
  events: string[];
}

const samples = readWav16k(join(CORPUS_DIR, file));
const vad = new TieredVad(model);
const frames: Frame[] = [];
for (let at = 0; at + FRAME_SAMPLES <= samples.length; at += FRAME_SAMPLES) {
  const events = await vad.push(samples.subarray(at, at + FRAME_SAMPLES));
  frames.push({
    ms: vad.segmenter.timeMs,
    speaking: vad.segmenter.isSpeaking,
    pausing: vad.segmenter.isPausing,
    probability: model.last,
    events: events.map((e) => e.type),
  });
}

type Rule = { name: string; allows(f: Frame, i: number): boolean };
const rules: Rule[] = [
  { name: 'as shipped (not while pausing)', allows: (f) => !f.pausing },
  { name: '+ only on a frame Silero is sure of (p ≥ 0.5)', allows: (f) => !f.pausing && f.probability >= 0.5 },
  { name: '+ p ≥ 0.8', allows: (f) => !f.pausing && f.probability >= 0.8 },
  {
    name: '+ p ≥ 0.5 and not falling',
    allows: (f, i) => !f.pausing && f.probability >= 0.5 && f.probability >= frames[i - 1].probability - 0.05,
  },
];

console.log(`${file}: ${(samples.length / SAMPLE_RATE).toFixed(1)} s, periodic snapshots every ${interval} ms of speech`);
for (const rule of rules) {
  let last = 0; // the last snapshot of any kind, or speech start (vad-core.ts times the next periodic from it)
  let lastPeriodic: number | null = null;
  let periodic = 0;
  const gaps: number[] = []; // pause − the periodic snapshot of its segment before it, for pauses that became the final
  let finals = 0;
  const late: number[] = []; // how much later than as shipped each periodic snapshot went out
  let pending: number | null = null;
  let due: number | null = null;
  for (const [i, f] of frames.entries()) {
    for (const e of f.events) {
      if (e === 'speech-start') {
        last = f.ms;
        lastPeriodic = null;
      }
      if (e === 'pause') {
        pending = lastPeriodic === null ? null : f.ms - lastPeriodic;
        last = f.ms;
      }
      if (e === 'segment') {
        finals++;
        if (pending !== null) gaps.push(pending);
        pending = null;
      }
    }
    if (!f.speaking) {
      due = null;
      continue;
    }
    if (!f.pausing) pending = null; // speech went on: the next pause is the one that counts
    if (f.ms - last >= interval) {
      due ??= f.ms;
      if (rule.allows(f, i)) {
        late.push(f.ms - due);
        due = null;
        last = lastPeriodic = f.ms;
        periodic++;
      }
    }
  }
  const hits = uninterruptible.map((u) => `${gaps.filter((g) => g < u).length}`).join(' / ');
  console.log(
    `${rule.name}: ${periodic} periodic; of ${finals} finals (${gaps.length} after a periodic), within ${uninterruptible.join(' / ')} ms of a periodic start: ${hits}; periodic later by median ${median(late)} ms, max ${Math.max(...late)} ms`,
  );
}
