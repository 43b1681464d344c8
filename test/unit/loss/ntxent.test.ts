/**
 * NT-Xent from its formula: a naive loop reference, analytic cases (identical
 * orthogonal views, all-equal embeddings give ln(2N-1)), symmetry under swapping
 * the views, the two layouts agreeing, argument checks and no leaked tensors.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import {
  contrastiveDiagnostics, ntXentLoss, ntXentLossPositiveFirst, positiveFirstIndices, swapViews,
} from '../../../src/core/loss';
import { Rng } from '../../../src/core/random';

/** The loss straight from the paper's formula, in float64 loops. z: 2N rows of D. */
function naiveNtXent(z: number[][], tau: number, normalize: boolean): number {
  const rows = normalize ? z.map((r) => { const n = Math.hypot(...r); return r.map((v) => v / n); }) : z;
  const twoN = rows.length;
  const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
  let total = 0;
  for (let i = 0; i < twoN; i++) {
    const j = (i + twoN / 2) % twoN;
    let denominator = 0;
    for (let k = 0; k < twoN; k++) if (k !== i) denominator += Math.exp(dot(rows[i]!, rows[k]!) / tau);
    total += -Math.log(Math.exp(dot(rows[i]!, rows[j]!) / tau) / denominator);
  }
  return total / twoN;
}

function randomRows(rng: Rng, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.normal()));
}

async function value(t: tf.Scalar): Promise<number> {
  const v = (await t.data())[0]!;
  t.dispose();
  return v;
}

describe('NT-Xent', () => {
  it('matches a naive loop reference, with and without l2 normalisation', async () => {
    const rng = new Rng(3);
    for (const [n, d, tau] of [[2, 3, 0.5], [5, 7, 0.1], [8, 4, 1.0]] as const) {
      const rows = randomRows(rng, 2 * n, d);
      const z = tf.tensor2d(rows);
      expect(await value(ntXentLoss(z, tau))).toBeCloseTo(naiveNtXent(rows, tau, true), 4);
      const small = rows.map((r) => r.map((v) => v * 0.3));
      const zs = tf.tensor2d(small);
      expect(await value(ntXentLoss(zs, tau, { normalize: false }))).toBeCloseTo(naiveNtXent(small, tau, false), 3);
      tf.dispose([z, zs]);
    }
  });

  it('gives -log(e^(1/tau) / (e^(1/tau) + 2N - 2)) for identical views of orthogonal embeddings', async () => {
    const n = 6;
    const tau = 0.5;
    const z = tf.tidy(() => { const e = tf.eye(n, 10); return tf.concat([e, e]) as tf.Tensor2D; });
    const want = -Math.log(Math.exp(1 / tau) / (Math.exp(1 / tau) + 2 * n - 2));
    expect(await value(ntXentLoss(z, tau))).toBeCloseTo(want, 5);
    const d = contrastiveDiagnostics(z, tau);
    expect((await d.accuracy.data())[0]).toBe(1);
    expect((await d.meanPositive.data())[0]).toBeCloseTo(1, 6);
    expect((await d.meanNegative.data())[0]).toBeCloseTo(0, 6);
    tf.dispose([z, d.accuracy, d.entropy, d.meanPositive, d.meanNegative, d.similarity]);
  });

  it('gives the chance line ln(2N-1) and maximal entropy when all embeddings are equal', async () => {
    for (const n of [2, 4, 16]) {
      const z = tf.ones([2 * n, 8]) as tf.Tensor2D;
      expect(await value(ntXentLoss(z, 0.1))).toBeCloseTo(Math.log(2 * n - 1), 4);
      const d = contrastiveDiagnostics(z, 0.1);
      expect((await d.entropy.data())[0]).toBeCloseTo(Math.log(2 * n - 1), 4);
      tf.dispose([z, d.accuracy, d.entropy, d.meanPositive, d.meanNegative, d.similarity]);
    }
  });

  it('is unchanged when the two views are swapped', async () => {
    const z = tf.tensor2d(randomRows(new Rng(9), 10, 6));
    const swapped = swapViews(z);
    expect(await value(ntXentLoss(swapped, 0.2))).toBeCloseTo(await value(ntXentLoss(z, 0.2)), 5);
    tf.dispose([z, swapped]);
  });

  it('the positive-first layout gives the same loss as the masked form', async () => {
    const rng = new Rng(11);
    for (const normalize of [true, false]) {
      const z = tf.tensor2d(randomRows(rng, 12, 5));
      const masked = await value(ntXentLoss(z, 0.3, { normalize }));
      const positiveFirst = await value(ntXentLossPositiveFirst(z, 0.3, { normalize }));
      expect(Math.abs(masked - positiveFirst)).toBeLessThan(1e-5 * Math.max(1, masked));
      z.dispose();
    }
  });

  it('lays out each row as positive first, then the other columns in order', () => {
    // 2N = 4: row 0's positive is 2, negatives 1, 3; row 3's positive is 1, negatives 0, 2.
    expect(Array.from(positiveFirstIndices(4))).toEqual([2, 1, 3, 7, 4, 6, 8, 9, 11, 13, 12, 14]);
  });

  it('names the bad argument', () => {
    const odd = tf.zeros([3, 4]) as tf.Tensor2D;
    const ok = tf.zeros([4, 4]) as tf.Tensor2D;
    expect(() => ntXentLoss(odd, 0.5)).toThrow(/even number of rows/);
    expect(() => ntXentLoss(ok, 0)).toThrow(/temperature/);
    expect(() => ntXentLoss(tf.zeros([4]) as unknown as tf.Tensor2D, 0.5)).toThrow(/2-D/);
    tf.dispose([odd, ok]);
  });

  it('leaks no tensors in loss, gradient and diagnostics', async () => {
    const z = tf.tensor2d(randomRows(new Rng(1), 8, 4));
    const once = () => {
      const g = tf.grad((x: tf.Tensor) => ntXentLoss(x as tf.Tensor2D, 0.5))(z);
      const d = contrastiveDiagnostics(z, 0.5);
      tf.dispose([g, d.accuracy, d.entropy, d.meanPositive, d.meanNegative, d.similarity]);
      tf.dispose(ntXentLossPositiveFirst(z, 0.5));
    };
    once();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) once();
    expect(tf.memory().numTensors).toBe(before);
    z.dispose();
  });
});
