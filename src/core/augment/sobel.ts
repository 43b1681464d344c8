/** Sobel edge magnitude of the grey image, in every channel. */
import * as tf from '@tensorflow/tfjs-core';
import type { SobelConfig } from '../config';
import type { Rng } from '../random';
import { batchShape, checkLength, grayscale, selectImages } from './util';

/**
 * Largest possible Sobel gradient magnitude of an image in [0, 1]: sqrt(4^2 + 2^2)
 * = sqrt(20), reached by a 3 x 3 neighbourhood such as [[0,0,1],[0,.,1],[0,1,1]]
 * (both components can not be 4 at once).
 */
export const SOBEL_MAX_MAGNITUDE = Math.sqrt(20);

/**
 * Draws, per image, whether it becomes its edge map: true with probability p.
 * @returns B flags
 */
export function sampleSobel(rng: Rng, batch: number, cfg: SobelConfig): boolean[] {
  return Array.from({ length: batch }, () => rng.bernoulli(cfg.p));
}

/**
 * Where `apply[b]`, replaces image b by the gradient magnitude sqrt(gx^2 + gy^2)
 * of its grey (luma) image, with 3 x 3 Sobel kernels and reflect padding of one
 * pixel, divided by the fixed `SOBEL_MAX_MAGNITUDE` (not a per-image maximum, so a
 * faint image gives faint edges and the scale does not depend on the content),
 * and copied into every channel. The result lies in [0, 1]. Other images are
 * unchanged.
 *
 * @param images `[B, H, W, C]` float32 in [0, 1], H and W at least 2
 * @param apply B flags
 * @returns `[B, H, W, C]` in [0, 1]
 */
export function applySobel(images: tf.Tensor4D, apply: readonly boolean[]): tf.Tensor4D {
  const { batch, height, width, channels } = batchShape(images, 'applySobel');
  checkLength(apply, batch, 'apply', 'applySobel');
  if (!apply.some(Boolean)) return tf.clone(images);
  if (height < 2 || width < 2) throw new Error(`applySobel: images must be at least 2 x 2 pixels, got ${height} x ${width}`);
  return tf.tidy(() => {
    const grey = tf.mirrorPad(grayscale(images), [[0, 0], [1, 1], [1, 1], [0, 0]], 'reflect');
    // Filter [3, 3, 1, 2]: output channel 0 is d/dx (left to right), 1 is d/dy (top to bottom).
    const gx = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
    const gy = [-1, -2, -1, 0, 0, 0, 1, 2, 1];
    const filter = tf.tensor4d(gx.flatMap((v, i) => [v, gy[i]!]), [3, 3, 1, 2]);
    const grad = tf.conv2d(grey as tf.Tensor4D, filter, 1, 'valid');
    const magnitude = tf.div(tf.sqrt(tf.sum(tf.square(grad), 3, true)), SOBEL_MAX_MAGNITUDE);
    const edges = tf.clipByValue(magnitude, 0, 1);
    const tiled = channels === 1 ? edges : tf.concat([edges, edges, edges], 3);
    return selectImages(apply, tiled as tf.Tensor4D, images);
  });
}
