// What a partial that is stopped while its encoder runs still costs before it ends: the rest of the encoder,
// then the decoder's first pass over the session prompt (MAX_PROMPT_TOKENS of the previous utterances' text,
// as in a long dictation) and one forced end-of-text. Each clip is decoded three ways, in rotating order:
// whole; stopped during the encoder with the prompt pass run in full; stopped the same way with the prompt
// pass given its last position only (yield-between-runs.ts, as the app runs it).
// Usage: sh bench/encoder-context/run.sh stop-cost [whisper-tiny|whisper-base] [threads] [clips]
import { join } from 'node:path';
import { maxNewTokensFor } from '../../workers/transcribe/decode-policy';
import { encoderPositionsFor } from '../../workers/transcribe/encoder-context';
import { promptTokens } from '../../workers/transcribe/prompt';
import { yieldBeforeRuns } from '../../workers/transcribe/yield-between-runs';
import { CORPUS_DIR, median, modelsWithFlexibleEncoder, readWav16k, utterances } from './corpus';
import { loadWhisper, setupOrt } from './runtime';

const model = process.argv[2] ?? 'whisper-tiny';
const threads = Number(process.argv[3] ?? 2);
const limit = Number(process.argv[4] ?? 12);
setupOrt(threads);

const { model: m, features, tokenizer, id, start } = await loadWhisper(modelsWithFlexibleEncoder(model), model);
// Only after loadWhisper: transformers.js must first be bound to onnxruntime-web (runtime.ts).
const { EndOnInterrupt, StopLastList } = await import('../../workers/transcribe/end-on-interrupt');
type Mode = 'whole' | 'stopped, full prompt pass' | 'stopped, last position';
let mode: Mode = 'whole';
let interrupted = false;
let runs = 0;
const stop = {
  get interrupted() {
    return interrupted;
  },
  interrupt() {
    interrupted = true;
  },
};
const sessions = (m as unknown as { sessions: Parameters<typeof yieldBeforeRuns>[0] }).sessions;
yieldBeforeRuns(
  sessions,
  { interruptible: () => mode !== 'whole', stopped: () => mode === 'stopped, last position' && interrupted },
  async () => {
    // The stop arrives while the encoder (the decode's first run) runs: seen at the yield before the next run.
    if (runs++ === 1) stop.interrupt();
  },
);

async function transcribe(audio: Float32Array, previous: string, as: Mode) {
  mode = as;
  interrupted = false;
  runs = 0;
  const prompt = promptTokens([], tokenizer.encode(` ${previous}`, { add_special_tokens: false }));
  const input = [id('<|startofprev|>'), ...prompt, ...start];
  const { input_features } = await features(audio, { max_length: encoderPositionsFor(audio.length) * 320 });
  const processors = new StopLastList(new EndOnInterrupt(stop, id('<|endoftext|>')));
  const began = performance.now();
  const output = await m.generate({
    inputs: input_features,
    decoder_input_ids: input,
    max_new_tokens: maxNewTokensFor((audio.length / 16000) * 1000),
    logits_processor: processors,
  });
  const ms = performance.now() - began;
  input_features.dispose();
  const tokens = output.tolist()[0].length - input.length;
  output.dispose();
  return { ms, tokens };
}

const rows = utterances().slice(0, limit);
const previousText = rows.map((r) => r.text).join(' ');
await transcribe(new Float32Array(16000), '', 'whole'); // warm-up, as the app does
const modes: Mode[] = ['whole', 'stopped, full prompt pass', 'stopped, last position'];
const ms: Record<Mode, number[]> = { whole: [], 'stopped, full prompt pass': [], 'stopped, last position': [] };
console.log(`${model}, ${threads} threads, ${rows.length} clips, prompt of the other clips' text`);
for (const [n, r] of rows.entries()) {
  const audio = readWav16k(join(CORPUS_DIR, r.file));
  const previous = previousText.replace(r.text, '');
  const line: string[] = [];
  for (let k = 0; k < modes.length; k++) {
    const as = modes[(n + k) % modes.length];
    const { ms: t, tokens } = await transcribe(audio, previous, as);
    if (as !== 'whole' && tokens > 1) throw new Error(`${r.id}: a stopped decode generated ${tokens} tokens`);
    ms[as].push(t);
    line.push(`${as} ${Math.round(t)} ms (${tokens} tokens)`);
  }
  console.log(`${r.id} ${(audio.length / 16000).toFixed(1)} s: ${line.join('; ')}`);
}
console.log(`median ms: ${modes.map((k) => `${k} ${Math.round(median(ms[k]))}`).join('; ')}`);
console.log(
  `median saving of the last position over the full prompt pass: ${Math.round(median(ms['stopped, full prompt pass'].map((t, i) => t - ms['stopped, last position'][i])))} ms`,
);
