// The bench page behind `npm run bench:history` (driven by bench/run-history-bench.mjs). In the
// browser's real IndexedDB it measures what dictation costs the history:
//   write latency per final segment (the app's strict-durability transaction; and through the recorder,
//   which also prunes every 20 writes), with 10,000 segments already stored;
//   pruning time with 10,000 stored segments, for each limit, and the check when nothing is due;
//   search, listing and opening a session at that size.
import { deleteDB } from 'idb';
import { HistoryStore } from '../src/history/history-store';
import { SessionRecorder } from '../src/history/recorder';
import { defaultHistoryLimits, type HistoryLimits } from '../src/history/prune-policy';
import type { ImportedSession } from '../src/history/import';
import type { HistoryBenchRequest, HistoryBenchResult, Timing } from './history-bench-protocol';

const DB = 'earshot-history-bench';
const DAY = 86_400_000;
const WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they ' +
  'speech recognition browser private device transcript session segment model whisper silence meeting notes ' +
  'project budget review schedule customer printed book country americans remember tomorrow morning question'
).split(' ');

/** Deterministic text (xorshift), about the length of a dictated sentence. */
function sentences(seed: number) {
  let x = seed | 0 || 1;
  const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
  return () => Array.from({ length: 8 + Math.floor(next() * 14) }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    n: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    max: sorted[sorted.length - 1],
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
  };
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [performance.now() - t0, value];
}

/** A fresh database holding `sessions` × `perSession` segments, saved one day apart (oldest first). */
async function seeded(clock: { now: number }, sessions: number, perSession: number): Promise<{ store: HistoryStore; seedMs: number }> {
  await deleteDB(DB);
  const store = await HistoryStore.open({ name: DB, now: () => clock.now });
  const text = sentences(42);
  const t0 = performance.now();
  const end = clock.now;
  for (let i = 0; i < sessions; i++) {
    clock.now = end - (sessions - i) * DAY;
    const session: ImportedSession = {
      title: '',
      status: 'complete',
      startedAt: clock.now,
      endedAt: clock.now + perSession * 4000,
      language: 'en',
      model: 'whisper-tiny',
      segments: Array.from({ length: perSession }, (_, k) => ({
        text: text(),
        startMs: k * 4000,
        endMs: k * 4000 + 3200,
        language: 'en',
        model: 'whisper-tiny',
        createdAt: clock.now,
      })),
    };
    await store.importSessions([session]);
  }
  clock.now = end;
  return { store, seedMs: performance.now() - t0 };
}

async function run(req: HistoryBenchRequest): Promise<HistoryBenchResult> {
  const clock = { now: Date.UTC(2025, 5, 1) };
  const stored = req.sessions * req.segmentsPerSession;
  const text = sentences(7);
  const result: HistoryBenchResult = { stored, seedMs: 0, writes: [], prunes: [], reads: [], durability: 'strict' };

  // Writes on top of a full history.
  {
    const { store, seedMs } = await seeded(clock, req.sessions, req.segmentsPerSession);
    result.seedMs = seedMs;
    const live = await store.createSession({ source: 'live', language: 'en', model: 'whisper-tiny' });
    // Warm-up (JIT, first transactions), not timed.
    for (let i = 0; i < 20; i++) await store.appendSegment(live.id, { text: text(), startMs: 0, endMs: 1 });
    const direct: number[] = [];
    for (let i = 0; i < req.writes; i++)
      direct.push((await time(() => store.appendSegment(live.id, { text: text(), startMs: i * 4000, endMs: i * 4000 + 3000 })))[0]);
    result.writes.push({ what: 'appendSegment (one strict transaction)', timing: timing(direct) });

    const recorder = new SessionRecorder(store, { limits: () => defaultHistoryLimits });
    recorder.begin({ source: 'live', language: 'en', model: 'whisper-tiny' });
    await recorder.flush();
    const viaRecorder: number[] = [];
    for (let i = 0; i < req.writes; i++)
      viaRecorder.push((await time(() => recorder.record({ text: text(), startMs: i * 4000, endMs: i * 4000 + 3000 })))[0]);
    await recorder.end();
    result.writes.push({ what: 'recorder.record (+ prune check every 20)', timing: timing(viaRecorder) });

    const [searchCommon, hitsCommon] = await time(() => store.search('the', 50));
    const [searchRare, hitsRare] = await time(() => store.search('budget review tomorrow', 50));
    const [listMs, list] = await time(() => store.listSessions(50));
    const [openMs, page] = await time(() => store.getSegments(list[list.length - 1].id, 0, 200));
    result.reads.push(
      { what: 'search "the" (50 hits)', ms: searchCommon, detail: `${hitsCommon.length} hits` },
      { what: 'search "budget review tomorrow"', ms: searchRare, detail: `${hitsRare.length} hits` },
      { what: 'list newest 50 sessions', ms: listMs, detail: `${list.length} sessions` },
      { what: 'open a session (first 200 segments)', ms: openMs, detail: `${page.length} segments` },
    );
    store.close();
  }

  // Pruning: a fresh full history for each case.
  const cases: { what: string; limits: HistoryLimits }[] = [
    { what: 'nothing due (defaults)', limits: defaultHistoryLimits },
    { what: 'by count: keep newest half', limits: { ...defaultHistoryLimits, maxSessions: Math.floor(req.sessions / 2) } },
    { what: 'by age: older than half the span', limits: { ...defaultHistoryLimits, maxAgeDays: Math.floor(req.sessions / 2) } },
    { what: 'by bytes: a quarter of the size', limits: { ...defaultHistoryLimits, maxBytes: 0 } },
  ];
  for (const c of cases) {
    const { store } = await seeded(clock, req.sessions, req.segmentsPerSession);
    const limits = c.limits.maxBytes === 0 ? { ...c.limits, maxBytes: Math.floor((await store.totals()).bytes / 4) } : c.limits;
    const [ms, plan] = await time(() => store.prune(limits));
    const left = await store.totals();
    result.prunes.push({
      what: c.what,
      ms,
      deletedSessions: plan.deleteIds.length,
      deletedSegments: plan.deleteIds.length * req.segmentsPerSession,
      keptSessions: left.sessions,
    });
    store.close();
  }
  await deleteDB(DB);
  return result;
}

declare global {
  interface Window {
    runHistoryBench: (req: HistoryBenchRequest) => Promise<HistoryBenchResult>;
  }
}
window.runHistoryBench = run;
