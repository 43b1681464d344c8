/**
 * Colour jitter with torchvision's ColorJitter semantics (0.14): brightness,
 * contrast, saturation and hue adjustments with per-image factors, each step
 * clipped to [0, 1] as torchvision's `_blend` does, applied in a per-image order.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ColorJitterConfig } from '../config';
import type { Rng } from '../random';
import { hsvVectorsToRgb, joinChannels, rgbVectorsToHsv, splitChannels } from './hsv';
import { asRows, batchShape, checkLength, grayscale, grayscale3, indicesWhere, mergeRows, perImageColumn, takeRows } from './util';

/** The four adjustments, by the index used in orders (torchvision's `fn_idx`). */
export const JITTER_ADJUSTMENTS = ['brightness', 'contrast', 'saturation', 'hue'] as const;
export type JitterAdjustment = (typeof JITTER_ADJUSTMENTS)[number];

/** torchvision's fixed order: brightness, contrast, saturation, hue. */
export const FIXED_JITTER_ORDER: readonly number[] = [0, 1, 2, 3];

/** Factors for one image. Identity: brightness 1, contrast 1, saturation 1, hue 0. */
export interface JitterFactors {
  /** Multiplies the image. */
  brightness: number;
  /** Blend weight of the image against the mean of its grey image. */
  contrast: number;
  /** Blend weight of the image against its grey image. */
  saturation: number;
  /** Hue rotation, in turns, in [-0.5, 0.5]. */
  hue: number;
}

/** Sampled jitter parameters of a batch. */
export interface ColorJitterParams {
  /** Per image: the factors, or null where the jitter was not applied (probability 1 - p). */
  factors: (JitterFactors | null)[];
  /** Per image: a permutation of 0..3 indexing `JITTER_ADJUSTMENTS`, the order of the adjustments. */
  order: number[][];
}

/**
 * Draws per-image jitter parameters. Every image draws, in this order: whether it
 * is jittered (probability p), its order (a random permutation when
 * `randomOrder`, else brightness, contrast, saturation, hue), then brightness
 * ~ U(max(0, 1 - b), 1 + b), contrast ~ U(max(0, 1 - c), 1 + c), saturation
 * ~ U(max(0, 1 - s), 1 + s) and hue ~ U(-h, h), where b, c, s, h are the config's
 * values times `strength`. The same number of draws is made whether or not the
 * image is jittered.
 *
 * @returns B factor sets (null when not jittered) and B orders
 */
export function sampleColorJitter(rng: Rng, batch: number, cfg: ColorJitterConfig): ColorJitterParams {
  const b = cfg.brightness * cfg.strength;
  const c = cfg.contrast * cfg.strength;
  const s = cfg.saturation * cfg.strength;
  const h = cfg.hue * cfg.strength;
  const factors: (JitterFactors | null)[] = [];
  const order: number[][] = [];
  for (let i = 0; i < batch; i++) {
    const applied = rng.bernoulli(cfg.p);
    order.push(cfg.randomOrder ? rng.permutation(4) : [...FIXED_JITTER_ORDER]);
    const f: JitterFactors = {
      brightness: rng.uniform(Math.max(0, 1 - b), 1 + b),
      contrast: rng.uniform(Math.max(0, 1 - c), 1 + c),
      saturation: rng.uniform(Math.max(0, 1 - s), 1 + s),
      hue: rng.uniform(-h, h),
    };
    factors.push(applied ? f : null);
  }
  return { factors, order };
}

/** A number per image, or one number for the whole batch. */
export type PerImageNumber = number | readonly number[];

/** `[B, 1]` column of per-image numbers. */
function factorColumn(values: PerImageNumber, batch: number, what: string, where: string): tf.Tensor2D {
  if (typeof values === 'number') return perImageColumn(new Array<number>(batch).fill(values));
  checkLength(values, batch, what, where);
  return perImageColumn(values);
}

/** torchvision `_blend`: clip(f x a + (1 - f) x b, 0, 1) with per-image f, on images flattened to rows. */
function blendRows(f: tf.Tensor2D, a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.clipByValue(tf.add(tf.mul(f, a), tf.mul(tf.sub(1, f), b)), 0, 1) as tf.Tensor2D;
}

