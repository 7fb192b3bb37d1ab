// Encoder cost per context length, and how far shortened outputs drift from the 30 s encoder.
// Usage: sh bench/encoder-context/run.sh encoder-time [whisper-tiny|whisper-base] [threads] [reps] [positions,...]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flexibleEncoderContext, shortenEncoderContext, WHISPER_POSITIONS } from '../../workers/transcribe/encoder-context';
import { CORPUS_DIR, median, modelsDirFor, readWav16k } from './corpus';
import { loadTransformers, ort, setupOrt } from './runtime';

const model = process.argv[2] ?? 'whisper-tiny';
const threads = Number(process.argv[3] ?? 2);
const reps = Number(process.argv[4] ?? 3);
const contexts = (process.argv[5] ?? '1500,1000,750,500,250').split(',').map(Number);
setupOrt(threads);
const dir = modelsDirFor(model);
const bytes = new Uint8Array(readFileSync(join(dir, `Xenova/${model}/onnx/encoder_model_quantized.onnx`)));
const t = await loadTransformers(dir);
const processor = await t.AutoProcessor.from_pretrained(`Xenova/${model}`);
const audio = readWav16k(join(CORPUS_DIR, 'ast_ss_noservice.wav')); // 4.9 s, as in the in-browser measurement
console.log(`${model}, ${threads} threads, audio ${(audio.length / 16000).toFixed(2)} s, median of ${reps}`);
const { input_features } = (await processor(audio)) as { input_features: { data: Float32Array; dims: number[] } };
const mels = input_features.dims[1];
{
  // Features for a short context straight from a shorter padded waveform: same as cutting the 30 s ones?
  const fx = (
    processor as unknown as {
      feature_extractor: (a: Float32Array, o: object) => Promise<{ input_features: { data: Float32Array; dims: number[] } }>;
    }
  ).feature_extractor;
  for (const n of [500, 750]) {
    const short = (await fx(audio, { max_length: 2 * n * 160 })).input_features;
    let maxAbs = 0;
    for (let m = 0; m < mels; m++)
      for (let f = 0; f < 2 * n; f++) maxAbs = Math.max(maxAbs, Math.abs(short.data[m * 2 * n + f] - input_features.data[m * 3000 + f]));
    console.log(
      `features with max_length ${2 * n * 160}: ${short.dims.join('×')}, max |Δ| vs the first ${2 * n} of 3000 frames: ${maxAbs.toExponential(2)}`,
    );
  }
}

/** The first `frames` frames of the [1, mels, 3000] features. */
function firstFrames(frames: number): ort.Tensor {
  const out = new Float32Array(mels * frames);
  for (let m = 0; m < mels; m++) out.set(input_features.data.subarray(m * 3000, m * 3000 + frames), m * frames);
  return new ort.Tensor('float32', out, [1, mels, frames]);
}

const options: ort.InferenceSession.SessionOptions = { executionProviders: ['wasm'], graphOptimizationLevel: 'all' };
interface Config {
  label: string;
  session: ort.InferenceSession;
  frames: number;
  fetches?: string[];
  ms: number[];
  hidden?: Float32Array;
}
const configs: Config[] = [];
const add = (label: string, session: ort.InferenceSession, frames: number, fetches?: string[]) =>
  configs.push({ label, session, frames, fetches, ms: [] });

const original = await ort.InferenceSession.create(bytes, options);
add('stock, all outputs (as transformers.js runs it)', original, 3000);
add('stock, last_hidden_state only', original, 3000, ['last_hidden_state']);
let editStart = performance.now();
const flexibleBytes = flexibleEncoderContext(bytes);
console.log(`flexibleEncoderContext: ${(performance.now() - editStart).toFixed(0)} ms for ${(bytes.length / 1e6).toFixed(1)} MB`);
const flexible = await ort.InferenceSession.create(flexibleBytes, options);
for (const n of contexts) add(`flexible ${n}`, flexible, 2 * n);
for (const n of contexts) {
  editStart = performance.now();
  const edited = shortenEncoderContext(bytes, n);
  if (n === contexts[0]) console.log(`shortenEncoderContext: ${(performance.now() - editStart).toFixed(0)} ms`);
  add(`fixed ${n}`, await ort.InferenceSession.create(edited, options), 2 * n);
}

// Configurations take turns in each round, so load from other processes on the machine hits them alike.
for (let round = -1; round < reps; round++)
  for (const c of configs) {
    const feeds = { input_features: firstFrames(c.frames) };
    const start = performance.now();
    const out = c.fetches ? await c.session.run(feeds, c.fetches) : await c.session.run(feeds);
    if (round >= 0) c.ms.push(performance.now() - start); // round -1 warms up
    c.hidden = out.last_hidden_state.data as Float32Array;
  }

const base = configs[0];
const d = base.hidden!.length / WHISPER_POSITIONS;
const speech = Math.ceil((audio.length / 16000) * 50);
/** Hidden states vs the 30 s encoder's, over the positions that hold speech (the rest is padding there). */
function drift(hidden: Float32Array, positions: number) {
  let maxAbs = 0;
  let dot = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < Math.min(positions, speech) * d; i++) {
    const a = hidden[i],
      b = base.hidden![i];
    maxAbs = Math.max(maxAbs, Math.abs(a - b));
    dot += a * b;
    na += a * a;
    nb += b * b;
  }
  return `max |Δ| ${maxAbs.toFixed(3)}, cosine ${(dot / Math.sqrt(na * nb)).toFixed(4)}`;
}
console.log('| encoder | frames | median ms | vs stock | hidden states vs 30 s (speech part) |');
console.log('| --- | --- | --- | --- | --- |');
for (const c of configs) {
  const fixedTwin = c.label.startsWith('fixed') ? configs.find((f) => f.label === c.label.replace('fixed', 'flexible')) : undefined;
  const same = fixedTwin ? fixedTwin.hidden!.every((x, i) => x === c.hidden![i]) : true;
  console.log(
    `| ${c.label} | ${c.frames} | ${median(c.ms).toFixed(0)} | ${(median(c.ms) / median(base.ms)).toFixed(2)} | ${drift(c.hidden!, c.frames / 2)}${same ? '' : ' (differs from the flexible edit!)'} |`,
  );
}
