/** Rotation of square images by whole quarter turns. */
import * as tf from '@tensorflow/tfjs-core';
import type { RotateConfig } from '../config';
import type { Rng } from '../random';
import { batchShape, checkLength } from './util';

/**
 * Draws, per image, a number of counter-clockwise quarter turns: with probability
 * p one of 1, 2, 3 (90, 180, 270 degrees) uniformly, else 0. Two draws per image.
 * @returns B integers in 0..3
 */
export function sampleRotations(rng: Rng, batch: number, cfg: RotateConfig): number[] {
  return Array.from({ length: batch }, () => {
    const applied = rng.bernoulli(cfg.p);
    const k = rng.int(1, 4);
    return applied ? k : 0;
  });
}

/** One batch rotated by k counter-clockwise quarter turns in the H-W plane (k in 1..3). */
function rot90(images: tf.Tensor4D, k: number): tf.Tensor4D {
  // torch.rot90(x, 1, dims=(1, 2)) on CHW is flip(W) then swap H and W: out[i][j] = x[j][W-1-i].
  // k = 3 is swap then flip(W): out[i][j] = x[H-1-j][i]; k = 2 is two quarter turns.
  // flipLeftRight is a dedicated kernel, far faster than reverse on tfjs's cpu backend.
  const swap = (x: tf.Tensor4D): tf.Tensor4D => tf.transpose(x, [0, 2, 1, 3]);
  const flip = (x: tf.Tensor4D): tf.Tensor4D => tf.image.flipLeftRight(x);
  if (k === 1) return swap(flip(images));
  if (k === 2) return swap(flip(swap(flip(images))));
  return flip(swap(images));
}

/**
 * Rotates image b by `quarterTurns[b]` x 90 degrees counter-clockwise, exactly as
 * `torch.rot90(img, k, dims=(1, 2))` on a CHW image: k = 1 moves the top-right
 * corner to the top-left. Only square images (H = W) are supported, so the batch
 * keeps one shape; the pipeline's images are square. Every k (any integer,
 * taken mod 4) is an exact permutation of pixels.
 *
 * @param images `[B, S, S, C]`
 * @param quarterTurns B integers
 * @returns `[B, S, S, C]`
 */
export function applyRotate90(images: tf.Tensor4D, quarterTurns: readonly number[]): tf.Tensor4D {
  const { batch, height, width } = batchShape(images, 'applyRotate90');
  checkLength(quarterTurns, batch, 'quarterTurns', 'applyRotate90');
  const ks = quarterTurns.map((k, b) => {
    if (!Number.isInteger(k)) throw new Error(`applyRotate90: quarterTurns[${b}] must be an integer, got ${k}`);
    return ((k % 4) + 4) % 4;
  });
  if (ks.every((k) => k === 0)) return tf.clone(images);
  if (height !== width) {
    throw new Error(`applyRotate90: rotation needs square images, got ${height} x ${width} (resize or crop them to a square first)`);
  }
  return tf.tidy(() => {
    // Candidates [x, rot k1, rot k2, ...] stacked along the batch axis, then one gather picks each image's version.
    const used = [...new Set(ks.filter((k) => k !== 0))].sort((a, b) => a - b);
    const stacked = tf.concat([images, ...used.map((k) => rot90(images, k))], 0);
    const index = ks.map((k, b) => (k === 0 ? 0 : used.indexOf(k) + 1) * batch + b);
    return tf.gather(stacked, tf.tensor1d(index, 'int32'), 0);
  });
}
