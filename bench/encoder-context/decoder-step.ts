// Time per generated token of the merged decoder, apart from the encoder and the first pass: one clip decoded
// with max_new_tokens 1 and then to its end, in turns.
// Usage: sh bench/encoder-context/run.sh decoder-step [whisper-tiny|whisper-base] [threads] [rounds] [session config JSON]
// The last argument adds onnxruntime session config entries, e.g. '{"session":{"disable_quant_qdq":"1"}}'.
import { join } from 'node:path';
import { encoderPositionsFor } from '../../workers/transcribe/encoder-context';
import { CORPUS_DIR, median, modelsWithFlexibleEncoder, readWav16k, utterances } from './corpus';
import { loadWhisper, setupOrt } from './runtime';

const model = process.argv[2] ?? 'whisper-tiny';
const threads = Number(process.argv[3] ?? 2);
const rounds = Number(process.argv[4] ?? 5);
const extra = process.argv[5] ? (JSON.parse(process.argv[5]) as Record<string, unknown>) : undefined;
setupOrt(threads);
const { model: m, features, start } = await loadWhisper(modelsWithFlexibleEncoder(model), model, extra);
const clip = utterances().sort((a, b) => b.duration_s - a.duration_s)[5];
const audio = readWav16k(join(CORPUS_DIR, clip.file));
async function run(maxNew: number) {
  const { input_features } = await features(audio, { max_length: encoderPositionsFor(audio.length) * 320 });
  const began = performance.now();
  const out = await m.generate({ inputs: input_features, decoder_input_ids: start, max_new_tokens: maxNew });
  const ms = performance.now() - began;
  const n = out.tolist()[0].length - start.length;
  out.dispose();
  input_features.dispose();
  return { ms, n };
}
await run(2);
const one: number[] = [];
const all: number[] = [];
let tokens = 0;
for (let i = 0; i < rounds; i++) {
  one.push((await run(1)).ms);
  const r = await run(200);
  all.push(r.ms);
  tokens = r.n;
}
const perToken = (median(all) - median(one)) / (tokens - 1);
console.log(
  `${model} ${threads} threads, ${clip.id} (${clip.duration_s} s): encoder + first token ${Math.round(median(one))} ms; whole ${Math.round(median(all))} ms for ${tokens} tokens; ${perToken.toFixed(1)} ms per further token`,
);
