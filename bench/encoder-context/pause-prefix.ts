// The pause snapshot's decode with and without the agreed prefix (workers/transcribe/agreement.ts), on the
// same audio, in turns: what the prefix saves in time and tokens, and what it does to the text.
// Usage: sh bench/encoder-context/run.sh pause-prefix [whisper-tiny|whisper-base] [threads] [interval ms]
//
// Each dev utterance and each speech stretch of vad_pauses_dev.wav (speech_segments, padded as the VAD pads)
// is played as live dictation would be: partials of the growing audio every `interval` ms (each forced from
// the words earlier partials agreed on, as the app does), then the whole stretch decoded once from scratch
// (clips too short for two partials are left out: they decode the same either way)
// and once from the agreed words, in alternating order so load from other processes hits both alike.
// Decoding is as workers/transcribe/whisper.ts does it (edited encoder, encoderPositionsFor, greedy,
// max_new_tokens from maxNewTokensFor less the forced tokens), without the session prompt.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusWer } from '../../src/eval/wer';
import { cleanText, maxNewTokensFor } from '../../workers/transcribe/decode-policy';
import { encoderPositionsFor } from '../../workers/transcribe/encoder-context';
import { Agreement } from '../../workers/transcribe/agreement';
import { CORPUS_DIR, mean, median, modelsWithFlexibleEncoder, readWav16k, utterances } from './corpus';
import { loadWhisper, setupOrt } from './runtime';

const model = process.argv[2] ?? 'whisper-tiny';
const threads = Number(process.argv[3] ?? 2);
const intervalMs = Number(process.argv[4] ?? 1000);
setupOrt(threads);

const editedDir = modelsWithFlexibleEncoder(model);

const { model: m, features, tokenizer, start, special } = await loadWhisper(editedDir, model);

async function transcribe(audio: Float32Array, prefix: string) {
  const began = performance.now();
  const forced = prefix ? tokenizer.encode(` ${prefix}`, { add_special_tokens: false }) : [];
  const positions = encoderPositionsFor(audio.length);
  const { input_features } = await features(audio, { max_length: positions * 320 });
  const input = [...start, ...forced];
  const output = await m.generate({
    inputs: input_features,
    decoder_input_ids: input,
    max_new_tokens: Math.max(1, maxNewTokensFor((audio.length / 16000) * 1000) - forced.length),
  });
  input_features.dispose();
  const ids = output.tolist()[0].map(Number);
  output.dispose();
  const spoken = ids.slice(start.length).filter((x) => !special.has(x));
  return {
    text: cleanText(tokenizer.decode(spoken, { skip_special_tokens: true })),
    ms: performance.now() - began,
    generated: ids.length - input.length,
  };
}

// The clips: whole utterances, and vad_pauses_dev's stretches with the VAD's pads (250 ms before, 150 ms after).
const clips: Array<{ id: string; ref: string; audio: Float32Array }> = utterances().map((r) => ({
  id: r.id,
  ref: r.text,
  audio: readWav16k(join(CORPUS_DIR, r.file)),
}));
const manifest = readFileSync(join(CORPUS_DIR, 'manifest.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const pauses = manifest.find((e) => e.file === 'vad_pauses_dev.wav');
const pausesAudio = readWav16k(join(CORPUS_DIR, 'vad_pauses_dev.wav'));
for (const [i, s] of (pauses.speech_segments as Array<{ speech_start_s: number; speech_end_s: number; text: string }>).entries())
  clips.push({
    id: `vad_pauses#${i + 1}`,
    ref: s.text,
    audio: pausesAudio.slice(Math.round((s.speech_start_s - 0.25) * 16000), Math.round((s.speech_end_s + 0.15) * 16000)),
  });

// Two partials must agree before anything is forced: shorter clips decode the same either way.
const longEnough = clips.filter((c) => c.audio.length > ((2 * intervalMs) / 1000) * 16000);
clips.splice(0, clips.length, ...longEnough);
await transcribe(new Float32Array(16000), ''); // warm-up, as the app does
console.log(`${model}, ${threads} threads, partials every ${intervalMs} ms, ${clips.length} clips`);
const rows: Array<{
  id: string;
  ref: string;
  seconds: number;
  prefixWords: number;
  full: Awaited<ReturnType<typeof transcribe>>;
  forced: Awaited<ReturnType<typeof transcribe>>;
}> = [];
for (const [n, c] of clips.entries()) {
  const agreement = new Agreement();
  const step = (intervalMs / 1000) * 16000;
  for (let end = step; end < c.audio.length; end += step)
    agreement.observe('mic', 1, (await transcribe(c.audio.subarray(0, end), agreement.prefixFor('mic', 1))).text, (end / 16000) * 1000);
  const prefix = agreement.prefixFor('mic', 1);
  // Alternating order: neither variant always runs first after the partials.
  let full, forced;
  if (n % 2) {
    full = await transcribe(c.audio, '');
    forced = await transcribe(c.audio, prefix);
  } else {
    forced = await transcribe(c.audio, prefix);
    full = await transcribe(c.audio, '');
  }
  rows.push({ id: c.id, ref: c.ref, seconds: c.audio.length / 16000, prefixWords: prefix ? prefix.split(' ').length : 0, full, forced });
  console.log(
    `${c.id} ${(c.audio.length / 16000).toFixed(1)} s: prefix ${rows.at(-1)!.prefixWords} words; full ${Math.round(full.ms)} ms ${full.generated} tok; forced ${Math.round(forced.ms)} ms ${forced.generated} tok${full.text === forced.text ? '' : `\n   full:   ${full.text}\n   forced: ${forced.text}`}`,
  );
}
const summary = (sel: typeof rows, label: string) => {
  if (!sel.length) return;
  const werOf = (k: 'full' | 'forced') => (100 * corpusWer(sel.map((r) => ({ ref: r.ref, hyp: r[k].text })))).toFixed(2);
  console.log(
    `| ${label} (${sel.length}) | ${werOf('full')} % → ${werOf('forced')} % | ${sel.filter((r) => r.full.text !== r.forced.text).length} | ${mean(sel.map((r) => r.full.generated)).toFixed(1)} → ${mean(sel.map((r) => r.forced.generated)).toFixed(1)} | ${Math.round(median(sel.map((r) => r.full.ms)))} → ${Math.round(median(sel.map((r) => r.forced.ms)))} | ${median(sel.map((r) => r.forced.ms / r.full.ms)).toFixed(2)} |`,
  );
};
console.log('| clips | WER full → forced | texts that differ | tokens generated, mean | decode ms median | median ratio |');
summary(rows, 'all');
summary(
  rows.filter((r) => r.prefixWords > 0),
  'with a prefix',
);
summary(
  rows.filter((r) => r.id.startsWith('vad_pauses')),
  'vad_pauses stretches',
);
writeFileSync(`node_modules/.cache/encoder-context/pause-prefix-${model}.json`, JSON.stringify(rows, null, 1));
