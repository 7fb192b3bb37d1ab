import { describe, expect, it } from 'vitest';
import { planIsolation, ReloadGuard, RELOAD_FLAG } from '../src/pwa/isolation-guard';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

describe('planIsolation', () => {
  it('runs at once when the page is isolated or no service worker can help', () => {
    expect(planIsolation({ isolated: true, serviceWorkers: true, reloadedBefore: false })).toBe('run');
    expect(planIsolation({ isolated: true, serviceWorkers: true, reloadedBefore: true })).toBe('run');
    expect(planIsolation({ isolated: false, serviceWorkers: false, reloadedBefore: false })).toBe('run');
  });

  it('reloads through the service worker once, then gives up', () => {
    expect(planIsolation({ isolated: false, serviceWorkers: true, reloadedBefore: false })).toBe('reload-through-worker');
    expect(planIsolation({ isolated: false, serviceWorkers: true, reloadedBefore: true })).toBe('give-up');
  });
});

describe('ReloadGuard', () => {
  it('remembers one reload and forgets it when cleared', () => {
    const storage = new MemoryStorage();
    const guard = new ReloadGuard(storage);
    expect(guard.reloadedBefore).toBe(false);
    expect(guard.mark()).toBe(true);
    expect(storage.items.has(RELOAD_FLAG)).toBe(true);
    // The next page load in the same tab sees the flag.
    expect(new ReloadGuard(storage).reloadedBefore).toBe(true);
    guard.clear();
    expect(new ReloadGuard(storage).reloadedBefore).toBe(false);
  });

  it('a tab that keeps failing reloads at most once per attempt', () => {
    const storage = new MemoryStorage();
    let reloads = 0;
    // Simulate page loads in a browser where the headers never take effect.
    for (let load = 0; load < 6; load++) {
      const guard = new ReloadGuard(storage);
      const plan = planIsolation({ isolated: false, serviceWorkers: true, reloadedBefore: guard.reloadedBefore });
      if (plan === 'reload-through-worker' && guard.mark()) {
        reloads++;
        continue; // the page reloads by itself
      }
      guard.clear();
      break; // the app runs and shows the isolation message
    }
    expect(reloads).toBe(1);
  });

  it('never reloads when storage is missing or throws', () => {
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    for (const guard of [new ReloadGuard(null), new ReloadGuard(throwing)]) {
      expect(guard.reloadedBefore).toBe(true);
      expect(guard.mark()).toBe(false);
      expect(() => guard.clear()).not.toThrow();
    }
  });
});
