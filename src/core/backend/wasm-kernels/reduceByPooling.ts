/**
 * Sum for the wasm backend over a block of axes that is not the last (the bias
 * gradient of a convolution: dy [B, H, W, C] summed over [0, 1, 2]), as one
 * XNNPACK average pool: x viewed as [P, N, 1, M] (P the kept axes before the
 * block, N the reduced ones, M the kept axes after it) pooled with an [N, 1]
 * window gives the mean, and N times that the sum. Reductions that end at the
 * last axis are already fast and go to the built-in kernel, as do non-float32
 * tensors and scattered axes.
 *
 * tfjs 4.22's wasm Sum first transposes the reduced axes to the end.
 * Measured (throw-away micro-benchmark, one thread, medians of 7 on a busy
 * 2-core machine, min in brackets), sum over axis 0:
 *   [65536, 32]: built-in 20.5 ms (16.0) vs pooled 0.49 ms (0.40)
 *   [16384, 64]: built-in 9.1 ms (5.9)   vs pooled 0.36 ms (0.21)
 *   [4096, 128]: built-in 10.8 ms (5.1)  vs pooled 0.15 ms (0.15)
 * (float32 sums of the same numbers in another order: they differ from the
 * built-in's by a few ulps of the largest partial sum, as any two orders do.
 * Mean is left to the built-in kernel: bench-cnn's only one, its global average
 * pool, costs about 1 ms, and keeping it keeps the forward pass bit-identical.)
 */
import * as tf from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, SumAttrs } from '@tensorflow/tfjs-core';
import { asTensor } from './geometry';

/** [P, N, M] when `axes` is one contiguous block of x's axes with at least one kept axis after it and N > 1; else null. */
export function poolableReduction(shape: readonly number[], axis: number | number[]): { p: number; n: number; m: number } | null {
  if (shape.length < 2) return null;
  const axes = [...new Set(util.parseAxisParam(axis, shape as number[]))].sort((a, b) => a - b);
  if (axes.length === 0) return null;
  const first = axes[0]!;
  const last = axes[axes.length - 1]!;
  if (last - first + 1 !== axes.length || last >= shape.length - 1) return null;
  const p = util.sizeFromShape(shape.slice(0, first) as number[]);
  const n = util.sizeFromShape(shape.slice(first, last + 1) as number[]);
  const m = util.sizeFromShape(shape.slice(last + 1) as number[]);
  if (n < 2 || p * n * m === 0) return null;
  return { p, n, m };
}

function outShape(shape: readonly number[], axis: number | number[], keepDims: boolean): number[] {
  const axes = new Set(util.parseAxisParam(axis, shape as number[]));
  return shape.flatMap((d, i) => (axes.has(i) ? (keepDims ? [1] : []) : [d]));
}

/** The sum of x over `axis` by average pooling; x must pass `poolableReduction`. Call inside tf.tidy. */
export function sumByPooling(x: tf.Tensor, axis: number | number[], keepDims: boolean): tf.Tensor {
  const r = poolableReduction(x.shape, axis);
  if (r === null) throw new Error(`sumByPooling: axes ${JSON.stringify(axis)} of [${x.shape}] are not one block before the last axis`);
  const mean = tf.avgPool(tf.reshape(x, [r.p, r.n, 1, r.m]) as tf.Tensor4D, [r.n, 1], 1, 'valid');
  return tf.reshape(tf.mul(mean, r.n), outShape(x.shape, axis, keepDims));
}

/** Wraps the wasm backend's own Sum: float32 sums over a leading or middle block of axes by average pooling, the rest to `builtin`. */
export function pooledSum(builtin: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: NamedTensorInfoMap; backend: {}; attrs?: NamedAttrMap }): tf.TensorInfo => {
    const { x } = args.inputs;
    const { axis, keepDims } = args.attrs as unknown as SumAttrs;
    if (x == null || x.dtype !== 'float32' || poolableReduction(x.shape, axis) === null) {
      return builtin.kernelFunc(args) as tf.TensorInfo;
    }
    return tf.tidy(() => sumByPooling(asTensor(x), axis, keepDims));
  };
  return { ...builtin, kernelFunc: kernelFunc as unknown as KernelFunc };
}
