/**
 * The augmentation pipeline: every enabled op in the order of `AUGMENT_OP_NAMES`
 * (crop, flip, colorJitter, colorDrop, blur, rotate, cutout, noise, sobel), and the
 * two views of a SimCLR minibatch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { AUGMENT_OP_NAMES, type AugmentConfig } from '../config';
import type { Rng } from '../random';
import { applyGaussianBlur, sampleBlur, type BlurParams } from './blur';
import { applyColorDrop, sampleColorDrop } from './colorDrop';
import { applyColorJitter, sampleColorJitter, type ColorJitterParams } from './colorJitter';
import { applyCrop, sampleCropBoxes, type CropSample } from './crop';
import { applyCutout, sampleCutout, type CutoutParams } from './cutout';
import { applyFlip, sampleFlips } from './flip';
import { applyNoise, sampleNoise, type NoiseParams } from './noise';
import { applyRotate90, sampleRotations } from './rotate';
import { applySobel, sampleSobel } from './sobel';
import { batchShape, type BatchShape } from './util';

/**
 * Everything random about one view of a batch, as plain numbers (JSON-safe), so a
 * view can be described, stored and re-applied exactly. An op's entry is null when
 * the op is disabled; otherwise it holds one entry per image (an image the op's
 * probability skipped has null / false / 0 there).
 */
export interface ViewParams {
  /** Shape of the batch the parameters were drawn for. */
  shape: BatchShape;
  /** Crop box per image, in pixels. */
  crop: CropSample[] | null;
  /** Flipped left-right, per image. */
  flip: boolean[] | null;
  colorJitter: ColorJitterParams | null;
  /** Colour dropped (made grey), per image. */
  colorDrop: boolean[] | null;
  blur: BlurParams | null;
  /** Counter-clockwise quarter turns (0..3), per image. */
  rotate: number[] | null;
  cutout: CutoutParams | null;
  noise: NoiseParams | null;
  /** Replaced by its Sobel edge map, per image. */
  sobel: boolean[] | null;
}

/**
 * Draws the parameters of one view. Each of the nine ops, in pipeline order, gets
 * its own generator forked from `rng` (`rng.fork()`), enabled or not, so `rng`
 * advances by exactly nine draws and switching one op on or off, or changing its
 * probability, leaves the other ops' draws as they were.
 *
 * @param shape the batch shape `[B, H, W, C]` as numbers
 * @throws when rotation is enabled and the images are not square
 */
export function sampleViewParams(rng: Rng, shape: BatchShape, augment: AugmentConfig): ViewParams {
  const { batch, height, width } = shape;
  if (augment.rotate.enabled && height !== width) {
    throw new Error(`augmentation: rotation needs square images, got ${height} x ${width}; disable augment.rotate or use square images`);
  }
  const forks = Object.fromEntries(AUGMENT_OP_NAMES.map((name) => [name, rng.fork()])) as Record<(typeof AUGMENT_OP_NAMES)[number], Rng>;
  const a = augment;
  return {
    shape: { ...shape },
    crop: a.crop.enabled ? sampleCropBoxes(forks.crop, batch, height, width, a.crop) : null,
    flip: a.flip.enabled ? sampleFlips(forks.flip, batch, a.flip) : null,
    colorJitter: a.colorJitter.enabled ? sampleColorJitter(forks.colorJitter, batch, a.colorJitter) : null,
    colorDrop: a.colorDrop.enabled ? sampleColorDrop(forks.colorDrop, batch, a.colorDrop) : null,
    blur: a.blur.enabled ? sampleBlur(forks.blur, batch, height, width, a.blur) : null,
    rotate: a.rotate.enabled ? sampleRotations(forks.rotate, batch, a.rotate) : null,
    cutout: a.cutout.enabled ? sampleCutout(forks.cutout, batch, height, width, a.cutout) : null,
    noise: a.noise.enabled ? sampleNoise(forks.noise, batch, a.noise) : null,
    sobel: a.sobel.enabled ? sampleSobel(forks.sobel, batch, a.sobel) : null,
  };
}

/**
 * Applies drawn parameters: every non-null op of `params` in the order of
 * `AUGMENT_OP_NAMES`. Deterministic: the same images and params give the same view.
 *
 * @param images `[B, H, W, C]` float32 in [0, 1], the shape the params were drawn for
 * @returns a new `[B, H, W, C]` tensor in [0, 1] (the caller disposes it; `images` is not disposed)
 */
