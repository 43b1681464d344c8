import * as tf from '@tensorflow/tfjs-core';
import type { HeadConfig } from '../config';
import type { Rng } from '../random';
import { batchNorm, createBatchNorm, createDense, dense, type BatchNormLayer, type DenseLayer } from './layers';
import type { ParamStore } from './params';
import type { Head } from './types';

/**
 * Projection head g: h [B, inDim] -> z [B, outDim] (paper section 2 and Figure 8).
 *
 * - 'none':   z = h (outDim is ignored; z has inDim entries).
 * - 'linear': z = h W + b.
 * - 'mlp', 2 layers (SimCLR v1, as the paper describes it): Linear - ReLU - Linear.
 * - 'mlp', 3 layers (SimCLR v2): Linear - BN - ReLU, Linear - BN - ReLU, Linear.
 *   This follows v2's use of batch norm in the hidden layers (their Linear has
 *   no bias when BN follows); the last layer here is a plain Linear with bias
 *   (v2 puts a BN without beta after it; left out to keep z's scale free, as in
 *   the 2-layer head).
 * Hidden width = hiddenDim, or inDim when hiddenDim is 0. Hidden kernels use He
 * init, the output layer Glorot. Parameters are named `${prefix}/fc1/kernel`, ...
 */
export function createHead(store: ParamStore, config: HeadConfig, inDim: number, rng: Rng, prefix = 'head'): Head {
  if (config.kind === 'none') return { outDim: inDim, apply: (h) => tf.clone(h) };
  if (config.kind === 'linear') {
    const fc = createDense(store, `${prefix}/fc1`, { inDim, outDim: config.outDim }, rng);
    return { outDim: config.outDim, apply: (h) => dense(h, fc) };
  }
  const hidden = config.hiddenDim > 0 ? config.hiddenDim : inDim;
  const withBn = config.layers === 3;
  const hiddenLayers: Array<{ fc: DenseLayer; bn: BatchNormLayer | null }> = [];
  let width = inDim;
  for (let i = 1; i < config.layers; i++) {
    const fc = createDense(store, `${prefix}/fc${i}`, { inDim: width, outDim: hidden, bias: !withBn, init: 'he' }, rng);
    const bn = withBn ? createBatchNorm(store, `${prefix}/bn${i}`, hidden) : null;
    hiddenLayers.push({ fc, bn });
    width = hidden;
  }
  const last = createDense(store, `${prefix}/fc${config.layers}`, { inDim: width, outDim: config.outDim }, rng);
  return {
    outDim: config.outDim,
    /** h [B, inDim] -> z [B, outDim] */
    apply(h, ctx) {
      return tf.tidy(() => {
        let x = h;
        for (const { fc, bn } of hiddenLayers) {
          const y = dense(x, fc);
          x = tf.relu(bn === null ? y : batchNorm(y, bn, ctx));
        }
        return dense(x, last);
      });
    },
  };
}
