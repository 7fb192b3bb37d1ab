// EarshotRecognition against the Web Speech API's event order and result-list semantics, with the
// pipeline replaced by a scripted fake (the edge the recogniser is built on).
import { describe, expect, it } from 'vitest';
import { EarshotRecognition, type EngineFactory, type RecognitionEngine } from '../src/lib/recognition';
import type { PipelineOptions } from '../src/pipeline/pipeline';
import type { PipelineEvent } from '../workers/protocol';
import type { EarshotRecognitionErrorEvent, EarshotRecognitionEvent } from '../src/lib/types';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
/** Lets the recogniser's queued pipeline work (a stop's drain, then the next start) run. */
const settle = async () => {
  for (let i = 0; i < 4; i++) await tick();
};

/** A pipeline whose events the test sends; `stopLive` delivers `drainFinals` as the real one drains. */
class FakeEngine implements RecognitionEngine {
  calls: string[] = [];
  sessions = 0;
  drainFinals: Array<{ id: number; text: string }> = [];
  endMic: (() => void) | null = null;
  constructor(
    readonly options: PipelineOptions,
    private readonly emit: (e: PipelineEvent) => void,
    private readonly fail: { load?: Error; mic?: Error } = {},
  ) {}
  get source() {
    return `live-${this.sessions}`;
  }
  async load() {
    this.calls.push('load');
    if (this.fail.load) throw this.fail.load;
  }
  async startLive(onMicEnded: () => void) {
    this.calls.push('startLive');
    if (this.fail.mic) throw this.fail.mic;
    this.endMic = onMicEnded;
    this.sessions++;
    return this.source;
  }
  async stopLive(onCaptureClosed?: () => void) {
    this.calls.push('stopLive');
    onCaptureClosed?.();
    await tick();
    for (const f of this.drainFinals.splice(0)) this.final(f.id, f.text);
    this.send({ type: 'drained', source: this.source });
  }
  async dispose() {
    this.calls.push('dispose');
  }
  send(e: PipelineEvent) {
    this.emit(e);
  }
  speechStart() {
    this.send({ type: 'speech-start', source: this.source, atMs: 0 });
  }
  speechEnd() {
    this.send({ type: 'speech-end', source: this.source, atMs: 0 });
  }
  partial(id: number, text: string) {
    this.send({ type: 'partial', source: this.source, id, text });
  }
  /** `startMs`: where the final's audio starts (a segment's own by default; a joined one starts earlier). */
  final(id: number, text: string, replaces?: number, startMs = id * 1000) {
    const metrics = { audioMs: 0, queueMs: 0, inferMs: 0, eosToFinalMs: 0, tokens: 0 };
    this.send({
      type: 'final',
      source: this.source,
      id,
      ...(replaces === undefined ? {} : { replaces }),
      text,
      startMs,
      endMs: startMs + 1,
      metrics,
    });
  }
}

const NAMES = ['start', 'audiostart', 'soundstart', 'speechstart', 'result', 'speechend', 'soundend', 'audioend', 'end', 'error'] as const;

/** A recogniser on a fake pipeline, and the events it dispatched, written compactly. */
function setup(
  props: Partial<Pick<EarshotRecognition, 'continuous' | 'interimResults' | 'lang'>> = {},
  fail: { load?: Error; mic?: Error } = {},
) {
  const engines: FakeEngine[] = [];
  const factory: EngineFactory = (options, emit) => {
    const engine = new FakeEngine(options, emit, fail);
    engines.push(engine);
    return engine;
  };
  const rec = new EarshotRecognition({ vocabulary: ['Earshot', 'Whisper'] }, { engine: factory });
  Object.assign(rec, { lang: 'en-US', ...props });
  const log: string[] = [];
  const events: Event[] = [];
  for (const name of NAMES)
    rec.addEventListener(name, (e) => {
      events.push(e);
      if (e.type === 'result') {
        const r = e as EarshotRecognitionEvent;
        const list = Array.from(r.results, (x) => `${x[0].transcript}${x.isFinal ? '' : '?'}`);
        log.push(`result@${r.resultIndex}[${list.join('|')}]`);
      } else if (e.type === 'error') log.push(`error:${(e as EarshotRecognitionErrorEvent).error}`);
      else log.push(e.type);
    });
  const engine = () => engines[engines.length - 1];
  return { rec, log, events, engines, engine };
}

async function started(props: Parameters<typeof setup>[0] = {}) {
  const t = setup(props);
  t.rec.start();
  await settle();
  expect(t.log).toEqual(['start', 'audiostart']);
  return t;
}

