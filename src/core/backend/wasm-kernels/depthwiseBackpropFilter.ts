/**
 * DepthwiseConv2dNativeBackpropFilter for the wasm backend (missing from tfjs
 * 4.22's wasm), as one depthwise convolution with the batch folded into the
 * channels:
 *
 *   dW[p, q, c, m] = sum_{b, i, j} x[b, s*i + p - padTop, s*j + q - padLeft, c] * dy[b, i, j, c*M + m]
 *
 * Input [1, H, W, B*C] (x with its batch moved next to the channels), filter
 * [H', W', B*C, M] (dy rearranged the same way) with taps `stride` apart
 * (dilation = stride), 'valid' after padding as the forward op did; the
 * result [1, kh, kw, B*C*M] is summed over the batch.
 *
 * XNNPACK is not at its best with such large depthwise filters: for batch 64,
 * 32x32x32, 3x3 'same' this measured 62-189 ms against 6-34 ms for the forward
 * pass, but a multiply-and-reduce per filter tap measured 264-555 ms and a
 * batched matMul over stacked taps 150-300 ms (test/bench/wasm-kernels.bench.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DepthwiseConv2dNativeBackpropFilterAttrs, KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap } from '@tensorflow/tfjs-core';
import { asTensor, convGeometry, cropForPads } from './geometry';

const NAME = 'DepthwiseConv2dNativeBackpropFilter';

/** dW [kh, kw, C, M] from x [B, H, W, C] and dy [B, H', W', C*M]. */
export function depthwiseFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: readonly number[],
  strides: DepthwiseConv2dNativeBackpropFilterAttrs['strides'],
  pad: DepthwiseConv2dNativeBackpropFilterAttrs['pad'],
  dilations: DepthwiseConv2dNativeBackpropFilterAttrs['dilations'] = 1,
  dimRoundingMode?: DepthwiseConv2dNativeBackpropFilterAttrs['dimRoundingMode'],
): tf.Tensor4D {
  const g = convGeometry(NAME, x.shape, filterShape, strides, pad, dimRoundingMode, true, dilations);
  const [kh, kw, channels, multiplier] = filterShape as [number, number, number, number];
  const expected = [g.batch, g.outHeight, g.outWidth, channels * multiplier];
  if (dy.shape.join() !== expected.join()) {
    throw new Error(`${NAME} (wasm training kernel): dy has shape [${dy.shape}], expected [${expected}] for x [${x.shape}] and filter [${filterShape}]`);
  }
  if (x.shape[3] !== channels) {
    throw new Error(`${NAME} (wasm training kernel): x has ${x.shape[3]} channels but filterShape [${filterShape}] expects ${channels}`);
  }
  const { batch: b, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = g;
  return tf.tidy(() => {
    const xFolded = tf.reshape(b === 1 ? x : tf.transpose(x, [1, 2, 0, 3]), [1, h, w, b * channels]) as tf.Tensor4D;
    const dy5 = tf.reshape(dy, [b, oh, ow, channels, multiplier]);
    const dyFolded = tf.reshape(b === 1 ? dy5 : tf.transpose(dy5, [1, 2, 0, 3, 4]), [oh, ow, b * channels, multiplier]) as tf.Tensor4D;
    const bottom = (oh - 1) * g.strideHeight + kh - h - g.padTop;
    const right = (ow - 1) * g.strideWidth + kw - w - g.padLeft;
    const { cropped, pads } = cropForPads(xFolded, g.padTop, bottom, g.padLeft, right);
    const dil: [number, number] = [oh > 1 ? g.strideHeight : 1, ow > 1 ? g.strideWidth : 1];
    const perImage = tf.depthwiseConv2d(cropped, dyFolded, 1, pads, 'NHWC', dil); // [1, kh, kw, B*C*M]
    if (b === 1) return tf.reshape(perImage, [kh, kw, channels, multiplier]) as tf.Tensor4D;
    return tf.reshape(tf.sum(tf.reshape(perImage, [kh, kw, b, channels * multiplier]), 2), [kh, kw, channels, multiplier]) as tf.Tensor4D;
  });
}

const kernelFunc = ({ inputs, attrs }: { inputs: NamedTensorInfoMap; attrs?: NamedAttrMap }): tf.TensorInfo => {
  const a = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  const { x, dy } = inputs;
  if (x == null || dy == null) throw new Error(`${NAME} (wasm training kernel): inputs x and dy are required`);
  return tf.tidy(() =>
    depthwiseFilterGradient(asTensor<tf.Rank.R4>(x), asTensor<tf.Rank.R4>(dy), a.filterShape, a.strides, a.pad, a.dilations, a.dimRoundingMode),
  );
};

export const depthwiseBackpropFilterConfig: KernelConfig = {
  kernelName: NAME,
  backendName: 'wasm',
  kernelFunc: kernelFunc as unknown as KernelFunc,
};
