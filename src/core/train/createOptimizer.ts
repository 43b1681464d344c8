import type { OptimizerConfig } from '../config';
import type { ParamStore } from '../model/params';
import { createAdam } from './adam';
import { createLars } from './lars';
import type { Optimizer } from './optimizer';
import { createSgd } from './sgd';

/**
 * The optimiser `config.kind` names, over the parameters of `params`.
 * Adam ignores `momentum` and `larsEta` (betas 0.9 / 0.999); SGD ignores `larsEta`.
 */
export function createOptimizer(params: ParamStore, config: OptimizerConfig): Optimizer {
  switch (config.kind) {
    case 'adam':
      return createAdam(params, { weightDecay: config.weightDecay });
    case 'sgd':
      return createSgd(params, { momentum: config.momentum, weightDecay: config.weightDecay });
    case 'lars':
      return createLars(params, { momentum: config.momentum, weightDecay: config.weightDecay, eta: config.larsEta });
    default: {
      const never: never = config.kind;
      throw new Error(`createOptimizer: unknown optimizer.kind ${JSON.stringify(never)}`);
    }
  }
}
