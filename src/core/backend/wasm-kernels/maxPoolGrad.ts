/**
 * MaxPoolGrad for the wasm backend, for pooling windows that tile the input
 * without overlap (filter = strides, the usual 2x2 / stride 2 pool; 'valid',
 * 'same' or numeric padding), from XNNPACK element-wise ops and one forward
 * max-pool. Overlapping windows go to the built-in kernel.
 *
 * Every window sends its dy to the FIRST position (row-major inside the
 * window) that holds the window's maximum, as the cpu backend (and TensorFlow)
 * does. With x viewed as [B, oh, kh, ow, kw, C] and y = max-pool(x) as
 * [B, oh, 1, ow, 1, C] (reshapes, no copies):
 *
 *   notMax = step(y - x)                    0 where x == y (a maximum), else 1
 *   dx     = (1 - notMax) * dy              when no window has two maxima
 *
 * y - x is exact and 0 only where x == y, since wasm floats keep subnormals.
 * Whether a window has tied maxima is read back (one number; an average pool
 * of notMax counts them). Where some do (pools after a ReLU, say), ties go to
 * the first in row-major window order:
 *
 *   score  = step(y - x, alpha = K + 1) * rank   rank = K, K-1, ..., 1 in window order
 *   best   = max-pool(score)                     the first maximum scores highest
 *   dx     = relu(score - (best - 1)) * dy       1 at that one position, else 0
 *
 * (K = kh * kw. Maxima score (K + 1) * rank >= K + 1, the others rank <= K, so
 * `best` is the first maximum's score and every other score is at least 1
 * below it: the relu is exactly 0 or 1.)
 *
 * tfjs 4.22's built-in kernel is a scalar loop over channels outermost (and
 * sends ties to the last maximum, and windows whose maximum is <= 0 nowhere,
 * unlike the cpu backend). Windows that hang over the edge ('same' padding)
 * see -Infinity there; the odd rows such a pool leaves out get no gradient.
 * Measured (CPU time, fresh inputs each run, runs of the variants interleaved,
 * one thread, 2x2 stride 2, medians of 10 on a busy 2-core machine; min in
 * brackets):
 *   x [64, 32, 32, 32]: built-in 54.9 ms (53.8); this 8.4 ms (7.5) when no window
 *                       has tied maxima, 23 ms (19) on ReLU outputs full of ties
 *   x [64, 16, 16, 64]: built-in 28.1 ms (27.7); this 3.2 ms (2.8), with ties 5.7 ms (4.6)
 * (bench-cnn pools before its ReLUs, so its windows have no ties.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, MaxPoolGradAttrs, NamedAttrMap, NamedTensorInfoMap } from '@tensorflow/tfjs-core';
import { asTensor } from './geometry';

const NAME = 'MaxPoolGrad';

/** Geometry of a pool whose windows tile the (padded) input without overlap, else null. */
export interface TilingPool {
  kh: number;
  kw: number;
  oh: number;
  ow: number;
  /** Padding rows above / columns left of the input (the windows start there). */
  top: number;
  left: number;
}

/** The tiling geometry of a max-pool (filter = strides, no dilation), or null for overlapping or gapped windows. */
export function tilingPool(
  inShape: readonly number[],
  filterSize: MaxPoolGradAttrs['filterSize'],
  strides: MaxPoolGradAttrs['strides'],
  pad: MaxPoolGradAttrs['pad'],
  dimRoundingMode?: MaxPoolGradAttrs['dimRoundingMode'],
): TilingPool | null {
  if (inShape.length !== 4) return null;
  const info = backend_util.computePool2DInfo(inShape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { filterHeight: kh, filterWidth: kw, strideHeight, strideWidth, outHeight: oh, outWidth: ow, padInfo } = info;
  if (kh !== strideHeight || kw !== strideWidth || oh < 1 || ow < 1) return null;
  if (padInfo.top < 0 || padInfo.left < 0 || padInfo.top >= kh || padInfo.left >= kw) return null;
  return { kh, kw, oh, ow, top: padInfo.top, left: padInfo.left };
}

/**
 * t [B, H, W, C] with `before` / `after` rows and columns added (filled with
 * `value`) or, where negative, removed. Call inside tf.tidy.
 */
function reframe(t: tf.Tensor4D, [top, bottom]: [number, number], [left, right]: [number, number], value: number): tf.Tensor4D {
  const [b, h, w, c] = t.shape;
  let out = t;
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    const r0 = Math.max(0, -top);
    const c0 = Math.max(0, -left);
    out = tf.slice(out, [0, r0, c0, 0], [b, h - r0 - Math.max(0, -bottom), w - c0 - Math.max(0, -right), c]);
  }
  if (top > 0 || bottom > 0 || left > 0 || right > 0) {
    out = tf.pad(out, [[0, 0], [Math.max(0, top), Math.max(0, bottom)], [Math.max(0, left), Math.max(0, right)], [0, 0]], value);
  }
  return out;
}

