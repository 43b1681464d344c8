/**
 * How far a held-out accuracy, or a difference of them, can move from which
 * images happened to be held out: sampling noise, nothing else.
 *
 * An accuracy a measured on n images has variance a(1 - a)/n (the normal
 * approximation to the binomial). A combination sum_i w_i a_i of accuracies
 * measured on different images has variance sum_i w_i^2 a_i(1 - a_i)/n_i; its
 * 95% margin is 1.96 times the square root of that.
 *
 * Runs scored on the same images are paired instead. Two networks' scores on
 * one held-out set move together (an image hard for one tends to be hard for
 * the other), so the independent formula overstates the noise of their
 * difference: in a batch-size study of the README the paired margins were
 * about half the independent ones (±4.8 against ±9.4 for a lead). When the
 * terms carry which images they got right (`hits`, hits.ts) and a `pairKey`
 * saying which split they share, the image is the unit: with d_j = sum_i w_i
 * x_ij (x_ij = 1 where run i got image j right), the combination is the mean
 * of d_j over the n images, and its variance is var(d)/n.
 *
 * Training noise (another seed gives another network) is in neither; the
 * spread over seeds shows that. With 200 held-out images and accuracies near
 * 70%, one score moves by about ±6.4 points, and a difference of two unpaired
 * scores by about ±9. No tfjs: the page uses it.
 */

import { isHit } from './hits';

/** The normal quantile of a two-sided 95% interval. */
export const Z95 = 1.959964;

/** An accuracy in [0, 1] and the number of held-out images it was measured on. */
export interface MeasuredAccuracy {
  accuracy: number;
  /** Held-out images scored; undefined when the row did not record it. */
  tested: number | undefined;
  /** Which of them it got right, '1' / '0' in split order (hits.ts); with `pairKey`, pairs it with runs on the same split. */
  hits?: string | undefined;
  /** Names the held-out split: terms with the same key and hits of the same length are paired image by image. */
  pairKey?: string | undefined;
}

/**
 * A run's accuracy as a margin term: its held-out count and hits, paired with
 * the runs of the same dataset and seed (an ablation's runs of one seed share
 * one seeded split of one dataset).
 */
export function measuredRun(run: { dataset: string; seed: number; tested?: number | undefined; hits?: string | undefined }, accuracy: number): MeasuredAccuracy {
  return { accuracy, tested: run.tested, hits: run.hits, pairKey: `${run.dataset}/seed ${run.seed}` };
}

/** One term of a linear combination of accuracies. */
export interface WeightedAccuracy extends MeasuredAccuracy {
  weight: number;
}

/**
 * 95% half-width, as a fraction (0.064 is 6.4 points), of sum_i weight_i x
 * accuracy_i from held-out sampling alone: terms on the same split (same
 * `pairKey`, hits of length `tested`) paired image by image, the rest taken
 * as independent. NaN when there is no term, or a term has no finite accuracy
 * or no positive image count.
 */
export function samplingMargin(terms: readonly WeightedAccuracy[]): number {
  if (terms.length === 0) return Number.NaN;
  let variance = 0;
  const splits = new Map<string, WeightedAccuracy[]>();
  for (const t of terms) {
    if (!Number.isFinite(t.accuracy) || t.tested === undefined || !(t.tested > 0)) return Number.NaN;
    if (t.hits !== undefined && t.pairKey !== undefined && t.hits.length === t.tested) {
      const key = `${t.pairKey}|${t.tested}`;
      const group = splits.get(key);
      if (group) group.push(t);
      else splits.set(key, [t]);
      continue;
    }
    const a = Math.min(1, Math.max(0, t.accuracy));
    variance += (t.weight * t.weight * a * (1 - a)) / t.tested;
  }
  for (const group of splits.values()) variance += pairedVariance(group);
  return Z95 * Math.sqrt(variance);
}

/** var(d)/n of d_j = sum_i w_i x_ij over the n images of one split. */
function pairedVariance(group: readonly WeightedAccuracy[]): number {
  const n = group[0]!.tested!;
  let sum = 0;
  let sumSq = 0;
  for (let j = 0; j < n; j++) {
    let d = 0;
    for (const t of group) if (isHit(t.hits!, j)) d += t.weight;
    sum += d;
    sumSq += d * d;
  }
  const mean = sum / n;
  return Math.max(0, sumSq / n - mean * mean) / n;
}

/** Terms of `sign` x the mean of `runs` (each run weighted 1 / runs.length). */
export function meanTerms(runs: readonly MeasuredAccuracy[], sign: 1 | -1 = 1): WeightedAccuracy[] {
  return runs.map((r) => ({ ...r, weight: sign / runs.length }));
}

/** Terms of mean(a) - mean(b): the margin of the lead of one setting's runs over another's. */
export function differenceTerms(a: readonly MeasuredAccuracy[], b: readonly MeasuredAccuracy[]): WeightedAccuracy[] {
  return [...meanTerms(a, 1), ...meanTerms(b, -1)];
}

/** Terms of (mean(a2) - mean(b2)) - (mean(a1) - mean(b1)): how a lead changed between two lengths. */
export function changeTerms(
  before: { a: readonly MeasuredAccuracy[]; b: readonly MeasuredAccuracy[] },
  after: { a: readonly MeasuredAccuracy[]; b: readonly MeasuredAccuracy[] },
): WeightedAccuracy[] {
  return [...differenceTerms(after.a, after.b), ...differenceTerms(before.a, before.b).map((t) => ({ ...t, weight: -t.weight }))];
}
