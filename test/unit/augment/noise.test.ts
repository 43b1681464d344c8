import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { applyNoise, sampleNoise } from '../../../src/core/augment';
import { Rng } from '../../../src/core/random';
import { expectBinomial, expectNoLeak, expectUnitRange, randomImages, row, values } from './helpers';

describe('applyNoise', () => {
  it('adds noise of the requested std per image; null and 0 leave images unchanged', () => {
    const x = tf.fill([4, 32, 32, 3], 0.5) as tf.Tensor4D;
    const y = applyNoise(x, [0.05, null, 0.1, 0], 1234);
    const std = (b: number): number => {
      const { variance } = tf.moments(tf.sub(row(y, b), 0.5));
      return Math.sqrt(variance.dataSync()[0]!);
    };
    expect(std(0)).toBeGreaterThan(0.045);
    expect(std(0)).toBeLessThan(0.055);
    expect(std(2)).toBeGreaterThan(0.09);
    expect(std(2)).toBeLessThan(0.11);
    expect(values(row(y, 1))).toEqual(values(row(x, 1)));
    expect(values(row(y, 3))).toEqual(values(row(x, 3)));
    tf.dispose([x, y]);
  });

  it('is reproducible from the seed and clipped to [0, 1]', () => {
    const x = randomImages(1, 2, 8, 8, 1);
    const a = applyNoise(x, [0.3, 0.3], 7);
    const b = applyNoise(x, [0.3, 0.3], 7);
    const c = applyNoise(x, [0.3, 0.3], 8);
    expect(values(a)).toEqual(values(b));
    expect(values(a)).not.toEqual(values(c));
    expectUnitRange(a);
    tf.dispose([x, a, b, c]);
  });

  it('frees its intermediates', () => {
    const x = randomImages(2, 4, 8, 8, 3);
    expectNoLeak(() => applyNoise(x, [0.1, null, 0.05, 0.2], 3));
    x.dispose();
  });
});

describe('sampleNoise', () => {
  it('draws std in range and honours p within binomial bounds over 2000 draws', () => {
    const cfg = { enabled: true, p: 0.35, stdMin: 0.02, stdMax: 0.1 };
    const { stds, seed } = sampleNoise(new Rng(3), 2000, cfg);
    expect(Number.isInteger(seed)).toBe(true);
    const drawn = stds.filter((s): s is number => s !== null);
    expectBinomial(drawn.length, 2000, 0.35, 'noise p=0.35');
    for (const s of drawn) {
      expect(s).toBeGreaterThanOrEqual(0.02);
      expect(s).toBeLessThanOrEqual(0.1);
    }
  });
});
