// Where the model files and onnxruntime-web's runtime are served from. The app serves both from its own
// origin (`/models/`, `/ort/`); a page embedding the library may serve them elsewhere on its origin.

/** Absolute URLs, each ending in `/`. */
export interface AssetUrls {
  models: string;
  ort: string;
}

/** `models/` and `ort/` under `base` (absolute, or relative to `from`). */
export function assetUrlsAt(base: string | URL, from: string): AssetUrls {
  const root = new URL(base, from);
  if (!root.pathname.endsWith('/')) root.pathname += '/';
  root.search = root.hash = '';
  return { models: new URL('models/', root).href, ort: new URL('ort/', root).href };
}

/** The app's layout: both at the root of the current origin. */
export function defaultAssetUrls(): AssetUrls {
  return assetUrlsAt('/', self.location.origin);
}
