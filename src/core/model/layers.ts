import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random';
import { constant, glorotUniform, heNormal } from './init';
import type { ForwardContext } from './movingStats';
import type { ParamStore } from './params';

/**
 * Functional layers: `createX` registers the parameters in a `ParamStore` and
 * returns a plain record of variables; `x(input, layer, ...)` applies it. Layouts
 * are NHWC; conv kernels are [kh, kw, cin, cout], dense kernels [in, out].
 */

/** How a kernel is initialised: He normal before a ReLU, Glorot uniform otherwise. */
export type KernelInit = 'he' | 'glorot';

export interface Conv2DLayer {
  kernel: tf.Variable;
  bias: tf.Variable | null;
  stride: number;
  /** 'same' (tfjs's rule, extra padding bottom/right) or symmetric zero padding in pixels (PyTorch's `padding=`). */
  pad: 'same' | number;
}

export interface Conv2DSpec {
  size: number;
  inChannels: number;
  outChannels: number;
  stride?: number;
  pad?: 'same' | number;
  /** Add a bias (off when batch norm follows). Default true. */
  bias?: boolean;
  init?: KernelInit;
}

/** Registers `${name}/kernel` [size, size, in, out] and, if wanted, `${name}/bias` [out]. */
export function createConv2D(store: ParamStore, name: string, spec: Conv2DSpec, rng: Rng): Conv2DLayer {
  const shape = [spec.size, spec.size, spec.inChannels, spec.outChannels];
  const kernel = store.addParam(`${name}/kernel`, 'kernel', initKernel(shape, spec.init ?? 'he', rng));
  const bias = spec.bias ?? true ? store.addParam(`${name}/bias`, 'bias', constant([spec.outChannels], 0)) : null;
  return { kernel, bias, stride: spec.stride ?? 1, pad: spec.pad ?? 'same' };
}

/**
 * 2-D convolution plus bias.
 * @param x [B, H, W, Cin]
 * @returns [B, H', W', Cout], H' = ceil(H / stride) for 'same'.
 */
export function conv2d(x: tf.Tensor4D, layer: Conv2DLayer): tf.Tensor4D {
  return tf.tidy(() => {
    const y = tf.conv2d(x, layer.kernel as tf.Tensor4D, layer.stride, layer.pad);
    return layer.bias === null ? y : tf.add(y, layer.bias);
  });
}

export interface DenseLayer {
  kernel: tf.Variable;
  bias: tf.Variable | null;
}

/** Registers `${name}/kernel` [inDim, outDim] and, if wanted, `${name}/bias` [outDim]. */
export function createDense(
  store: ParamStore,
  name: string,
  spec: { inDim: number; outDim: number; bias?: boolean; init?: KernelInit },
  rng: Rng,
): DenseLayer {
  const kernel = store.addParam(`${name}/kernel`, 'kernel', initKernel([spec.inDim, spec.outDim], spec.init ?? 'glorot', rng));
  const bias = spec.bias ?? true ? store.addParam(`${name}/bias`, 'bias', constant([spec.outDim], 0)) : null;
  return { kernel, bias };
}

/**
 * x W + b.
 * @param x [B, inDim]
 * @returns [B, outDim]
 */
export function dense(x: tf.Tensor2D, layer: DenseLayer): tf.Tensor2D {
  return tf.tidy(() => {
    const y = tf.matMul<tf.Tensor2D>(x, layer.kernel);
    return layer.bias === null ? y : tf.add<tf.Tensor2D>(y, layer.bias);
  });
}

export interface BatchNormLayer {
  gamma: tf.Variable;
  beta: tf.Variable;
  movingMean: tf.Variable;
  movingVariance: tf.Variable;
  /** Decay of the moving averages: moving = decay moving + (1 - decay) batch. 0.9 (PyTorch momentum 0.1, simclr 0.9). */
  decay: number;
  /** Added to the variance. 1e-5 (PyTorch, simclr). */
  epsilon: number;
}

/** Registers gamma (1), beta (0) and the moving mean (0) and variance (1), each [channels]. */
export function createBatchNorm(
  store: ParamStore,
  name: string,
  channels: number,
  opts: { decay?: number; epsilon?: number } = {},
): BatchNormLayer {
  return {
    gamma: store.addParam(`${name}/gamma`, 'bn-gamma', constant([channels], 1)),
    beta: store.addParam(`${name}/beta`, 'bn-beta', constant([channels], 0)),
    movingMean: store.addStat(`${name}/moving_mean`, constant([channels], 0)),
    movingVariance: store.addStat(`${name}/moving_variance`, constant([channels], 1)),
    decay: opts.decay ?? 0.9,
    epsilon: opts.epsilon ?? 1e-5,
  };
}

/**
 * Batch normalisation over every axis but the last (channels).
 * Training: normalise with the batch mean and biased variance, and queue the
 * moving averages' update in `ctx.stats` (the variance fed to the moving average
 * is the unbiased one, as PyTorch does). Eval: normalise with the moving
 * statistics.
 * @param x [B, H, W, C] or [B, C]
 * @returns same shape as x.
 */
export function batchNorm<T extends tf.Tensor>(x: T, layer: BatchNormLayer, ctx: ForwardContext): T {
  return tf.tidy(() => {
    if (!ctx.training) {
      return tf.batchNorm(x, layer.movingMean, layer.movingVariance, layer.beta, layer.gamma, layer.epsilon) as T;
    }
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    const { mean, variance } = tf.moments(x, axes);
    const normalised = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, layer.epsilon)));
    queueMovingStats(layer, mean, variance, x.size / x.shape[x.rank - 1]!, ctx);
    return tf.add(tf.mul(normalised, layer.gamma), layer.beta) as T;
  });
}

/** Moving averages never feed the loss, so they cost the backward pass nothing. */
function queueMovingStats(layer: BatchNormLayer, mean: tf.Tensor, variance: tf.Tensor, count: number, ctx: ForwardContext): void {
  const unbiased = count > 1 ? count / (count - 1) : 1;
  const d = layer.decay;
  const newMean = tf.add(tf.mul(layer.movingMean, d), tf.mul(mean, 1 - d));
  const newVar = tf.add(tf.mul(layer.movingVariance, d), tf.mul(variance, (1 - d) * unbiased));
  ctx.stats.push(layer.movingMean, newMean);
  ctx.stats.push(layer.movingVariance, newVar);
}

/** 2 x 2 max pooling, stride 2 (odd sides are floored, as PyTorch's MaxPool2d(2)). [B, H, W, C] -> [B, H/2, W/2, C]. */
export function maxPool2(x: tf.Tensor4D): tf.Tensor4D {
  return tf.maxPool(x, 2, 2, 'valid');
}

/** Mean over height and width. [B, H, W, C] -> [B, C]. */
export function globalAveragePool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]) as tf.Tensor2D;
}

function initKernel(shape: number[], init: KernelInit, rng: Rng): tf.Tensor {
  return init === 'he' ? heNormal(shape, rng) : glorotUniform(shape, rng);
}
