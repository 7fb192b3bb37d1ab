// Cuts the committed VAD fixture out of the evaluation corpus, sample-exact, and prints its manifest line.
//
//   node scripts/cut-vad-excerpt.mjs            writes e2e/fixtures/vad_pauses_excerpt.wav, prints the line
//   EARSHOT_CORPUS=/path/to/corpus node ...     corpus elsewhere (default ../shared/corpus from the repo)
//
// The excerpt is the first EXCERPT_S seconds of dev/vad_pauses_dev.wav: its lead-in, the first three
// utterances with their pauses, and the start of the next pause (longer than any hangover). The samples
// are copied unchanged, so the corpus ground truth holds as it is.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const EXCERPT_S = 35;
const SOURCE_FILE = 'vad_pauses_dev.wav';
const OUT_FILE = 'vad_pauses_excerpt.wav';
const RATE = 16000;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, process.env.EARSHOT_CORPUS ?? '../shared/corpus', 'dev');

function fail(message) {
  console.error(message);
  process.exit(1);
}

let wav, manifestText;
try {
  wav = readFileSync(path.join(corpus, SOURCE_FILE));
  manifestText = readFileSync(path.join(corpus, 'manifest.jsonl'), 'utf8');
} catch (err) {
  fail(`Cannot read the corpus at ${corpus} (${err.code ?? err.message}); set EARSHOT_CORPUS to its folder.`);
}
const manifest = manifestText
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));
const entry = manifest.find((m) => m.file === SOURCE_FILE) ?? fail(`${SOURCE_FILE} is not in the corpus manifest`);

// The one WAV reader and writer (TypeScript, loaded through Vite's module runner).
const { module: wavFile } = await runnerImport(path.join(root, 'workers/shared/wav.ts'), { configFile: false, root, logLevel: 'warn' });
const samples = EXCERPT_S * RATE;
let source;
try {
  source = wavFile.parseWav(new Uint8Array(wav));
  wavFile.monoSamples(source, RATE); // refuses another format
} catch (err) {
  fail(`${SOURCE_FILE}: ${err.message}`);
}
if (source.data.length < samples * 2) fail(`${SOURCE_FILE} is shorter than ${EXCERPT_S} s`);
const out = path.join(root, 'e2e', 'fixtures', OUT_FILE);
writeFileSync(out, wavFile.writeWav({ ...source, data: source.data.subarray(0, samples * 2) }));

// Only utterances that end inside the excerpt; a pause longer than the VAD's hangover follows the last one.
const kept = entry.speech_segments.filter((s) => s.speech_end_s <= EXCERPT_S);
const origin = (id) => manifest.find((m) => m.id === id) ?? fail(`utterance ${id} is not in the corpus manifest`);
const line = {
  file: OUT_FILE,
  text: kept.map((s) => s.text).join(' '),
  duration_s: EXCERPT_S,
  source:
    `first ${EXCERPT_S}.0 s (samples 0-${samples - 1}, copied unchanged) of the Earshot evaluation corpus file ` +
    `dev/${SOURCE_FILE}, cut by scripts/cut-vad-excerpt.mjs; utterances: ` +
    kept.map((s) => `${s.id} = ${origin(s.id).source}`).join(' | '),
  licence:
    'CC-BY-SA-3.0 as a whole (share-alike from the Asterisk recording); parts: ' +
    kept.map((s) => `${s.id}: ${origin(s.id).licence}`).join('; ') +
    '; room tone: CC0 (synthetic)',
  speaker: 'multiple',
  synthetic: false,
  kind: 'vad_segmentation',
  id: 'vad_pauses_excerpt',
  construction: `${entry.construction}; this excerpt keeps the first ${kept.length} utterances and ends ${(
    EXCERPT_S - kept.at(-1).speech_end_s
  ).toFixed(2)} s into the following pause`,
  speech_segments: kept,
};
console.log(JSON.stringify(line));
console.error(`wrote ${path.relative(root, out)}: ${EXCERPT_S} s, ${kept.length} utterances`);
