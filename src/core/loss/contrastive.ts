import type * as tf from '@tensorflow/tfjs-core';
import type { LossConfig, LossKind } from '../config';
import { ntXentLoss } from './ntXent';
import { resolveLoss } from './chance';
import { marginTripletLoss, ntLogisticLoss } from './pairwise';

// The pure parts live in ./chance (no tfjs), re-exported here for existing importers.
export { resolveLoss, chanceLoss } from './chance';

/** Every loss the playground trains with, in the order the page lists them. */
export const LOSS_KINDS: readonly LossKind[] = ['nt-xent', 'nt-logistic', 'margin-triplet'];

/**
 * The training loss of `config` on a batch of 2N projections: NT-Xent (the
 * paper's choice), NT-Logistic or the margin triplet loss (paper Table 4),
 * the last two optionally on semi-hard negatives only.
 * @param z [2N, D]; rows k and k+N are the two views of image k.
 * @returns scalar loss.
 */
export function contrastiveLoss(z: tf.Tensor2D, config: LossConfig): tf.Scalar {
  const loss = resolveLoss(config);
  switch (loss.kind) {
    case 'nt-xent':
      return ntXentLoss(z, loss.temperature, { normalize: loss.normalize });
    case 'nt-logistic':
      return ntLogisticLoss(z, loss.temperature, { normalize: loss.normalize, margin: loss.margin, semiHard: loss.semiHard });
    case 'margin-triplet':
      return marginTripletLoss(z, { normalize: loss.normalize, margin: loss.margin, semiHard: loss.semiHard });
    default: {
      const never: never = loss.kind;
      throw new Error(`contrastiveLoss: unknown loss.kind ${JSON.stringify(never)}`);
    }
  }
}
