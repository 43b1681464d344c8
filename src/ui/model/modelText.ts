/** Derived numbers the Model panel prints next to its fields. */
import type { LossConfig, LossKind, OptimizerConfig } from '../../core/config';
import { chanceLoss } from '../../core/loss/chance';

/**
 * "2N = 64 views; each has 1 positive and 62 negatives; chance loss ln(63) = 4.14"
 * (NT-Xent); the other losses name what all-equal embeddings would score.
 */
export function batchHint(batchSize: number, loss?: Pick<LossConfig, 'kind' | 'temperature' | 'margin'>): string {
  const n = batchSize;
  if (!Number.isInteger(n) || n < 2) return 'N must be a whole number of at least 2.';
  const views = `2N = ${2 * n} views; each has 1 positive and ${2 * (n - 1)} negatives`;
  const kind = loss?.kind ?? 'nt-xent';
  if (kind === 'nt-logistic' && loss) {
    const chance = chanceLoss({ ...loss, normalize: true }, n);
    return `${views}; all-equal embeddings give softplus(-1/τ) + softplus(1/τ) = ${chance.toFixed(2)}`;
  }
  if (kind === 'margin-triplet') {
    const chance = chanceLoss({ kind, temperature: loss?.temperature ?? 1, normalize: true, margin: loss?.margin }, n);
    return `${views}; all-equal embeddings give the margin, ${chance}; 0 once every positive leads by m`;
  }
  return `${views}; chance loss ln(${2 * n - 1}) = ${chanceLoss({ kind: 'nt-xent', temperature: 1, normalize: true }, n).toFixed(2)}`;
}

/** The losses as the Model panel offers them. */
export const LOSS_OPTIONS: { value: LossKind; label: string }[] = [
  { value: 'nt-xent', label: 'NT-Xent (the paper)' },
  { value: 'nt-logistic', label: 'NT-Logistic' },
  { value: 'margin-triplet', label: 'Margin triplet' },
];

/** One plain sentence per loss: what it asks of the embeddings. */
export function lossDescription(kind: LossKind): string {
  switch (kind) {
    case 'nt-xent':
      return 'Softmax over all 2N - 1 other views: the positive must beat every negative at once, and the hardest negatives weigh most. The paper\'s choice (Table 4: 63.9% on ImageNet).';
    case 'nt-logistic':
      return 'A yes/no question per pair: "same image?" for the positive, "different image?" for each negative, each on its own. Paper Table 4: 51.6%, 57.9% with semi-hard negatives.';
    case 'margin-triplet':
      return 'The positive\'s similarity must exceed each negative\'s by the margin m; pairs already far enough apart teach nothing. Paper Table 4: 50.9%, 57.5% with semi-hard negatives.';
  }
}

/** The learning rate the optimiser uses after scaling by the batch size. */
export function effectiveLearningRate(optimizer: Pick<OptimizerConfig, 'learningRate' | 'lrScaling'>, batchSize: number): number {
  switch (optimizer.lrScaling) {
    case 'linear':
      return (optimizer.learningRate * batchSize) / 256;
    case 'sqrt':
      return optimizer.learningRate * Math.sqrt(batchSize);
    case 'none':
      return optimizer.learningRate;
  }
}
