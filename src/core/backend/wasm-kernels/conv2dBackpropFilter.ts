/**
 * Conv2DBackpropFilter for the wasm backend (missing from tfjs 4.22's wasm),
 * as one forward convolution with the batch and channel axes swapped:
 *
 *   dW[p, q, ci, co] = sum_{b, i, j} x[b, s*i + p - padTop, s*j + q - padLeft, ci] * dy[b, i, j, co]
 *
 * is a correlation of x^T = [Cin, H, W, B] (channels as the batch, the batch as
 * the channels) with dy^T = [H', W', B, Cout] used as a filter whose taps are
 * `stride` apart (filter dilation = stride), 'valid' after padding x as the
 * forward op did. The result [Cin, kh, kw, Cout] is transposed back.
 * Measured (test/bench/wasm-kernels.bench.ts, batch 64, 3x3 'same', one
 * thread, two runs on a busy machine): 32x32x3 -> 32: 30-61 ms; 16x16x32 -> 64:
 * 69-114 ms; 8x8x64 -> 128: 62-84 ms; stride 2, 32x32x32 -> 64: 97-222 ms and
 * 16x16x64 -> 128: 97-102 ms; about 1-3x the forward convolution. An im2col
 * version (nine slices, one plain matMul) measured 100-250 ms on the same
 * shapes, and nine per-tap products with transposeA about 1,200 ms.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Conv2DBackpropFilterAttrs, KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap } from '@tensorflow/tfjs-core';
import { asTensor, convGeometry, cropForPads, requireChannelsLast } from './geometry';

const NAME = 'Conv2DBackpropFilter';

/** dW [kh, kw, Cin, Cout] from x [B, H, W, Cin] and dy [B, H', W', Cout]. */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: readonly number[],
  strides: Conv2DBackpropFilterAttrs['strides'],
  pad: Conv2DBackpropFilterAttrs['pad'],
  dimRoundingMode?: Conv2DBackpropFilterAttrs['dimRoundingMode'],
): tf.Tensor4D {
  const g = convGeometry(NAME, x.shape, filterShape, strides, pad, dimRoundingMode, false);
  const outC = filterShape[3] ?? 0;
  const expected = [g.batch, g.outHeight, g.outWidth, outC];
  if (dy.shape.join() !== expected.join()) {
    throw new Error(`${NAME} (wasm training kernel): dy has shape [${dy.shape}], expected [${expected}] for x [${x.shape}] and filter [${filterShape}]`);
  }
  if (x.shape[3] !== filterShape[2]) {
    throw new Error(`${NAME} (wasm training kernel): x has ${x.shape[3]} channels but filterShape [${filterShape}] expects ${filterShape[2]}`);
  }
  return tf.tidy(() => {
    const xT = tf.transpose(x, [3, 1, 2, 0]);
    const dyT = tf.transpose(dy, [1, 2, 0, 3]);
    // Rows of x the forward op read: padTop + H + bottom = (H' - 1) * s + kh.
    const bottom = (g.outHeight - 1) * g.strideHeight + g.filterHeight - g.inHeight - g.padTop;
    const right = (g.outWidth - 1) * g.strideWidth + g.filterWidth - g.inWidth - g.padLeft;
    const { cropped, pads } = cropForPads(xT, g.padTop, bottom, g.padLeft, right);
    const dilations: [number, number] = [g.outHeight > 1 ? g.strideHeight : 1, g.outWidth > 1 ? g.strideWidth : 1];
    const dW = tf.conv2d(cropped, dyT, 1, pads, 'NHWC', dilations);
    return tf.transpose(dW, [1, 2, 0, 3]);
  });
}

const kernelFunc = ({ inputs, attrs }: { inputs: NamedTensorInfoMap; attrs?: NamedAttrMap }): tf.TensorInfo => {
  const a = attrs as unknown as Conv2DBackpropFilterAttrs;
  requireChannelsLast(NAME, a.dataFormat);
  const { x, dy } = inputs;
  if (x == null || dy == null) throw new Error(`${NAME} (wasm training kernel): inputs x and dy are required`);
  return tf.tidy(() =>
    conv2dFilterGradient(asTensor<tf.Rank.R4>(x), asTensor<tf.Rank.R4>(dy), a.filterShape, a.strides, a.pad, a.dimRoundingMode),
  );
};

export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: NAME,
  backendName: 'wasm',
  kernelFunc: kernelFunc as unknown as KernelFunc,
};
