import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random';
import { conv2d, createConv2D, globalAveragePool, maxPool2 } from './layers';
import type { ParamStore } from './params';
import type { Encoder } from './types';

/**
 * The bench-cnn encoder of `shared/bench/README.md`, the project's reference
 * benchmark model (same layers as the PyTorch peer `torch_reference.py`):
 *
 *   conv 3x3 width, same, ReLU -> max-pool 2 -> conv 3x3 2 width, ReLU ->
 *   max-pool 2 -> conv 3x3 4 width, ReLU -> global average pool
 *
 * (computed as max-pool then ReLU, which is the same function with the same gradient)
 *
 * Convs have biases and no batch norm. h has 4 width entries (128 at width 32).
 * Parameters are named `${prefix}/conv1/kernel` ... `${prefix}/conv3/bias`.
 */
export function createBenchCnn(
  store: ParamStore,
  spec: { inChannels: number; width: number },
  rng: Rng,
  prefix = 'encoder',
): Encoder {
  const w = spec.width;
  const c1 = createConv2D(store, `${prefix}/conv1`, { size: 3, inChannels: spec.inChannels, outChannels: w }, rng);
  const c2 = createConv2D(store, `${prefix}/conv2`, { size: 3, inChannels: w, outChannels: 2 * w }, rng);
  const c3 = createConv2D(store, `${prefix}/conv3`, { size: 3, inChannels: 2 * w, outChannels: 4 * w }, rng);
  return {
    outDim: 4 * w,
    /** images [B, H, W, C] -> h [B, 4 width] */
    apply(images) {
      return tf.tidy(() => {
        // relu(maxPool(z)) is maxPool(relu(z)) exactly, values and gradient alike (relu is
        // monotone; a window whose maximum is <= 0 gets no gradient either way), and costs a
        // quarter of the relu work forward and backward.
        const a = tf.relu(maxPool2(conv2d(images, c1)));
        const b = tf.relu(maxPool2(conv2d(a, c2)));
        return globalAveragePool(tf.relu(conv2d(b, c3)));
      });
    },
  };
}