describe('EarshotRecognition: single-shot (continuous = false)', () => {
  it('start → audiostart → soundstart → speechstart → speechend → soundend → audioend → result (final) → end', async () => {
    const { rec, log, engine } = await started();
    engine().speechStart();
    engine().partial(1, 'hello'); // interimResults is false: not reported
    engine().drainFinals.push({ id: 1, text: 'Hello world.' });
    engine().speechEnd(); // the utterance is over: capture stops, its text is the one result
    await settle();
    await settle();
    expect(log).toEqual([
      'start',
      'audiostart',
      'soundstart',
      'speechstart',
      'speechend',
      'soundend',
      'audioend',
      'result@0[Hello world.]',
      'end',
    ]);
    expect(engine().calls.filter((c) => c === 'stopLive')).toHaveLength(1);
    expect(() => rec.start()).not.toThrow(); // idle again
  });

  it('takes one final result only; later ones are dropped', async () => {
    const { log, engine } = await started({ interimResults: true });
    engine().speechStart();
    engine().partial(1, 'one');
    engine().final(1, 'One.'); // arrives before the pause ends the utterance (a forced cut)
    engine().final(2, 'Two.');
    await settle();
    await settle();
    expect(log.filter((l) => l.startsWith('result'))).toEqual(['result@0[one?]', 'result@0[One.]']);
    expect(log.slice(-4)).toEqual(['speechend', 'soundend', 'audioend', 'end']);
  });
});

describe('EarshotRecognition: continuous with interim results', () => {
  it('keeps every final in order, the interim one last, and reports the index that changed', async () => {
    const { rec, log, engine, events } = await started({ continuous: true, interimResults: true });
    const e = engine();
    e.speechStart();
    e.partial(1, 'hello');
    e.partial(1, 'hello'); // unchanged: no event
    e.partial(1, 'hello wor');
    e.final(1, 'Hello world.');
    e.speechEnd(); // continuous: listening goes on
    e.speechStart(); // speechstart fires once per session
    e.partial(2, 'how');
    e.final(2, 'How are you?');
    e.partial(2, 'how are'); // stale: its segment is final
    e.final(3, ''); // noise: nothing heard, no result
    e.partial(4, 'good');
    e.drainFinals.push({ id: 4, text: 'Goodbye.' });
    rec.stop();
    await settle();
    await settle();
    expect(log).toEqual([
      'start',
      'audiostart',
      'soundstart',
      'speechstart',
      'result@0[hello?]',
      'result@0[hello wor?]',
      'result@0[Hello world.]',
      'result@1[Hello world.|how?]',
      'result@1[Hello world.|How are you?]',
      'result@2[Hello world.|How are you?|good?]',
      'speechend',
      'soundend',
      'audioend',
      'result@2[Hello world.|How are you?|Goodbye.]',
      'end',
    ]);
    // Each event's list is a snapshot: later results do not change it.
    const first = events.find((x) => x.type === 'result') as EarshotRecognitionEvent;
    expect(first.results.length).toBe(1);
    expect(first.results[0].isFinal).toBe(false);
    const last = events.filter((x) => x.type === 'result').at(-1) as EarshotRecognitionEvent;
    expect(last.results.length).toBe(3);
    expect(last.results.item(1).item(0).transcript).toBe('How are you?');
    expect(last.results.item(2)[0].transcript).toBe('Goodbye.');
    expect(last.results[2].length).toBe(1);
    expect(last.results[2][0].confidence).toBe(0);
    expect(Object.isFrozen(last.results)).toBe(true);
  });

  it('speech that joins the last final adds only the words not yet shown; final results never change', async () => {
    const { rec, log, engine } = await started({ continuous: true });
    engine().speechStart();
    engine().final(1, 'And so my fellow Americans');
    engine().final(2, 'And so my fellow Americans, ask not', 1); // the same audio decoded again, joined
    engine().final(3, 'And so my fellow Americans, ask not what your country', 2); // joined again
    engine().final(4, 'Can do for you.', 2); // not the last final: a result of its own
    engine().final(5, 'Can do for you.', 4); // joined, nothing new
    rec.stop();
    await settle();
    await settle();
    expect(log.filter((l) => l.startsWith('result'))).toEqual([
      'result@0[And so my fellow Americans]',
      'result@1[And so my fellow Americans|ask not]',
      'result@2[And so my fellow Americans|ask not|what your country]',
      'result@3[And so my fellow Americans|ask not|what your country|Can do for you.]',
    ]);
  });

  it('a final whose audio starts where the last one did covers it: its words are not shown twice', async () => {
    const { rec, log, engine } = await started({ continuous: true });
    engine().speechStart();
    engine().final(1, 'And so my fellow Americans', undefined, 0);
    engine().final(2, 'And so my fellow Americans, ask not.', undefined, 0); // the join not marked
    engine().final(3, 'Ask what you can do.', undefined, 7900);
    rec.stop();
    await settle();
    await settle();
    expect(log.filter((l) => l.startsWith('result'))).toEqual([
      'result@0[And so my fellow Americans]',
      'result@1[And so my fellow Americans|ask not.]',
      'result@2[And so my fellow Americans|ask not.|Ask what you can do.]',
    ]);
  });

  it('without interimResults reports finals only', async () => {
    const { rec, log, engine } = await started({ continuous: true });
    engine().speechStart();
    engine().partial(1, 'hel');
    engine().final(1, 'Hello.');
    engine().partial(2, 'ag');
    engine().final(2, 'Again.');
    rec.stop();
    await settle();
    await settle();
    expect(log.filter((l) => l.startsWith('result'))).toEqual(['result@0[Hello.]', 'result@1[Hello.|Again.]']);
    expect(log.at(-1)).toBe('end');
  });
});

