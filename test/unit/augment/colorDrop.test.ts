import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { applyColorDrop, grayscale, sampleColorDrop } from '../../../src/core/augment';
import { Rng } from '../../../src/core/random';
import { expectBinomial, expectNoLeak, expectUnitRange, randomImages, row, values } from './helpers';

describe('colour drop', () => {
  it('writes the luma 0.299 R + 0.587 G + 0.114 B into all three channels of the selected images', () => {
    const x = randomImages(1, 2, 5, 5, 3);
    const y = applyColorDrop(x, [true, false]);
    const px = values(row(x, 0));
    const py = values(row(y, 0));
    for (let i = 0; i < px.length; i += 3) {
      const luma = 0.299 * px[i]! + 0.587 * px[i + 1]! + 0.114 * px[i + 2]!;
      for (let c = 0; c < 3; c++) expect(py[i + c]).toBeCloseTo(luma, 6);
    }
    expect(values(row(y, 1))).toEqual(values(row(x, 1)));
    expectUnitRange(y);
    tf.dispose([x, y]);
  });

  it('is the identity on one-channel images', () => {
    const x = randomImages(2, 3, 6, 6, 1);
    const y = applyColorDrop(x, [true, true, false]);
    expect(y.shape).toEqual([3, 6, 6, 1]);
    expect(values(y)).toEqual(values(x));
    const g = grayscale(x);
    expect(values(g)).toEqual(values(x));
    tf.dispose([x, y, g]);
  });

  it('honours p within binomial bounds over 2000 draws', () => {
    for (const p of [0.2, 0.7]) {
      const drop = sampleColorDrop(new Rng(3), 2000, { enabled: true, p });
      expectBinomial(drop.filter(Boolean).length, 2000, p, `colour drop p=${p}`);
    }
  });

  it('frees its intermediates', () => {
    const x = randomImages(4, 4, 8, 8, 3);
    expectNoLeak(() => applyColorDrop(x, [true, false, true, false]));
    x.dispose();
  });
});
