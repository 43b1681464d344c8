import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  FIXED_JITTER_ORDER,
  adjustBrightness,
  adjustContrast,
  adjustHue,
  adjustSaturation,
  applyColorJitter,
  hsvToRgb,
  rgbToHsv,
  sampleColorJitter,
  type JitterFactors,
} from '../../../src/core/augment';
import { PAPER_AUGMENT, type ColorJitterConfig } from '../../../src/core/config';
import { Rng } from '../../../src/core/random';
import { expectBinomial, expectNoLeak, expectUnitRange, maxAbsDiff, randomImages, row, values } from './helpers';

const paper = PAPER_AUGMENT.colorJitter;
const identity: JitterFactors = { brightness: 1, contrast: 1, saturation: 1, hue: 0 };

/** Reference: one image through the four adjust functions in the given order. */
function oneByOne(x: tf.Tensor4D, f: JitterFactors, order: readonly number[]): tf.Tensor4D {
  return tf.tidy(() => {
    let y = x;
    for (const i of order) {
      if (i === 0) y = adjustBrightness(y, f.brightness);
      if (i === 1) y = adjustContrast(y, f.contrast);
      if (i === 2) y = adjustSaturation(y, f.saturation);
      if (i === 3) y = adjustHue(y, f.hue);
    }
    return y;
  });
}

describe('HSV conversion', () => {
  it('round-trips RGB within float precision', () => {
    const x = randomImages(1, 2, 8, 8, 3);
    const back = hsvToRgb(rgbToHsv(x));
    expect(maxAbsDiff(back, x)).toBeLessThan(1e-6);
    tf.dispose([x, back]);
  });

  it('gives known hues: red 0, green 1/3, blue 2/3, grey saturation 0', () => {
    const x = tf.tensor4d([1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5, 0.5, 0.5], [1, 1, 4, 3]);
    const hsv = values(rgbToHsv(x));
    expect(hsv.filter((_, i) => i % 3 === 0).map((h) => Number(h.toFixed(6)))).toEqual([0, 0.333333, 0.666667, 0]);
    expect(hsv[10]).toBe(0);
    expect(hsv[11]).toBeCloseTo(0.5, 7);
    x.dispose();
  });
});

describe('adjustments', () => {
  it('hue: shifting by a full turn in steps returns the image; red + 1/3 turn is green', () => {
    const x = randomImages(2, 1, 6, 6, 3);
    const half = adjustHue(x, 0.5);
    const back = adjustHue(half, -0.5);
    expect(maxAbsDiff(back, x)).toBeLessThan(1e-5);
    const red = tf.tensor4d([0.8, 0.1, 0.1], [1, 1, 1, 3]);
    const green = values(adjustHue(red, 1 / 3));
    [0.1, 0.8, 0.1].forEach((v, i) => expect(green[i]).toBeCloseTo(v, 5));
    tf.dispose([x, half, back, red]);
  });

  it('contrast 0 gives the mean grey of each image; saturation 0 gives its luma', () => {
    const x = randomImages(3, 2, 4, 4, 3);
    const flat = adjustContrast(x, [0, 0]);
    const px = values(row(x, 1));
    let mean = 0;
    for (let i = 0; i < px.length; i += 3) mean += 0.299 * px[i]! + 0.587 * px[i + 1]! + 0.114 * px[i + 2]!;
    mean /= px.length / 3;
    values(row(flat, 1)).forEach((v) => expect(v).toBeCloseTo(mean, 6));
    const grey = values(adjustSaturation(x, [0, 0]));
    for (let i = 0; i < grey.length; i += 3) expect(grey[i]).toBeCloseTo(grey[i + 1]!, 6);
    tf.dispose([x, flat]);
  });

  it('on one-channel images saturation and hue are identities, brightness and contrast act', () => {
    const x = randomImages(4, 3, 6, 6, 1);
    expect(values(adjustSaturation(x, [0.2, 1.5, 0]))).toEqual(values(x));
    expect(values(adjustHue(x, [0.3, -0.2, 0.5]))).toEqual(values(x));
    const jittered = applyColorJitter(x, [
      { brightness: 1, contrast: 1, saturation: 0.1, hue: 0.4 },
      { brightness: 0.5, contrast: 1, saturation: 1, hue: 0 },
      null,
    ]);
    expect(values(row(jittered, 0))).toEqual(values(row(x, 0)));
    expect(maxAbsDiff(row(jittered, 1), tf.mul(row(x, 1), 0.5))).toBeLessThan(1e-7);
    expect(values(row(jittered, 2))).toEqual(values(row(x, 2)));
    expect(jittered.shape).toEqual([3, 6, 6, 1]);
  });
});

