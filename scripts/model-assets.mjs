// Where every file served under /models/ comes from, and its integrity check.
// Shared by the Vite plugin (dev server + build) and `npm run models:verify`.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const manifest = JSON.parse(readFileSync(path.join(root, 'models/manifest.json'), 'utf8'));

function packageDir(name) {
  return path.join(root, 'node_modules', name);
}

/** Absolute source path for a served model path such as `Xenova/whisper-tiny/config.json`. */
export function modelSource(servedPath) {
  const entry = manifest.files[servedPath];
  if (!entry) return null;
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

/** Checks every model file against the manifest; throws one error listing every mismatch. */
export async function verifyModels() {
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
    if (actual !== entry.sha256) bad.push(`${served}: sha256 ${actual}, expected ${entry.sha256}`);
  }
  if (bad.length) {
    throw new Error(`Model files do not match models/manifest.json; refusing to serve them:\n  ${bad.join('\n  ')}`);
  }
  return Object.keys(manifest.files).length;
}
