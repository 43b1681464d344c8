import type * as tf from '@tensorflow/tfjs-core';
import type { LossConfig, LossKind } from '../config';
import { ntXentLoss } from './ntXent';
import { DEFAULT_MARGIN, marginTripletLoss, ntLogisticLoss } from './pairwise';

/** Every loss the playground trains with, in the order the page lists them. */
export const LOSS_KINDS: readonly LossKind[] = ['nt-xent', 'nt-logistic', 'margin-triplet'];

/**
 * A loss config with the fields added after the first release filled in
 * (configs saved before then have only temperature and normalize).
 */
export function resolveLoss(loss: LossConfig): Required<LossConfig> {
  return {
    kind: loss.kind ?? 'nt-xent',
    temperature: loss.temperature,
    normalize: loss.normalize,
    margin: loss.margin ?? DEFAULT_MARGIN,
    semiHard: loss.semiHard ?? false,
  };
}

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

/**
 * The value of the loss when every similarity is equal (all z the same), the
 * line a chart can draw as "nothing learned": ln(2N - 1) for NT-Xent,
 * softplus(-1/tau) + softplus(1/tau) for NT-Logistic with cosine similarity,
 * the margin for the triplet loss.
 */
export function chanceLoss(config: LossConfig, batchSize: number): number {
  const loss = resolveLoss(config);
  const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  switch (loss.kind) {
    case 'nt-xent':
      return Math.log(2 * batchSize - 1);
    case 'nt-logistic':
      return softplus(-1 / loss.temperature) + softplus(1 / loss.temperature);
    case 'margin-triplet':
      return loss.margin;
    default: {
      const never: never = loss.kind;
      throw new Error(`chanceLoss: unknown loss.kind ${JSON.stringify(never)}`);
    }
  }
}
