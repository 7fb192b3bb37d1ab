// Model files: fetched from our own origin, verified against the SHA-256 manifest, cached in Cache Storage
// under a versioned name. A cached file that no longer matches is evicted and fetched again; a fetched file
// that does not match is refused with a clear error — never loaded.
import manifest from '../../models/manifest.json';
import { defaultAssetUrls } from './asset-urls';

export const MODELS_VERSION: string = manifest.version;
const CACHE_PREFIX = 'earshot-models-';
const CACHE_NAME = `${CACHE_PREFIX}${MODELS_VERSION}`;

interface ManifestEntry {
  sha256: string;
  bytes: number;
  /** Made at build time from another manifest file (scripts/model-assets.mjs). */
  edit?: { kind: string; of: string };
}
const files: Record<string, ManifestEntry> = manifest.files;

/** The build's edited file of `kind` that stands in for `servedPath` (e.g. the short-context encoder), if any. */
export function editedFile(servedPath: string, kind: string): string | null {
  return editsUnder(servedPath, kind)[servedPath] ?? null;
}

/** The build's edited files of `kind` for the files served under `prefix`, keyed by the file each stands in for. */
export function editsUnder(prefix: string, kind: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [path, entry] of Object.entries(files))
    if (entry.edit?.kind === kind && entry.edit.of.startsWith(prefix)) found[entry.edit.of] = path;
  return found;
}

export class ModelIntegrityError extends Error {
  override name = 'ModelIntegrityError';
}

export type ByteProgress = (path: string, loaded: number, total: number) => void;

/**
 * Bytes one load of the files under a served prefix such as `Xenova/whisper-tiny/` downloads: an edited file
 * is loaded instead of the one it was made from (which is only the fallback).
 */
export function bytesUnder(prefix: string): number {
  const replaced = new Set(Object.values(files).map((e) => e.edit?.of));
  return Object.entries(files)
    .filter(([p]) => p.startsWith(prefix) && !replaced.has(p))
    .reduce((sum, [, e]) => sum + e.bytes, 0);
}

async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function openCache(): Promise<Cache | null> {
  try {
    return typeof caches === 'undefined' ? null : await caches.open(CACHE_NAME);
  } catch {
    return null; // no Cache Storage (private mode, some embedded views): load from the network each time
  }
}

/** Deletes caches left by earlier model versions. */
export async function dropStaleCaches(): Promise<void> {
  if (typeof caches === 'undefined') return;
  for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME) await caches.delete(name);
}

async function readWithProgress(response: Response, path: string, total: number, onProgress?: ByteProgress) {
  if (!response.body || !onProgress) return response.arrayBuffer();
  const out = new Uint8Array(total);
  const reader = response.body.getReader();
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > out.length) throw new ModelIntegrityError(`${path} is larger than the manifest says`);
    out.set(value, loaded);
    loaded += value.length;
    onProgress(path, loaded, total);
  }
  return loaded === out.length ? out.buffer : out.buffer.slice(0, loaded);
}

/** Verified bytes of a model file, e.g. `silero/silero_vad_v5.onnx`, from `modelsUrl` (absolute, ending in `/`). */
export async function loadModelFile(path: string, onProgress?: ByteProgress, modelsUrl = defaultAssetUrls().models): Promise<ArrayBuffer> {
  const entry = files[path];
  if (!entry) throw new ModelIntegrityError(`${path} is not in the model manifest`);
  const url = new URL(path, modelsUrl).href;
  const cache = await openCache();

  const cached = await cache?.match(url).catch(() => undefined);
  if (cached) {
    const data = await cached.arrayBuffer();
    if ((await sha256Hex(data)) === entry.sha256) {
      onProgress?.(path, entry.bytes, entry.bytes);
      return data;
    }
    await cache?.delete(url); // corrupted on disk: evict and fetch again
  }

  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new Error(`Could not download ${path}: the network is unavailable and the file is not cached yet.`);
  }
  if (!response.ok) throw new Error(`Could not download ${path} (HTTP ${response.status}).`);
  // The cache is given its own branch of the download, which the browser copies off this thread; it is
  // stored only once the bytes verify.
  const copy = cache ? response.clone() : null;
  const data = await readWithProgress(response, path, entry.bytes, onProgress);
  const actual = await sha256Hex(data);
  if (actual !== entry.sha256) {
    void copy?.body?.cancel().catch(() => undefined);
    throw new ModelIntegrityError(
      `The model file ${path} failed its integrity check (SHA-256 ${actual.slice(0, 12)}…, expected ${entry.sha256.slice(0, 12)}…). It was not loaded.`,
    );
  }
  if (cache && copy) storeInBackground(cache, url, path, copy);
  else unstored.add(path); // no Cache Storage here: it downloads again next time
  return data;
}

/** Cache writes under way. The load goes on without them: the 30 MB decoder took 1.3–1.8 s to write here. */
const writing = new Set<Promise<void>>();
/** Files whose last write failed (storage full): they download again next time. */
const unstored = new Set<string>();

function storeInBackground(cache: Cache, url: string, path: string, response: Response): void {
  const write = cache
    .put(url, response)
    .then(
      () => void unstored.delete(path),
      () => void unstored.add(path), // storage full: the model still works this time
    )
    .finally(() => writing.delete(write));
  writing.add(write);
}

/** Waits for the cache writes under way; true when every model file this worker fetched is stored. */
export async function allStored(): Promise<boolean> {
  while (writing.size) await Promise.all(writing);
  return unstored.size === 0;
}

/**
 * A `fetch` for libraries that load models by URL: requests under `modelsUrl` go through `loadModelFile`.
 * `loadInstead` names manifest files to load for the paths the library asks for (an edited encoder for the
 * stock one: transformers.js derives every file name from the model id).
 */
export function createModelFetch(
  onProgress?: ByteProgress,
  modelsUrl = defaultAssetUrls().models,
  loadInstead: Record<string, string> = {},
): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, self.location.href);
    const plain = url.origin + url.pathname;
    if (!plain.startsWith(modelsUrl)) return fetch(input, init);
    const asked = decodeURIComponent(plain.slice(modelsUrl.length));
    const path = loadInstead[asked] ?? asked;
    if (!files[path]) return new Response(null, { status: 404, statusText: 'Not in the model manifest' });
    const data = await loadModelFile(path, onProgress, modelsUrl);
    return new Response(data, { status: 200, headers: { 'Content-Length': String(data.byteLength) } });
  };
}
