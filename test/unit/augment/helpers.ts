/** Shared helpers for the augmentation tests: seeded images, binomial bounds, leak checks. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { Rng } from '../../../src/core/random';

/** `[B, H, W, C]` float32 images with seeded uniform values in [0, 1). */
export function randomImages(seed: number, batch: number, height: number, width: number, channels: number): tf.Tensor4D {
  const rng = new Rng(seed);
  const values = Float32Array.from({ length: batch * height * width * channels }, () => rng.uniform());
  return tf.tensor4d(values, [batch, height, width, channels]);
}

/** Asserts that `count` successes out of `n` are within 4 standard deviations of n p. */
export function expectBinomial(count: number, n: number, p: number, what: string): void {
  const mean = n * p;
  const sd = Math.sqrt(n * p * (1 - p));
  expect(Math.abs(count - mean), `${what}: ${count} of ${n}, expected about ${mean.toFixed(1)}`).toBeLessThanOrEqual(4 * sd + 1e-9);
}

/** Runs `fn` (which returns tensors) `reps` times, disposing its results, and asserts no tensor is left behind. */
export function expectNoLeak(fn: () => tf.TensorContainer, reps = 3): void {
  tf.dispose(fn()); // warm-up: lets tfjs create anything it keeps for good
  const before = tf.memory().numTensors;
  for (let i = 0; i < reps; i++) tf.dispose(fn());
  expect(tf.memory().numTensors).toBe(before);
}

/** Values of a tensor as a plain array. */
export function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

/** Largest absolute difference between two tensors of the same shape. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync();
  const y = b.dataSync();
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  return worst;
}

/** Image b of a batch as `[1, H, W, C]`. */
export function row(images: tf.Tensor4D, b: number): tf.Tensor4D {
  return tf.slice(images, [b, 0, 0, 0], [1, -1, -1, -1]);
}

/** Asserts every value lies in [0, 1]. */
export function expectUnitRange(t: tf.Tensor): void {
  const d = t.dataSync();
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of d) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  expect(lo).toBeGreaterThanOrEqual(0);
  expect(hi).toBeLessThanOrEqual(1);
}
