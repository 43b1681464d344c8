import * as tf from '@tensorflow/tfjs-core';
import { assertPairedBatch, positiveIndex, similarityMatrix } from './similarity';

/**
 * The layout the project's seed summary describes (and sthalles/SimCLR's
 * `info_nce_loss`): from each row of the 2N x 2N similarity matrix drop the
 * diagonal, move the positive to column 0 and keep the 2(N-1) negatives after it
 * in their original column order; divide by tau. Cross entropy with every label 0
 * is then NT-Xent, equal to `ntXentLoss`.
 *
 * @param z [2N, D] projections; rows k and k+N are the two views of image k.
 * @returns [2N, 2N - 1] logits: column 0 the positive, columns 1.. the negatives.
 */
export function positiveFirstLogits(z: tf.Tensor2D, temperature: number, opts: { normalize?: boolean } = {}): tf.Tensor2D {
  assertPairedBatch(z, temperature, 'positiveFirstLogits');
  const twoN = z.shape[0];
  return tf.tidy(() => {
    const flat = tf.reshape(tf.div(similarityMatrix(z, opts.normalize ?? true), temperature), [twoN * twoN]);
    const picked = tf.gather(flat, tf.tensor1d(positiveFirstIndices(twoN), 'int32'));
    return tf.reshape(picked, [twoN, twoN - 1]) as tf.Tensor2D;
  });
}

/**
 * Flat indices (row * 2N + column) into the 2N x 2N matrix that build the
 * positive-first layout, row by row: the positive, then every column that is
 * neither the anchor nor its positive, in order.
 * @returns Int32Array of length 2N (2N - 1).
 */
export function positiveFirstIndices(twoN: number): Int32Array {
  const out = new Int32Array(twoN * (twoN - 1));
  let at = 0;
  for (let row = 0; row < twoN; row++) {
    const positive = positiveIndex(row, twoN);
    out[at++] = row * twoN + positive;
    for (let col = 0; col < twoN; col++) {
      if (col !== row && col !== positive) out[at++] = row * twoN + col;
    }
  }
  return out;
}

/**
 * NT-Xent computed from `positiveFirstLogits`: mean over rows of
 * logsumexp(row) - row[0], i.e. cross entropy with label 0 everywhere.
 * Equal to `ntXentLoss` to float precision; kept to show the seed's formulation.
 * @param z [2N, D]
 * @returns scalar loss in nats.
 */
export function ntXentLossPositiveFirst(z: tf.Tensor2D, temperature: number, opts: { normalize?: boolean } = {}): tf.Scalar {
  return tf.tidy(() => {
    const logits = positiveFirstLogits(z, temperature, opts);
    const positive = tf.squeeze(tf.slice(logits, [0, 0], [-1, 1]), [1]);
    return tf.mean(tf.sub(tf.logSumExp(logits, 1), positive)) as tf.Scalar;
  });
}
