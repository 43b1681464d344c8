/** Shared by the kernel tests: seeded inputs, running a computation on one backend, and a relative-error check. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { Rng } from '../../../src/core/random';

/** The kernel tests' tolerance: relative error (absolute below 1). */
export const TOL = 1e-4;

/** `size` seeded values uniform in [lo, hi). */
export function randomValues(seed: number, size: number, lo = -1, hi = 1): Float32Array {
  const rng = new Rng(seed);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.uniform(lo, hi);
  return out;
}

/** Runs `compute` on one backend and returns plain arrays (all tensors freed). */
export async function on(backend: 'cpu' | 'wasm', compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  expect(await tf.setBackend(backend)).toBe(true);
  const outs = tf.tidy(compute);
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return values;
}

/** Fails with the worst element when `actual` and `expected` differ by more than TOL (relative, absolute below 1). */
export function expectClose(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] ?? NaN;
    const err = Math.abs((actual[i] ?? NaN) - e) / Math.max(1, Math.abs(e));
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  expect(worst, `${what}: worst relative error at ${at} (${actual[at]} vs ${expected[at]})`).toBeLessThanOrEqual(TOL);
}
