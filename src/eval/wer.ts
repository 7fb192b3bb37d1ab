/**
 * Word error rate scoring for tests and benchmarks.
 *
 * Both reference and hypothesis go through the same normalisation (workers/shared/normalize.ts, which the
 * transcriber uses too) so that differences in casing, punctuation, digits vs. spelled-out numbers, titles
 * and contractions are not counted as recognition errors.
 */
import { normalizeText } from '../../workers/shared/normalize';

export { normalizeText };

export interface WerCounts {
  substitutions: number;
  deletions: number;
  insertions: number;
  refWords: number;
}

export function words(s: string): string[] {
  const t = normalizeText(s);
  return t ? t.split(' ') : [];
}

export function werCounts(ref: string, hyp: string): WerCounts {
  const r = words(ref);
  const h = words(hyp);
  // Two-row Levenshtein carrying the operation counts of the best path.
  // Ties prefer match/substitution, then deletion, then insertion.
  const m = h.length;
  let cost = new Int32Array(m + 1);
  let sub = new Int32Array(m + 1);
  let del = new Int32Array(m + 1);
  let ins = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) {
    cost[j] = j;
    ins[j] = j;
  }
  let nCost = new Int32Array(m + 1);
  let nSub = new Int32Array(m + 1);
  let nDel = new Int32Array(m + 1);
  let nIns = new Int32Array(m + 1);
  for (let i = 1; i <= r.length; i++) {
    nCost[0] = i;
    nSub[0] = 0;
    nDel[0] = i;
    nIns[0] = 0;
    for (let j = 1; j <= m; j++) {
      const same = r[i - 1] === h[j - 1];
      const diag = cost[j - 1] + (same ? 0 : 1);
      const up = cost[j] + 1; // reference word deleted
      const left = nCost[j - 1] + 1; // hypothesis word inserted
      if (diag <= up && diag <= left) {
        nCost[j] = diag;
        nSub[j] = sub[j - 1] + (same ? 0 : 1);
        nDel[j] = del[j - 1];
        nIns[j] = ins[j - 1];
      } else if (up <= left) {
        nCost[j] = up;
        nSub[j] = sub[j];
        nDel[j] = del[j] + 1;
        nIns[j] = ins[j];
      } else {
        nCost[j] = left;
        nSub[j] = nSub[j - 1];
        nDel[j] = nDel[j - 1];
        nIns[j] = nIns[j - 1] + 1;
      }
    }
    [cost, nCost] = [nCost, cost];
    [sub, nSub] = [nSub, sub];
    [del, nDel] = [nDel, del];
    [ins, nIns] = [nIns, ins];
  }
  return { substitutions: sub[m], deletions: del[m], insertions: ins[m], refWords: r.length };
}

function errors(c: WerCounts): number {
  return c.substitutions + c.deletions + c.insertions;
}

/** (S + D + I) / refWords; with an empty reference this is the hypothesis word count. */
export function wer(ref: string, hyp: string): number {
  const c = werCounts(ref, hyp);
  return errors(c) / Math.max(1, c.refWords);
}

/** Errors summed over all pairs divided by reference words summed over all pairs. */
export function corpusWer(pairs: Array<{ ref: string; hyp: string }>): number {
  let errs = 0;
  let refWords = 0;
  for (const { ref, hyp } of pairs) {
    const c = werCounts(ref, hyp);
    errs += errors(c);
    refWords += c.refWords;
  }
  return errs / Math.max(1, refWords);
}
