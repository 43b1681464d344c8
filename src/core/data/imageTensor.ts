import * as tf from '@tensorflow/tfjs-core';

/**
 * Turns image bytes into the training tensor: [count, size, size, channelsOut]
 * float32 in [0, 1], resized bilinearly to `size` and converted to the wanted
 * channel count (grey is copied into RGB; RGB becomes luma 0.299 R + 0.587 G +
 * 0.114 B; an alpha channel is dropped).
 *
 * @param pixels count x height x width x channelsIn bytes, row-major.
 */
export function bytesToImageTensor(
  pixels: Uint8Array | Uint8ClampedArray,
  count: number,
  height: number,
  width: number,
  channelsIn: 1 | 3 | 4,
  size: number,
  channelsOut: 1 | 3,
): tf.Tensor4D {
  const expected = count * height * width * channelsIn;
  if (pixels.length !== expected) {
    throw new Error(`bytesToImageTensor: ${pixels.length} bytes for ${count} images of ${height}x${width}x${channelsIn} (expected ${expected})`);
  }
  return tf.tidy(() => {
    let x = tf.div(tf.tensor4d(Int32Array.from(pixels), [count, height, width, channelsIn], 'int32'), 255) as tf.Tensor4D;
    if (channelsIn === 4) x = tf.slice(x, [0, 0, 0, 0], [-1, -1, -1, 3]);
    if (height !== size || width !== size) x = tf.clipByValue(tf.image.resizeBilinear(x, [size, size], true), 0, 1);
    const have = channelsIn === 1 ? 1 : 3;
    if (have === channelsOut) return x;
    if (channelsOut === 3) return tf.tile(x, [1, 1, 1, 3]);
    return tf.sum(tf.mul(x, tf.tensor1d([0.299, 0.587, 0.114])), 3, true) as tf.Tensor4D;
  });
}

/**
 * RGBA bytes of images for display (thumbnails, previews).
 * @param images [B, H, W, C] floats in [0, 1], C = 1 or 3.
 * @returns B x H x W x 4 bytes, opaque.
 */
export async function imagesToRgba(images: tf.Tensor4D): Promise<Uint8ClampedArray> {
  const rgba = tf.tidy(() => {
    const c = images.shape[3];
    const rgb = c === 3 ? images : tf.tile(images, [1, 1, 1, 3]);
    const bytes = tf.round(tf.mul(tf.clipByValue(rgb, 0, 1), 255));
    return tf.concat([bytes, tf.fill([images.shape[0], images.shape[1], images.shape[2], 1], 255)], 3);
  });
  const data = await rgba.data();
  rgba.dispose();
  return Uint8ClampedArray.from(data);
}