describe('EarshotRecognition: stop vs abort', () => {
  it('stop() delivers what was heard before end', async () => {
    const { rec, log, engine } = await started({ continuous: true });
    engine().speechStart();
    engine().drainFinals.push({ id: 1, text: 'Kept.' });
    rec.stop();
    rec.stop(); // a second stop changes nothing
    await settle();
    await settle();
    expect(log.slice(2)).toEqual(['soundstart', 'speechstart', 'speechend', 'soundend', 'audioend', 'result@0[Kept.]', 'end']);
  });

  it('abort() ends at once with error "aborted"; nothing after it', async () => {
    const { rec, log, engine } = await started({ continuous: true, interimResults: true });
    engine().speechStart();
    engine().partial(1, 'lost');
    engine().drainFinals.push({ id: 1, text: 'Lost.' });
    rec.abort();
    expect(log.slice(4)).toEqual(['result@0[lost?]', 'error:aborted', 'audioend', 'end']); // synchronously
    engine().final(1, 'Late.');
    await settle();
    await settle();
    expect(log.slice(4)).toEqual(['result@0[lost?]', 'error:aborted', 'audioend', 'end']);
    expect(engine().calls).toContain('stopLive'); // the microphone was released
    rec.abort(); // when idle: nothing
    expect(log.at(-1)).toBe('end');
  });

  it('abort() while the models load ends without start; the next session works', async () => {
    const { rec, log, engine } = setup();
    rec.start();
    rec.abort();
    expect(log).toEqual(['error:aborted', 'end']);
    await settle();
    expect(engine().calls).not.toContain('startLive');
    rec.start();
    await settle();
    expect(log.slice(2)).toEqual(['start', 'audiostart']);
    expect(engine().calls.filter((c) => c === 'load')).toHaveLength(1); // the loaded pipeline is kept
  });
});

describe('EarshotRecognition: lifecycle', () => {
  it('start() while started throws InvalidStateError', async () => {
    const { rec } = await started();
    expect(() => rec.start()).toThrowError(expect.objectContaining({ name: 'InvalidStateError' }));
  });

  it('load() while a session runs keeps its pipeline, even after lang changed', async () => {
    const { rec, engines, engine, log } = await started();
    rec.lang = 'de-DE';
    await rec.load();
    expect(engines).toHaveLength(1);
    expect(engines[0].calls).not.toContain('dispose');
    engine().speechStart();
    expect(log.at(-1)).toBe('speechstart');
  });

  it('can start again from its end handler (the usual restart loop)', async () => {
    const { rec, log, engine } = await started({ continuous: true });
    let restarts = 0;
    rec.onend = () => {
      if (restarts++ === 0) rec.start();
    };
    rec.stop();
    await settle();
    await settle();
    await settle();
    expect(log).toEqual(['start', 'audiostart', 'audioend', 'end', 'start', 'audiostart']);
    expect(engine().sessions).toBe(2);
    engine().speechStart();
    expect(log.at(-1)).toBe('speechstart'); // the new session's events are its own
  });

  it('calls on<event> handlers with the recogniser as this, and a replaced handler no more', async () => {
    const { rec, engine } = setup({ continuous: true });
    const seen: string[] = [];
    rec.onstart = function () {
      seen.push(this === rec ? 'start:this' : 'start:other');
    };
    rec.onresult = () => seen.push('old');
    rec.onresult = (e) => seen.push(`result:${e.results[e.resultIndex][0].transcript}`);
    rec.start();
    await settle();
    engine().final(1, 'Hi.');
    expect(seen).toEqual(['start:this', 'result:Hi.']);
    rec.onresult = null;
    engine().final(2, 'Again.');
    expect(seen).toHaveLength(2);
  });

  it('maxAlternatives is 1', () => {
    const { rec } = setup();
    rec.maxAlternatives = 5;
    expect(rec.maxAlternatives).toBe(1);
  });
});