describe('applyColorJitter', () => {
  it('leaves images with null factors bit for bit unchanged, and identity factors too', () => {
    const x = randomImages(5, 3, 6, 6, 3);
    const f: JitterFactors = { brightness: 1.3, contrast: 0.6, saturation: 1.5, hue: 0.2 };
    const y = applyColorJitter(x, [null, f, identity]);
    expect(values(row(y, 0))).toEqual(values(row(x, 0)));
    expect(values(row(y, 2))).toEqual(values(row(x, 2)));
    expect(maxAbsDiff(row(y, 1), row(x, 1))).toBeGreaterThan(0.05);
    const none = applyColorJitter(x, [null, null, null]);
    expect(none).not.toBe(x);
    expect(values(none)).toEqual(values(x));
    tf.dispose([x, y, none]);
  });

  it('with per-image factors and orders equals jittering each image alone in its order', () => {
    const rng = new Rng(17);
    const batch = 8;
    const x = randomImages(6, batch, 8, 8, 3);
    const params = sampleColorJitter(rng, batch, { ...paper, p: 1 });
    const y = applyColorJitter(x, params.factors, params.order);
    params.factors.forEach((f, b) => {
      const want = oneByOne(row(x, b), f!, params.order[b]!);
      expect(maxAbsDiff(row(y, b), want)).toBeLessThan(1e-6);
      want.dispose();
    });
    expectUnitRange(y);
    // The order matters: the same factors in torchvision's fixed order give a different batch.
    const fixed = applyColorJitter(x, params.factors);
    expect(maxAbsDiff(fixed, y)).toBeGreaterThan(1e-3);
    tf.dispose([x, y, fixed]);
  });

  it('mixes jittered and skipped images in one batch correctly', () => {
    const batch = 10;
    const x = randomImages(9, batch, 6, 6, 3);
    const params = sampleColorJitter(new Rng(23), batch, { ...paper, p: 0.5 });
    expect(params.factors.some((f) => f === null) && params.factors.some((f) => f !== null)).toBe(true);
    const y = applyColorJitter(x, params.factors, params.order);
    params.factors.forEach((f, b) => {
      if (f === null) {
        expect(values(row(y, b))).toEqual(values(row(x, b)));
      } else {
        const want = oneByOne(row(x, b), f, params.order[b]!);
        expect(maxAbsDiff(row(y, b), want)).toBeLessThan(1e-6);
        want.dispose();
      }
    });
    tf.dispose([x, y]);
  });

  it('rejects an order that is not a permutation of 0..3', () => {
    const x = randomImages(7, 1, 4, 4, 3);
    expect(() => applyColorJitter(x, [identity], [[0, 1, 1, 3]])).toThrow(/permutation/);
    x.dispose();
  });

  it('frees its intermediates (random order, some images skipped)', () => {
    const x = randomImages(8, 6, 8, 8, 3);
    const params = sampleColorJitter(new Rng(2), 6, { ...paper, p: 0.6 });
    expectNoLeak(() => applyColorJitter(x, params.factors, params.order));
    x.dispose();
  });
});

describe('sampleColorJitter', () => {
  it('draws factors in torchvision\'s ranges scaled by strength', () => {
    for (const strength of [0.5, 1, 1.5]) {
      const cfg: ColorJitterConfig = { ...paper, p: 1, strength };
      const { factors } = sampleColorJitter(new Rng(1), 500, cfg);
      const b = 0.8 * strength;
      const h = 0.2 * strength;
      for (const f of factors) {
        for (const v of [f!.brightness, f!.contrast, f!.saturation]) {
          expect(v).toBeGreaterThanOrEqual(Math.max(0, 1 - b));
          expect(v).toBeLessThanOrEqual(1 + b);
        }
        expect(Math.abs(f!.hue)).toBeLessThanOrEqual(h);
      }
      const hues = factors.map((f) => f!.hue);
      expect(Math.min(...hues)).toBeLessThan(-0.9 * h);
      expect(Math.max(...hues)).toBeGreaterThan(0.9 * h);
    }
  });

  it('draws a random permutation per image, or the fixed order', () => {
    const random = sampleColorJitter(new Rng(2), 300, paper).order;
    for (const o of random) expect([...o].sort()).toEqual([0, 1, 2, 3]);
    expect(new Set(random.map((o) => o.join(''))).size).toBe(24);
    const fixed = sampleColorJitter(new Rng(2), 50, { ...paper, randomOrder: false }).order;
    for (const o of fixed) expect(o).toEqual([...FIXED_JITTER_ORDER]);
  });

  it('honours p within binomial bounds over 2000 draws', () => {
    for (const p of [0.8, 0.3]) {
      const { factors } = sampleColorJitter(new Rng(4), 2000, { ...paper, p });
      expectBinomial(factors.filter((f) => f !== null).length, 2000, p, `jitter p=${p}`);
    }
  });
});
