/**
 * How far a held-out accuracy, or a difference of them, can move from which
 * images happened to be held out: binomial sampling noise, nothing else.
 *
 * An accuracy a measured on n images has variance a(1 - a)/n (the normal
 * approximation to the binomial). A combination sum_i w_i a_i of accuracies
 * measured independently has variance sum_i w_i^2 a_i(1 - a_i)/n_i, and its
 * 95% margin is 1.96 times the square root of that.
 *
 * Two things this leaves out, both worth saying next to the number:
 * - Scores of two networks on the same held-out images are positively
 *   correlated (an image hard for one tends to be hard for the other), so for a
 *   difference this margin is an upper estimate of the sampling noise.
 * - Training noise (another seed gives another network) is not in it; the
 *   spread over seeds shows that.
 * With 200 held-out images and accuracies near 70%, one score moves by about
 * ±6.4 points and a difference of two by about ±9. No tfjs: the page uses it.
 */

/** The normal quantile of a two-sided 95% interval. */
export const Z95 = 1.959964;

/** An accuracy in [0, 1] and the number of held-out images it was measured on. */
export interface MeasuredAccuracy {
  accuracy: number;
  /** Held-out images scored; undefined when the row did not record it. */
  tested: number | undefined;
}

/** One term of a linear combination of accuracies. */
export interface WeightedAccuracy extends MeasuredAccuracy {
  weight: number;
}

/**
 * 95% half-width, as a fraction (0.064 is 6.4 points), of sum_i weight_i x
 * accuracy_i from held-out sampling alone, the accuracies taken as
 * independent. NaN when there is no term, or a term has no finite accuracy or
 * no positive image count.
 */
export function samplingMargin(terms: readonly WeightedAccuracy[]): number {
  if (terms.length === 0) return Number.NaN;
  let variance = 0;
  for (const t of terms) {
    if (!Number.isFinite(t.accuracy) || t.tested === undefined || !(t.tested > 0)) return Number.NaN;
    const a = Math.min(1, Math.max(0, t.accuracy));
    variance += (t.weight * t.weight * a * (1 - a)) / t.tested;
  }
  return Z95 * Math.sqrt(variance);
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
