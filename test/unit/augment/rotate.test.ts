import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { applyRotate90, sampleRotations } from '../../../src/core/augment';
import { Rng } from '../../../src/core/random';
import { expectBinomial, expectNoLeak, randomImages, row, values } from './helpers';

describe('rotate90', () => {
  it('turns counter-clockwise like torch.rot90(img, k, dims=(1, 2))', () => {
    // 2 x 2 grey image [[a, b], [c, d]]: one quarter turn counter-clockwise gives [[b, d], [a, c]].
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    expect(values(applyRotate90(x, [1]))).toEqual([2, 4, 1, 3]);
    expect(values(applyRotate90(x, [2]))).toEqual([4, 3, 2, 1]);
    expect(values(applyRotate90(x, [3]))).toEqual([3, 1, 4, 2]);
    expect(values(applyRotate90(x, [0]))).toEqual([1, 2, 3, 4]);
    expect(values(applyRotate90(x, [-1]))).toEqual([3, 1, 4, 2]);
    x.dispose();
  });

  it('four quarter turns are the identity; k then 4 - k is the identity', () => {
    const x = randomImages(1, 3, 7, 7, 3);
    let y = tf.clone(x);
    for (let i = 0; i < 4; i++) {
      const next = applyRotate90(y, [1, 1, 1]);
      y.dispose();
      y = next;
    }
    expect(values(y)).toEqual(values(x));
    const a = applyRotate90(x, [1, 2, 3]);
    const b = applyRotate90(a, [3, 2, 1]);
    expect(values(b)).toEqual(values(x));
    tf.dispose([x, y, a, b]);
  });

  it('rotates each image by its own amount', () => {
    const x = randomImages(2, 4, 6, 6, 1);
    const ks = [0, 1, 2, 3];
    const y = applyRotate90(x, ks);
    ks.forEach((k, b) => expect(values(row(y, b))).toEqual(values(applyRotate90(row(x, b), [k]))));
    tf.dispose([x, y]);
  });

  it('throws a clear error on non-square images (unless nothing rotates)', () => {
    const x = randomImages(3, 2, 6, 8, 3);
    expect(() => applyRotate90(x, [1, 0])).toThrow(/square/);
    const y = applyRotate90(x, [0, 0]);
    expect(values(y)).toEqual(values(x));
    tf.dispose([x, y]);
  });

  it('honours p within binomial bounds and picks 90, 180, 270 degrees uniformly', () => {
    const ks = sampleRotations(new Rng(5), 2000, { enabled: true, p: 0.6 });
    const turned = ks.filter((k) => k !== 0);
    expectBinomial(turned.length, 2000, 0.6, 'rotate p=0.6');
    for (const k of [1, 2, 3]) expectBinomial(turned.filter((v) => v === k).length, turned.length, 1 / 3, `k=${k}`);
    expect(sampleRotations(new Rng(5), 50, { enabled: true, p: 1 }).every((k) => k >= 1 && k <= 3)).toBe(true);
  });

  it('frees its intermediates', () => {
    const x = randomImages(4, 4, 8, 8, 3);
    expectNoLeak(() => applyRotate90(x, [0, 1, 2, 3]));
    x.dispose();
  });
});
