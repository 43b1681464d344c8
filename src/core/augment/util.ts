/**
 * Small helpers shared by the augmentation ops: input checks, per-image
 * parameter tensors and per-image selection. Everything here is tensor maths on
 * whole batches; nothing loops over pixels.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Shape of an image batch as plain numbers. */
export interface BatchShape {
  batch: number;
  height: number;
  width: number;
  channels: number;
}

/**
 * Checks that `images` is a float32 `[B, H, W, C]` batch with C = 1 or 3 and
 * returns its shape; throws an error naming `where` otherwise.
 */
export function batchShape(images: tf.Tensor, where: string): BatchShape {
  if (images.rank !== 4) {
    throw new Error(`${where}: images must be a [B, H, W, C] tensor, got shape [${images.shape.join(', ')}]`);
  }
  const [batch, height, width, channels] = images.shape as [number, number, number, number];
  if (channels !== 1 && channels !== 3) {
    throw new Error(`${where}: images must have 1 or 3 channels, got ${channels}`);
  }
  if (images.dtype !== 'float32') {
    throw new Error(`${where}: images must be float32 in [0, 1], got dtype ${images.dtype}`);
  }
  return { batch, height, width, channels };
}

/** Throws unless a per-image parameter list has one entry per image. */
export function checkLength(values: { length: number }, batch: number, what: string, where: string): void {
  if (values.length !== batch) {
    throw new Error(`${where}: ${what} has ${values.length} entries but the batch has ${batch} images`);
  }
}

/** Per-image numbers as a `[B, 1, 1, 1]` float32 tensor, ready to broadcast over `[B, H, W, C]`. */
export function perImage(values: readonly number[]): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from(values), [values.length, 1, 1, 1], 'float32');
}

/** Per-image numbers as a `[B, 1]` float32 column, to broadcast over images flattened to `[B, H x W x C]`. */
export function perImageColumn(values: readonly number[]): tf.Tensor2D {
  return tf.tensor2d(Float32Array.from(values), [values.length, 1], 'float32');
}

/** Images flattened to rows, `[B, H x W x C]`. Per-image broadcasts are cheaper in rank 2 on tfjs's cpu backend. */
export function asRows(images: tf.Tensor4D): tf.Tensor2D {
  return tf.reshape(images, [images.shape[0], -1]);
}

/** Backends whose tensors live in main memory (see `selectImages`). */
const MAIN_MEMORY_BACKENDS: ReadonlySet<string> = new Set(['cpu', 'wasm']);

/**
 * Image b of the result is image b of `ifTrue` where `flags[b]`, else of `ifFalse`.
 * Both tensors are `[B, H, W, C]` of the same shape. Exact: no arithmetic blending.
 *
 * On GPU backends the mask is `[B, 1]`, which `tf.where` broadcasts to
 * `[B, H x W x C]` with a Tile on the device (cheaper than uploading B x H x W x C
 * values). On the cpu and wasm backends that Tile costs several times the select
 * itself (measured about 8 and 15 ms for a [64, 32, 32, 3] batch), so there,
 * where tensor data lives in main memory anyway, the full-size mask is written
 * directly (about 1.5 ms for the whole select).
 */
export function selectImages(flags: readonly boolean[], ifTrue: tf.Tensor4D, ifFalse: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const rows = asRows(ifFalse);
    let mask: tf.Tensor2D;
    if (MAIN_MEMORY_BACKENDS.has(tf.getBackend())) {
      const size = rows.shape[1];
      const full = new Uint8Array(flags.length * size);
      flags.forEach((f, b) => {
        if (f) full.fill(1, b * size, (b + 1) * size);
      });
      mask = tf.tensor2d(full, [flags.length, size], 'bool');
    } else {
      mask = tf.tensor2d(Uint8Array.from(flags, (f) => (f ? 1 : 0)), [flags.length, 1], 'bool');
    }
    return tf.reshape(tf.where(mask, asRows(ifTrue), rows), ifFalse.shape);
  });
}

/** Python's `round`: to the nearest integer, ties to the even one (torchvision's crop sizes use it). */
export function roundHalfEven(x: number): number {
  const lower = Math.floor(x);
  const diff = x - lower;
  if (diff > 0.5) return lower + 1;
  if (diff < 0.5) return lower;
  return lower % 2 === 0 ? lower : lower + 1;
}

/** Luma weights of R, G, B (ITU-R BT.601, as PIL; torchvision uses 0.2989 for R). */
export const LUMA_WEIGHTS: readonly [number, number, number] = [0.299, 0.587, 0.114];

/**
 * Luma `0.299 R + 0.587 G + 0.114 B` of `[B, H, W, 3]` images as `[B, H, W, 1]`;
 * a one-channel batch is returned as a copy. torchvision's rgb_to_grayscale uses
 * 0.2989 for R; the difference is at most 1e-4. Computed as a matrix product over
 * the channel axis.
 */
export function grayscale(images: tf.Tensor4D): tf.Tensor4D {
  const { batch, height, width, channels } = batchShape(images, 'grayscale');
  if (channels === 1) return tf.clone(images);
  return tf.tidy(() => {
    const w = tf.tensor2d([...LUMA_WEIGHTS], [3, 1]);
    return tf.reshape(tf.matMul(tf.reshape(images, [-1, 3]), w), [batch, height, width, 1]);
  });
}

/**
 * The luma of `[B, H, W, 3]` images in all three channels, `[B, H, W, 3]` (one
 * matrix product; no tiling). One-channel batches are returned as a copy.
 */
export function grayscale3(images: tf.Tensor4D): tf.Tensor4D {
  const { channels } = batchShape(images, 'grayscale3');
  if (channels === 1) return tf.clone(images);
  return tf.tidy(() => {
    const w = tf.tensor2d(LUMA_WEIGHTS.flatMap((v) => [v, v, v]), [3, 3]);
    return tf.reshape(tf.matMul(tf.reshape(images, [-1, 3]), w), images.shape);
  });
}
