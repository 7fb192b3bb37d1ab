// A levelled logger for every thread. Nothing per frame above debug: hot paths count, and a periodic
// one-line summary reports the counts.
export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  readonly level: LogLevel;
  enabled(level: LogLevel): boolean;
  error(message: string, ...data: unknown[]): void;
  warn(message: string, ...data: unknown[]): void;
  info(message: string, ...data: unknown[]): void;
  debug(message: string, ...data: unknown[]): void;
}

type Sink = Pick<Console, 'error' | 'warn' | 'info' | 'debug'>;

export function isLogLevel(v: unknown): v is LogLevel {
  return typeof v === 'string' && (LOG_LEVELS as readonly string[]).includes(v);
}

export function createLogger(scope: string, level: LogLevel = 'warn', sink: Sink = console): Logger {
  const rank = LOG_LEVELS.indexOf(level);
  const enabled = (l: LogLevel) => LOG_LEVELS.indexOf(l) <= rank;
  const at =
    (l: LogLevel) =>
    (message: string, ...data: unknown[]) => {
      if (enabled(l)) sink[l](`[earshot:${scope}] ${message}`, ...data);
    };
  return { level, enabled, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

/** Calls `emit` at most once per `intervalMs` of the given clock: a summary instead of a flood. */
export function everyInterval(intervalMs: number) {
  let last = -Infinity;
  return (nowMs: number, emit: () => void) => {
    if (nowMs - last < intervalMs) return;
    last = nowMs;
    emit();
  };
}