export function applyViewParams(images: tf.Tensor4D, params: ViewParams): tf.Tensor4D {
  const shape = batchShape(images, 'applyViewParams');
  const s = params.shape;
  if (shape.batch !== s.batch || shape.height !== s.height || shape.width !== s.width || shape.channels !== s.channels) {
    throw new Error(
      `applyViewParams: images are [${images.shape.join(', ')}] but the params were drawn for [${s.batch}, ${s.height}, ${s.width}, ${s.channels}]`,
    );
  }
  return tf.tidy(() => {
    let x = images;
    for (const name of AUGMENT_OP_NAMES) {
      switch (name) {
        case 'crop':
          if (params.crop) x = applyCrop(x, params.crop);
          break;
        case 'flip':
          if (params.flip) x = applyFlip(x, params.flip);
          break;
        case 'colorJitter':
          if (params.colorJitter) x = applyColorJitter(x, params.colorJitter.factors, params.colorJitter.order);
          break;
        case 'colorDrop':
          if (params.colorDrop) x = applyColorDrop(x, params.colorDrop);
          break;
        case 'blur':
          if (params.blur) x = applyGaussianBlur(x, params.blur.sigmas, params.blur.kernelSize);
          break;
        case 'rotate':
          if (params.rotate) x = applyRotate90(x, params.rotate);
          break;
        case 'cutout':
          if (params.cutout) x = applyCutout(x, params.cutout.boxes, params.cutout.fill);
          break;
        case 'noise':
          if (params.noise) x = applyNoise(x, params.noise.stds, params.noise.seed);
          break;
        case 'sobel':
          if (params.sobel) x = applySobel(x, params.sobel);
          break;
      }
    }
    return x === images ? tf.clone(images) : x;
  });
}

/** One augmented view and the parameters that made it. */
export interface ViewWithParams {
  /** `[B, H, W, C]` in [0, 1]. */
  view: tf.Tensor4D;
  params: ViewParams;
}

/**
 * One random view of every image: `sampleViewParams` then `applyViewParams`.
 * @param images `[B, H, W, C]` float32 in [0, 1], C = 1 or 3
 * @returns `[B, H, W, C]` in [0, 1]
 */
export function augmentView(images: tf.Tensor4D, augment: AugmentConfig, rng: Rng): tf.Tensor4D {
  return augmentViewWithParams(images, augment, rng).view;
}

/** `augmentView` that also returns the drawn parameters (for previews). Same draws as `augmentView`. */
export function augmentViewWithParams(images: tf.Tensor4D, augment: AugmentConfig, rng: Rng): ViewWithParams {
  const params = sampleViewParams(rng, batchShape(images, 'augmentView'), augment);
  return { view: applyViewParams(images, params), params };
}

/** Two views of a batch and the parameters of each. */
export interface TwoViewsWithParams {
  /** `[2N, H, W, C]`: rows 0..N-1 view 1 of images 0..N-1, rows N..2N-1 view 2. */
  views: tf.Tensor4D;
  /** Parameters of view 1 and of view 2. */
  params: [ViewParams, ViewParams];
}

/**
 * The SimCLR views of a minibatch: two independent augmentations of every image.
 * Rows 0..N-1 are view 1 of images 0..N-1 and rows N..2N-1 are view 2, so the
 * positive of row k is row (k + N) mod 2N. View 1's parameters are drawn from
 * `rng` before view 2's; the same seed gives bit-identical views.
 *
 * @param images `[N, H, W, C]` float32 in [0, 1], C = 1 or 3
 * @returns `[2N, H, W, C]` in [0, 1]
 */
export function twoViews(images: tf.Tensor4D, augment: AugmentConfig, rng: Rng): tf.Tensor4D {
  return twoViewsWithParams(images, augment, rng).views;
}

/** `twoViews` that also returns both views' parameters (for the preview). Same draws as `twoViews`. */
export function twoViewsWithParams(images: tf.Tensor4D, augment: AugmentConfig, rng: Rng): TwoViewsWithParams {
  const shape = batchShape(images, 'twoViews');
  const first = sampleViewParams(rng, shape, augment);
  const second = sampleViewParams(rng, shape, augment);
  const views = tf.tidy(() => tf.concat([applyViewParams(images, first), applyViewParams(images, second)], 0));
  return { views, params: [first, second] };
}
