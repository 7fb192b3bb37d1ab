import { describe, expect, it } from 'vitest';
import { readCapabilities, sharedMemoryUsable, wasmThreads, type Capabilities } from '../src/capabilities';
import { memoryFigure } from '../src/ui/diagnostics-data';
import { ModelLoadRetryError, modelLoadErrorMessage, modelLoadFailureKind, slowerModeMessage } from '../src/errors';

const chromium2: Capabilities = { isolated: true, sharedArrayBuffer: true, reportedCores: 2, coresRounded: false };
/** WebKitGTK on a 2-core machine: isolated, no SharedArrayBuffer constructor, says 4 cores. */
const webkitGtk: Capabilities = { isolated: true, sharedArrayBuffer: false, reportedCores: 4, coresRounded: true };

describe('capabilities', () => {
  it('reads WebKit as rounding its core count, Chromium as counting', () => {
    const g = (vendor: string, sab: boolean) =>
      ({
        crossOriginIsolated: true,
        navigator: { hardwareConcurrency: 4, vendor },
        ...(sab ? { SharedArrayBuffer } : {}),
      }) as unknown as typeof globalThis;
    expect(readCapabilities(g('Apple Computer, Inc.', false))).toEqual(webkitGtk);
    expect(readCapabilities(g('Google Inc.', true))).toEqual({ ...chromium2, reportedCores: 4 });
  });

  it('uses the shared-memory ring only with isolation and a SharedArrayBuffer constructor', () => {
    expect(sharedMemoryUsable(chromium2)).toBe(true);
    expect(sharedMemoryUsable(webkitGtk)).toBe(false);
    expect(sharedMemoryUsable({ ...chromium2, isolated: false })).toBe(false);
  });

  it('asks for one thread where wasm threads cannot run, whatever the core count says', () => {
    expect(wasmThreads(4, webkitGtk)).toBe(1);
    expect(wasmThreads(8, { ...chromium2, isolated: false, reportedCores: 16 })).toBe(1);
  });

  it('counts a rounded core figure for half, and never exceeds the profile or the cores', () => {
    expect(wasmThreads(4, { ...webkitGtk, sharedArrayBuffer: true })).toBe(2); // a 2-core machine saying 4
    expect(wasmThreads(8, { ...webkitGtk, sharedArrayBuffer: true, reportedCores: 8 })).toBe(4);
    expect(wasmThreads(4, chromium2)).toBe(2);
    expect(wasmThreads(4, { ...chromium2, reportedCores: 16 })).toBe(4);
    expect(wasmThreads(1, { ...chromium2, reportedCores: 16 })).toBe(1);
    expect(wasmThreads(4, { ...chromium2, reportedCores: 0 })).toBe(2);
  });
});

describe('slower-mode notice', () => {
  it('says the page is not isolated only when it is not', () => {
    expect(slowerModeMessage({ isolated: false, sharedArrayBuffer: false })).toMatch(/not cross-origin isolated/);
  });

  it('says SharedArrayBuffer is missing on an isolated page without it (WebKitGTK)', () => {
    const message = slowerModeMessage(webkitGtk)!;
    expect(message).toMatch(/^Running in a slower mode: the page is cross-origin isolated, but this browser offers no SharedArrayBuffer/);
    expect(message).not.toMatch(/not cross-origin isolated/);
  });

  it('says nothing when shared memory works', () => {
    expect(slowerModeMessage(chromium2)).toBeNull();
  });
});

describe('model load failures', () => {
  it('retries only failures without a known cause', () => {
    expect(modelLoadFailureKind(Object.assign(new Error('x'), { name: 'ModelIntegrityError' }))).toBe('integrity');
    expect(modelLoadFailureKind(new Error('Could not download a: the network is unavailable and the file is not cached yet.'))).toBe(
      'offline',
    );
    expect(
      modelLoadFailureKind(new Error("Can't create a session. ERROR_CODE: 1, ERROR_MESSAGE: node_index < nodes_.size() was false.")),
    ).toBe('other');
  });

  it('says a load failed twice, and what to do', () => {
    const message = modelLoadErrorMessage(new ModelLoadRetryError("Can't create a session."));
    expect(message).toContain("could not be loaded, twice in a row: Can't create a session.");
    expect(message).toContain('press Try again');
  });
});

describe('diagnostics memory figure', () => {
  it('prefers the JS heap, falls back to the WebAssembly heaps (WebKit), else none', () => {
    expect(memoryFigure({ heapBytes: 50e6, wasmBytes: 200e6 })).toEqual({ bytes: 50e6, what: 'page JS heap' });
    expect(memoryFigure({ heapBytes: null, wasmBytes: 200e6 })).toEqual({ bytes: 200e6, what: 'WebAssembly heaps' });
    expect(memoryFigure({ heapBytes: null, wasmBytes: 0 })).toBeNull();
  });
});
