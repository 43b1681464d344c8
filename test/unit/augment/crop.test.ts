import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { applyCrop, fullCropBox, sampleCropBoxes } from '../../../src/core/augment';
import { roundHalfEven } from '../../../src/core/augment/util';
import { PAPER_AUGMENT, type CropConfig } from '../../../src/core/config';
import { Rng } from '../../../src/core/random';
import { expectNoLeak, maxAbsDiff, randomImages, values } from './helpers';

const paper = PAPER_AUGMENT.crop;

describe('applyCrop', () => {
  it('is the exact identity for the full-image box (RGB, grey, non-square)', () => {
    for (const [h, w, c] of [[16, 16, 3], [12, 20, 1], [20, 12, 3]] as const) {
      const x = randomImages(1, 3, h, w, c);
      const y = applyCrop(x, [fullCropBox(h, w), fullCropBox(h, w), fullCropBox(h, w)]);
      expect(y.shape).toEqual([3, h, w, c]);
      expect(values(y)).toEqual(values(x));
      tf.dispose([x, y]);
    }
  });

  it('takes the pixels of the box: a box resized to its own size is a slice', () => {
    const x = randomImages(2, 2, 16, 16, 3);
    const y = applyCrop(x, [{ top: 2, left: 3, height: 5, width: 6 }, { top: 10, left: 0, height: 5, width: 6 }], [5, 6]);
    const want = tf.concat([tf.slice(x, [0, 2, 3, 0], [1, 5, 6, 3]), tf.slice(x, [1, 10, 0, 0], [1, 5, 6, 3])], 0);
    expect(maxAbsDiff(y, want)).toBeLessThan(1e-6);
    tf.dispose([x, y, want]);
  });

  it('resizes back to the input size bilinearly, corner pixels onto corner pixels', () => {
    // A horizontal ramp 0..1 stays a ramp: the crop of columns 4..11 becomes values 4/15..11/15 spread evenly.
    const w = 16;
    const ramp = tf.tile(tf.reshape(tf.linspace(0, 1, w), [1, 1, w, 1]), [1, 8, 1, 1]) as tf.Tensor4D;
    const y = applyCrop(ramp, [{ top: 0, left: 4, height: 8, width: 8 }], [8, w]);
    const firstRow = values(y).slice(0, w);
    firstRow.forEach((v, j) => expect(v).toBeCloseTo((4 + (j * 7) / (w - 1)) / 15, 5));
    tf.dispose([ramp, y]);
  });

  it('rejects boxes outside the image and a wrong number of boxes', () => {
    const x = randomImages(3, 2, 8, 8, 1);
    expect(() => applyCrop(x, [fullCropBox(8, 8)])).toThrow(/2 images/);
    expect(() => applyCrop(x, [fullCropBox(8, 8), { top: 4, left: 0, height: 5, width: 8 }])).toThrow(/inside/);
    x.dispose();
  });

  it('frees its intermediates', () => {
    const x = randomImages(4, 4, 16, 16, 3);
    const boxes = sampleCropBoxes(new Rng(1), 4, 16, 16, paper);
    expectNoLeak(() => applyCrop(x, boxes));
    x.dispose();
  });
});

describe('sampleCropBoxes', () => {
  it('rounds like Python (ties to even)', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4, 2.6, 7].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3, 7]);
  });

  function checkRanges(size: number, cfg: CropConfig, draws: number): void {
    const boxes = sampleCropBoxes(new Rng(size), draws, size, size, cfg);
    const area = size * size;
    for (const b of boxes) {
      expect(b.top).toBeGreaterThanOrEqual(0);
      expect(b.left).toBeGreaterThanOrEqual(0);
      expect(b.top + b.height).toBeLessThanOrEqual(size);
      expect(b.left + b.width).toBeLessThanOrEqual(size);
      expect(b.areaFraction).toBeCloseTo((b.height * b.width) / area, 12);
      expect(b.aspectRatio).toBeCloseTo(b.width / b.height, 12);
      // Whole-pixel sizes are rounded from real ones, so allow half a pixel either way.
      expect(((b.height - 0.5) * (b.width - 0.5)) / area).toBeLessThanOrEqual(cfg.areaMax);
      expect(((b.height + 0.5) * (b.width + 0.5)) / area).toBeGreaterThanOrEqual(cfg.areaMin);
      expect((b.width - 0.5) / (b.height + 0.5)).toBeLessThanOrEqual(cfg.ratioMax);
      expect((b.width + 0.5) / (b.height - 0.5)).toBeGreaterThanOrEqual(cfg.ratioMin);
    }
    const fractions = boxes.map((b) => b.areaFraction);
    // Covers the range: both small and large crops occur.
    expect(Math.min(...fractions)).toBeLessThan(cfg.areaMin + 0.05);
    expect(Math.max(...fractions)).toBeGreaterThan(cfg.areaMax - 0.1);
  }

  it('keeps area fraction and aspect ratio in range over 2000 draws (1000 px: tight)', () => {
    checkRanges(1000, paper, 2000);
    const boxes = sampleCropBoxes(new Rng(5), 2000, 1000, 1000, paper);
    for (const b of boxes) {
      expect(b.areaFraction).toBeGreaterThanOrEqual(paper.areaMin - 2e-3);
      expect(b.areaFraction).toBeLessThanOrEqual(paper.areaMax);
      expect(b.aspectRatio).toBeGreaterThanOrEqual(paper.ratioMin - 5e-3);
      expect(b.aspectRatio).toBeLessThanOrEqual(paper.ratioMax + 5e-3);
    }
  });

  it('keeps area fraction and aspect ratio in range over 2000 draws (32 px, other ranges)', () => {
    checkRanges(32, paper, 2000);
    checkRanges(32, { enabled: true, areaMin: 0.3, areaMax: 0.6, ratioMin: 0.5, ratioMax: 2 }, 2000);
  });

  it('draws the log of the aspect ratio uniformly: about half the crops are wider than high', () => {
    const boxes = sampleCropBoxes(new Rng(9), 2000, 1000, 1000, { ...paper, areaMin: 0.2, areaMax: 0.5 });
    const wide = boxes.filter((b) => b.aspectRatio > 1).length;
    expect(Math.abs(wide - 1000)).toBeLessThan(4 * Math.sqrt(500));
  });

  it('falls back to torchvision\'s central crop with the ratio clamped when nothing fits', () => {
    const cfg: CropConfig = { enabled: true, areaMin: 0.9, areaMax: 1, ratioMin: 3, ratioMax: 4 };
    const [b] = sampleCropBoxes(new Rng(1), 1, 10, 10, cfg);
    expect(b).toMatchObject({ top: 3, left: 0, height: 3, width: 10, fallback: true });
    const [wide] = sampleCropBoxes(new Rng(1), 1, 10, 10, { ...cfg, ratioMin: 0.25, ratioMax: 1 / 3 });
    expect(wide).toMatchObject({ top: 0, left: 3, height: 10, width: 3, fallback: true });
  });

  it('is reproducible from the seed', () => {
    expect(sampleCropBoxes(new Rng(3), 16, 32, 32, paper)).toEqual(sampleCropBoxes(new Rng(3), 16, 32, 32, paper));
    expect(sampleCropBoxes(new Rng(3), 16, 32, 32, paper)).not.toEqual(sampleCropBoxes(new Rng(4), 16, 32, 32, paper));
  });
});
