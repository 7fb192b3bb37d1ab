// A decode runs step after step without going back to the worker's event loop: each onnxruntime run
// resolves at once, so only microtasks run between steps. A message that arrives during a decode (the
// pause snapshot or final that should interrupt a partial) then waits for the whole decode, up to ~0.9 s
// measured. Yielding one task before each run lets it in, and the stop it sets ends the decode a step later.

let channel: MessageChannel | null = null;
const waiting: Array<() => void> = [];

/** Resolves in a new task, after the tasks queued before it (messages included). Not setTimeout: clamped to 4 ms when chained. */
export function nextTask(): Promise<void> {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel!.port2.postMessage(null);
  });
}

interface Runnable {
  run(...args: never[]): Promise<unknown>;
}

/** Each session yields one task before each run while `interruptible()` holds (0.03 ms a yield, measured in a worker). */
export function yieldBeforeRuns(sessions: Record<string, Runnable>, interruptible: () => boolean, pause = nextTask): void {
  for (const session of Object.values(sessions)) {
    const run = session.run.bind(session);
    session.run = async (...args: never[]) => {
      if (interruptible()) await pause();
      return run(...args);
    };
  }
}
