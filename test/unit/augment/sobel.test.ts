import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { SOBEL_MAX_MAGNITUDE, applySobel, sampleSobel } from '../../../src/core/augment';
import { Rng } from '../../../src/core/random';
import { expectBinomial, expectNoLeak, expectUnitRange, randomImages, row, values } from './helpers';

describe('applySobel', () => {
  it('is 0 on a constant image', () => {
    const x = tf.fill([1, 6, 6, 3], 0.6) as tf.Tensor4D;
    values(applySobel(x, [true])).forEach((v) => expect(v).toBeCloseTo(0, 6));
    x.dispose();
  });

  it('gives 4 / sqrt(20) along a vertical step edge, 0 away from it, the same in every channel', () => {
    // Grey columns 0..3 are 0 and 4..7 are 1: the Sobel x-response is 4 on columns 3 and 4.
    const grey = tf.tile(tf.reshape(tf.tensor1d([0, 0, 0, 0, 1, 1, 1, 1]), [1, 1, 8, 1]), [1, 6, 1, 3]) as tf.Tensor4D;
    const y = values(applySobel(grey, [true]));
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 8; j++) {
        const want = j === 3 || j === 4 ? 4 / SOBEL_MAX_MAGNITUDE : 0;
        for (let c = 0; c < 3; c++) expect(y[(i * 8 + j) * 3 + c]).toBeCloseTo(want, 5);
      }
    }
    grey.dispose();
  });

  it('stays in [0, 1], keeps one channel on grey images, leaves unselected images unchanged', () => {
    const x = randomImages(1, 3, 10, 10, 1);
    const y = applySobel(x, [true, false, true]);
    expect(y.shape).toEqual([3, 10, 10, 1]);
    expectUnitRange(y);
    expect(values(row(y, 1))).toEqual(values(row(x, 1)));
    const checker = tf.tensor4d([1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0], [1, 4, 4, 1]);
    expectUnitRange(applySobel(checker, [true]));
    tf.dispose([x, y, checker]);
  });

  it('frees its intermediates', () => {
    const x = randomImages(2, 4, 8, 8, 3);
    expectNoLeak(() => applySobel(x, [true, false, true, true]));
    x.dispose();
  });
});

describe('sampleSobel', () => {
  it('honours p within binomial bounds over 2000 draws', () => {
    expectBinomial(sampleSobel(new Rng(9), 2000, { enabled: true, p: 0.25 }).filter(Boolean).length, 2000, 0.25, 'sobel p=0.25');
  });
});
