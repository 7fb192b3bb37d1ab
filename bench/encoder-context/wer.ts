// End-to-end cost of a shorter encoder context on the dev utterances: transformers.js Whisper (q8, wasm)
// with the stock encoder vs the edited one, greedy decoding exactly as workers/transcribe/whisper.ts does.
// Usage: sh bench/encoder-context/run.sh wer [whisper-tiny|whisper-base] [threads] [policy ...]
//   policy: "stock" | "full" (edited encoder, 30 s) | "min=750;margin=3" (encoderPositionsFor) |
//   "steps=500,750,1000,1500;margin=1" (smallest step covering audio + margin), each with [;ngram=N][;stop=K]
//   ngram: no_repeat_ngram_size; stop: end decoding once the last K tokens repeat earlier ones, and cut the
//   repeat off (a guard against the loops a short context provokes). Both also apply to "full;stop=K".
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusWer, wer, words } from '../../src/eval/wer';
import { cleanText, collapseRepeats, maxNewTokensFor } from '../../workers/transcribe/decode-policy';
import { encoderPositionsFor, WHISPER_POSITIONS } from '../../workers/transcribe/encoder-context';
import { CORPUS_DIR, mean, median, modelsDirFor, modelsWithFlexibleEncoder, readWav16k, utterances } from './corpus';
import { loadTransformers, setupOrt } from './runtime';

const model = process.argv[2] ?? 'whisper-tiny';
const threads = Number(process.argv[3] ?? 2);
const policies = process.argv.slice(4).length ? process.argv.slice(4) : ['stock', 'full', 'steps=500,750,1000,1500;margin=1'];
setupOrt(threads);

const stockDir = modelsDirFor(model);
const editedDir = modelsWithFlexibleEncoder(model);

const t = await loadTransformers(stockDir);
type Loaded = { generate: (a: unknown) => Promise<unknown>; sessions: Record<string, { run: (...a: unknown[]) => Promise<unknown> }> };
async function load(dir: string) {
  t.env.localModelPath = dir + '/';
  const m = (await t.WhisperForConditionalGeneration.from_pretrained(`Xenova/${model}`, {
    dtype: 'q8',
    device: 'auto', // with onnxruntime-web injected in node, transformers.js lists no devices; the EP comes from here:
    session_options: { executionProviders: ['wasm'] },
  })) as unknown as Loaded;
  // Time the encoder inside generate(): wrap its session's run.
  const session = m.sessions.model;
  const run = session.run.bind(session);
  const timer = { ms: 0 };
  session.run = async (...a: unknown[]) => {
    const s = performance.now();
    try {
      return await run(...a);
    } finally {
      timer.ms += performance.now() - s;
    }
  };
  return { m, timer };
}
const stock = await load(stockDir);
const edited = await load(editedDir);
t.env.localModelPath = stockDir + '/';
const processor = (await t.AutoProcessor.from_pretrained(`Xenova/${model}`)) as unknown as {
  feature_extractor: (a: Float32Array, o?: { max_length?: number }) => Promise<{ input_features: { dims: number[]; dispose(): void } }>;
};
const tokenizer = await t.AutoTokenizer.from_pretrained(`Xenova/${model}`);

interface Row {
  id: string;
  ref: string;
  hyp: string;
  positions: number;
  featuresMs: number;
  encoderMs: number;
  totalMs: number;
  tokens: number;
}

const paramsOf = (policy: string): Record<string, string> => Object.fromEntries(policy.split(';').map((kv) => kv.split('=')));

function positionsFor(policy: string, samples: number): number {
  const params = paramsOf(policy);
  if ('stock' in params || 'full' in params) return WHISPER_POSITIONS;
  const margin = Number(params.margin ?? 3);
  if ('min' in params) return encoderPositionsFor(samples, { minPositions: Number(params.min), marginSeconds: margin });
  const needed = Math.ceil((samples / 16000 + margin) * 50);
  return (
    String(params.steps)
      .split(',')
      .map(Number)
      .sort((a, b) => a - b)
      .find((n) => n >= needed) ?? WHISPER_POSITIONS
  );
}

/** Start of the first token run of length k that repeats an earlier run, or -1. */
function repeatStart(tokens: number[], k: number): number {
  const seen = new Map<string, number>();
  for (let i = 0; i + k <= tokens.length; i++) {
    const key = tokens.slice(i, i + k).join(',');
    const first = seen.get(key);
    if (first !== undefined) return i; // overlapping too: a loop shorter than k tokens
    if (first === undefined) seen.set(key, i);
  }
  return -1;
}

const PROMPT_TOKENS = 4; // <|startoftranscript|><|en|><|transcribe|><|notimestamps|>
class RepeatStop extends t.StoppingCriteria {
  constructor(private readonly k: number) {
    super();
  }
  // Typed number[][] upstream; generate() actually passes bigint ids, hence Number().
  override _call(inputIds: number[][]): boolean[] {
    return inputIds.map((ids) => repeatStart(ids.slice(PROMPT_TOKENS).map(Number), this.k) >= 0);
  }
}

