import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random';

/**
 * Seeded weight initialisers. Values are drawn from the run's `Rng` in
 * JavaScript (not from tfjs's own generator), so the same seed gives the same
 * weights on every backend.
 *
 * Fan sizes: a conv kernel [kh, kw, cin, cout] has fanIn = kh kw cin and
 * fanOut = kh kw cout; a dense kernel [in, out] has fanIn = in, fanOut = out.
 */

/** fanIn and fanOut of a conv kernel [kh, kw, cin, cout] or dense kernel [in, out]. */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 2) return { fanIn: shape[0]!, fanOut: shape[1]! };
  if (shape.length === 4) {
    const field = shape[0]! * shape[1]!;
    return { fanIn: field * shape[2]!, fanOut: field * shape[3]! };
  }
  throw new Error(`fans: expected a kernel of rank 2 or 4, got shape [${shape.join(', ')}]`);
}

/**
 * He (Kaiming) normal for layers followed by ReLU: N(0, 2 / fanIn).
 * @returns a new float32 tensor of `shape`.
 */
export function heNormal(shape: number[], rng: Rng): tf.Tensor {
  const std = Math.sqrt(2 / fans(shape).fanIn);
  return fromRng(shape, () => rng.normal(0, std));
}

/**
 * Glorot (Xavier) uniform for layers without a ReLU after them:
 * U(-l, l) with l = sqrt(6 / (fanIn + fanOut)).
 * @returns a new float32 tensor of `shape`.
 */
export function glorotUniform(shape: number[], rng: Rng): tf.Tensor {
  const { fanIn, fanOut } = fans(shape);
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return fromRng(shape, () => rng.uniform(-limit, limit));
}

/** A new float32 tensor of `shape` filled with `value` (biases 0, gamma 1, moving variance 1). */
export function constant(shape: number[], value: number): tf.Tensor {
  return tf.fill(shape, value, 'float32');
}

function fromRng(shape: number[], draw: () => number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = draw();
  return tf.tensor(values, shape, 'float32');
}
