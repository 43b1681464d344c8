/**
 * UnsortedSegmentSum for the wasm backend (missing from tfjs 4.22's wasm; it is
 * the gradient of `gather`), as one ScatterNd, which adds up updates that land
 * on the same index. Ids outside [0, numSegments) contribute nothing, as on the
 * cpu backend: they are sent to a spare row that is sliced away.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, UnsortedSegmentSumAttrs } from '@tensorflow/tfjs-core';
import { asTensor } from './geometry';

const NAME = 'UnsortedSegmentSum';

/** out[s, ...] = sum of x[n, ...] over every n with segmentIds[n] = s; segmentIds' shape is a prefix of x's. */
export function unsortedSegmentSumByScatter(x: tf.Tensor, segmentIds: tf.Tensor, numSegments: number): tf.Tensor {
  if (!Number.isInteger(numSegments) || numSegments < 0) {
    throw new Error(`${NAME} (wasm training kernel): numSegments must be a non-negative integer, got ${numSegments}`);
  }
  const idRank = segmentIds.rank;
  if (x.shape.slice(0, idRank).join() !== segmentIds.shape.join()) {
    throw new Error(`${NAME} (wasm training kernel): segmentIds shape [${segmentIds.shape}] must be a prefix of x shape [${x.shape}]`);
  }
  const rest = x.shape.slice(idRank);
  if (numSegments === 0) return tf.zeros([0, ...rest], x.dtype);
  return tf.tidy(() => {
    const count = segmentIds.size;
    const ids = tf.reshape(segmentIds.dtype === 'int32' ? segmentIds : tf.cast(segmentIds, 'int32'), [count]);
    const inRange = tf.logicalAnd(tf.greaterEqual(ids, 0), tf.less(ids, numSegments));
    const safeIds = tf.where(inRange, ids, tf.fill([count], numSegments, 'int32'));
    const updates = tf.reshape(x, [count, ...rest]);
    const scattered = tf.scatterND(tf.reshape(safeIds, [count, 1]), updates, [numSegments + 1, ...rest]);
    return tf.slice(scattered, 0, numSegments);
  });
}

const kernelFunc = ({ inputs, attrs }: { inputs: NamedTensorInfoMap; attrs?: NamedAttrMap }): tf.TensorInfo => {
  const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
  const { x, segmentIds } = inputs;
  if (x == null || segmentIds == null) throw new Error(`${NAME} (wasm training kernel): inputs x and segmentIds are required`);
  return tf.tidy(() => unsortedSegmentSumByScatter(asTensor(x), asTensor(segmentIds), numSegments));
};

export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: NAME,
  backendName: 'wasm',
  kernelFunc: kernelFunc as unknown as KernelFunc,
};
