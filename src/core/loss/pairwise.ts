import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_MARGIN } from './chance';
import { negativeMask } from './mining';
import { assertPairedBatch, similarityMatrix, swapViews } from './similarity';

/** Options of the losses that compare the positive with each negative in turn. */
export interface PairwiseLossOptions {
  /** l2-normalise rows first, so s is cosine similarity (default true). */
  normalize?: boolean;
  /** Use only semi-hard negatives (see `negativeMask`); default false. */
  semiHard?: boolean;
  /**
   * Margin m > 0 on the similarity scale: the triplet hinge's margin, and for
   * both losses the width of the semi-hard window s_ip - m < s_ik < s_ip.
   * Default 0.5.
   */
  margin?: number;
}

export { DEFAULT_MARGIN };

/**
 * NT-Logistic, the normalized temperature-scaled logistic loss (SimCLR paper,
 * Table 2 and Table 4): each anchor's positive is a binary "same image" case
 * and each negative a "different image" case, on the logits s / tau:
 *
 *   l(i) = -log sigma(s_ip / tau) - (1 / |K_i|) sum_{k in K_i} log sigma(-s_ik / tau)
 *
 * with p = (i + N) mod 2N and K_i the anchor's negatives (all 2(N-1) of them,
 * or the semi-hard ones, see `negativeMask`). The negative term is the mean
 * over K_i, not the sum, so the positive and the negatives weigh the same
 * whatever N is (the paper's formula shows one negative). The loss is the mean
 * of l over the 2N anchors. Equal similarities s everywhere give
 * softplus(-s/tau) + softplus(s/tau).
 *
 * @param z [2N, D] projections, N >= 2; rows k and k+N are the two views of image k.
 * @param temperature tau > 0.
 * @returns scalar loss in nats.
 */
export function ntLogisticLoss(z: tf.Tensor2D, temperature: number, opts: PairwiseLossOptions = {}): tf.Scalar {
  assertPairwise(z, temperature, opts, 'ntLogisticLoss');
  return tf.tidy(() => {
    const { positive, negatives, weights } = pairwiseParts(z, opts);
    // -log sigma(x) = softplus(-x); -log sigma(-x) = softplus(x).
    const positiveTerm = tf.softplus(tf.neg(tf.div(positive, temperature)));
    const negativeTerm = weightedRowMean(tf.softplus(tf.div(negatives, temperature)) as tf.Tensor2D, weights);
    return tf.mean(tf.add(positiveTerm, negativeTerm)) as tf.Scalar;
  });
}

/**
 * The margin triplet loss of the SimCLR paper's Table 2 and Table 4: the
 * positive's similarity must exceed each negative's by the margin m,
 *
 *   l(i) = (1 / |K_i|) sum_{k in K_i} max(0, s_ik - s_ip + m)
 *
 * with p = (i + N) mod 2N and K_i the anchor's negatives (all, or semi-hard).
 * Mean over the 2N anchors. No temperature (a hinge on s is scale-free only up
 * to the margin). Every positive at least m above every negative gives 0;
 * equal similarities everywhere give m.
 *
 * @param z [2N, D] projections, N >= 2.
 * @returns scalar loss on the similarity scale.
 */
export function marginTripletLoss(z: tf.Tensor2D, opts: PairwiseLossOptions = {}): tf.Scalar {
  assertPairwise(z, 1, opts, 'marginTripletLoss');
  const margin = opts.margin ?? DEFAULT_MARGIN;
  return tf.tidy(() => {
    const { positive, negatives, weights } = pairwiseParts(z, opts);
    const hinge = tf.relu(tf.add(tf.sub(negatives, tf.expandDims(positive, 1)), margin));
    return tf.mean(weightedRowMean(hinge as tf.Tensor2D, weights)) as tf.Scalar;
  });
}

/** s_ip per anchor [2N], the whole similarity matrix [2N, 2N], and the negatives' 0/1 weights [2N, 2N]. */
function pairwiseParts(z: tf.Tensor2D, opts: PairwiseLossOptions): { positive: tf.Tensor1D; negatives: tf.Tensor2D; weights: tf.Tensor2D } {
  const s = similarityMatrix(z, opts.normalize ?? true);
  const positive = tf.sum(tf.mul(s, swapViews(tf.eye(s.shape[0]))), 1) as tf.Tensor1D;
  const weights = negativeMask(s, { semiHard: opts.semiHard ?? false, margin: opts.margin ?? DEFAULT_MARGIN });
  return { positive, negatives: s, weights };
}

/** Per row: sum(values * weights) / sum(weights); every row has at least one weight. */
function weightedRowMean(values: tf.Tensor2D, weights: tf.Tensor2D): tf.Tensor1D {
  return tf.div(tf.sum(tf.mul(values, weights), 1), tf.sum(weights, 1)) as tf.Tensor1D;
}

function assertPairwise(z: tf.Tensor, temperature: number, opts: PairwiseLossOptions, where: string): void {
  assertPairedBatch(z, temperature, where);
  if (z.shape[0]! < 4) {
    throw new Error(`${where}: z must have 2N >= 4 rows (N >= 2 images, so each anchor has a negative), got ${z.shape[0]}`);
  }
  const margin = opts.margin ?? DEFAULT_MARGIN;
  if (!(margin > 0) || !Number.isFinite(margin)) throw new Error(`${where}: margin must be a finite number > 0, got ${margin}`);
}
