import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { applyCutout, sampleCutout } from '../../../src/core/augment';
import { PAPER_AUGMENT } from '../../../src/core/config';
import { Rng } from '../../../src/core/random';
import { expectBinomial, expectNoLeak, randomImages, values } from './helpers';

const paper = PAPER_AUGMENT.cutout;

describe('applyCutout', () => {
  it('fills exactly the square, in every channel, and nothing else', () => {
    const [B, H, W, C] = [3, 10, 12, 3];
    const x = randomImages(1, B, H, W, C);
    const boxes = [{ top: 2, left: 3, size: 4 }, null, { top: 0, left: 8, size: 4 }];
    const y = applyCutout(x, boxes, 0.25);
    const xv = values(x);
    const yv = values(y);
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < H; i++) {
        for (let j = 0; j < W; j++) {
          const box = boxes[b];
          const inside = box !== null && box !== undefined && i >= box.top && i < box.top + box.size && j >= box.left && j < box.left + box.size;
          for (let c = 0; c < C; c++) {
            const at = ((b * H + i) * W + j) * C + c;
            expect(yv[at]).toBe(inside ? 0.25 : xv[at]);
          }
        }
      }
    }
    tf.dispose([x, y]);
  });

  it('ignores the parts of a box outside the image', () => {
    const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
    const y = applyCutout(x, [{ top: 2, left: 2, size: 5 }], 0);
    expect(values(y).filter((v) => v === 0).length).toBe(4);
    tf.dispose([x, y]);
  });

  it('frees its intermediates', () => {
    const x = randomImages(2, 4, 8, 8, 3);
    const { boxes } = sampleCutout(new Rng(1), 4, 8, 8, paper);
    expectNoLeak(() => applyCutout(x, boxes, 0));
    x.dispose();
  });
});

describe('sampleCutout', () => {
  it('places squares of side U(sizeMin, sizeMax) x side fully inside the image; honours p', () => {
    const cfg = { ...paper, p: 0.4 };
    const { boxes, fill } = sampleCutout(new Rng(2), 2000, 32, 32, cfg);
    expect(fill).toBe(cfg.fill);
    const drawn = boxes.filter((b) => b !== null);
    expectBinomial(drawn.length, 2000, 0.4, 'cutout p=0.4');
    for (const b of drawn) {
      expect(b.size).toBeGreaterThanOrEqual(Math.round(cfg.sizeMin * 32));
      expect(b.size).toBeLessThanOrEqual(Math.round(cfg.sizeMax * 32));
      expect(b.top).toBeGreaterThanOrEqual(0);
      expect(b.left).toBeGreaterThanOrEqual(0);
      expect(b.top + b.size).toBeLessThanOrEqual(32);
      expect(b.left + b.size).toBeLessThanOrEqual(32);
    }
    // Every position is possible, including touching each border.
    expect(drawn.some((b) => b.top === 0)).toBe(true);
    expect(drawn.some((b) => b.left + b.size === 32)).toBe(true);
  });
});
