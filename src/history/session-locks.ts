// Which in-progress sessions are alive: a tab recording a session holds a Web Lock named after it,
// so another tab starting up closes only sessions whose tab is gone. The browser frees a closed or
// crashed tab's locks.

const PREFIX = 'earshot-history-session-';

/** Holds the session's lock until the returned function is called. */
export function holdSession(locks: LockManager | null, id: number): () => void {
  if (!locks) return () => undefined;
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  void locks.request(`${PREFIX}${id}`, () => held).catch(() => undefined);
  return release;
}

/** True when no tab holds the session's lock (without Web Locks: always). */
export async function isAbandoned(locks: LockManager | null, id: number): Promise<boolean> {
  if (!locks) return true;
  return locks.request(`${PREFIX}${id}`, { ifAvailable: true }, async (lock) => lock !== null);
}