async function transcribe(policy: string, audio: Float32Array) {
  const params = paramsOf(policy);
  const { m, timer } = 'stock' in params ? stock : edited;
  const stopK = params.stop ? Number(params.stop) : 0;
  const positions = positionsFor(policy, audio.length);
  const start = performance.now();
  const { input_features } = await processor.feature_extractor(audio, { max_length: positions * 2 * 160 });
  const featuresMs = performance.now() - start;
  if (input_features.dims[2] !== 2 * positions) throw new Error(`expected ${2 * positions} frames, got ${input_features.dims[2]}`);
  timer.ms = 0;
  const output = (await m.generate({
    inputs: input_features,
    language: 'en',
    task: 'transcribe',
    max_new_tokens: maxNewTokensFor((audio.length / 16000) * 1000),
    no_repeat_ngram_size: Number(params.ngram ?? 0),
    ...(stopK ? { stopping_criteria: [new RepeatStop(stopK)] } : {}),
  })) as { tolist(): bigint[][]; dispose(): void };
  input_features.dispose();
  let ids = (output.tolist()[0] ?? []).map(Number);
  output.dispose();
  const tokens = ids.length;
  const cut = stopK ? repeatStart(ids.slice(PROMPT_TOKENS), stopK) : -1;
  if (cut >= 0) ids = ids.slice(0, PROMPT_TOKENS + cut);
  const decode = (tokenizer as unknown as { decode: (ids: number[], o: object) => string }).decode.bind(tokenizer);
  const text = cleanText(decode(ids, { skip_special_tokens: true }));
  return { text, positions, featuresMs, encoderMs: timer.ms, totalMs: performance.now() - start, tokens };
}

const rows = utterances();
const audio = new Map(rows.map((r) => [r.id, readWav16k(join(CORPUS_DIR, r.file))]));
await transcribe('stock', new Float32Array(16000)); // warm-up both models, as the app does
await transcribe('full', new Float32Array(16000));
console.log(`${model}, ${threads} threads, ${rows.length} utterances (${mean(rows.map((r) => r.duration_s)).toFixed(1)} s mean)`);
// Policies take turns on each utterance, so load from other processes on the machine hits them alike.
const results = new Map<string, Row[]>(policies.map((p) => [p, []]));
for (const r of rows)
  for (const policy of policies) {
    const res = await transcribe(policy, audio.get(r.id)!);
    results.get(policy)!.push({ id: r.id, ref: r.text, hyp: res.text, ...res });
  }
const ref = results.get('full') ?? results.get('stock') ?? results.get(policies[0])!;
for (const [policy, out] of results) {
  const w = corpusWer(out.map(({ ref, hyp }) => ({ ref, hyp })));
  const collapsed = corpusWer(out.map(({ ref, hyp }) => ({ ref, hyp: collapseRepeats(hyp) })));
  const budget = out.filter((o, i) => o.tokens - PROMPT_TOKENS >= maxNewTokensFor(rows[i].duration_s * 1000)).length;
  const ratio = median(out.map((o, i) => o.totalMs / ref[i].totalMs));
  console.log(
    `| ${policy} | ${(w * 100).toFixed(2)} % | ${(collapsed * 100).toFixed(2)} % | ${budget} | ${mean(out.map((o) => o.positions)).toFixed(0)} | ${mean(out.map((o) => o.featuresMs)).toFixed(0)} | ${mean(out.map((o) => o.encoderMs)).toFixed(0)} | ${mean(out.map((o) => o.totalMs)).toFixed(0)} | ${median(out.map((o) => o.totalMs)).toFixed(0)} | ${ratio.toFixed(2)} |`,
  );
}
// Noise only: what each policy says to stretches of the noise file the VAD could let through.
const noise = readWav16k(join(CORPUS_DIR, 'noise_only_dev.wav'));
const chunks = [1.5, 3, 6, 10].map((seconds, i) => noise.slice(i * 12 * 16000, (i * 12 + seconds) * 16000));
for (const policy of policies) {
  const said: string[] = [];
  for (const chunk of chunks) said.push((await transcribe(policy, chunk)).text);
  console.log(`noise [${policy}]: ${said.reduce((n, t) => n + words(t).length, 0)} words: ${JSON.stringify(said)}`);
}
console.log(
  'columns: policy | WER | WER after collapseRepeats | outputs that hit the token budget | mean positions | features ms | encoder ms | total ms mean | total ms median | median total vs first baseline',
);
// Where a policy's text differs from the stock encoder's, show both.
const base = ref;
for (const [policy, out] of results) {
  if (!base || out === base) continue;
  for (const [i, o] of out.entries())
    if (wer(o.ref, o.hyp) !== wer(o.ref, base[i].hyp))
      console.log(
        `[${policy}] ${o.id} (${o.positions} pos) wer ${(wer(o.ref, base[i].hyp) * 100).toFixed(0)}→${(wer(o.ref, o.hyp) * 100).toFixed(0)} %\n   stock:  ${base[i].hyp}\n   edited: ${o.hyp}`,
      );
}
writeFileSync(`node_modules/.cache/encoder-context/wer-${model}.json`, JSON.stringify(Object.fromEntries(results), null, 1));
