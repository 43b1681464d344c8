/**
 * DepthwiseConv2dNativeBackpropInput for the wasm backend (missing from tfjs
 * 4.22's wasm): the same phase decomposition as the dense input gradient
 * (inputGradient.ts), each phase a stride-1 depthwise convolution of dy
 * [B, H', W', C*M] with the reversed filter laid out as [kh, kw, C*M, 1]; with a
 * channel multiplier M > 1 the M outputs of each input channel are summed.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DepthwiseConv2dNativeBackpropInputAttrs, KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap } from '@tensorflow/tfjs-core';
import { asTensor, convGeometry, rotate180 } from './geometry';
import { inputGradientByPhases } from './inputGradient';

const NAME = 'DepthwiseConv2dNativeBackpropInput';

/** dx [B, H, W, C] from dy [B, H', W', C*M] and filter [kh, kw, C, M]. */
export function depthwiseInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: readonly number[],
  strides: DepthwiseConv2dNativeBackpropInputAttrs['strides'],
  pad: DepthwiseConv2dNativeBackpropInputAttrs['pad'],
  dilations: DepthwiseConv2dNativeBackpropInputAttrs['dilations'] = 1,
  dimRoundingMode?: DepthwiseConv2dNativeBackpropInputAttrs['dimRoundingMode'],
): tf.Tensor4D {
  const g = convGeometry(NAME, inputShape, filter.shape, strides, pad, dimRoundingMode, true, dilations);
  const [kh, kw, channels, multiplier] = filter.shape;
  const expected = [g.batch, g.outHeight, g.outWidth, channels * multiplier];
  if (dy.shape.join() !== expected.join()) {
    throw new Error(`${NAME} (wasm training kernel): dy has shape [${dy.shape}], expected [${expected}] for input [${inputShape}] and filter [${filter.shape}]`);
  }
  if (inputShape[3] !== channels) {
    throw new Error(`${NAME} (wasm training kernel): input has ${inputShape[3]} channels but the filter expects ${channels}`);
  }
  return tf.tidy(() => {
    const flipped = tf.reshape(rotate180(filter), [kh, kw, channels * multiplier, 1]) as tf.Tensor4D;
    return inputGradientByPhases(dy, flipped, g, channels, (input, sub, pads) => {
      const y = tf.depthwiseConv2d(input, sub, 1, pads);
      if (multiplier === 1) return y;
      const [b, h, w] = y.shape;
      return tf.sum(tf.reshape(y, [b, h, w, channels, multiplier]), 4) as tf.Tensor4D;
    });
  });
}

const kernelFunc = ({ inputs, attrs }: { inputs: NamedTensorInfoMap; attrs?: NamedAttrMap }): tf.TensorInfo => {
  const a = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  const { dy, filter } = inputs;
  if (dy == null || filter == null) throw new Error(`${NAME} (wasm training kernel): inputs dy and filter are required`);
  return tf.tidy(() =>
    depthwiseInputGradient(asTensor<tf.Rank.R4>(dy), asTensor<tf.Rank.R4>(filter), a.inputShape, a.strides, a.pad, a.dilations, a.dimRoundingMode),
  );
};

export const depthwiseBackpropInputConfig: KernelConfig = {
  kernelName: NAME,
  backendName: 'wasm',
  kernelFunc: kernelFunc as unknown as KernelFunc,
};
