/**
 * Numbers derived from one 2N x 2N similarity matrix (views layout of
 * SIMCLR.md: the positive of row k is row (k + N) mod 2N).
 */

/**
 * ln(2N - 1): NT-Xent's loss of uniform similarities (its chance line) and the
 * entropy of a uniform softmax row over the 2N - 1 other views, whatever the
 * loss. The chance level of the configured loss is `chanceLoss` in core/loss/chance.
 */
export function chanceLoss(batchSize: number): number {
  return Math.log(2 * batchSize - 1);
}

/** The column of row `row`'s positive in a matrix of side `size` (= 2N). */
export function positiveOf(row: number, size: number): number {
  return (row + size / 2) % size;
}

/** Positive-pair similarities (one per row) and negative ones (2N - 2 per row). */
export function splitPairs(values: Float32Array, size: number): { positives: Float32Array; negatives: Float32Array } {
  const positives = new Float32Array(size);
  const negatives = new Float32Array(size * Math.max(0, size - 2));
  let n = 0;
  for (let r = 0; r < size; r++) {
    const pos = positiveOf(r, size);
    for (let c = 0; c < size; c++) {
      const v = values[r * size + c]!;
      if (c === pos) positives[r] = v;
      else if (c !== r) negatives[n++] = v;
    }
  }
  return { positives, negatives };
}

export interface HistogramBin {
  /** Lower edge. */
  x0: number;
  x1: number;
  mid: number;
  /** Fraction of positive pairs in the bin. */
  positive: number;
  /** Fraction of negative pairs in the bin. */
  negative: number;
}

function fractions(data: Float32Array, bins: number, lo: number, hi: number): Float64Array {
  const out = new Float64Array(bins);
  if (data.length === 0) return out;
  const width = (hi - lo) / bins;
  for (const v of data) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
    out[i]! += 1;
  }
  for (let i = 0; i < bins; i++) out[i]! /= data.length;
  return out;
}

/** Histogram of positive against negative cosine similarities over [-1, 1], each normalised to sum 1. */
export function similarityHistogram(values: Float32Array, size: number, bins = 40, lo = -1, hi = 1): HistogramBin[] {
  const { positives, negatives } = splitPairs(values, size);
  const p = fractions(positives, bins, lo, hi);
  const n = fractions(negatives, bins, lo, hi);
  const width = (hi - lo) / bins;
  return Array.from({ length: bins }, (_, i) => ({
    x0: lo + i * width,
    x1: lo + (i + 1) * width,
    mid: lo + (i + 0.5) * width,
    positive: p[i]!,
    negative: n[i]!,
  }));
}
