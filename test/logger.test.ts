import { describe, expect, it } from 'vitest';
import { createLogger, everyInterval } from '../workers/shared/logger';

function capture() {
  const lines: string[] = [];
  const sink = {
    error: (m: string) => lines.push(`E ${m}`),
    warn: (m: string) => lines.push(`W ${m}`),
    info: (m: string) => lines.push(`I ${m}`),
    debug: (m: string) => lines.push(`D ${m}`),
  };
  return { lines, sink };
}

describe('logger', () => {
  it('prints only at or above its level, with the scope', () => {
    const { lines, sink } = capture();
    const log = createLogger('vad', 'warn', sink);
    log.debug('frame');
    log.info('summary');
    log.warn('slow');
    log.error('broken');
    expect(lines).toEqual(['W [earshot:vad] slow', 'E [earshot:vad] broken']);
    expect(log.enabled('debug')).toBe(false);
  });

  it('debug shows everything', () => {
    const { lines, sink } = capture();
    const log = createLogger('asr', 'debug', sink);
    log.debug('a');
    log.info('b');
    expect(lines).toHaveLength(2);
  });

  it('summaries come at most once per interval', () => {
    const tick = everyInterval(60_000);
    let n = 0;
    for (let t = 0; t <= 180_000; t += 32) tick(t, () => n++);
    expect(n).toBe(4);
  });
});
