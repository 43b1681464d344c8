import type * as tf from '@tensorflow/tfjs-core';
import type { ForwardContext } from './movingStats';

/** Encoder f: images [B, H, W, C] in [0, 1] -> representation h [B, outDim]. */
export interface Encoder {
  /** Size of h. */
  readonly outDim: number;
  apply(images: tf.Tensor4D, ctx: ForwardContext): tf.Tensor2D;
}

/** Projection head g: h [B, inDim] -> z [B, outDim]. */
export interface Head {
  /** Size of z. */
  readonly outDim: number;
  apply(h: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D;
}
