import * as tf from '@tensorflow/tfjs-core';
import { assertPairedBatch, similarityMatrix, swapViews, l2NormalizeRows } from './similarity';

/**
 * NT-Xent, the normalized temperature-scaled cross-entropy loss of SimCLR
 * (Chen et al. 2020, eq. 1), in its masked-matrix form.
 *
 * For anchor i with positive j = (i + N) mod 2N:
 *   l(i) = -log( exp(s_ij / tau) / sum_{k != i} exp(s_ik / tau) )
 * and the loss is the mean of l over the 2N anchors (google-research/simclr
 * reports twice this, loss_a + loss_b). Each anchor has 1 positive and 2(N-1)
 * negatives; equal similarities everywhere give ln(2N - 1), the chance line.
 *
 * @param z [2N, D] projections; rows k and k+N are the two views of image k.
 * @param temperature tau > 0.
 * @param opts.normalize l2-normalise rows first, so s is cosine similarity (default true).
 * @returns scalar loss in nats.
 */
export function ntXentLoss(z: tf.Tensor2D, temperature: number, opts: { normalize?: boolean } = {}): tf.Scalar {
  assertPairedBatch(z, temperature, 'ntXentLoss');
  const normalize = opts.normalize ?? true;
  return tf.tidy(() => {
    const logits = maskedLogits(z, temperature, normalize);
    const u = normalize ? l2NormalizeRows(z) : z;
    const positive = tf.div(tf.sum(tf.mul(u, swapViews(u)), 1), temperature);
    return tf.mean(tf.sub(tf.logSumExp(logits, 1), positive)) as tf.Scalar;
  });
}

/**
 * A number so negative that exp(it - anything realistic) is exactly 0 in float32,
 * yet finite, so masked logits stay finite and their gradients are clean
 * (0 x -Infinity would be NaN).
 */
export const MASKED_LOGIT = -1e9;

/**
 * The 2N x 2N logits s / tau with each anchor's own entry (the diagonal)
 * replaced by `MASKED_LOGIT`, so a row's softmax runs over its 2N - 1 other views.
 * Target column of row k: (k + N) mod 2N.
 * @param z [2N, D]
 * @returns [2N, 2N]
 */
export function maskedLogits(z: tf.Tensor2D, temperature: number, normalize = true): tf.Tensor2D {
  return tf.tidy(() => {
    const twoN = z.shape[0];
    const scaled = tf.div(similarityMatrix(z, normalize), temperature);
    const diagonal = tf.cast(tf.eye(twoN), 'bool');
    return tf.where(diagonal, tf.fill([twoN, twoN], MASKED_LOGIT), scaled) as tf.Tensor2D;
  });
}
