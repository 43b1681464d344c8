import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  applyViewParams,
  augmentView,
  describeView,
  sampleViewParams,
  twoViews,
  twoViewsWithParams,
} from '../../../src/core/augment';
import { AUGMENT_OP_NAMES, PAPER_AUGMENT, type AugmentConfig } from '../../../src/core/config';
import { Rng } from '../../../src/core/random';
import { expectNoLeak, expectUnitRange, randomImages, values } from './helpers';

/** Every op on, every probability 1 / 2. */
const EVERYTHING: AugmentConfig = {
  ...PAPER_AUGMENT,
  flip: { enabled: true, p: 0.5 },
  colorJitter: { ...PAPER_AUGMENT.colorJitter, p: 0.8 },
  rotate: { enabled: true, p: 0.5 },
  cutout: { ...PAPER_AUGMENT.cutout, enabled: true, p: 0.5 },
  noise: { ...PAPER_AUGMENT.noise, enabled: true, p: 0.5, stdMin: 0.01, stdMax: 0.1 },
  sobel: { enabled: true, p: 0.3 },
};

const NOTHING: AugmentConfig = Object.fromEntries(
  AUGMENT_OP_NAMES.map((name) => [name, { ...PAPER_AUGMENT[name], enabled: false }]),
) as unknown as AugmentConfig;

describe('twoViews', () => {
  it('returns [2N, H, W, C] with view 1 in rows 0..N-1 and view 2 in rows N..2N-1', () => {
    // Constant images stay constant through crop, flip, blur and rotation, so row k and row k + N show image k's value.
    const n = 4;
    const levels = [0.1, 0.3, 0.6, 0.9];
    const x = tf.concat(levels.map((v) => tf.fill([1, 12, 12, 3], v))) as tf.Tensor4D;
    const geometric: AugmentConfig = { ...NOTHING, crop: PAPER_AUGMENT.crop, flip: PAPER_AUGMENT.flip, blur: PAPER_AUGMENT.blur, rotate: { enabled: true, p: 0.5 } };
    const views = twoViews(x, geometric, new Rng(1));
    expect(views.shape).toEqual([2 * n, 12, 12, 3]);
    const v = values(views);
    const per = 12 * 12 * 3;
    for (let r = 0; r < 2 * n; r++) {
      const level = levels[r % n]!;
      for (const px of v.slice(r * per, (r + 1) * per)) expect(px).toBeCloseTo(level, 5);
    }
    tf.dispose([x, views]);
  });

  it('with every op disabled gives two copies of the batch', () => {
    const x = randomImages(1, 3, 8, 8, 3);
    const views = twoViews(x, NOTHING, new Rng(2));
    expect(values(views)).toEqual([...values(x), ...values(x)]);
    tf.dispose([x, views]);
  });

  it('same seed gives bit-identical views; another seed gives different views; the two views differ', () => {
    const x = randomImages(3, 4, 16, 16, 3);
    const a = twoViews(x, EVERYTHING, new Rng(42));
    const b = twoViews(x, EVERYTHING, new Rng(42));
    const c = twoViews(x, EVERYTHING, new Rng(43));
    expect(values(a)).toEqual(values(b));
    expect(values(a)).not.toEqual(values(c));
    const va = values(a);
    const half = va.length / 2;
    expect(va.slice(0, half)).not.toEqual(va.slice(half));
    tf.dispose([x, a, b, c]);
  });

  it('keeps outputs in [0, 1] with every op on (RGB)', () => {
    const x = randomImages(4, 8, 16, 16, 3);
    const views = twoViews(x, EVERYTHING, new Rng(5));
    expectUnitRange(views);
    tf.dispose([x, views]);
  });

  it('works on one-channel images with every op on: shape [2N, H, W, 1], values in [0, 1]', () => {
    const x = randomImages(5, 6, 16, 16, 1);
    const views = twoViews(x, EVERYTHING, new Rng(6));
    expect(views.shape).toEqual([12, 16, 16, 1]);
    expectUnitRange(views);
    tf.dispose([x, views]);
  });

  it('keeps the tensor count flat across repeated calls', () => {
    const x = randomImages(6, 4, 16, 16, 3);
    const rng = new Rng(7);
    expectNoLeak(() => twoViews(x, EVERYTHING, rng), 4);
    expectNoLeak(() => twoViewsWithParams(x, PAPER_AUGMENT, rng).views, 2);
    x.dispose();
  });

  it('twoViewsWithParams draws the same views as twoViews, and its params re-apply exactly (also after JSON)', () => {
    const x = randomImages(7, 3, 16, 16, 3);
    const plain = twoViews(x, EVERYTHING, new Rng(8));
    const { views, params } = twoViewsWithParams(x, EVERYTHING, new Rng(8));
    expect(values(views)).toEqual(values(plain));
    const [p1, p2] = params;
    const again = tf.concat([applyViewParams(x, JSON.parse(JSON.stringify(p1))), applyViewParams(x, p2)]);
    expect(values(again)).toEqual(values(views));
    tf.dispose([x, plain, views, again]);
  });

  it('gives each op its own stream: switching one op off leaves the others\' draws unchanged', () => {
    const shape = { batch: 8, height: 16, width: 16, channels: 3 };
    const all = sampleViewParams(new Rng(9), shape, EVERYTHING);
    const noBlur = sampleViewParams(new Rng(9), shape, { ...EVERYTHING, blur: { ...EVERYTHING.blur, enabled: false }, flip: { enabled: true, p: 0.9 } });
    expect(noBlur.blur).toBeNull();
    expect(noBlur.crop).toEqual(all.crop);
    expect(noBlur.colorJitter).toEqual(all.colorJitter);
    expect(noBlur.noise).toEqual(all.noise);
  });

  it('throws a clear error when rotation is on and images are not square', () => {
    const x = randomImages(8, 2, 8, 12, 3);
    expect(() => augmentView(x, EVERYTHING, new Rng(1))).toThrow(/square/);
    const ok = augmentView(x, { ...EVERYTHING, rotate: { enabled: false, p: 1 } }, new Rng(1));
    expect(ok.shape).toEqual([2, 8, 12, 3]);
    tf.dispose([x, ok]);
  });

  it('rejects params drawn for another shape', () => {
    const x = randomImages(9, 2, 8, 8, 3);
    const params = sampleViewParams(new Rng(1), { batch: 3, height: 8, width: 8, channels: 3 }, EVERYTHING);
    expect(() => applyViewParams(x, params)).toThrow(/drawn for/);
    x.dispose();
  });

  it('describes what happened to each image', () => {
    const shape = { batch: 2, height: 32, width: 32, channels: 3 };
    const always: AugmentConfig = {
      ...EVERYTHING,
      flip: { enabled: true, p: 1 },
      colorJitter: { ...EVERYTHING.colorJitter, p: 1 },
      colorDrop: { enabled: true, p: 1 },
      blur: { ...EVERYTHING.blur, p: 1 },
      rotate: { enabled: true, p: 1 },
      cutout: { ...EVERYTHING.cutout, p: 1 },
      noise: { ...EVERYTHING.noise, p: 1 },
      sobel: { enabled: true, p: 1 },
    };
    const text = describeView(sampleViewParams(new Rng(3), shape, always), 1).join('; ');
    for (const word of ['flipped', 'jitter', 'grey', 'blur', 'rotated', 'cutout', 'noise', 'sobel']) expect(text).toContain(word);
    expect(describeView(sampleViewParams(new Rng(3), shape, NOTHING), 0)).toEqual([]);
  });
});
