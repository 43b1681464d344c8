import * as tf from '@tensorflow/tfjs-core';
import { isDecayedRole, type ParamStore } from '../model/params';
import { slotOptimizer, type Optimizer } from './optimizer';

export interface AdamOptions {
  /** Decoupled weight decay lambda (AdamW); 0 for plain Adam. Kernels only. */
  weightDecay?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Adam (Kingma and Ba 2015) with bias correction, written as PyTorch's
 * `torch.optim.AdamW` (Loshchilov and Hutter 2019) so that weight decay is
 * decoupled from the gradient. With t the update count (1 on the first):
 *
 *   m = b1 m + (1 - b1) g
 *   v = b2 v + (1 - b2) g^2
 *   w = w (1 - lr wd) - (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 *
 * The decay term applies to kernels only; biases and batch-norm gamma / beta
 * are never decayed. Defaults: b1 0.9, b2 0.999, eps 1e-8 (PyTorch's).
 */
export function createAdam(params: ParamStore, opts: AdamOptions = {}): Optimizer {
  const wd = opts.weightDecay ?? 0;
  const b1 = opts.beta1 ?? 0.9;
  const b2 = opts.beta2 ?? 0.999;
  const eps = opts.epsilon ?? 1e-8;
  return slotOptimizer('adam', params, ['m', 'v'], (param, grad, slot, lr, t) => {
    const stepSize = lr / (1 - b1 ** t);
    const sqrtBc2 = Math.sqrt(1 - b2 ** t);
    const m = slot('m');
    const v = slot('v');
    const w = param.variable;
    const mNew = tf.add(tf.mul(m, b1), tf.mul(grad, 1 - b1));
    const vNew = tf.add(tf.mul(v, b2), tf.mul(tf.square(grad), 1 - b2));
    const denom = tf.add(tf.div(tf.sqrt(vNew), sqrtBc2), eps);
    const decayed = wd > 0 && isDecayedRole(param.role) ? tf.mul(w, 1 - lr * wd) : w;
    w.assign(tf.sub(decayed, tf.mul(tf.div(mNew, denom), stepSize)));
    m.assign(mNew);
    v.assign(vNew);
  });
}
