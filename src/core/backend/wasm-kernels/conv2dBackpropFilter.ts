/**
 * Conv2DBackpropFilter for the wasm backend (missing from tfjs 4.22's wasm):
 *
 *   dW[p, q, ci, co] = sum_{b, i, j} x[b, s*i + p - padTop, s*j + q - padLeft, ci] * dy[b, i, j, co]
 *
 * as one XNNPACK convolution, in one of two forms:
 *
 * X (any stride): x laid out as channel planes [Cin, H, W, B] (the channels as
 *   images, the batch as the channels) correlated with dy^T = [H', W', B, Cout]
 *   as the filter, its taps `stride` apart (filter dilation = stride), after
 *   padding x as the forward op did; the result is [Cin, kh, kw, Cout].
 * Y (stride 1): the same sum the other way round: dy as planes [Cout, H', W', B]
 *   correlated with x^T = [H, W, B, Cin] as the filter gives dW turned 180
 *   degrees, [Cout, kh, kw, Cin].
 * XNNPACK copies ("packs") a new filter into its own layout at about 5-10 ns a
 * value, and here the filter is a whole activation: X packs dy, Y packs x. Y is
 * used where it applies and x is the smaller (in bench-cnn x is 1/2 of dy, and
 * 1/10 in the RGB input layer).
 *
 * XNNPACK computes a convolution's output pixels in tiles of 4 per image, and
 * in X and Y each image has only kh * kw output pixels: 9 for a 3x3 filter, in
 * 12 slots. So 2 x 2 (or 2 x 1) planes are interleaved into one image, row by
 * row and column by column, with the filter dilation doubled: each image then
 * has (2 kh) x (2 kw) output pixels, 36 for 3x3, with no waste and not one extra
 * multiply (a plane's dilated taps never land on another plane's rows). The
 * products and their order do not change: X and Y, interleaved or not, give
 * bit-identical results. The planes are made with a plain 2-D transpose
 * [B, rest] -> [rest, B] and two transposes that move whole runs of B values:
 * tfjs's wasm Transpose moves the batch axis last 2-3x faster that way than in
 * one 4-D permutation ([64, 16, 16, 32]: 1.5 ms vs 3.2 ms).
 *
 * Measured (CPU time, fresh inputs each run, runs of the variants interleaved,
 * one thread, batch 64, 3x3 'same', on a busy 2-core machine; medians of 14,
 * forward convolution in brackets):
 *   32x32x3 -> 32:   previous kernel (X, not interleaved) 27.3 ms, now (Y) 23.6 ms   (forward 6.0 ms)
 *   16x16x32 -> 64:  previous 46.1 ms, now (Y interleaved 2x2) 35.3 ms (min 32.5)    (forward 25.5 ms)
 *   8x8x64 -> 128:   previous 40.4 ms, now (Y interleaved 2x2) 29.0 ms               (forward 26.7 ms)
 * In the RGB layer Y's filter has only 3 output channels, in a tile of 8: its
 * product takes 13 ms where X's would take 6, but X would pack the 2M-value dy.
 * For 16x16x32 -> 64 with the filter already packed the product itself took
 * 32.3 ms plain and 24.4 ms interleaved, and packing a fresh 1M-value dy^T added
 * 10.5 ms. Forms tried and dropped: im2col with per-tap slices and one matMul
 * (100-250 ms: tfjs's wasm StridedSlice, and Slice when not contiguous, copy
 * value by value), nine per-tap products with transposeA (about 1,200 ms), a
 * zero-separated grid on which every tap is one contiguous slice and a plain
 * matMul (24.7 ms for the RGB layer, 59 ms for 16x16x32 -> 64: spare grid
 * positions and packing dy).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { backend_util, Conv2DBackpropFilterAttrs, KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap } from '@tensorflow/tfjs-core';
import { asTensor, convGeometry, cropForPads, requireChannelsLast, rotate180, type ConvGeometry } from './geometry';

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
  return tf.tidy(() => (useFormY(g, outC, x.size, dy.size) ? filterGradientY(x, dy, g) : filterGradientX(x, dy, g)));
}

/**
 * Form Y where it applies (stride 1) and packs less (x smaller than dy), unless
 * only X can interleave its planes.
 */
function useFormY(g: ConvGeometry, outChannels: number, xSize: number, dySize: number): boolean {
  if (g.strideHeight !== 1 || g.strideWidth !== 1 || yPads(g) === null || xSize >= dySize) return false;
  const taps = g.filterHeight * g.filterWidth;
  const interleaves = (planes: number): boolean => interleaving(planes, taps).join() !== '1,1';
  return interleaves(outChannels) || !interleaves(g.inChannels);
}

/** Planes per image along rows (fr) and columns (fc) for `planes` planes and a filter of `taps` taps. */
function interleaving(planes: number, taps: number): [number, number] {
  if (taps % 4 === 0) return [1, 1];
  if (planes % 4 === 0) return [2, 2];
  if (planes % 2 === 0) return [2, 1];
  return [1, 1];
}

/**
 * t [B, H, W, C] as images of interleaved channel planes: [C / (fr fc), H fr, W fc, B],
 * where channel (g fr + r) fc + c lands on rows r, r + fr, ... and columns c, c + fc, ...
 * of image g. Call inside tf.tidy.
 */
