// What the browser really offers the speech pipeline, and what follows from it. Pure: the caller reads the
// browser once (readCapabilities) and everything else is testable without one.

export interface Capabilities {
  /** self.crossOriginIsolated */
  isolated: boolean;
  /** A SharedArrayBuffer constructor exists (WebKitGTK hides it even on isolated pages). */
  sharedArrayBuffer: boolean;
  /** navigator.hardwareConcurrency (0 when absent). */
  reportedCores: number;
  /**
   * The figure is a bucket, not a count: WebKit says 4 below 8 cores and 8 above (a fingerprinting
   * defence), so a 2-core machine reads as 4.
   */
  coresRounded: boolean;
}

export function readCapabilities(g: typeof globalThis = globalThis): Capabilities {
  const nav = (g as { navigator?: Navigator }).navigator;
  return {
    isolated: g.crossOriginIsolated === true,
    sharedArrayBuffer: typeof (g as { SharedArrayBuffer?: unknown }).SharedArrayBuffer === 'function',
    reportedCores: nav?.hardwareConcurrency ?? 0,
    coresRounded: nav?.vendor === 'Apple Computer, Inc.', // every WebKit (Safari, iOS browsers, WebKitGTK)
  };
}

/** Audio can go through the shared-memory ring, and wasm can run threads. */
export function sharedMemoryUsable(c: Capabilities): boolean {
  return c.isolated && c.sharedArrayBuffer;
}

/**
 * Threads for Whisper's wasm runtime: at most `wanted` (the profile's), never more than the cores there
 * are, and 1 where wasm threads cannot run (the runtime would fall back to 1 anyway). A rounded core
 * figure counts for half, as onnxruntime's own default does: on a 2-core machine WebKit says 4, and
 * 4 threads there were slower than 1.
 */
export function wasmThreads(wanted: number, c: Capabilities): number {
  if (!sharedMemoryUsable(c)) return 1;
  const reported = c.reportedCores > 0 ? c.reportedCores : 2;
  const cores = c.coresRounded ? Math.ceil(reported / 2) : reported;
  return Math.max(1, Math.min(wanted, cores));
}
