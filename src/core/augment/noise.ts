/** Additive Gaussian noise with a per-image standard deviation. */
import * as tf from '@tensorflow/tfjs-core';
import type { NoiseConfig } from '../config';
import type { Rng } from '../random';
import { batchShape, checkLength, perImage, selectImages } from './util';

/** Sampled noise parameters of a batch. */
export interface NoiseParams {
  /** Per image: standard deviation in intensity units ([0, 1] scale), or null for no noise. */
  stds: (number | null)[];
  /** Seed of `tf.randomNormal` for the noise itself, so applying the same params twice gives the same image. */
  seed: number;
}

/**
 * Draws, per image, whether noise is added (probability p) and std ~ U(stdMin,
 * stdMax) (drawn for every image), then one seed for the noise field (`rng.tfSeed()`).
 */
export function sampleNoise(rng: Rng, batch: number, cfg: NoiseConfig): NoiseParams {
  const stds: (number | null)[] = [];
  for (let b = 0; b < batch; b++) {
    const applied = rng.bernoulli(cfg.p);
    const std = rng.uniform(cfg.stdMin, cfg.stdMax);
    stds.push(applied ? std : null);
  }
  return { stds, seed: rng.tfSeed() };
}

/**
 * clip(image + std_b x N(0, 1), 0, 1), with the standard normal field drawn by
 * `tf.randomNormal(shape, 0, 1, 'float32', seed)` (independent per pixel and
 * channel). Images with a null or zero std are unchanged.
 *
 * @param images `[B, H, W, C]` float32 in [0, 1]
 * @param stds B standard deviations in intensity units, or null
 * @param seed integer seed of the noise field
 * @returns `[B, H, W, C]` in [0, 1]
 */
export function applyNoise(images: tf.Tensor4D, stds: readonly (number | null)[], seed: number): tf.Tensor4D {
  const { batch } = batchShape(images, 'applyNoise');
  checkLength(stds, batch, 'stds', 'applyNoise');
  const values = stds.map((s) => s ?? 0);
  values.forEach((s, b) => {
    if (!(s >= 0 && Number.isFinite(s))) throw new Error(`applyNoise: std of image ${b} must be a finite number >= 0, got ${s}`);
  });
  if (values.every((s) => s === 0)) return tf.clone(images);
  return tf.tidy(() => {
    const noise = tf.randomNormal(images.shape, 0, 1, 'float32', seed);
    const noisy = tf.clipByValue(tf.add(images, tf.mul(noise, perImage(values))), 0, 1) as tf.Tensor4D;
    // Images with std 0 keep their exact input (also when it lies outside [0, 1]).
    return selectImages(values.map((s) => s > 0), noisy, images);
  });
}
