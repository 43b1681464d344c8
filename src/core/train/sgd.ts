import * as tf from '@tensorflow/tfjs-core';
import { isDecayedRole, type ParamStore } from '../model/params';
import { slotOptimizer, type Optimizer } from './optimizer';

export interface SgdOptions {
  /** Momentum mu in [0, 1). */
  momentum?: number;
  /** L2 weight decay, added to the gradient of kernels only. */
  weightDecay?: number;
}

/**
 * SGD with (heavy-ball) momentum and L2 weight decay, as PyTorch's
 * `torch.optim.SGD` (no dampening, no Nesterov):
 *
 *   g' = g + wd w        (kernels; g' = g for biases and batch-norm gamma / beta)
 *   b  = mu b + g'       (b starts at 0, so the first b is g')
 *   w  = w - lr b
 */
export function createSgd(params: ParamStore, opts: SgdOptions = {}): Optimizer {
  const mu = opts.momentum ?? 0.9;
  const wd = opts.weightDecay ?? 0;
  return slotOptimizer('sgd', params, ['momentum'], (param, grad, slot, lr) => {
    const w = param.variable;
    const buf = slot('momentum');
    const g = wd > 0 && isDecayedRole(param.role) ? tf.add(grad, tf.mul(w, wd)) : grad;
    const bufNew = tf.add(tf.mul(buf, mu), g);
    w.assign(tf.sub(w, tf.mul(bufNew, lr)));
    buf.assign(bufNew);
  });
}
