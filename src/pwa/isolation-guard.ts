// Getting cross-origin isolation on a host that cannot send COOP/COEP: the service worker adds the headers,
// but only to pages it controls, so a first visit reloads once after it takes control. A flag in
// sessionStorage makes that reload happen at most once per attempt: if the page is still not isolated
// afterwards (a browser that ignores the headers, service workers disabled), the app runs and explains.

export type IsolationPlan =
  /** isolated already, or nothing a reload could fix: start the app */
  | 'run'
  /** not isolated, first attempt: register the service worker, wait for it to control the page, reload */
  | 'reload-through-worker'
  /** the reload was tried and did not help: start the app, which shows the isolation error */
  | 'give-up';

export interface IsolationState {
  isolated: boolean;
  serviceWorkers: boolean;
  reloadedBefore: boolean;
}

export function planIsolation({ isolated, serviceWorkers, reloadedBefore }: IsolationState): IsolationPlan {
  if (isolated || !serviceWorkers) return 'run';
  return reloadedBefore ? 'give-up' : 'reload-through-worker';
}

type FlagStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const RELOAD_FLAG = 'earshot.isolation-reload';

/** The "already reloaded once" flag. Without usable storage it reads as set, so nothing can loop. */
export class ReloadGuard {
  constructor(private readonly storage: FlagStorage | null) {}

  get reloadedBefore(): boolean {
    try {
      return this.storage ? this.storage.getItem(RELOAD_FLAG) !== null : true;
    } catch {
      return true;
    }
  }

  /** Call right before the reload; false when the flag cannot be stored (then do not reload). */
  mark(): boolean {
    try {
      this.storage?.setItem(RELOAD_FLAG, String(Date.now()));
      return this.storage !== null && this.storage.getItem(RELOAD_FLAG) !== null;
    } catch {
      return false;
    }
  }

  /** Call once the outcome is known, so a later visit in this tab may try again. */
  clear(): void {
    try {
      this.storage?.removeItem(RELOAD_FLAG);
    } catch {
      // nothing stored, nothing to clear
    }
  }
}
