// Where the model files are served from. The app serves them from its own origin (`/models/`); a page
// embedding the library may serve them elsewhere on its origin. onnxruntime-web's runtime needs no entry: it is
// a content-hashed file beside the workers (workers/shared/ort-env.ts).

/** Absolute URLs, each ending in `/`. */
export interface AssetUrls {
  models: string;
}

/** `models/` under `base` (absolute, or relative to `from`). */
export function assetUrlsAt(base: string | URL, from: string): AssetUrls {
  const root = new URL(base, from);
  if (!root.pathname.endsWith('/')) root.pathname += '/';
  root.search = root.hash = '';
  return { models: new URL('models/', root).href };
}

/** The app's layout: at the root of the current origin. */
export function defaultAssetUrls(): AssetUrls {
  return assetUrlsAt('/', self.location.origin);
}
