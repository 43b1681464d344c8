/**
 * Shared helpers for the wasm training kernels: convolution geometry (through
 * tfjs's own `computeConv2DInfo`, so 'same', 'valid', numeric and explicit pads
 * and `dimRoundingMode` agree exactly with the forward op), cropping that
 * stands in for negative padding, and the TensorInfo -> Tensor bridge.
 *
 * How these kernels return their result: each kernelFunc runs its body in
 * `tf.tidy` and returns a real `tf.Tensor` made by nested ops. The engine's
 * `runKernelFunc` passes any output that has a `rank` (a Tensor) through as it
 * is, instead of wrapping it with `makeTensorFromTensorInfo` (which would add a
 * second Tensor on the same data without a backend reference and so end in a
 * double free, or a leak if the inner tensor were kept). `tf.tidy` disposes
 * every intermediate and hands the result to the caller's scope exactly once.
 * Nested ops are not taped: the engine runs kernels with `kernelDepth > 0`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';

export type PadAttr = 'valid' | 'same' | number | backend_util.ExplicitPadding;
export type RoundingMode = 'floor' | 'round' | 'ceil' | undefined;

/** What the backward kernels need to know about one forward convolution. */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  /** Rows of zeros the forward op added above the input. */
  padTop: number;
  /** Columns of zeros the forward op added left of the input. */
  padLeft: number;
}

/**
 * Geometry of the forward convolution `inShape` (NHWC) * `filterShape` that a
 * backward kernel differentiates. Dilations other than 1 are refused.
 */
export function convGeometry(
  kernelName: string,
  inShape: readonly number[],
  filterShape: readonly number[],
  strides: [number, number] | number,
  pad: PadAttr,
  dimRoundingMode: RoundingMode,
  depthwise: boolean,
  dilations: [number, number] | number = 1,
): ConvGeometry {
  if (inShape.length !== 4 || filterShape.length !== 4) {
    throw new Error(`${kernelName} (wasm training kernel): expected 4-D input and filter shapes, got [${inShape}] and [${filterShape}]`);
  }
  const [dh, dw] = typeof dilations === 'number' ? [dilations, dilations] : dilations;
  if (dh !== 1 || dw !== 1) {
    throw new Error(`${kernelName} (wasm training kernel): dilations other than 1 are not supported, got [${dh}, ${dw}]`);
  }
  const info = backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    depthwise,
    'channelsLast',
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** Refuses NCHW: tfjs's wasm forward convolutions support only NHWC, so nothing NCHW reaches a backward pass here. */
export function requireChannelsLast(kernelName: string, dataFormat: string | undefined): void {
  if (dataFormat != null && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`${kernelName} (wasm training kernel): only dataFormat 'NHWC' is supported, got '${dataFormat}'`);
  }
}

/**
 * Padding wanted on the two spatial axes of an NHWC tensor, where a negative
 * amount means "remove that many rows/columns". Returns the cropped tensor and
 * the non-negative pads that remain, for a convolution's explicit padding
 * (so no separate pad copy is made).
 */
export function cropForPads(
  x: tf.Tensor4D,
  top: number,
  bottom: number,
  left: number,
  right: number,
): { cropped: tf.Tensor4D; pads: backend_util.ExplicitPadding } {
  const [b, h, w, c] = x.shape;
  const cropTop = Math.max(0, -top);
  const cropBottom = Math.max(0, -bottom);
  const cropLeft = Math.max(0, -left);
  const cropRight = Math.max(0, -right);
  let cropped = x;
  if (cropTop + cropBottom + cropLeft + cropRight > 0) {
    const newH = h - cropTop - cropBottom;
    const newW = w - cropLeft - cropRight;
    if (newH <= 0 || newW <= 0) {
      throw new Error(`wasm training kernel: nothing left after cropping [${h}, ${w}] by ${cropTop}/${cropBottom}/${cropLeft}/${cropRight}`);
    }
    cropped = tf.slice(x, [0, cropTop, cropLeft, 0], [b, newH, newW, c]);
  }
  const pads: backend_util.ExplicitPadding = [
    [0, 0],
    [Math.max(0, top), Math.max(0, bottom)],
    [Math.max(0, left), Math.max(0, right)],
    [0, 0],
  ];
  return { cropped, pads };
}

/**
 * A Tensor for a kernel input. Inputs that come from ops are already Tensors;
 * a bare TensorInfo is wrapped with an extra backend reference, so disposing
 * the wrapper (tidy does) leaves the caller's data alone.
 */
export function asTensor<R extends tf.Rank>(info: tf.TensorInfo): tf.Tensor<R> {
  if (info instanceof tf.Tensor) return info as tf.Tensor<R>;
  const engine = tf.engine();
  const t = engine.makeTensorFromTensorInfo(info) as tf.Tensor<R>;
  engine.backend.incRef(info.dataId);
  return t;
}

/**
 * The filter [kh, kw, ...] turned 180 degrees (reversed on both spatial axes),
 * as `tf.reverse(filter, [0, 1])`. Reversing both axes reverses the kh * kw taps
 * in row-major order, so this cuts the filter viewed as [kh * kw, rest] into
 * its taps (contiguous slices, plain copies) and concatenates them backwards:
 * tfjs 4.22's wasm Reverse is a slow element loop (3x3x64x128: 2.4-6 ms vs
 * 0.5 ms this way; throw-away micro-benchmark, one thread, busy machine).
 * Call inside tf.tidy.
 */
export function rotate180<T extends tf.Tensor>(filter: T): T {
  const [kh = 1, kw = 1, ...rest] = filter.shape;
  const taps = kh * kw;
  if (taps === 1) return filter;
  const flat = tf.reshape(filter, [taps, filter.size / taps]);
  const reversed = tf.concat(tf.split(flat, taps, 0).reverse(), 0);
  return tf.reshape(reversed, [kh, kw, ...rest]) as T;
}
