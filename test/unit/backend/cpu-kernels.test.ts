/**
 * The cpu backend's replacement filter gradient against the definition,
 * computed by loops in the test: dW[i,j,c,o] = sum over b, y, x of
 * input[b, y*s + i - padTop, x*s + j - padLeft, c] * dy[b, y, x, o].
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setupNodeBackend, type NodeBackendName } from '../../../src/core/backend/node';
import { Rng } from '../../../src/core/random';

let original: NodeBackendName;
beforeAll(async () => {
  original = tf.getBackend() as NodeBackendName;
  await setupNodeBackend('cpu');
});
afterAll(() => setupNodeBackend(original));

type Four = [number, number, number, number];
type Three = [number, number, number];

function naiveFilterGradient(
  x: Float32Array, [b, h, w, c]: Four, dy: Float32Array, [oh, ow, o]: Three, [kh, kw]: [number, number], s: number, pad: 'same' | 'valid',
): Float32Array {
  const padTop = pad === 'same' ? Math.floor(Math.max((oh - 1) * s + kh - h, 0) / 2) : 0;
  const padLeft = pad === 'same' ? Math.floor(Math.max((ow - 1) * s + kw - w, 0) / 2) : 0;
  const out = new Float32Array(kh * kw * c * o);
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) for (let ci = 0; ci < c; ci++) for (let co = 0; co < o; co++) {
    let sum = 0;
    for (let n = 0; n < b; n++) for (let y = 0; y < oh; y++) for (let xx = 0; xx < ow; xx++) {
      const iy = y * s + i - padTop;
      const ix = xx * s + j - padLeft;
      if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
      sum += x[((n * h + iy) * w + ix) * c + ci]! * dy[((n * oh + y) * ow + xx) * o + co]!;
    }
    out[((i * kw + j) * c + ci) * o + co] = sum;
  }
  return out;
}

describe('cpu Conv2DBackpropFilter (replacement)', () => {
  const cases: [string, number[], number[], number, 'same' | 'valid'][] = [
    ['3x3 same stride 1', [2, 7, 5, 3], [3, 3, 3, 4], 1, 'same'],
    ['3x2 valid stride 1, batch 1', [1, 6, 6, 1], [3, 2, 1, 5], 1, 'valid'],
    ['3x3 same stride 2, odd size', [2, 9, 7, 5], [3, 3, 5, 2], 2, 'same'],
    ['1x1 stride 2 (ResNet shortcut)', [3, 8, 8, 4], [1, 1, 4, 6], 2, 'valid'],
  ];
  for (const [name, xShape, wShape, stride, pad] of cases) {
    it(name, async () => {
      const rng = new Rng(xShape.reduce((a, v) => a * 31 + v, 7));
      const x = tf.tensor4d(Float32Array.from({ length: xShape.reduce((a, v) => a * v) }, () => rng.normal()), xShape as [number, number, number, number]);
      const w = tf.tensor4d(Float32Array.from({ length: wShape.reduce((a, v) => a * v) }, () => rng.normal()), wShape as [number, number, number, number]);
      const y = tf.conv2d(x, w, stride, pad);
      const dy = tf.tensor4d(Float32Array.from({ length: y.size }, () => rng.normal()), y.shape);
      const grad = tf.grad((ww: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, ww as tf.Tensor4D, stride, pad), dy)))(w);
      const want = naiveFilterGradient(
        await x.data() as Float32Array, xShape as Four, await dy.data() as Float32Array,
        y.shape.slice(1) as Three, [wShape[0]!, wShape[1]!], stride, pad,
      );
      const got = await grad.data();
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
      expect(worst).toBeLessThan(1e-4);
      tf.dispose([x, w, y, dy, grad]);
    });
  }
});
