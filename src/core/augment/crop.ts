/**
 * Random resized crop (paper Appendix A): a box covering a random fraction of the
 * image area with a random aspect ratio, resized back to the input size.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CropConfig } from '../config';
import type { Rng } from '../random';
import { batchShape, checkLength, roundHalfEven } from './util';

/** A crop box in whole pixels: rows top..top+height-1, columns left..left+width-1. */
export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** A sampled crop box with what a preview needs to describe it. */
export interface CropSample extends CropBox {
  /** height x width / (image height x image width), in (0, 1]. */
  areaFraction: number;
  /** width / height of the box. */
  aspectRatio: number;
  /** True when 10 attempts failed and torchvision's central-crop fallback was used. */
  fallback: boolean;
}

/** The box covering the whole image; `applyCrop` with it is the identity. */
export function fullCropBox(height: number, width: number): CropBox {
  return { top: 0, left: 0, height, width };
}

/**
 * Draws one crop box per image with torchvision's `RandomResizedCrop.get_params`:
 * up to 10 attempts of target area `U(areaMin, areaMax) x H x W` and aspect ratio
 * log-uniform in `[ratioMin, ratioMax]`, with width = round(sqrt(area x ratio)) and
 * height = round(sqrt(area / ratio)) (Python rounding, ties to even), accepted when
 * the box fits; the position is then uniform over the places it fits. If no attempt
 * fits, the fallback is a centred box: the whole image when its own ratio is in
 * range, otherwise the largest centred box whose ratio is clamped to the range.
 *
 * @param batch number of images B
 * @param height image height H in pixels
 * @param width image width W in pixels
 * @returns B boxes in pixels (plain numbers)
 */
export function sampleCropBoxes(rng: Rng, batch: number, height: number, width: number, cfg: CropConfig): CropSample[] {
  const area = height * width;
  const out: CropSample[] = [];
  for (let b = 0; b < batch; b++) {
    let box: CropBox | null = null;
    for (let attempt = 0; attempt < 10 && box === null; attempt++) {
      const targetArea = area * rng.uniform(cfg.areaMin, cfg.areaMax);
      const ratio = rng.logUniform(cfg.ratioMin, cfg.ratioMax);
      const w = roundHalfEven(Math.sqrt(targetArea * ratio));
      const h = roundHalfEven(Math.sqrt(targetArea / ratio));
      if (w > 0 && w <= width && h > 0 && h <= height) {
        box = { top: rng.int(0, height - h + 1), left: rng.int(0, width - w + 1), height: h, width: w };
      }
    }
    const fallback = box === null;
    if (box === null) {
      const inRatio = width / height;
      let w = width;
      let h = height;
      if (inRatio < cfg.ratioMin) {
        h = roundHalfEven(w / cfg.ratioMin);
      } else if (inRatio > cfg.ratioMax) {
        w = roundHalfEven(h * cfg.ratioMax);
      }
      box = { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
    }
    out.push({ ...box, areaFraction: (box.height * box.width) / area, aspectRatio: box.width / box.height, fallback });
  }
  return out;
}

/**
 * Crops box b out of image b and resizes it bilinearly to `outSize`, all images in
 * one `tf.image.cropAndResize`. The resize maps the centres of the box's corner
 * pixels onto the centres of the output's corner pixels (align-corners sampling),
 * so every sample lies inside the box and the full-image box is the exact
 * identity. torchvision resizes with align_corners=False instead; the two differ
 * by under one source pixel of scale, and neither antialiases here.
 *
 * @param images `[B, H, W, C]` float32 in [0, 1], H and W at least 2
 * @param boxes B boxes in pixels, inside the image
 * @param outSize `[height, width]` of the result in pixels; the input size by default
 * @returns `[B, outHeight, outWidth, C]`
 */
export function applyCrop(images: tf.Tensor4D, boxes: readonly CropBox[], outSize?: [number, number]): tf.Tensor4D {
  const { batch, height, width } = batchShape(images, 'applyCrop');
  checkLength(boxes, batch, 'boxes', 'applyCrop');
  if (height < 2 || width < 2) throw new Error(`applyCrop: images must be at least 2 x 2 pixels, got ${height} x ${width}`);
  const normalized = new Float32Array(batch * 4);
  boxes.forEach((box, b) => {
    const ok = Number.isInteger(box.top) && Number.isInteger(box.left) && Number.isInteger(box.height) && Number.isInteger(box.width)
      && box.top >= 0 && box.left >= 0 && box.height >= 1 && box.width >= 1
      && box.top + box.height <= height && box.left + box.width <= width;
    if (!ok) throw new Error(`applyCrop: box ${b} ${JSON.stringify(box)} is not a whole-pixel box inside the ${height} x ${width} image`);
    normalized[b * 4] = box.top / (height - 1);
    normalized[b * 4 + 1] = box.left / (width - 1);
    normalized[b * 4 + 2] = (box.top + box.height - 1) / (height - 1);
    normalized[b * 4 + 3] = (box.left + box.width - 1) / (width - 1);
  });
  const size = outSize ?? [height, width];
  return tf.tidy(() => {
    const boxT = tf.tensor2d(normalized, [batch, 4], 'float32');
    const indexT = tf.tensor1d(Int32Array.from({ length: batch }, (_, b) => b), 'int32');
    return tf.image.cropAndResize(images, boxT, indexT, size, 'bilinear');
  });
}
