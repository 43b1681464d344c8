/**
 * Conv2DBackpropInput for the wasm backend (the input gradient of conv2d, and
 * conv2dTranspose's forward), built from stride-1 forward convolutions of dy
 * with the filter rotated 180 degrees and its channel axes swapped; strides go
 * through one convolution per output phase (see inputGradient.ts).
 *
 * tfjs 4.22's wasm backend has its own Conv2DBackpropInput, 5-15x slower than
 * this. Measured with test/bench/wasm-kernels.bench.ts (Node 20, one thread,
 * batch 64, 3x3 'same'; medians of two runs on a busy 2-core machine, so
 * noisy), built-in vs this, forward conv2d in brackets:
 *   32x32x3 -> 32,  stride 1: 124-203 ms vs 27-38 ms  (forward 21-35 ms)
 *   16x16x32 -> 64, stride 1: 636-640 ms vs 34-40 ms  (forward 32-90 ms)
 *   8x8x64 -> 128,  stride 1: 485-603 ms vs 34-55 ms  (forward 44-66 ms)
 *   32x32x32 -> 64, stride 2: 640-666 ms vs 79-88 ms  (zero-upsampled dy: 213-234 ms)
 *   16x16x64 -> 128, stride 2: 640-970 ms vs 86 ms    (zero-upsampled dy: 214-230 ms)
 * Hence `registerWasmTrainingKernels` replaces the built-in one, for wasm only.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Conv2DBackpropInputAttrs, KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap } from '@tensorflow/tfjs-core';
import { asTensor, convGeometry, requireChannelsLast, rotate180 } from './geometry';
import { inputGradientByPhases } from './inputGradient';

const NAME = 'Conv2DBackpropInput';

/** dx [B, H, W, Cin] from dy [B, H', W', Cout] and filter [kh, kw, Cin, Cout]. */
export function conv2dInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: readonly number[],
  strides: Conv2DBackpropInputAttrs['strides'],
  pad: Conv2DBackpropInputAttrs['pad'],
  dimRoundingMode?: Conv2DBackpropInputAttrs['dimRoundingMode'],
): tf.Tensor4D {
  const g = convGeometry(NAME, inputShape, filter.shape, strides, pad, dimRoundingMode, false);
  const [, , inC, outC] = filter.shape;
  const expected = [g.batch, g.outHeight, g.outWidth, outC];
  if (dy.shape.join() !== expected.join()) {
    throw new Error(`${NAME} (wasm training kernel): dy has shape [${dy.shape}], expected [${expected}] for input [${inputShape}] and filter [${filter.shape}]`);
  }
  if (inputShape[3] !== inC) {
    throw new Error(`${NAME} (wasm training kernel): input has ${inputShape[3]} channels but the filter expects ${inC}`);
  }
  return tf.tidy(() => {
    // flipped[p, q, co, ci] = filter[kh-1-p, kw-1-q, ci, co]
    const flipped = tf.transpose(rotate180(filter), [0, 1, 3, 2]);
    return inputGradientByPhases(dy, flipped, g, inC, (input, sub, pads) => tf.conv2d(input, sub, 1, pads));
  });
}

const kernelFunc = ({ inputs, attrs }: { inputs: NamedTensorInfoMap; attrs?: NamedAttrMap }): tf.TensorInfo => {
  const a = attrs as unknown as Conv2DBackpropInputAttrs;
  requireChannelsLast(NAME, a.dataFormat);
  const { dy, filter } = inputs;
  if (dy == null || filter == null) throw new Error(`${NAME} (wasm training kernel): inputs dy and filter are required`);
  return tf.tidy(() =>
    conv2dInputGradient(asTensor<tf.Rank.R4>(dy), asTensor<tf.Rank.R4>(filter), a.inputShape, a.strides, a.pad, a.dimRoundingMode),
  );
};

export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: NAME,
  backendName: 'wasm',
  kernelFunc: kernelFunc as unknown as KernelFunc,
};
