/** Horizontal flip (left-right mirror) of some images of a batch. */
import * as tf from '@tensorflow/tfjs-core';
import type { FlipConfig } from '../config';
import type { Rng } from '../random';
import { batchShape, checkLength, selectImages } from './util';

/**
 * Draws, per image, whether it is flipped: true with probability `cfg.p`.
 * @returns B flags
 */
export function sampleFlips(rng: Rng, batch: number, cfg: FlipConfig): boolean[] {
  return Array.from({ length: batch }, () => rng.bernoulli(cfg.p));
}

/**
 * Mirrors image b left-right (reverses the width axis) where `flips[b]`; the
 * others are copied unchanged. Matches torchvision's `hflip`. Uses tfjs's
 * `flipLeftRight` kernel (much faster than a general `reverse` on the cpu backend).
 *
 * @param images `[B, H, W, C]`
 * @param flips B flags
 * @returns `[B, H, W, C]`
 */
export function applyFlip(images: tf.Tensor4D, flips: readonly boolean[]): tf.Tensor4D {
  const { batch } = batchShape(images, 'applyFlip');
  checkLength(flips, batch, 'flips', 'applyFlip');
  if (!flips.some(Boolean)) return tf.clone(images);
  return tf.tidy(() => selectImages(flips, tf.image.flipLeftRight(images), images));
}