/**
 * torchvision `adjust_brightness`: clip(factor x image, 0, 1).
 * @param images `[B, H, W, C]` in [0, 1]
 * @param factors B factors (or one for all), at least 0
 * @returns `[B, H, W, C]` in [0, 1]
 */
export function adjustBrightness(images: tf.Tensor4D, factors: PerImageNumber): tf.Tensor4D {
  const { batch } = batchShape(images, 'adjustBrightness');
  return tf.tidy(() => {
    const f = factorColumn(factors, batch, 'factors', 'adjustBrightness');
    return tf.reshape(tf.clipByValue(tf.mul(asRows(images), f), 0, 1), images.shape);
  });
}

/**
 * torchvision `adjust_contrast`: clip(factor x image + (1 - factor) x mean, 0, 1)
 * where mean is the mean over all pixels of the image's grey version (a scalar per
 * image; for one-channel images the mean of the image).
 * @param images `[B, H, W, C]` in [0, 1]
 * @param factors B factors (or one for all), at least 0
 * @returns `[B, H, W, C]` in [0, 1]
 */
export function adjustContrast(images: tf.Tensor4D, factors: PerImageNumber): tf.Tensor4D {
  const { batch } = batchShape(images, 'adjustContrast');
  return tf.tidy(() => {
    const f = factorColumn(factors, batch, 'factors', 'adjustContrast');
    const mean = tf.mean(asRows(grayscale(images)), 1, true) as tf.Tensor2D;
    return tf.reshape(blendRows(f, asRows(images), mean), images.shape);
  });
}

/**
 * torchvision `adjust_saturation`: clip(factor x image + (1 - factor) x grey, 0, 1)
 * with grey the per-pixel luma. Identity (a copy) on one-channel images.
 * @param images `[B, H, W, C]` in [0, 1]
 * @param factors B factors (or one for all), at least 0
 * @returns `[B, H, W, C]` in [0, 1]
 */
export function adjustSaturation(images: tf.Tensor4D, factors: PerImageNumber): tf.Tensor4D {
  const { batch, channels } = batchShape(images, 'adjustSaturation');
  if (channels === 1) return tf.clone(images);
  return tf.tidy(() => {
    const f = factorColumn(factors, batch, 'factors', 'adjustSaturation');
    return tf.reshape(blendRows(f, asRows(images), asRows(grayscale3(images))), images.shape);
  });
}

/**
 * torchvision `adjust_hue`: to HSV, hue = (hue + shift) mod 1, back to RGB.
 * Identity (a copy) on one-channel images.
 * @param images `[B, H, W, C]` in [0, 1]
 * @param shifts B hue shifts (or one for all) in turns, in [-0.5, 0.5]
 * @returns `[B, H, W, C]` in [0, 1]
 */
export function adjustHue(images: tf.Tensor4D, shifts: PerImageNumber): tf.Tensor4D {
  const { batch, channels } = batchShape(images, 'adjustHue');
  if (channels === 1) return tf.clone(images);
  return tf.tidy(() => {
    const shift = factorColumn(shifts, batch, 'shifts', 'adjustHue');
    const [h, s, v] = rgbVectorsToHsv(...splitChannels(images));
    const shifted = tf.reshape(tf.mod(tf.add(tf.reshape(h, [batch, -1]), shift), 1), [-1]) as tf.Tensor1D;
    return joinChannels(hsvVectorsToRgb(shifted, s, v), images.shape);
  });
}

function checkOrder(order: readonly number[], b: number): void {
  const sorted = [...order].sort((x, y) => x - y);
  if (sorted.length !== 4 || sorted.some((v, i) => v !== i)) {
    throw new Error(`applyColorJitter: order[${b}] must be a permutation of 0, 1, 2, 3, got [${order.join(', ')}]`);
  }
}

/** Index of "no adjustment" in the per-slot grouping of `applyColorJitter`. */
const NO_ADJUSTMENT = 4;

