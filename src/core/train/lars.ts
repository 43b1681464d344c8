import * as tf from '@tensorflow/tfjs-core';
import { isDecayedRole, type ParamStore } from '../model/params';
import { slotOptimizer, type Optimizer } from './optimizer';

export interface LarsOptions {
  /** Momentum m in [0, 1). SimCLR: 0.9. */
  momentum?: number;
  /** L2 weight decay (kernels only). SimCLR: 1e-6. */
  weightDecay?: number;
  /** Trust coefficient eta. google-research/simclr: 0.001. */
  eta?: number;
}

/**
 * LARS (You, Gitman and Ginsburg 2017) as google-research/simclr's
 * `LARSOptimizer` with classic momentum. For a kernel w with gradient g:
 *
 *   d     = g + wd w
 *   trust = eta |w| / |d|   (l2 norms of the whole tensor; 1 when either is 0)
 *   v     = m v + lr trust d
 *   w     = w - v
 *
 * Biases and batch-norm gamma / beta are excluded from both weight decay and
 * adaptation: d = g, trust = 1. Note lr sits inside the velocity (unlike SGD).
 */
export function createLars(params: ParamStore, opts: LarsOptions = {}): Optimizer {
  const mu = opts.momentum ?? 0.9;
  const wd = opts.weightDecay ?? 0;
  const eta = opts.eta ?? 0.001;
  return slotOptimizer('lars', params, ['momentum'], (param, grad, slot, lr) => {
    const w = param.variable;
    const v = slot('momentum');
    const adapted = isDecayedRole(param.role);
    const d = adapted && wd > 0 ? tf.add(grad, tf.mul(w, wd)) : grad;
    const scaledLr = adapted ? tf.mul(trustRatio(w, d, eta), lr) : tf.scalar(lr);
    const vNew = tf.add(tf.mul(v, mu), tf.mul(d, scaledLr));
    w.assign(tf.sub(w, vNew));
    v.assign(vNew);
  });
}

/** eta |w| / |d| as a scalar tensor, or 1 when |w| or |d| is 0; computed on the device (no read-back). */
export function trustRatio(w: tf.Tensor, d: tf.Tensor, eta: number): tf.Scalar {
  return tf.tidy(() => {
    const wNorm = tf.norm(w);
    const dNorm = tf.norm(d);
    const usable = tf.logicalAnd(tf.greater(wNorm, 0), tf.greater(dNorm, 0));
    const ratio = tf.div(tf.mul(wNorm, eta), tf.where(usable, dNorm, tf.onesLike(dNorm)));
    return tf.where(usable, ratio, tf.onesLike(ratio)) as tf.Scalar;
  });
}
