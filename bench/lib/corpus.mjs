// The evaluation corpus as the benchmark runners read it: `../shared/corpus/dev` or EARSHOT_CORPUS.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function corpusFolder() {
  const dir = path.resolve(root, process.env.EARSHOT_CORPUS ?? '../shared/corpus/dev');
  if (existsSync(path.join(dir, 'manifest.jsonl'))) return dir;
  if (existsSync(path.join(dir, 'dev', 'manifest.jsonl'))) return path.join(dir, 'dev');
  throw new Error(`No corpus manifest at ${dir}/manifest.jsonl; set EARSHOT_CORPUS to the dev corpus folder.`);
}

/** Every entry of the folder's manifest.jsonl, with the line named when one is not JSON. */
export function readManifest(dir) {
  return readFileSync(path.join(dir, 'manifest.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      try {
        return JSON.parse(line);
      } catch {
        throw new Error(`${dir}/manifest.jsonl line ${i + 1} is not JSON`);
      }
    });
}