describe('EarshotRecognition: errors', () => {
  it('a model that cannot be fetched: error "network", then end; no start', async () => {
    const { rec, log, events } = setup({}, { load: new Error('Could not download Xenova/whisper-tiny/config.json (HTTP 404).') });
    rec.start();
    await settle();
    expect(log).toEqual(['error:network', 'end']);
    expect((events[0] as EarshotRecognitionErrorEvent).message).toMatch(/HTTP 404/);
  });

  it('microphone denied: "not-allowed"; no microphone: "audio-capture"', async () => {
    const denied = setup({}, { mic: new DOMException('denied', 'NotAllowedError') });
    denied.rec.start();
    await settle();
    expect(denied.log).toEqual(['error:not-allowed', 'end']);
    const missing = setup({}, { mic: new DOMException('none', 'NotFoundError') });
    missing.rec.start();
    await settle();
    expect(missing.log).toEqual(['error:audio-capture', 'end']);
  });

  it('a microphone that goes away: "audio-capture", and what was heard still arrives', async () => {
    const { log, engine } = await started({ continuous: true });
    engine().speechStart();
    engine().drainFinals.push({ id: 1, text: 'Saved.' });
    engine().endMic!();
    await settle();
    await settle();
    expect(log.slice(2)).toEqual([
      'soundstart',
      'speechstart',
      'error:audio-capture',
      'speechend',
      'soundend',
      'audioend',
      'result@0[Saved.]',
      'end',
    ]);
  });

  it('a language Whisper does not know: "language-not-supported"', async () => {
    const { rec, log } = setup({ lang: 'tlh' });
    rec.start();
    await settle();
    expect(log).toEqual(['error:language-not-supported', 'end']);
  });

  it('a pipeline that fails for good: "network", end, and a fresh pipeline next time', async () => {
    const { rec, log, engine, engines } = await started({ continuous: true });
    engine().send({ type: 'error', where: 'transcribe', message: 'The transcriber stopped.', fatal: true });
    expect(log.slice(2)).toEqual(['error:network', 'audioend', 'end']);
    engine().send({ type: 'error', where: 'vad', message: 'minor', fatal: false });
    rec.start();
    await settle();
    expect(engines).toHaveLength(2);
    expect(engines[0].calls).toContain('dispose');
  });
});

describe('EarshotRecognition: options', () => {
  it('hands model, profile, language and vocabulary to the pipeline; a new language builds a new one', async () => {
    const { rec, engines } = await started();
    expect(engines[0].options).toMatchObject({
      model: 'whisper-tiny',
      profile: 'balanced',
      language: 'en',
      vocabulary: ['Earshot', 'Whisper'],
    });
    expect(engines[0].options.assets).toEqual({ models: 'http://localhost/models/' });
    rec.abort();
    rec.lang = 'de-DE';
    rec.start();
    await settle();
    expect(engines).toHaveLength(2);
    expect(engines[1].options.language).toBe('de');
    expect(engines[0].calls).toContain('dispose');
  });

  it('refuses bad options with a TypeError that names them', () => {
    expect(() => new EarshotRecognition({ model: 'whisper-huge' as never })).toThrow(/model/);
    expect(() => new EarshotRecognition({ profile: 'fast' as never })).toThrow(/profile/);
    expect(() => new EarshotRecognition({ vocabulary: ['x'.repeat(41)] })).toThrow(/vocabulary/);
    expect(() => new EarshotRecognition({ vocabulary: 'Earshot' as never })).toThrow(/vocabulary/);
    expect(() => new EarshotRecognition({ assetsUrl: 'https://cdn.example/earshot/' })).toThrow(/origin/);
  });

  it('serves the models from assetsUrl', async () => {
    const emitted: PipelineOptions[] = [];
    const rec = new EarshotRecognition(
      { assetsUrl: '/static/earshot', profile: 'performance' },
      {
        engine: (options, emit) => {
          emitted.push(options);
          return new FakeEngine(options, emit);
        },
      },
    );
    rec.lang = 'fr';
    await rec.load();
    expect(emitted[0]).toMatchObject({
      model: 'whisper-base',
      language: 'fr',
      assets: { models: 'http://localhost/static/earshot/models/' },
    });
  });
});
