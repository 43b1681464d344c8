/**
 * RGB <-> HSV conversion as tensor ops, following torchvision 0.14's `_rgb2hsv` and
 * `_hsv2rgb` (torchvision/transforms/functional_tensor.py) step by step, so hue
 * shifts agree with torchvision's `adjust_hue`. All channels are in [0, 1]; hue is
 * a fraction of a full turn.
 *
 * Internally the three channels are separate vectors over all P = B x H x W
 * pixels, so every step is a same-shape elementwise op.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Three per-pixel vectors `[P]` (one per channel). */
export type ChannelVectors = [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];

/** The channels of `[B, H, W, 3]` images as three `[B x H x W]` vectors. */
export function splitChannels(images: tf.Tensor4D): ChannelVectors {
  return tf.tidy(() => tf.unstack(tf.transpose(tf.reshape(images, [-1, 3]))) as ChannelVectors);
}

/** Three `[B x H x W]` channel vectors back into `[B, H, W, 3]` images of `shape`. */
export function joinChannels(channels: readonly tf.Tensor1D[], shape: [number, number, number, number]): tf.Tensor4D {
  return tf.tidy(() => tf.reshape(tf.stack(channels as tf.Tensor1D[], 1), shape));
}

/** torchvision `_rgb2hsv` on channel vectors: returns (hue in [0, 1), saturation, value). */
export function rgbVectorsToHsv(r: tf.Tensor1D, g: tf.Tensor1D, b: tf.Tensor1D): ChannelVectors {
  return tf.tidy(() => {
    const maxc = tf.maximum(tf.maximum(r, g), b);
    const minc = tf.minimum(tf.minimum(r, g), b);
    // Grey pixels (max == min) have no hue; dividing by 1 there keeps everything finite.
    const grey = tf.equal(maxc, minc);
    const ones = tf.onesLike(maxc);
    const chroma = tf.sub(maxc, minc);
    const s = tf.div(chroma, tf.where(grey, ones, maxc));
    const chromaSafe = tf.where(grey, ones, chroma);
    const rc = tf.div(tf.sub(maxc, r), chromaSafe);
    const gc = tf.div(tf.sub(maxc, g), chromaSafe);
    const bc = tf.div(tf.sub(maxc, b), chromaSafe);
    const maxIsR = tf.equal(maxc, r);
    const maxIsG = tf.logicalAnd(tf.equal(maxc, g), tf.logicalNot(maxIsR));
    const maxIsB = tf.logicalAnd(tf.notEqual(maxc, g), tf.logicalNot(maxIsR));
    const hr = tf.mul(tf.cast(maxIsR, 'float32'), tf.sub(bc, gc));
    const hg = tf.mul(tf.cast(maxIsG, 'float32'), tf.sub(tf.add(rc, 2), bc));
    const hb = tf.mul(tf.cast(maxIsB, 'float32'), tf.sub(tf.add(gc, 4), rc));
    const h = tf.mod(tf.add(tf.div(tf.add(tf.add(hr, hg), hb), 6), 1), 1);
    return [h, s, maxc] as ChannelVectors;
  });
}

/** torchvision `_hsv2rgb` on channel vectors (hue in [0, 1], 1 wraps to 0): returns (r, g, b) in [0, 1]. */
export function hsvVectorsToRgb(h: tf.Tensor1D, s: tf.Tensor1D, v: tf.Tensor1D): ChannelVectors {
  return tf.tidy(() => {
    const h6 = tf.mul(h, 6);
    const sector = tf.floor(h6);
    const f = tf.sub(h6, sector);
    const i = tf.mod(sector, 6);
    const p = tf.clipByValue(tf.mul(v, tf.sub(1, s)), 0, 1);
    const q = tf.clipByValue(tf.mul(v, tf.sub(1, tf.mul(s, f))), 0, 1);
    const t = tf.clipByValue(tf.mul(v, tf.sub(1, tf.mul(s, tf.sub(1, f)))), 0, 1);
    // One-hot of the sector (0..5), then each channel picks its value for that sector (torchvision's einsum).
    const m = [0, 1, 2, 3, 4, 5].map((k) => tf.cast(tf.equal(i, k), 'float32'));
    const pick = (values: tf.Tensor[]): tf.Tensor1D => tf.addN(values.map((val, k) => tf.mul(m[k]!, val))) as tf.Tensor1D;
    return [pick([v, q, p, p, t, v]), pick([t, v, v, q, p, p]), pick([p, p, t, v, v, q])] as ChannelVectors;
  });
}

/**
 * @param rgb `[B, H, W, 3]` float32 in [0, 1]
 * @returns `[B, H, W, 3]` with channels (hue in [0, 1), saturation in [0, 1], value in [0, 1])
 */
export function rgbToHsv(rgb: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => joinChannels(rgbVectorsToHsv(...splitChannels(rgb)), rgb.shape));
}

/**
 * @param hsv `[B, H, W, 3]` with hue in [0, 1] (1 wraps to 0), saturation and value in [0, 1]
 * @returns `[B, H, W, 3]` RGB in [0, 1]
 */
export function hsvToRgb(hsv: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => joinChannels(hsvVectorsToRgb(...splitChannels(hsv)), hsv.shape));
}
