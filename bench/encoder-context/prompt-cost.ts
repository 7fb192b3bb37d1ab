// What the session prompt (workers/transcribe/prompt.ts) costs a decode: each dev utterance decoded with no
// prompt and with the previous utterances' reference text as the prompt (MAX_PROMPT_TOKENS, as in a long
// dictation), in alternating order so load from other processes hits both alike.
// Usage: sh bench/encoder-context/run.sh prompt-cost [whisper-tiny|whisper-base] [threads] [clips] [session config JSON]
import { corpusWer } from '../../src/eval/wer';
import { join } from 'node:path';
import { cleanText, maxNewTokensFor } from '../../workers/transcribe/decode-policy';
import { encoderPositionsFor } from '../../workers/transcribe/encoder-context';
import { MAX_PROMPT_TOKENS, promptTokens } from '../../workers/transcribe/prompt';
import { CORPUS_DIR, median, modelsWithFlexibleEncoder, readWav16k, utterances } from './corpus';
import { loadWhisper, setupOrt } from './runtime';

const model = process.argv[2] ?? 'whisper-tiny';
const threads = Number(process.argv[3] ?? 2);
const limit = Number(process.argv[4] ?? 40);
const extra = process.argv[5] ? (JSON.parse(process.argv[5]) as Record<string, unknown>) : undefined;
setupOrt(threads);

const { model: m, features, tokenizer, id, start, special } = await loadWhisper(modelsWithFlexibleEncoder(model), model, extra);

async function transcribe(audio: Float32Array, previous: string) {
  const began = performance.now();
  const prompt = previous ? promptTokens([], tokenizer.encode(` ${previous}`, { add_special_tokens: false })) : [];
  const input = prompt.length ? [id('<|startofprev|>'), ...prompt, ...start] : start;
  const { input_features } = await features(audio, { max_length: encoderPositionsFor(audio.length) * 320 });
  const output = await m.generate({
    inputs: input_features,
    decoder_input_ids: input,
    max_new_tokens: maxNewTokensFor((audio.length / 16000) * 1000),
  });
  input_features.dispose();
  const ids = output.tolist()[0].map(Number);
  output.dispose();
  const spoken = ids.slice(input.length).filter((x) => !special.has(x));
  return {
    text: cleanText(tokenizer.decode(spoken, { skip_special_tokens: true })),
    ms: performance.now() - began,
    promptTokens: prompt.length,
  };
}

const rows = utterances().slice(0, limit);
const previousText = rows.map((r) => r.text).join(' ');
await transcribe(new Float32Array(16000), ''); // warm-up, as the app does
console.log(
  `${model}, ${threads} threads${extra ? ` ${JSON.stringify(extra)}` : ''}, ${rows.length} clips, prompt up to ${MAX_PROMPT_TOKENS} tokens`,
);
const results: Array<{ ref: string; none: Awaited<ReturnType<typeof transcribe>>; prompted: Awaited<ReturnType<typeof transcribe>> }> = [];
for (const [n, r] of rows.entries()) {
  const audio = readWav16k(join(CORPUS_DIR, r.file));
  const previous = previousText.replace(r.text, ''); // never the clip's own words
  let none, prompted;
  if (n % 2) {
    none = await transcribe(audio, '');
    prompted = await transcribe(audio, previous);
  } else {
    prompted = await transcribe(audio, previous);
    none = await transcribe(audio, '');
  }
  results.push({ ref: r.text, none, prompted });
  console.log(
    `${r.id} ${(audio.length / 16000).toFixed(1)} s: none ${Math.round(none.ms)} ms; ${prompted.promptTokens}-token prompt ${Math.round(prompted.ms)} ms`,
  );
}
const wer = (k: 'none' | 'prompted') => (100 * corpusWer(results.map((r) => ({ ref: r.ref, hyp: r[k].text })))).toFixed(2);
console.log(
  `decode ms median: none ${Math.round(median(results.map((r) => r.none.ms)))}, prompted ${Math.round(median(results.map((r) => r.prompted.ms)))}; median extra ${Math.round(median(results.map((r) => r.prompted.ms - r.none.ms)))} ms; WER ${wer('none')} % → ${wer('prompted')} %`,
);
