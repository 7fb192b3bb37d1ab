// "A new version is available": the waiting service worker is activated only when the user says so, and
// the page reloads exactly once, after the new worker has taken control.
import { createSubscriber } from 'svelte/reactivity';

/** The part of workbox-window's `Workbox` this flow uses. */
export interface UpdateSource {
  addEventListener(type: 'waiting' | 'controlling', listener: (event: { isUpdate?: boolean }) => void): void;
  messageSkipWaiting(): void;
}

export type UpdatePhase =
  /** nothing to offer */
  | 'none'
  /** a new version is installed and waiting for the user */
  | 'available'
  /** a new version already controls this page (activated from another tab): only a reload is needed */
  | 'activated'
  /** the user accepted; waiting for the new version to take control, then reloading */
  | 'applying';

export class UpdateFlow {
  #phase: UpdatePhase = 'none';
  #source: UpdateSource | null = null;
  #reloaded = false;
  #notify: (() => void) | null = null;
  readonly #subscribe = createSubscriber((update) => {
    this.#notify = update;
    return () => (this.#notify = null);
  });

  constructor(private readonly reload: () => void) {}

  /** Reactive in Svelte components (read inside an effect or template). */
  get phase(): UpdatePhase {
    this.#subscribe();
    return this.#phase;
  }

  attach(source: UpdateSource): void {
    this.#source = source;
    source.addEventListener('waiting', () => {
      if (this.#phase === 'none') this.#set('available');
    });
    source.addEventListener('controlling', (event) => {
      if (this.#phase === 'applying') this.#reloadOnce();
      else if (event.isUpdate) this.#set('activated'); // the first install taking control is not an update
    });
  }

  /** The user pressed "Reload". */
  apply(): void {
    if (this.#phase === 'activated') this.#reloadOnce();
    else if (this.#phase === 'available' && this.#source) {
      this.#set('applying');
      this.#source.messageSkipWaiting();
    }
  }

  /** The user pressed "Later": hide until the next version. */
  dismiss(): void {
    if (this.#phase === 'available' || this.#phase === 'activated') this.#set('none');
  }

  #reloadOnce(): void {
    if (this.#reloaded) return;
    this.#reloaded = true;
    this.reload();
  }

  #set(phase: UpdatePhase): void {
    this.#phase = phase;
    this.#notify?.();
  }
}
