/** Offline use: the app and the model still being stored, stored, or refused by the browser (storage full, or none). */
export type OfflineStore = 'storing' | 'ready' | 'unavailable';

/** The connection badge's words. */
export function connectionText(offline: OfflineStore, online: boolean): string {
  if (offline === 'ready') return online ? 'Ready offline' : 'Offline — works without a network';
  if (offline === 'unavailable') return 'Not stored for offline use: storage is full or unavailable';
  return online ? 'Online — storing for offline use…' : 'Offline — not yet stored for offline use';
}
