import type { OptimizerConfig } from '../config';

/**
 * The peak learning rate after batch-size scaling (paper Appendix B.1):
 * 'none' -> base, 'linear' -> base x N / 256, 'sqrt' -> base x sqrt(N).
 * @param batchSize N images per step (not the 2N views).
 */
export function scaledLearningRate(config: Pick<OptimizerConfig, 'learningRate' | 'lrScaling'>, batchSize: number): number {
  switch (config.lrScaling) {
    case 'none':
      return config.learningRate;
    case 'linear':
      return (config.learningRate * batchSize) / 256;
    case 'sqrt':
      return config.learningRate * Math.sqrt(batchSize);
    default: {
      const never: never = config.lrScaling;
      throw new Error(`scaledLearningRate: unknown lrScaling ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Learning rate of step `step` (0 for the first step), as google-research/simclr:
 * - warmup, step < warmupSteps: peak x step / warmupSteps (so the first step has rate 0);
 * - 'constant': peak afterwards;
 * - 'cosine': peak x (1 + cos(pi t / T)) / 2 with t = step - warmupSteps and
 *   T = totalSteps - warmupSteps, reaching 0 at step = totalSteps and staying 0
 *   after it (also 0 after warmup when totalSteps <= warmupSteps).
 * peak = `scaledLearningRate(config, batchSize)`.
 */
export function learningRateAt(
  step: number,
  config: Pick<OptimizerConfig, 'learningRate' | 'lrScaling' | 'warmupSteps' | 'schedule' | 'totalSteps'>,
  batchSize: number,
): number {
  if (!Number.isFinite(step) || step < 0) throw new Error(`learningRateAt: step must be a number >= 0, got ${step}`);
  const peak = scaledLearningRate(config, batchSize);
  if (step < config.warmupSteps) return (peak * step) / config.warmupSteps;
  if (config.schedule === 'constant') return peak;
  const decaySteps = config.totalSteps - config.warmupSteps;
  if (decaySteps <= 0) return 0;
  const progress = Math.min(step - config.warmupSteps, decaySteps) / decaySteps;
  // cos(pi) is -1 + 1e-16 in floating point; clamp so the end of the schedule is exactly 0.
  return progress >= 1 ? 0 : 0.5 * peak * (1 + Math.cos(Math.PI * progress));
}
