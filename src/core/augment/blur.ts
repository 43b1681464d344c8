/** Gaussian blur with a per-image sigma, torchvision's kernel and reflect padding. */
import * as tf from '@tensorflow/tfjs-core';
import type { BlurConfig } from '../config';
import type { Rng } from '../random';
import { batchShape, checkLength, selectImages } from './util';

/** Sigma (pixels) of the kernel run on images that are not blurred; their result is discarded. Any positive value works. */
const NEUTRAL_SIGMA = 1;

/** Sampled blur parameters of a batch. */
export interface BlurParams {
  /** Per image: sigma in pixels, or null where the image is not blurred. */
  sigmas: (number | null)[];
  /** Kernel `[height, width]` in pixels, both odd. */
  kernelSize: [number, number];
}

/**
 * Kernel side for an image side: round(fraction x side), plus 1 when even, at
 * least 3 (the paper: 10% of the side; google-research/simclr makes it odd the same
 * way). Capped so reflect padding fits: at most 2 x side - 1.
 * @param side image side in pixels
 * @param fraction kernel side / image side
 * @returns odd kernel side in pixels
 */
export function blurKernelSize(side: number, fraction: number): number {
  let k = Math.round(fraction * side);
  if (k % 2 === 0) k += 1;
  k = Math.max(3, k);
  return Math.min(k, 2 * side - 1);
}

/**
 * torchvision's 1-D Gaussian kernel: x = linspace(-(k-1)/2, (k-1)/2, k),
 * w = exp(-0.5 (x / sigma)^2), normalised to sum 1.
 * @param size kernel length k (odd)
 * @param sigma standard deviation in pixels, > 0
 * @returns k weights
 */
export function gaussianKernel1d(size: number, sigma: number): number[] {
  const half = (size - 1) / 2;
  const w = Array.from({ length: size }, (_, i) => Math.exp(-0.5 * ((i - half) / sigma) ** 2));
  const total = w.reduce((a, v) => a + v, 0);
  return w.map((v) => v / total);
}

/**
 * Draws, per image, whether it is blurred (probability p) and sigma ~ U(sigmaMin,
 * sigmaMax) (drawn for every image); the kernel side is `blurKernelSize` of each
 * image side.
 * @param height image height H in pixels
 * @param width image width W in pixels
 */
export function sampleBlur(rng: Rng, batch: number, height: number, width: number, cfg: BlurConfig): BlurParams {
  const sigmas: (number | null)[] = [];
  for (let b = 0; b < batch; b++) {
    const applied = rng.bernoulli(cfg.p);
    const sigma = rng.uniform(cfg.sigmaMin, cfg.sigmaMax);
    sigmas.push(applied ? sigma : null);
  }
  return { sigmas, kernelSize: [blurKernelSize(height, cfg.kernelFraction), blurKernelSize(width, cfg.kernelFraction)] };
}

/**
 * Blurs image b with a Gaussian of standard deviation `sigmas[b]` pixels (null:
 * unchanged), matching torchvision's `gaussian_blur(img, [kw, kh], [sigma, sigma])`:
 * reflect padding of (k - 1) / 2 pixels, then the kernel applied separably (first
 * along the height, then along the width). The whole batch goes through one pair of depthwise convolutions:
 * the batch is moved into the channel axis ([1, H, W, B x C]) so every channel has
 * its own kernel. Images that are not blurred get a kernel of sigma
 * `NEUTRAL_SIGMA` and `selectImages` then keeps their input (no select when every
 * image is blurred), so every tensor is shaped by B whichever images are blurred,
 * and GPU backends reuse their textures, buffers and compiled programs from step
 * to step.
 *
 * @param images `[B, H, W, C]` float32 in [0, 1]
 * @param sigmas B standard deviations in pixels (> 0) or null
 * @param kernelSize odd kernel side in pixels, or `[height, width]`; (k - 1) / 2 must be less than the image side
 * @returns `[B, H, W, C]`
 */
export function applyGaussianBlur(
  images: tf.Tensor4D,
  sigmas: readonly (number | null)[],
  kernelSize: number | readonly [number, number],
): tf.Tensor4D {
  const { batch, height, width, channels } = batchShape(images, 'applyGaussianBlur');
  checkLength(sigmas, batch, 'sigmas', 'applyGaussianBlur');
  const [kh, kw] = typeof kernelSize === 'number' ? [kernelSize, kernelSize] : kernelSize;
  for (const [k, side, name] of [[kh, height, 'height'], [kw, width, 'width']] as const) {
    if (!Number.isInteger(k) || k < 1 || k % 2 === 0) throw new Error(`applyGaussianBlur: kernel ${name} must be an odd positive integer, got ${k}`);
    if ((k - 1) / 2 > side - 1) throw new Error(`applyGaussianBlur: kernel ${name} ${k} is too large for reflect padding of an image ${side} pixels ${name === 'height' ? 'high' : 'wide'}`);
  }
  sigmas.forEach((s, b) => {
    if (s !== null && !(s > 0 && Number.isFinite(s))) throw new Error(`applyGaussianBlur: sigma of image ${b} must be positive, got ${s}`);
  });
  const active = sigmas.map((s) => s !== null);
  if (!active.includes(true)) return tf.clone(images);
  const depth = batch * channels;
  // Channel index after the move is image * C + channel; every channel of an image shares its kernel.
  const kernels = (k: number): Float32Array => {
    const out = new Float32Array(k * depth);
    sigmas.forEach((sigma, b) => {
      const w = gaussianKernel1d(k, sigma ?? NEUTRAL_SIGMA);
      for (let t = 0; t < k; t++) for (let c = 0; c < channels; c++) out[t * depth + b * channels + c] = w[t]!;
    });
    return out;
  };
  return tf.tidy(() => {
    const stacked = tf.reshape(tf.transpose(images, [1, 2, 0, 3]), [1, height, width, depth]) as tf.Tensor4D;
    const padded = tf.mirrorPad(stacked, [[0, 0], [(kh - 1) / 2, (kh - 1) / 2], [(kw - 1) / 2, (kw - 1) / 2], [0, 0]], 'reflect');
    const vertical = tf.depthwiseConv2d(padded, tf.tensor4d(kernels(kh), [kh, 1, depth, 1]), 1, 'valid');
    const both = tf.depthwiseConv2d(vertical, tf.tensor4d(kernels(kw), [1, kw, depth, 1]), 1, 'valid');
    const blurred = tf.transpose(tf.reshape(both, [height, width, batch, channels]), [2, 0, 1, 3]) as tf.Tensor4D;
    return active.every(Boolean) ? blurred : selectImages(active, blurred, images);
  });
}
