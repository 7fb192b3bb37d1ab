// Download sizes from the model manifest, for the settings labels. Pure.
import manifest from '../../models/manifest.json';
import type { ModelName } from '../../workers/protocol';

interface ManifestLike {
  models: Record<string, { id: string }>;
  files: Record<string, { bytes: number }>;
}

export function downloadBytes(model: string, m: ManifestLike = manifest): number {
  const id = m.models[model]?.id;
  if (!id) return 0;
  let bytes = 0;
  for (const [path, file] of Object.entries(m.files)) if (path === id || path.startsWith(`${id}/`)) bytes += file.bytes;
  return bytes;
}

export function downloadMb(model: ModelName): number {
  return Math.round(downloadBytes(model) / 1e6);
}
