// Registers the service worker (production builds only) and, on a host that does not send COOP/COEP,
// reloads once through it so the page becomes cross-origin isolated. Never throws: without a service
// worker the app still runs online wherever the host sends the headers itself.
import { Workbox } from 'workbox-window';
import { planIsolation, ReloadGuard } from './isolation-guard';
import type { UpdateFlow } from './update-flow';

const SW_URL = `${import.meta.env.BASE_URL}sw.js`;
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/** `run`: build and start the app. `reloading`: the page is about to reload; build nothing. */
export type StartDecision = 'run' | 'reloading';

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** True once a worker of `registration` is active (a reload will then be controlled by it). */
function activated(registration: ServiceWorkerRegistration): Promise<boolean> {
  if (registration.active) return Promise.resolve(true);
  const worker = registration.installing ?? registration.waiting;
  if (!worker) return Promise.resolve(false);
  return new Promise((resolve) => {
    const check = () => {
      if (worker.state === 'activated') resolve(true);
      else if (worker.state === 'redundant') resolve(false); // install failed (offline, storage full)
    };
    worker.addEventListener('statechange', check);
    check();
  });
}

export class AppServiceWorker {
  readonly #workbox: Workbox | null;
  #registration: Promise<ServiceWorkerRegistration | null> | null = null;

  constructor(updates: UpdateFlow) {
    const usable = import.meta.env.PROD && 'serviceWorker' in navigator; // dev serves the headers itself
    this.#workbox = usable ? new Workbox(SW_URL, { scope: import.meta.env.BASE_URL }) : null;
    if (this.#workbox) updates.attach(this.#workbox);
  }

  /**
   * Call before building the app. An isolated page runs at once (registration waits for `register()`,
   * so the app's own downloads come first); a page that is not isolated reloads through the worker once.
   */
  async isolate(): Promise<StartDecision> {
    if (!this.#workbox) return 'run';
    const guard = new ReloadGuard(sessionStorageOrNull());
    const plan = planIsolation({ isolated: globalThis.crossOriginIsolated, serviceWorkers: true, reloadedBefore: guard.reloadedBefore });
    switch (plan) {
      case 'run':
        guard.clear();
        return 'run';
      case 'give-up':
        guard.clear();
        void this.register();
        return 'run';
      case 'reload-through-worker': {
        const registration = await this.register();
        if (!registration || !(await activated(registration)) || !guard.mark()) return 'run';
        location.reload();
        return 'reloading';
      }
      default: {
        const unknown: never = plan;
        throw new Error(`unknown isolation plan ${String(unknown)}`);
      }
    }
  }

  /** True once the service worker has stored the app (its precache is complete); false without one. */
  async stored(): Promise<boolean> {
    const registration = await this.register();
    return registration !== null && (await activated(registration));
  }

  /** Registers once; later calls return the same registration. */
  register(): Promise<ServiceWorkerRegistration | null> {
    this.#registration ??= this.#register();
    return this.#registration;
  }

  async #register(): Promise<ServiceWorkerRegistration | null> {
    if (!this.#workbox) return null;
    try {
      const registration = await this.#workbox.register({ immediate: true });
      if (!registration) return null;
      // Long-lived tabs still hear about new versions (browsers otherwise check on navigation only).
      setInterval(() => void registration.update().catch(() => undefined), UPDATE_CHECK_MS);
      return registration;
    } catch (err) {
      console.warn('Earshot will not work offline: its service worker could not be registered.', err);
      return null;
    }
  }
}
