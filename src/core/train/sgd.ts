import * as tf from '@tensorflow/tfjs-core';
import { isDecayedRole, type ParamStore } from '../model/params';
import { assertStateKind, pairGradients, SlotStore, type Optimizer } from './optimizer';

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
  const slots = new SlotStore(params, ['momentum']);
  let t = 0;
  return {
    kind: 'sgd',
    get iterations() {
      return t;
    },
    applyGradients(grads, lr) {
      const pairs = pairGradients(params, grads);
      t += 1;
      tf.tidy(() => {
        for (const { param, grad } of pairs) {
          const w = param.variable;
          const buf = slots.get(param.name, 'momentum');
          const g = wd > 0 && isDecayedRole(param.role) ? tf.add(grad, tf.mul(w, wd)) : grad;
          const bufNew = tf.add(tf.mul(buf, mu), g);
          w.assign(tf.sub(w, tf.mul(bufNew, lr)));
          buf.assign(bufNew);
        }
      });
    },
    async exportState() {
      return { kind: 'sgd', iterations: t, slots: await slots.export() };
    },
    importState(state) {
      assertStateKind(state, 'sgd');
      slots.import(state.slots);
      t = state.iterations;
    },
    dispose: () => slots.dispose(),
  };
}
