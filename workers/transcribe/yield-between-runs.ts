// A decode runs step after step without going back to the worker's event loop: each onnxruntime run
// resolves at once, so only microtasks run between steps. A message that arrives during a decode (the
// pause snapshot or final that should interrupt a partial) then waits for the whole decode, up to ~0.9 s
// measured. Yielding one task before each run lets it in, and the stop it sets ends the decode a step later.
//
// A stop that comes in while the encoder runs still leaves the decoder's first pass, which reads the whole
// prompt (up to ~200 tokens, +125 ms measured on whisper-tiny). That run's output is thrown away, but it cannot
// be skipped: transformers.js chains every run on one promise, so a run that throws fails every later one.
// It is given the last position only, which ends the decode just as fast for a fraction of the work.

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

/** The part of an onnxruntime tensor this needs (its constructor makes the smaller one). */
interface RunTensor {
  type: string;
  dims: readonly number[];
  data: unknown;
}

type Feeds = Record<string, RunTensor>;

interface Runnable {
  run(feeds: never, ...rest: never[]): Promise<unknown>;
}

export interface RunGate {
  /** The decode under way can be stopped: let messages in before each run. */
  interruptible(): boolean;
  /** It has been stopped. */
  stopped(): boolean;
}

/**
 * A stopped decode's decoder pass over several positions (the prompt's first pass) keeps only each row's last
 * position: its logits are overruled by the stop (end-on-interrupt.ts) and its cache is never read again.
 * Other runs (the encoder, single-token steps) are returned as they are.
 */
export function lastPositionOnly<F extends Feeds>(feeds: F): F {
  const ids = feeds.input_ids;
  if (!ids || ids.dims.length !== 2 || ids.dims[1] <= 1) return feeds;
  const [rows, positions] = ids.dims;
  const data = ids.data as BigInt64Array | Int32Array;
  const last = data.constructor === BigInt64Array ? new BigInt64Array(rows) : new Int32Array(rows);
  for (let r = 0; r < rows; r++) last[r] = data[r * positions + positions - 1] as never;
  const Tensor = ids.constructor as new (type: string, data: unknown, dims: number[]) => RunTensor;
  return { ...feeds, input_ids: new Tensor(ids.type, last, [rows, 1]) };
}

/** Each session yields one task before each run while the decode can be stopped (0.03 ms a yield, measured in a worker). */
export function yieldBeforeRuns(sessions: Record<string, Runnable>, gate: RunGate, pause = nextTask): void {
  for (const session of Object.values(sessions)) {
    const run = session.run.bind(session);
    session.run = async (feeds: never, ...rest: never[]) => {
      if (!gate.interruptible()) return run(feeds, ...rest);
      await pause();
      return run(gate.stopped() ? (lastPositionOnly(feeds as Feeds) as never) : feeds, ...rest);
    };
  }
}
