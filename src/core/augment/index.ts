/**
 * # Augmentations
 *
 * The random transformations that make the two views of every image (SimCLR,
 * Chen et al. 2020, Appendix A and Figure 4; `shared/SIMCLR.md`). Every op works on
 * a batch `[B, H, W, C]` (C = 1 or 3, float32 in [0, 1]) with its own random
 * parameters per image, entirely as tfjs ops, and frees its intermediates.
 *
 * ## Order
 * `augmentView` applies the enabled ops in the order of `AUGMENT_OP_NAMES`:
 *
 * 1. crop: random resized crop (torchvision's RandomResizedCrop box), resized back bilinearly
 * 2. flip: horizontal flip
 * 3. colorJitter: brightness, contrast, saturation, hue (torchvision ColorJitter; random or fixed order)
 * 4. colorDrop: luma into every channel
 * 5. blur: Gaussian blur, reflect padding
 * 6. rotate: 90, 180 or 270 degrees counter-clockwise (square images only)
 * 7. cutout: one square, fully inside the image, set to `fill`
 * 8. noise: additive Gaussian noise, clipped
 * 9. sobel: edge magnitude of the grey image, scaled by the largest possible magnitude
 *
 * `twoViews` stacks two independent views: rows 0..N-1 are view 1 of images
 * 0..N-1 and rows N..2N-1 view 2, so the positive of row k is row (k + N) mod 2N.
 *
 * ## Samplers and appliers
 * Each op is a sampler, which draws per-image parameters as plain numbers from the
 * seeded `Rng` (`sampleCropBoxes`, `sampleFlips`, ...), and an applier, which takes
 * explicit parameters (`applyCrop`, `applyFlip`, ...). Appliers with fixed factors
 * reproduce torchvision 0.14 (checked against `shared/golden/torch-reference.json`).
 * `sampleViewParams` / `applyViewParams` do the same for the whole pipeline, and
 * `describeView` turns parameters into phrases for a preview.
 *
 * ## One-channel images
 * Grey images (C = 1) go through the same pipeline and keep one channel. On them
 * saturation, hue and colour drop are identities (a grey image has no colour);
 * brightness and contrast still apply (contrast blends with the image's mean), and
 * Sobel uses the image itself as the grey image.
 *
 * ## Where this differs from torchvision (on purpose)
 * - Crop resize samples corner pixel centres onto corner pixel centres
 *   (align-corners bilinear via `tf.image.cropAndResize`, no antialiasing);
 *   torchvision uses align_corners=False. The box itself follows torchvision's
 *   RandomResizedCrop exactly, Python rounding included.
 * - Luma weights are 0.299 / 0.587 / 0.114 (torchvision: 0.2989 for R).
 * - A hue shift of exactly 0 (or any identity factor) is skipped rather than
 *   sent through the HSV round trip.
 * - Cutout squares always lie fully inside the image; Sobel magnitudes are divided
 *   by the largest possible magnitude sqrt(20), not by a per-image maximum.
 *
 * ## Randomness
 * Only the `Rng` passed in is used; each op of a view draws from its own fork of it,
 * so toggling one op does not change the others' draws. Noise uses
 * `tf.randomNormal` seeded from the `Rng`.
 */
export { applyCrop, fullCropBox, sampleCropBoxes, type CropBox, type CropSample } from './crop';
export { applyFlip, sampleFlips } from './flip';
export {
  FIXED_JITTER_ORDER,
  JITTER_ADJUSTMENTS,
  adjustBrightness,
  adjustContrast,
  adjustHue,
  adjustSaturation,
  applyColorJitter,
  sampleColorJitter,
  type ColorJitterParams,
  type JitterAdjustment,
  type JitterFactors,
  type PerImageNumber,
} from './colorJitter';
export { hsvToRgb, rgbToHsv } from './hsv';
export { applyColorDrop, sampleColorDrop } from './colorDrop';
export { applyGaussianBlur, blurKernelSize, gaussianKernel1d, sampleBlur, type BlurParams } from './blur';
export { applyRotate90, sampleRotations } from './rotate';
export { applyCutout, sampleCutout, type CutoutBox, type CutoutParams } from './cutout';
export { applyNoise, sampleNoise, type NoiseParams } from './noise';
export { SOBEL_MAX_MAGNITUDE, applySobel, sampleSobel } from './sobel';
export {
  applyViewParams,
  augmentView,
  augmentViewWithParams,
  sampleViewParams,
  twoViews,
  twoViewsWithParams,
  type TwoViewsWithParams,
  type ViewParams,
  type ViewWithParams,
} from './twoViews';
export { describeView } from './describe';
export { LUMA_WEIGHTS, grayscale, grayscale3, type BatchShape } from './util';
