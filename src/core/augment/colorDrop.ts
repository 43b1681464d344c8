/** Colour drop: replace some images by their grey (luma) version in every channel. */
import * as tf from '@tensorflow/tfjs-core';
import type { ColorDropConfig } from '../config';
import type { Rng } from '../random';
import { batchShape, checkLength, grayscale3, selectImages } from './util';

/**
 * Draws, per image, whether its colour is dropped: true with probability `cfg.p`.
 * @returns B flags
 */
export function sampleColorDrop(rng: Rng, batch: number, cfg: ColorDropConfig): boolean[] {
  return Array.from({ length: batch }, () => rng.bernoulli(cfg.p));
}

/**
 * Where `drop[b]`, writes the luma 0.299 R + 0.587 G + 0.114 B of image b into all
 * three channels (torchvision's `rgb_to_grayscale(img, 3)`); other images are
 * unchanged. One-channel images are already grey: the result is a copy.
 *
 * @param images `[B, H, W, C]`, C = 1 or 3
 * @param drop B flags
 * @returns `[B, H, W, C]`
 */
export function applyColorDrop(images: tf.Tensor4D, drop: readonly boolean[]): tf.Tensor4D {
  const { batch, channels } = batchShape(images, 'applyColorDrop');
  checkLength(drop, batch, 'drop', 'applyColorDrop');
  if (channels === 1 || !drop.some(Boolean)) return tf.clone(images);
  return tf.tidy(() => selectImages(drop, grayscale3(images), images));
}
