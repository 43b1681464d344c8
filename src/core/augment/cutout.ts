/** Cutout (DeVries and Taylor 2017): one square per image set to a fill value. */
import * as tf from '@tensorflow/tfjs-core';
import type { CutoutConfig } from '../config';
import type { Rng } from '../random';
import { batchShape, checkLength, perImage } from './util';

/** A square in whole pixels: rows top..top+size-1, columns left..left+size-1. */
export interface CutoutBox {
  top: number;
  left: number;
  size: number;
}

/** Sampled cutout parameters of a batch. */
export interface CutoutParams {
  /** Per image: the square, or null where nothing is cut out. */
  boxes: (CutoutBox | null)[];
  /** Value written into the squares, in [0, 1]. */
  fill: number;
}

/**
 * Draws, per image, whether a square is cut out (probability p) and the square:
 * side = round(U(sizeMin, sizeMax) x min(H, W)) pixels (at least 1), placed
 * uniformly among the positions where it lies fully inside the image (never
 * clipped by the border, so its area is exactly side^2). Four draws per image.
 * @param height image height H in pixels
 * @param width image width W in pixels
 */
export function sampleCutout(rng: Rng, batch: number, height: number, width: number, cfg: CutoutConfig): CutoutParams {
  const side = Math.min(height, width);
  const boxes: (CutoutBox | null)[] = [];
  for (let b = 0; b < batch; b++) {
    const applied = rng.bernoulli(cfg.p);
    const size = Math.min(side, Math.max(1, Math.round(rng.uniform(cfg.sizeMin, cfg.sizeMax) * side)));
    const top = rng.int(0, height - size + 1);
    const left = rng.int(0, width - size + 1);
    boxes.push(applied ? { top, left, size } : null);
  }
  return { boxes, fill: cfg.fill };
}

/**
 * Sets the pixels of `boxes[b]` in image b (all channels) to `fill`; null boxes
 * leave the image unchanged. The mask comes from broadcast comparisons of the row
 * index `[1, H, 1, 1]` and column index `[1, 1, W, 1]` with per-image bounds
 * `[B, 1, 1, 1]`. Parts of a box outside the image are ignored.
 *
 * @param images `[B, H, W, C]`
 * @param boxes B squares in pixels, or null
 * @param fill value in [0, 1]
 * @returns `[B, H, W, C]`
 */
export function applyCutout(images: tf.Tensor4D, boxes: readonly (CutoutBox | null)[], fill: number): tf.Tensor4D {
  const { batch, height, width } = batchShape(images, 'applyCutout');
  checkLength(boxes, batch, 'boxes', 'applyCutout');
  if (boxes.every((box) => box === null || box.size <= 0)) return tf.clone(images);
  const top = boxes.map((box) => box?.top ?? 0);
  const left = boxes.map((box) => box?.left ?? 0);
  const size = boxes.map((box) => box?.size ?? 0);
  return tf.tidy(() => {
    const rowIndex = tf.reshape(tf.range(0, height, 1, 'float32'), [1, height, 1, 1]);
    const colIndex = tf.reshape(tf.range(0, width, 1, 'float32'), [1, 1, width, 1]);
    const top4 = perImage(top);
    const left4 = perImage(left);
    const size4 = perImage(size);
    const inRows = tf.logicalAnd(tf.greaterEqual(rowIndex, top4), tf.less(rowIndex, tf.add(top4, size4)));
    const inCols = tf.logicalAnd(tf.greaterEqual(colIndex, left4), tf.less(colIndex, tf.add(left4, size4)));
    const mask = tf.logicalAnd(inRows, inCols); // [B, H, W, 1]
    return tf.where(mask, tf.scalar(fill, 'float32') as tf.Tensor, images as tf.Tensor) as tf.Tensor4D;
  });
}
