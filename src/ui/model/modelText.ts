/** Derived numbers the Model panel prints next to its fields. */
import type { OptimizerConfig } from '../../core/config';
import { chanceLoss } from '../../state/similarityStats';

/** "2N = 64 views; each has 1 positive and 62 negatives; chance loss ln(63) = 4.14" */
export function batchHint(batchSize: number): string {
  const n = batchSize;
  if (!Number.isInteger(n) || n < 2) return 'N must be a whole number of at least 2.';
  return `2N = ${2 * n} views; each has 1 positive and ${2 * (n - 1)} negatives; chance loss ln(${2 * n - 1}) = ${chanceLoss(n).toFixed(2)}`;
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
