/**
 * Colour jitter with torchvision's ColorJitter semantics (0.14): brightness,
 * contrast, saturation and hue adjustments with per-image factors, each step
 * clipped to [0, 1] as torchvision's `_blend` does, applied in a per-image order.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ColorJitterConfig } from '../config';
import type { Rng } from '../random';
import { hsvVectorsToRgb, joinChannels, rgbVectorsToHsv, splitChannels } from './hsv';
import { asRows, batchShape, checkLength, grayscale, grayscale3, perImageColumn, selectImages } from './util';

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

/** Factors that leave an image unchanged, by adjustment index: given to images an adjustment does not act on. */
const NEUTRAL_FACTORS: readonly number[] = [1, 1, 1, 0];

/** Index of hue in `JITTER_ADJUSTMENTS`. */
const HUE = 3;

/** Marks an image that no adjustment acts on in a pass of `applyColorJitter`. */
const NO_ADJUSTMENT = -1;

function isIdentity(adj: number, f: JitterFactors, channels: number): boolean {
  if (adj === 0) return f.brightness === 1;
  if (adj === 1) return f.contrast === 1;
  if (adj === 2) return channels === 1 || f.saturation === 1;
  return channels === 1 || f.hue === 0;
}

/** The factor of adjustment `adj` in `f`. */
function factorOf(adj: number, f: JitterFactors): number {
  if (adj === 0) return f.brightness;
  if (adj === 1) return f.contrast;
  if (adj === 2) return f.saturation;
  return f.hue;
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
 * Batched scheme with fixed shapes: every tensor is shaped by B, whichever
 * images are jittered and in whatever orders, so GPU backends reuse their
 * textures, buffers and compiled programs from step to step. The work runs in 7
 * passes: each image's adjustments before its hue go into passes 0-2 (the last
 * of them in pass 2), its hue into pass 3 (one HSV round trip for the whole
 * batch, however the orders fall), those after its hue into passes 4-6 (the
 * first of them in pass 4); images without hue have all theirs in passes 0-2.
 * Within a pass, each adjustment that some image holds runs on the whole
 * `[B, H, W, C]` batch, with neutral factors for the images it does not act on,
 * and `selectImages` keeps its result only for the images it acts on (no select
 * when that is every image). So every image passes through each of its
 * adjustments exactly once, in its order, with the same per-image arithmetic as
 * when jittered alone; in torchvision's fixed order with every image jittered
 * (and no identity factor) this is 4 adjustments and no select.
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
  if (factors.every((f) => f === null)) return tf.clone(images);
  // passes[p][b]: the adjustment image b gets in pass p, or NO_ADJUSTMENT.
  const passes = Array.from({ length: 7 }, () => new Array<number>(batch).fill(NO_ADJUSTMENT));
  factors.forEach((f, b) => {
    if (f === null) return;
    const adjs = (order?.[b] ?? FIXED_JITTER_ORDER).filter((adj) => !isIdentity(adj, f, channels));
    const hue = adjs.indexOf(HUE);
    const before = hue < 0 ? adjs : adjs.slice(0, hue);
    before.forEach((adj, i) => {
      passes[3 - before.length + i]![b] = adj;
    });
    if (hue < 0) return;
    passes[3]![b] = HUE;
    adjs.slice(hue + 1).forEach((adj, i) => {
      passes[4 + i]![b] = adj;
    });
  });
  const apply = (x: tf.Tensor4D, adj: number, values: number[]): tf.Tensor4D => {
    if (adj === 0) return adjustBrightness(x, values);
    if (adj === 1) return adjustContrast(x, values);
    if (adj === 2) return adjustSaturation(x, values);
    return adjustHue(x, values);
  };
  return tf.tidy(() => {
    let x = images;
    for (const pass of passes) {
      for (let adj = 0; adj < 4; adj++) {
        const flags = pass.map((a) => a === adj);
        if (!flags.includes(true)) continue;
        const values = factors.map((f, b) => (flags[b] ? factorOf(adj, f!) : NEUTRAL_FACTORS[adj]!));
        const input = x;
        x = tf.tidy(() => {
          const adjusted = apply(input, adj, values);
          return flags.every(Boolean) ? adjusted : selectImages(flags, adjusted, input);
        });
        // Free each intermediate batch as soon as it is used, not at the end of the outer tidy.
        if (input !== images) input.dispose();
      }
    }
    return x === images ? tf.clone(images) : x;
  });
}
