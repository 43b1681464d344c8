import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { SHAPE_CLASSES, generateShapes } from '../../../src/core/data/shapes';

describe('synthetic shapes', () => {
  it('is deterministic under a seed and different under another', async () => {
    const a = generateShapes({ count: 12, size: 16, channels: 3, seed: 4 });
    const b = generateShapes({ count: 12, size: 16, channels: 3, seed: 4 });
    const c = generateShapes({ count: 12, size: 16, channels: 3, seed: 5 });
    expect(await a.images.data()).toEqual(await b.images.data());
    expect(a.labels).toEqual(b.labels);
    expect(await a.images.data()).not.toEqual(await c.images.data());
    tf.dispose([a.images, b.images, c.images]);
  });

  it('has balanced classes, the right shape and values in [0, 1]', async () => {
    const count = 6 * SHAPE_CLASSES.length;
    const { images, labels, classNames } = generateShapes({ count, size: 20, channels: 1, seed: 1 });
    expect(images.shape).toEqual([count, 20, 20, 1]);
    expect(classNames).toEqual(SHAPE_CLASSES);
    const counts = new Array(SHAPE_CLASSES.length).fill(0);
    labels.forEach((l) => counts[l]++);
    expect(counts).toEqual(new Array(SHAPE_CLASSES.length).fill(6));
    const values = await images.data();
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    images.dispose();
  });

  it('draws the shape: each image has a foreground area of a plausible size', async () => {
    const { images } = generateShapes({ count: 30, size: 32, channels: 3, seed: 2 });
    const data = await images.data();
    const px = 32 * 32;
    for (let k = 0; k < 30; k++) {
      // pixels that differ from the corner pixel (background, the shape never reaches the corner)
      const corner = [data[k * px * 3]!, data[k * px * 3 + 1]!, data[k * px * 3 + 2]!];
      let differing = 0;
      for (let p = 0; p < px; p++) {
        const o = (k * px + p) * 3;
        if (Math.abs(data[o]! - corner[0]!) + Math.abs(data[o + 1]! - corner[1]!) + Math.abs(data[o + 2]! - corner[2]!) > 0.05) differing++;
      }
      expect(differing / px).toBeGreaterThan(0.01);
      expect(differing / px).toBeLessThan(0.5);
    }
    images.dispose();
  });

  it('colour carries no class information: mean colour per class is close to the overall mean', async () => {
    const { images, labels } = generateShapes({ count: 600, size: 8, channels: 3, seed: 3 });
    const means = tf.tidy(() => tf.mean(images, [1, 2, 3]));
    const m = await means.data();
    const overall = Array.from(m).reduce((s, v) => s + v, 0) / m.length;
    for (let c = 0; c < SHAPE_CLASSES.length; c++) {
      const own = Array.from(m).filter((_, i) => labels[i] === c);
      const classMean = own.reduce((s, v) => s + v, 0) / own.length;
      expect(Math.abs(classMean - overall)).toBeLessThan(0.06);
    }
    tf.dispose([images, means]);
  });

  it('names a bad argument', () => {
    expect(() => generateShapes({ count: 0, size: 16, channels: 3, seed: 0 })).toThrow(/count/);
    expect(() => generateShapes({ count: 2, size: 4, channels: 3, seed: 0 })).toThrow(/size/);
  });
});
