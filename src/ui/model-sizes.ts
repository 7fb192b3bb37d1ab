// Download sizes from the model manifest, for the settings labels. Pure.
import manifest from '../../models/manifest.json';
import type { ModelName } from '../../workers/protocol';

interface ManifestLike {
  models: Record<string, { id: string }>;
  files: Record<string, { bytes: number; edit?: { of: string } }>;
}

export function downloadBytes(model: string, m: ManifestLike = manifest): number {
  const id = m.models[model]?.id;
  if (!id) return 0;
  const replaced = new Set(Object.values(m.files).map((f) => f.edit?.of)); // an edited file is loaded instead
  let bytes = 0;
  for (const [path, file] of Object.entries(m.files))
    if ((path === id || path.startsWith(`${id}/`)) && !replaced.has(path)) bytes += file.bytes;
  return bytes;
}

export function downloadMb(model: ModelName): number {
  return Math.round(downloadBytes(model) / 1e6);
}
