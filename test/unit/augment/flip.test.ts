import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { applyFlip, sampleFlips } from '../../../src/core/augment';
import { Rng } from '../../../src/core/random';
import { expectBinomial, expectNoLeak, randomImages, row, values } from './helpers';

describe('flip', () => {
  it('mirrors the selected images left-right and leaves the others bit for bit', () => {
    const x = randomImages(1, 3, 6, 8, 3);
    const y = applyFlip(x, [true, false, true]);
    expect(values(row(y, 0))).toEqual(values(tf.reverse(row(x, 0), 2)));
    expect(values(row(y, 1))).toEqual(values(row(x, 1)));
    expect(values(row(y, 2))).toEqual(values(tf.reverse(row(x, 2), 2)));
    // The first column of a flipped image is the last column of the input.
    expect(values(tf.slice(y, [0, 0, 0, 0], [1, -1, 1, -1]))).toEqual(values(tf.slice(x, [0, 0, 7, 0], [1, -1, 1, -1])));
    tf.dispose([x, y]);
  });

  it('flipping twice is the identity (RGB and grey)', () => {
    for (const c of [1, 3]) {
      const x = randomImages(2, 4, 8, 8, c);
      const flags = [true, false, true, true];
      const once = applyFlip(x, flags);
      const twice = applyFlip(once, flags);
      expect(values(twice)).toEqual(values(x));
      tf.dispose([x, once, twice]);
    }
  });

  it('honours p within binomial bounds over 2000 draws', () => {
    for (const p of [0, 0.2, 0.5, 1]) {
      const flips = sampleFlips(new Rng(11), 2000, { enabled: true, p });
      expectBinomial(flips.filter(Boolean).length, 2000, p, `flip p=${p}`);
    }
  });

  it('returns a new tensor even when nothing is flipped, and frees its intermediates', () => {
    const x = randomImages(3, 2, 8, 8, 3);
    const y = applyFlip(x, [false, false]);
    expect(y).not.toBe(x);
    y.dispose();
    expect(x.isDisposed).toBe(false);
    expectNoLeak(() => applyFlip(x, [true, false]));
    x.dispose();
  });
});
