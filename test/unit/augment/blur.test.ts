import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { applyGaussianBlur, blurKernelSize, gaussianKernel1d, sampleBlur } from '../../../src/core/augment';
import { PAPER_AUGMENT } from '../../../src/core/config';
import { Rng } from '../../../src/core/random';
import { expectBinomial, expectNoLeak, expectUnitRange, maxAbsDiff, randomImages, row, values } from './helpers';

const paper = PAPER_AUGMENT.blur;

describe('Gaussian kernel', () => {
  it('is torchvision\'s: symmetric, normalised, exp(-x^2 / 2 sigma^2) shaped', () => {
    const k = gaussianKernel1d(5, 1);
    expect(k.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
    expect(k[0]).toBeCloseTo(k[4]!, 15);
    expect(k[1]! / k[2]!).toBeCloseTo(Math.exp(-0.5), 12);
    expect(k[0]! / k[2]!).toBeCloseTo(Math.exp(-2), 12);
  });

  it('has side round(fraction x side), made odd, at least 3', () => {
    expect(blurKernelSize(32, 0.1)).toBe(3);
    expect(blurKernelSize(224, 0.1)).toBe(23);
    expect(blurKernelSize(100, 0.1)).toBe(11);
    expect(blurKernelSize(8, 0.1)).toBe(3);
    expect(blurKernelSize(64, 0.5)).toBe(33);
    expect(blurKernelSize(2, 0.5)).toBe(3);
  });
});

describe('applyGaussianBlur', () => {
  it('keeps a constant image constant and stays in [0, 1]', () => {
    const x = tf.fill([2, 10, 10, 3], 0.37) as tf.Tensor4D;
    const y = applyGaussianBlur(x, [0.8, 2], 5);
    values(y).forEach((v) => expect(v).toBeCloseTo(0.37, 6));
    const r = randomImages(1, 2, 10, 10, 3);
    const rb = applyGaussianBlur(r, [0.8, 2], 5);
    expectUnitRange(rb);
    tf.dispose([x, y, r, rb]);
  });

  it('blurs each image with its own sigma, as if blurred alone; null leaves it unchanged', () => {
    const x = randomImages(2, 4, 12, 12, 3);
    const sigmas = [0.5, null, 2, 1.1];
    const y = applyGaussianBlur(x, sigmas, 5);
    sigmas.forEach((s, b) => {
      if (s === null) expect(values(row(y, b))).toEqual(values(row(x, b)));
      else expect(maxAbsDiff(row(y, b), applyGaussianBlur(row(x, b), [s], 5))).toBeLessThan(1e-6);
    });
    // Larger sigma smooths more: lower variance of the pixel values.
    const variance = (t: tf.Tensor): number => tf.moments(t).variance.dataSync()[0]!;
    expect(variance(row(y, 2))).toBeLessThan(variance(row(y, 0)));
    tf.dispose([x, y]);
  });

  it('reflects at the border: a 3-tap blur of a one-hot corner pixel', () => {
    // Reflect padding mirrors without repeating the edge: the corner's neighbour outside is row/column 1.
    const x = tf.tensor4d([1, 0, 0, 0, 0, 0, 0, 0, 0], [1, 3, 3, 1]);
    const sigma = 1;
    const [a, c] = [gaussianKernel1d(3, sigma)[0]!, gaussianKernel1d(3, sigma)[1]!];
    const y = values(applyGaussianBlur(x, [sigma], 3));
    expect(y[0]).toBeCloseTo(c * c, 6);
    expect(y[1]).toBeCloseTo(c * a, 6);
    expect(y[4]).toBeCloseTo(a * a, 6);
    x.dispose();
  });

  it('works on one-channel and non-square images with a [kh, kw] kernel', () => {
    const x = randomImages(3, 2, 8, 12, 1);
    const y = applyGaussianBlur(x, [1, 1.5], [3, 5]);
    expect(y.shape).toEqual([2, 8, 12, 1]);
    expect(maxAbsDiff(y, x)).toBeGreaterThan(0.01);
    tf.dispose([x, y]);
  });

  it('rejects even kernels and kernels too large for reflect padding', () => {
    const x = randomImages(4, 1, 4, 4, 3);
    expect(() => applyGaussianBlur(x, [1], 4)).toThrow(/odd/);
    expect(() => applyGaussianBlur(x, [1], 9)).toThrow(/too large/);
    x.dispose();
  });

  it('frees its intermediates', () => {
    const x = randomImages(5, 4, 16, 16, 3);
    expectNoLeak(() => applyGaussianBlur(x, [0.5, null, 1.5, 2], 3));
    x.dispose();
  });
});

describe('sampleBlur', () => {
  it('draws sigma in range and honours p within binomial bounds over 2000 draws', () => {
    const params = sampleBlur(new Rng(6), 2000, 32, 32, paper);
    expect(params.kernelSize).toEqual([3, 3]);
    const sigmas = params.sigmas.filter((s): s is number => s !== null);
    expectBinomial(sigmas.length, 2000, paper.p, 'blur p=0.5');
    for (const s of sigmas) {
      expect(s).toBeGreaterThanOrEqual(paper.sigmaMin);
      expect(s).toBeLessThanOrEqual(paper.sigmaMax);
    }
  });
});
