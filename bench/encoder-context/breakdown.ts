// Where one decode's time goes, as workers/transcribe/whisper.ts decodes (edited encoder and decoder, the
// features computed only where there is audio, greedy, no prompt): features, the encoder, the decoder's
// first pass, each later step, and what transformers.js does between model runs.
// Usage: sh bench/encoder-context/run.sh breakdown [whisper-tiny|whisper-base] [threads] [rounds] [session config JSON]
// Clips: the first 12 dev utterances of at most 6 s (the pause snapshots of dictation are that short).
import { join } from 'node:path';
import { maxNewTokensFor } from '../../workers/transcribe/decode-policy';
import { encoderPositionsFor } from '../../workers/transcribe/encoder-context';
import { CORPUS_DIR, mean, median, modelsWithFlexibleEncoder, readWav16k, utterances } from './corpus';
import { loadWhisper, setupOrt } from './runtime';

const model = process.argv[2] ?? 'whisper-tiny';
const threads = Number(process.argv[3] ?? 2);
const rounds = Number(process.argv[4] ?? 3);
const extra = process.argv[5] ? (JSON.parse(process.argv[5]) as Record<string, unknown>) : undefined;
setupOrt(threads);

const w = await loadWhisper(modelsWithFlexibleEncoder(model), model, extra);
// Imported once transformers.js is bound to onnxruntime-web (features.ts imports transformers.js).
const { whisperFeatures } = await import('../../workers/transcribe/features');
const { LogMel } = await import('../../workers/transcribe/log-mel');
const mel = new LogMel(w.extractor);

type Session = { run: (...args: unknown[]) => Promise<unknown> };
const sessions = (w.model as unknown as { sessions: Record<string, Session> }).sessions;
let runs: Array<{ session: string; ms: number }> = [];
for (const [name, session] of Object.entries(sessions)) {
  const run = session.run.bind(session);
  session.run = async (...args: unknown[]) => {
    const began = performance.now();
    const out = await run(...args);
    runs.push({ session: name, ms: performance.now() - began });
    return out;
  };
}

const rows = new Map<string, number[]>();
const add = (key: string, value: number) => rows.set(key, [...(rows.get(key) ?? []), value]);
const clips = utterances()
  .filter((u) => u.duration_s <= 6)
  .slice(0, 12);
for (let round = 0; round < rounds; round++)
  for (const clip of clips) {
    const audio = readWav16k(join(CORPUS_DIR, clip.file));
    const began = performance.now();
    const features = whisperFeatures(mel, audio, encoderPositionsFor(audio.length));
    const featured = performance.now();
    runs = [];
    const output = await w.model.generate({
      inputs: features,
      decoder_input_ids: w.start,
      max_new_tokens: maxNewTokensFor((audio.length / 16000) * 1000),
    });
    const done = performance.now();
    const decoder = runs.filter((r) => r.session !== 'model');
    add('features', featured - began);
    add(
      'encoder',
      runs.filter((r) => r.session === 'model').reduce((sum, r) => sum + r.ms, 0),
    );
    add('decoder, first pass', decoder[0].ms);
    add('decoder, each later step', median(decoder.slice(1).map((r) => r.ms)));
    add('tokens generated', output.tolist()[0].length - w.start.length);
    add('between model runs', done - featured - runs.reduce((sum, r) => sum + r.ms, 0));
    add('whole decode', done - began);
    output.dispose();
  }

console.log(`${model}, ${threads} threads, ${clips.length} clips × ${rounds} rounds${extra ? `, ${JSON.stringify(extra)}` : ''}`);
console.log('| part | median ms | mean ms |\n| --- | --- | --- |');
for (const [key, values] of rows) console.log(`| ${key} | ${median(values).toFixed(1)} | ${mean(values).toFixed(1)} |`);
