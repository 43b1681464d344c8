import { describe, expect, it } from 'vitest';
import type { OptimizerConfig } from '../../../src/core/config';
import { learningRateAt, scaledLearningRate } from '../../../src/core/train';

const base: OptimizerConfig = {
  kind: 'lars', learningRate: 0.3, lrScaling: 'none', momentum: 0.9, weightDecay: 1e-6,
  larsEta: 0.001, warmupSteps: 10, schedule: 'cosine', totalSteps: 110,
};

describe('learning-rate scaling', () => {
  it('none, linear (base N / 256) and sqrt (base sqrt(N)) are exact', () => {
    expect(scaledLearningRate({ ...base, lrScaling: 'none' }, 64)).toBe(0.3);
    expect(scaledLearningRate({ ...base, lrScaling: 'linear' }, 512)).toBe(0.6);
    expect(scaledLearningRate({ ...base, lrScaling: 'linear' }, 4096)).toBeCloseTo(4.8, 12);
    expect(scaledLearningRate({ ...base, learningRate: 0.075, lrScaling: 'sqrt' }, 64)).toBe(0.6);
    expect(scaledLearningRate({ ...base, learningRate: 0.075, lrScaling: 'sqrt' }, 4096)).toBeCloseTo(4.8, 12);
  });
});

describe('learningRateAt', () => {
  it('warms up linearly from 0 over warmupSteps', () => {
    expect(learningRateAt(0, base, 256)).toBe(0);
    expect(learningRateAt(1, base, 256)).toBeCloseTo(0.03, 12);
    expect(learningRateAt(5, base, 256)).toBeCloseTo(0.15, 12);
    expect(learningRateAt(9, base, 256)).toBeCloseTo(0.27, 12);
    expect(learningRateAt(10, base, 256)).toBeCloseTo(0.3, 12);
  });

  it('decays along a cosine to exactly 0 at totalSteps and stays there', () => {
    expect(learningRateAt(60, base, 256)).toBeCloseTo(0.15, 12); // half-way: (1 + cos(pi / 2)) / 2
    expect(learningRateAt(35, base, 256)).toBeCloseTo(0.3 * (1 + Math.cos(Math.PI / 4)) / 2, 12);
    expect(learningRateAt(109, base, 256)).toBeGreaterThan(0);
    expect(learningRateAt(110, base, 256)).toBe(0);
    expect(learningRateAt(500, base, 256)).toBe(0);
    for (let s = 10; s < 110; s++) expect(learningRateAt(s + 1, base, 256)).toBeLessThan(learningRateAt(s, base, 256));
  });

  it('constant keeps the peak after warmup; no warmup starts at the peak', () => {
    const c = { ...base, schedule: 'constant' as const, lrScaling: 'linear' as const };
    expect(learningRateAt(5, c, 512)).toBeCloseTo(0.3, 12);
    expect(learningRateAt(10, c, 512)).toBeCloseTo(0.6, 12);
    expect(learningRateAt(10_000, c, 512)).toBeCloseTo(0.6, 12);
    expect(learningRateAt(0, { ...base, warmupSteps: 0 }, 256)).toBe(0.3);
  });

  it('is 0 after warmup when the schedule is no longer than the warmup', () => {
    const short = { ...base, warmupSteps: 10, totalSteps: 10 };
    expect(learningRateAt(5, short, 256)).toBeCloseTo(0.15, 12);
    expect(learningRateAt(10, short, 256)).toBe(0);
  });

  it('rejects a negative step', () => {
    expect(() => learningRateAt(-1, base, 256)).toThrow(/step/);
  });
});
