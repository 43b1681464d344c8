/**
 * Colour jitter and Gaussian blur keep every tensor shaped by the batch size B,
 * whichever images are jittered or blurred: GPU backends pool freed textures and
 * buffers by size and compile a program per shape, so tensors sized by the random
 * subset of active images (different at every step) would grow the pools and miss
 * the program cache. Inactive images still come out bit for bit as they went in,
 * and active ones exactly as when processed alone.
 *
 * B is 7 (prime) and H x W x C = 90 is not a multiple of 7, so a tensor built from
 * n < B of the images (n x 90 values, n x 30 pixels, ...) never has a size that is
 * a multiple of B.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { applyColorJitter, applyGaussianBlur, sampleColorJitter, type JitterFactors } from '../../../src/core/augment';
import { PAPER_AUGMENT } from '../../../src/core/config';
import { Rng } from '../../../src/core/random';
import { randomImages, row } from './helpers';

const B = 7;
const [H, W, C] = [5, 6, 3];
const paper = PAPER_AUGMENT.colorJitter;

interface KernelCall {
  name: string;
  outputShapes: number[][];
}

/** The kernels `fn` runs, with their output shapes (its result is disposed). */
async function kernelCalls(fn: () => tf.Tensor): Promise<KernelCall[]> {
  const info = await tf.profile(fn);
  tf.dispose(info.result);
  return info.kernels.map((k) => ({ name: k.name, outputShapes: k.outputShapes }));
}

/** Kernel calls with an output whose size is not a multiple of B, as readable strings. */
function notSizedByBatch(calls: readonly KernelCall[]): string[] {
  return calls
    .filter((k) => k.outputShapes.some((s) => s.reduce((a, v) => a * v, 1) % B !== 0))
    .map((k) => `${k.name} [${k.outputShapes.map((s) => s.join('x')).join(', ')}]`);
}

/** The float32 bit patterns of a tensor (tells -0 from 0 and compares NaN payloads). */
function bits(t: tf.Tensor): number[] {
  return Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer));
}

/** Jitter factors for every image (p = 1, random orders), with `skipped` images set to null. */
function jitterParams(seed: number, skipped: readonly number[]): { factors: (JitterFactors | null)[]; order: number[][] } {
  const params = sampleColorJitter(new Rng(seed), B, { ...paper, p: 1 });
  return { factors: params.factors.map((f, b) => (skipped.includes(b) ? null : f)), order: params.order };
}

describe('colour jitter with fixed shapes', () => {
  it('sizes every kernel output by B, in random orders with some images skipped', async () => {
    for (const seed of [1, 2, 3]) {
      const x = randomImages(seed, B, H, W, C);
      for (const skipped of [[1], [0, 3, 4], [2, 3, 4, 5, 6]]) {
        const { factors, order } = jitterParams(seed, skipped);
        const calls = await kernelCalls(() => applyColorJitter(x, factors, order));
        expect(calls.length).toBeGreaterThan(0);
        expect(notSizedByBatch(calls), `seed ${seed}, skipped [${skipped.join(', ')}]`).toEqual([]);
      }
      x.dispose();
    }
  });

  it('runs the same kernels on the same shapes whichever images are skipped (fixed order)', async () => {
    const x = randomImages(4, B, H, W, C);
    const { factors } = jitterParams(4, []);
    const skipSome = (skipped: number[]): (JitterFactors | null)[] => factors.map((f, b) => (skipped.includes(b) ? null : f));
    const a = await kernelCalls(() => applyColorJitter(x, skipSome([1, 4])));
    const b = await kernelCalls(() => applyColorJitter(x, skipSome([0, 2, 3, 5, 6])));
    expect(b).toEqual(a);
    expect(notSizedByBatch(a)).toEqual([]);
    x.dispose();
  });

  it('returns skipped images bit for bit and jittered ones exactly as jittered alone', () => {
    const x = randomImages(5, B, H, W, C);
    const { factors, order } = jitterParams(5, [0, 3, 6]);
    const y = applyColorJitter(x, factors, order);
    factors.forEach((f, b) => {
      const input = row(x, b);
      const want = f === null ? input : applyColorJitter(input, [f], [order[b]!]);
      expect(bits(row(y, b)), `image ${b}`).toEqual(bits(want));
    });
    tf.dispose([x, y]);
  });

  it('leaves no tensor behind: skipped images, all jittered, none jittered', () => {
    const x = randomImages(6, B, H, W, C);
    for (const skipped of [[2, 5], [], [0, 1, 2, 3, 4, 5, 6]]) {
      for (const randomOrder of [true, false]) {
        const { factors, order } = jitterParams(6, skipped);
        const before = tf.memory().numTensors;
        tf.dispose(applyColorJitter(x, factors, randomOrder ? order : undefined));
        expect(tf.memory().numTensors, `skipped [${skipped.join(', ')}], random order ${randomOrder}`).toBe(before);
      }
    }
    x.dispose();
  });
});

describe('Gaussian blur with fixed shapes', () => {
  const sigmasA = [0.6, null, 1.4, null, null, 2, 0.9];
  const sigmasB = [null, 1.1, null, 0.7, 1.8, null, null];

  it('runs the same kernels on the same shapes, all sized by B, whichever images are blurred', async () => {
    const x = randomImages(7, B, H, W, C);
    const a = await kernelCalls(() => applyGaussianBlur(x, sigmasA, 3));
    const b = await kernelCalls(() => applyGaussianBlur(x, sigmasB, 3));
    expect(b).toEqual(a);
    expect(notSizedByBatch(a)).toEqual([]);
    x.dispose();
  });

  it('returns unblurred images bit for bit and blurred ones exactly as blurred alone', () => {
    const x = randomImages(8, B, H, W, C);
    const y = applyGaussianBlur(x, sigmasA, [3, 5]);
    sigmasA.forEach((s, b) => {
      const input = row(x, b);
      const want = s === null ? input : applyGaussianBlur(input, [s], [3, 5]);
      expect(bits(row(y, b)), `image ${b}`).toEqual(bits(want));
    });
    tf.dispose([x, y]);
  });

  it('leaves no tensor behind: some, all and no images blurred', () => {
    const x = randomImages(9, B, H, W, C);
    for (const sigmas of [sigmasA, sigmasA.map((s) => s ?? 1), sigmasA.map(() => null)]) {
      const before = tf.memory().numTensors;
      tf.dispose(applyGaussianBlur(x, sigmas, 3));
      expect(tf.memory().numTensors).toBe(before);
    }
    x.dispose();
  });
});
