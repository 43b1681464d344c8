import * as tf from '@tensorflow/tfjs-core';
import { maskedLogits } from './ntXent';
import { assertPairedBatch, similarityMatrix, swapViews } from './similarity';

/** What the paper's Table 5 and the playground's charts read off one batch of 2N projections. */
export interface ContrastiveDiagnostics {
  /** Fraction of the 2N anchors whose positive has the highest logit among the 2N - 1 others; scalar in [0, 1]. */
  accuracy: tf.Scalar;
  /** Mean over anchors of the entropy (nats) of the row softmax over the 2N - 1 others; ln(2N-1) when uniform. */
  entropy: tf.Scalar;
  /** Mean cosine similarity of the 2N positive pairs; scalar in [-1, 1]. */
  meanPositive: tf.Scalar;
  /** Mean cosine similarity over the 2N x 2(N-1) negative pairs; scalar in [-1, 1]. */
  meanNegative: tf.Scalar;
  /** [2N, 2N] cosine similarity of every pair of views (before dividing by tau). */
  similarity: tf.Tensor2D;
}

/**
 * Contrastive accuracy, softmax entropy and mean positive and negative
 * similarity of a batch. Accuracy and entropy use the logits the loss uses
 * (cosine or, with normalize false, raw dot products, divided by tau); the
 * similarities are always cosine so they can be read on one scale.
 * @param z [2N, D] projections; rows k and k+N are the two views of image k.
 * @returns new tensors, owned by the caller.
 */
export function contrastiveDiagnostics(
  z: tf.Tensor2D,
  temperature: number,
  opts: { normalize?: boolean } = {},
): ContrastiveDiagnostics {
  assertPairedBatch(z, temperature, 'contrastiveDiagnostics');
  const twoN = z.shape[0];
  return tf.tidy(() => {
    const logits = maskedLogits(z, temperature, opts.normalize ?? true);
    const targets = tf.concat([tf.range(twoN / 2, twoN, 1, 'int32'), tf.range(0, twoN / 2, 1, 'int32')]);
    const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), targets), 'float32')) as tf.Scalar;

    const logProb = tf.logSoftmax(logits, 1);
    const entropy = tf.neg(tf.mean(tf.sum(tf.mul(tf.exp(logProb), logProb), 1))) as tf.Scalar;

    const similarity = similarityMatrix(z, true);
    const positiveSims = tf.sum(tf.mul(similarity, swapRows(twoN)), 1);
    const meanPositive = tf.mean(positiveSims) as tf.Scalar;
    // Everything off the diagonal that is not a positive: total - diagonal (all 1, or 0 for zero rows) - positives.
    const diagonalSum = tf.sum(tf.mul(similarity, tf.eye(twoN)));
    const negativeSum = tf.sub(tf.sub(tf.sum(similarity), diagonalSum), tf.sum(positiveSims));
    const meanNegative = tf.div(negativeSum, Math.max(1, twoN * (twoN - 2))) as tf.Scalar;
    return { accuracy, entropy, meanPositive, meanNegative, similarity };
  });
}

/** [2N, 2N] 0/1 matrix with a 1 at (k, (k+N) mod 2N): picks each anchor's positive column. */
function swapRows(twoN: number): tf.Tensor2D {
  return swapViews(tf.eye(twoN)) as tf.Tensor2D;
}