function channelPlanes(t: tf.Tensor4D, fr: number, fc: number): tf.Tensor4D {
  const [b, h, w, c] = t.shape;
  const groups = c / (fr * fc);
  // [B, H * W * C] -> [H, W, G, fr, fc, B]: the batch moved last by a plain 2-D transpose.
  const batchLast = tf.transpose(tf.reshape(t, [b, h * w * c]));
  // -> [G, H, W, fr, fc, B]
  const byGroup = tf.transpose(tf.reshape(batchLast, [h * w, groups, fr * fc * b]), [1, 0, 2]);
  if (fr === 1 && fc === 1) return tf.reshape(byGroup, [groups, h, w, b]);
  // -> [G, H, fr, W, fc, B]
  const interleaved = tf.transpose(tf.reshape(byGroup, [groups * h, w, fr, fc * b]), [0, 2, 1, 3]);
  return tf.reshape(interleaved, [groups, h * fr, w * fc, b]);
}

/**
 * out [G, kh fr, kw fc, D] of a plane-interleaved correlation back to [kh, kw, G fr fc, D]
 * (plane (g fr + r) fc + c, as `channelPlanes` numbered them). Call inside tf.tidy.
 */
function fromPlanes(out: tf.Tensor4D, kh: number, kw: number, fr: number, fc: number): tf.Tensor4D {
  const [groups, , , d] = out.shape;
  // [G, kh, fr, kw, fc, D] -> [kh, G, fr, kw, fc, D] -> [kh, kw, G, fr, fc, D]
  const a = tf.transpose(tf.reshape(out, [groups, kh, fr, kw * fc * d]), [1, 0, 2, 3]);
  const b = tf.transpose(tf.reshape(a, [kh, groups * fr, kw, fc * d]), [0, 2, 1, 3]);
  return tf.reshape(b, [kh, kw, groups * fr * fc, d]);
}

/** Form X (see the file comment). Call inside tf.tidy. */
function filterGradientX(x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  const [kh, kw, cin] = [g.filterHeight, g.filterWidth, g.inChannels];
  const [fr, fc] = interleaving(cin, kh * kw);
  // Rows of x the forward op read: padTop + H + bottom = (H' - 1) * s + kh.
  const bottom = (g.outHeight - 1) * g.strideHeight + kh - g.inHeight - g.padTop;
  const right = (g.outWidth - 1) * g.strideWidth + kw - g.inWidth - g.padLeft;
  const { cropped, pads } = cropForPads(x, g.padTop, bottom, g.padLeft, right);
  const [, [top, bot], [left, rgt]] = pads;
  const planes = channelPlanes(cropped, fr, fc);
  const ipads: backend_util.ExplicitPadding = [[0, 0], [top * fr, bot * fr], [left * fc, rgt * fc], [0, 0]];
  const dh = g.outHeight > 1 ? g.strideHeight : 1;
  const dw = g.outWidth > 1 ? g.strideWidth : 1;
  const dyT = tf.transpose(dy, [1, 2, 0, 3]); // [H', W', B, Cout]
  const out = tf.conv2d(planes, dyT, 1, ipads, 'NHWC', [dh * fr, dw * fc]); // [Cin / (fr fc), kh fr, kw fc, Cout]
  return fromPlanes(out, kh, kw, fr, fc);
}

/** Padding of dy's planes in form Y, or null where the forward op's own padding is too large for it. */
function yPads(g: ConvGeometry): [[number, number], [number, number]] | null {
  const padBottom = g.outHeight - 1 + g.filterHeight - g.inHeight - g.padTop;
  const padRight = g.outWidth - 1 + g.filterWidth - g.inWidth - g.padLeft;
  const rows: [number, number] = [g.filterHeight - 1 - g.padTop, g.filterHeight - 1 - padBottom];
  const cols: [number, number] = [g.filterWidth - 1 - g.padLeft, g.filterWidth - 1 - padRight];
  return [...rows, ...cols].every((p) => p >= 0) ? [rows, cols] : null;
}

/** Form Y, stride 1 (see the file comment). Call inside tf.tidy. */
function filterGradientY(x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  const [kh, kw] = [g.filterHeight, g.filterWidth];
  const cout = dy.shape[3];
  const [fr, fc] = interleaving(cout, kh * kw);
  const [[top, bot], [left, rgt]] = yPads(g)!;
  // out[co, kh-1-p, kw-1-q, ci] = sum_{b, a, c} dyPadded[co, kh-1-p + a, kw-1-q + c, b] * x[b, a, c, ci]
  const planes = channelPlanes(dy, fr, fc);
  const ipads: backend_util.ExplicitPadding = [[0, 0], [top * fr, bot * fr], [left * fc, rgt * fc], [0, 0]];
  const xT = tf.transpose(x, [1, 2, 0, 3]); // [H, W, B, Cin]
  const out = tf.conv2d(planes, xT, 1, ipads, 'NHWC', [fr, fc]); // [Cout / (fr fc), kh fr, kw fc, Cin]
  // [kh, kw, Cout, Cin] turned 180 degrees -> [kh, kw, Cin, Cout]
  return tf.transpose(rotate180(fromPlanes(out, kh, kw, fr, fc)), [0, 1, 3, 2]);
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
