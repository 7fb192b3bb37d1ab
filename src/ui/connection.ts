/** Where offline use stands: the app and the model stored, still being stored, or refused by the browser. */
export interface OfflineState {
  /** The app (service worker precache) and the chosen model are stored. */
  ready: boolean;
  /** The browser refused to store the model (storage full, or no Cache Storage). */
  unavailable: boolean;
  online: boolean;
}

/** The connection badge's words. */
export function connectionText({ ready, unavailable, online }: OfflineState): string {
  if (ready) return online ? 'Ready offline' : 'Offline — works without a network';
  if (unavailable) return 'Not stored for offline use: storage is full or unavailable';
  return online ? 'Online — storing for offline use…' : 'Offline — not yet stored for offline use';
}