/**
 * dx [B, H, W, C] of a tiling max-pool (geometry from `tilingPool`), from dy and
 * y [B, oh, ow, C] and x [B, H, W, C]. Windows that hang over the edge see
 * -Infinity there (as the forward pool ignores padding); rows and columns no
 * window covers get no gradient. Call inside tf.tidy.
 */
export function maxPoolGradTiling(dy: tf.Tensor4D, x: tf.Tensor4D, y: tf.Tensor4D, g: TilingPool): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const { kh, kw, oh, ow, top, left } = g;
  const k = kh * kw;
  const hT = oh * kh;
  const wT = ow * kw;
  const rows: [number, number] = [top, hT - top - h];
  const cols: [number, number] = [left, wT - left - w];
  const framed = rows[0] === 0 && rows[1] === 0 && cols[0] === 0 && cols[1] === 0;
  const xT = framed ? x : reframe(x, rows, cols, -Infinity);
  const x6 = tf.reshape(xT, [b, oh, kh, ow, kw, c]);
  const y6 = tf.reshape(y, [b, oh, 1, ow, 1, c]);
  const dy6 = tf.reshape(dy, [b, oh, 1, ow, 1, c]);
  const below = tf.sub(y6, x6); // >= 0, and 0 exactly at the maxima
  // Usually every window has one maximum: then dx is dy where x == y. Checked on the
  // host (wasm reads back synchronously): the fraction of non-maxima per window.
  const notMax = tf.step(below);
  const nonMaxShare = tf.avgPool(tf.reshape(notMax, [b, hT, wT, c]) as tf.Tensor4D, [kh, kw], [kh, kw], 'valid');
  const fewestNonMax = tf.min(nonMaxShare);
  const unique = (fewestNonMax.dataSync()[0] ?? 0) > (k - 1.5) / k;
  let oneHot: tf.Tensor;
  if (unique) {
    oneHot = tf.sub(1, notMax);
  } else {
    const rank = new Float32Array(k);
    for (let i = 0; i < k; i++) rank[i] = k - i;
    const score = tf.mul(tf.step(below, k + 1), tf.tensor(rank, [1, 1, kh, 1, kw, 1], 'float32'));
    const best = tf.maxPool(tf.reshape(score, [b, hT, wT, c]) as tf.Tensor4D, [kh, kw], [kh, kw], 'valid');
    oneHot = tf.relu(tf.sub(score, tf.reshape(tf.sub(best, 1), [b, oh, 1, ow, 1, c])));
  }
  const dxT = tf.reshape(tf.mul(oneHot, dy6), [b, hT, wT, c]) as tf.Tensor4D;
  return framed ? dxT : reframe(dxT, [-rows[0], -rows[1]], [-cols[0], -cols[1]], 0);
}

/** Wraps the wasm backend's own MaxPoolGrad: tiling pools go through `maxPoolGradTiling`, the rest to `builtin`. */
export function tilingMaxPoolGrad(builtin: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: NamedTensorInfoMap; backend: {}; attrs?: NamedAttrMap }): tf.TensorInfo => {
    const a = args.attrs as unknown as MaxPoolGradAttrs;
    const { dy, input, output } = args.inputs;
    const g = input != null && dy != null && output != null && input.dtype === 'float32'
      ? tilingPool(input.shape, a.filterSize, a.strides, a.pad, a.dimRoundingMode)
      : null;
    if (g === null) return builtin.kernelFunc(args) as tf.TensorInfo;
    return tf.tidy(() => maxPoolGradTiling(asTensor<tf.Rank.R4>(dy!), asTensor<tf.Rank.R4>(input!), asTensor<tf.Rank.R4>(output!), g));
  };
  return { ...builtin, kernelName: NAME, kernelFunc: kernelFunc as unknown as KernelFunc };
}