function isIdentity(adj: number, f: JitterFactors, channels: number): boolean {
  if (adj === 0) return f.brightness === 1;
  if (adj === 1) return f.contrast === 1;
  if (adj === 2) return channels === 1 || f.saturation === 1;
  return channels === 1 || f.hue === 0;
}

/**
 * Jitters image b with `factors[b]` in the order `order[b]` (indices into
 * `JITTER_ADJUSTMENTS`; torchvision's fixed order when `order` is omitted). Images
 * whose factors are null are returned unchanged (bit for bit). With explicit
 * factors this reproduces torchvision's `adjust_*` chain. Identity factors
 * (brightness, contrast or saturation 1, hue shift 0) are skipped: torchvision
 * also skips hue when its range is 0, and for a drawn shift of exactly 0 the HSV
 * round trip would only add float rounding. Saturation and hue are identities on
 * one-channel images.
 *
 * Batched scheme: for each of the 4 order slots, the images are regrouped (one
 * gather) so that those whose slot holds the same adjustment are contiguous; each
 * adjustment then runs once on its group with the group's factors. Every image
 * passes through each adjustment exactly once; a final gather restores the order.
 *
 * @param images `[B, H, W, C]` float32 in [0, 1]
 * @param factors B factor sets or null
 * @param order B permutations of 0..3
 * @returns `[B, H, W, C]` in [0, 1]
 */
export function applyColorJitter(
  images: tf.Tensor4D,
  factors: readonly (JitterFactors | null)[],
  order?: readonly (readonly number[])[],
): tf.Tensor4D {
  const { batch, channels } = batchShape(images, 'applyColorJitter');
  checkLength(factors, batch, 'factors', 'applyColorJitter');
  if (order) {
    checkLength(order, batch, 'order', 'applyColorJitter');
    order.forEach(checkOrder);
  }
  const active = indicesWhere(factors.map((f) => f !== null));
  if (active.length === 0) return tf.clone(images);
  const items = active.map((b) => factors[b]!);
  const itemOrder = active.map((b) => order?.[b] ?? FIXED_JITTER_ORDER);
  const n = items.length;
  const apply = (x: tf.Tensor4D, adj: number, group: JitterFactors[]): tf.Tensor4D => {
    if (adj === 0) return adjustBrightness(x, group.map((f) => f.brightness));
    if (adj === 1) return adjustContrast(x, group.map((f) => f.contrast));
    if (adj === 2) return adjustSaturation(x, group.map((f) => f.saturation));
    return adjustHue(x, group.map((f) => f.hue));
  };
  return tf.tidy(() => {
    let x = n === batch ? images : takeRows(images, active);
    // rowItem[r]: which item (index into `items`) row r of x holds.
    let rowItem = Array.from({ length: n }, (_, i) => i);
    const reorder = (target: number[]): void => {
      const rowOf = new Array<number>(n);
      rowItem.forEach((item, r) => {
        rowOf[item] = r;
      });
      const index = target.map((item) => rowOf[item]!);
      if (index.some((r, i) => r !== i)) x = tf.gather(x, tf.tensor1d(index, 'int32'), 0);
      rowItem = target;
    };
    for (let slot = 0; slot < 4; slot++) {
      const groups: number[][] = [[], [], [], [], []];
      for (let i = 0; i < n; i++) {
        const adj = itemOrder[i]![slot]!;
        groups[isIdentity(adj, items[i]!, channels) ? NO_ADJUSTMENT : adj]!.push(i);
      }
      if (groups[NO_ADJUSTMENT]!.length === n) continue;
      reorder(groups.flat());
      const parts: tf.Tensor4D[] = [];
      let start = 0;
      groups.forEach((group, adj) => {
        if (group.length === 0) return;
        const part = group.length === n ? x : tf.slice(x, [start, 0, 0, 0], [group.length, -1, -1, -1]);
        parts.push(adj === NO_ADJUSTMENT ? part : apply(part, adj, group.map((i) => items[i]!)));
        start += group.length;
      });
      x = parts.length === 1 ? parts[0]! : tf.concat(parts, 0);
    }
    reorder(Array.from({ length: n }, (_, i) => i));
    if (x === images) return tf.clone(images);
    return n === batch ? x : mergeRows(images, x, active);
  });
}
