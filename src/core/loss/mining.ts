import * as tf from '@tensorflow/tfjs-core';
import { swapViews } from './similarity';

/**
 * Which negatives each anchor's loss uses, for the losses that compare a
 * positive against negatives one at a time (NT-Logistic and margin triplet;
 * paper Tables 2 and 4).
 *
 * With `semiHard` false every negative of anchor i counts: all k other than i
 * and its positive p(i) = (i + N) mod 2N, i.e. 2(N-1) of them.
 *
 * With `semiHard` true (FaceNet's semi-hard negatives, in similarity terms)
 * negative k counts when it is less similar to the anchor than the positive
 * but within the margin:
 *
 *     s_ip - margin < s_ik < s_ip      (both inequalities strict)
 *
 * When no negative of an anchor qualifies, the anchor falls back to its single
 * hardest negative (largest s_ik; the first such column on ties), so every
 * anchor always has at least one negative and the loss never divides by zero.
 *
 * The mask is a constant for differentiation: it is computed inside a
 * `tf.customGrad` whose gradient is zero, because tfjs has no gradient for the
 * comparison kernels (and the choice of negatives is not differentiable anyway).
 *
 * @param similarity [2N, 2N] similarities s (cosine, or dot products without
 *   normalisation), not divided by tau.
 * @returns [2N, 2N] float32 0/1 weights: row i marks the negatives anchor i uses.
 */
export function negativeMask(similarity: tf.Tensor2D, opts: { semiHard: boolean; margin: number }): tf.Tensor2D {
  return maskOp(opts.semiHard, opts.margin)(similarity) as tf.Tensor2D;
}

function maskOp(semiHard: boolean, margin: number): (s: tf.Tensor) => tf.Tensor {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const s = args[0] as tf.Tensor2D;
    return { value: tf.tidy(() => buildMask(s, semiHard, margin)), gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.zerosLike(dy as tf.Tensor) };
  }) as (s: tf.Tensor) => tf.Tensor;
}

function buildMask(s: tf.Tensor2D, semiHard: boolean, margin: number): tf.Tensor2D {
  const twoN = s.shape[0];
  const eye = tf.eye(twoN);
  const positives = swapViews(eye);
  // 1 on every negative: not the anchor, not its positive (N = 1 leaves none).
  const allNegatives = tf.sub(tf.sub(tf.onesLike(s), eye), positives);
  if (!semiHard) return allNegatives as tf.Tensor2D;
  const positiveSim = tf.sum(tf.mul(s, positives), 1, true); // [2N, 1]
  const inWindow = tf.logicalAnd(tf.less(s, positiveSim), tf.greater(s, tf.sub(positiveSim, margin)));
  const semi = tf.mul(allNegatives, tf.cast(inWindow, 'float32'));
  // Fallback: the hardest negative (largest similarity) of rows with no semi-hard negative.
  const masked = tf.where(tf.cast(allNegatives, 'bool'), s, tf.fill([twoN, twoN], -Infinity));
  const hardest = tf.oneHot(tf.argMax(masked, 1), twoN).asType('float32');
  const none = tf.cast(tf.equal(tf.sum(semi, 1, true), 0), 'float32'); // [2N, 1]
  return tf.add(semi, tf.mul(tf.mul(hardest, none), allNegatives)) as tf.Tensor2D;
}
