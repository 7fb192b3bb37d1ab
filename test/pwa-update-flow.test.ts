import { describe, expect, it } from 'vitest';
import { UpdateFlow, type UpdateSource } from '../src/pwa/update-flow';

type Listener = (event: { isUpdate?: boolean }) => void;

/** Stands in for workbox-window's Workbox: emits the events, counts skip-waiting messages. */
class FakeWorkbox implements UpdateSource {
  readonly listeners = new Map<string, Listener[]>();
  skipWaitingMessages = 0;
  addEventListener(type: 'waiting' | 'controlling', listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  messageSkipWaiting(): void {
    this.skipWaitingMessages++;
  }
  emit(type: 'waiting' | 'controlling', event: { isUpdate?: boolean } = {}): void {
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
}

function setup() {
  let reloads = 0;
  const flow = new UpdateFlow(() => reloads++);
  const wb = new FakeWorkbox();
  flow.attach(wb);
  return { flow, wb, reloads: () => reloads };
}

describe('UpdateFlow', () => {
  it('offers a waiting version, activates it on request and reloads once it controls the page', () => {
    const { flow, wb, reloads } = setup();
    expect(flow.phase).toBe('none');
    wb.emit('waiting');
    expect(flow.phase).toBe('available');
    flow.apply();
    expect(flow.phase).toBe('applying');
    expect(wb.skipWaitingMessages).toBe(1);
    expect(reloads()).toBe(0); // not before the new worker controls the page
    wb.emit('controlling', { isUpdate: true });
    expect(reloads()).toBe(1);
    wb.emit('controlling', { isUpdate: true }); // a second event must not reload again
    flow.apply();
    expect(reloads()).toBe(1);
  });

  it('never reloads without the user', () => {
    const { flow, wb, reloads } = setup();
    wb.emit('controlling', { isUpdate: false }); // the first install taking control
    expect(flow.phase).toBe('none');
    wb.emit('waiting');
    wb.emit('controlling', { isUpdate: true }); // activated from another tab
    expect(flow.phase).toBe('activated');
    expect(reloads()).toBe(0);
    expect(wb.skipWaitingMessages).toBe(0);
    flow.apply(); // already active: only a reload is needed
    expect(wb.skipWaitingMessages).toBe(0);
    expect(reloads()).toBe(1);
  });

  it('"Later" hides the prompt until the next version', () => {
    const { flow, wb, reloads } = setup();
    flow.apply(); // nothing to apply yet
    expect(wb.skipWaitingMessages).toBe(0);
    wb.emit('waiting');
    flow.dismiss();
    expect(flow.phase).toBe('none');
    flow.apply();
    expect(wb.skipWaitingMessages).toBe(0);
    wb.emit('waiting');
    expect(flow.phase).toBe('available');
    expect(reloads()).toBe(0);
  });
});
