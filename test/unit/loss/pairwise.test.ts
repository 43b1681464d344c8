/**
 * NT-Logistic and the margin triplet loss (paper Tables 2 and 4) from their
 * formulas: a naive float64 loop reference (with and without semi-hard mining,
 * with and without l2 normalisation), analytic cases (all-equal embeddings,
 * perfectly separated embeddings, a hand-computed N = 2 batch), gradients
 * against finite differences of the reference, which negatives semi-hard mining
 * picks, argument checks, the config dispatcher, and no leaked tensors.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import {
  chanceLoss, contrastiveLoss, marginTripletLoss, negativeMask, ntLogisticLoss, ntXentLoss, resolveLoss,
} from '../../../src/core/loss';
import { Rng } from '../../../src/core/random';

type Kind = 'nt-logistic' | 'margin-triplet';
interface RefOptions { tau: number; margin: number; semiHard: boolean; normalize: boolean }

const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);

/** Negatives anchor i uses, by the definition: semi-hard window, else the hardest (first on ties); all without mining. */
function naiveNegatives(s: number[][], i: number, margin: number, semiHard: boolean): number[] {
  const twoN = s.length;
  const p = (i + twoN / 2) % twoN;
  const all: number[] = [];
  for (let k = 0; k < twoN; k++) if (k !== i && k !== p) all.push(k);
  if (!semiHard) return all;
  const semi = all.filter((k) => s[i]![k]! < s[i]![p]! && s[i]![k]! > s[i]![p]! - margin);
  if (semi.length > 0) return semi;
  let best = all[0]!;
  for (const k of all) if (s[i]![k]! > s[i]![best]!) best = k;
  return [best];
}

function similarities(z: number[][], normalize: boolean): number[][] {
  const rows = normalize ? z.map((r) => { const n = Math.hypot(...r); return r.map((v) => v / n); }) : z;
  return rows.map((a) => rows.map((b) => dot(a, b)));
}

/** The loss straight from its formula, in float64 loops. */
function naiveLoss(kind: Kind, z: number[][], o: RefOptions): number {
  const s = similarities(z, o.normalize);
  const twoN = z.length;
  let total = 0;
  for (let i = 0; i < twoN; i++) {
    const p = (i + twoN / 2) % twoN;
    const negatives = naiveNegatives(s, i, o.margin, o.semiHard);
    let neg = 0;
    for (const k of negatives) {
      neg += kind === 'nt-logistic' ? -Math.log(1 / (1 + Math.exp(s[i]![k]! / o.tau))) : Math.max(0, s[i]![k]! - s[i]![p]! + o.margin);
    }
    neg /= negatives.length;
    const pos = kind === 'nt-logistic' ? -Math.log(1 / (1 + Math.exp(-s[i]![p]! / o.tau))) : 0;
    total += pos + neg;
  }
  return total / twoN;
}

function lossOf(kind: Kind, z: tf.Tensor2D, o: RefOptions): tf.Scalar {
  const opts = { normalize: o.normalize, margin: o.margin, semiHard: o.semiHard };
  return kind === 'nt-logistic' ? ntLogisticLoss(z, o.tau, opts) : marginTripletLoss(z, opts);
}

function randomRows(rng: Rng, rows: number, cols: number, scale = 1): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * rng.normal()));
}

async function value(t: tf.Scalar): Promise<number> {
  const v = (await t.data())[0]!;
  t.dispose();
  return v;
}

const KINDS: Kind[] = ['nt-logistic', 'margin-triplet'];

describe('NT-Logistic and margin triplet against a naive loop reference', () => {
  for (const kind of KINDS) {
    for (const semiHard of [false, true]) {
      it(`${kind}${semiHard ? ' with semi-hard mining' : ''} matches the reference over random batches`, async () => {
        const rng = new Rng(kind === 'nt-logistic' ? 11 : 12);
        for (const [n, d, tau, margin] of [[2, 3, 0.5, 0.5], [5, 7, 0.1, 0.3], [8, 4, 1.0, 1.2], [3, 16, 0.2, 0.05]] as const) {
          for (const normalize of [true, false]) {
            const rows = randomRows(rng, 2 * n, d, normalize ? 1 : 0.4);
            const o = { tau, margin, semiHard, normalize };
            const z = tf.tensor2d(rows);
            const got = await value(lossOf(kind, z, o));
            z.dispose();
            const want = naiveLoss(kind, rows, o);
            expect(Math.abs(got - want), `N=${n} D=${d} tau=${tau} m=${margin} normalize=${normalize}: ${got} vs ${want}`)
              .toBeLessThan(1e-4 * Math.max(1, Math.abs(want)));
          }
        }
      });
    }
  }

  it('with semi-hard mining differs from without on a batch where some negatives fall outside the window', async () => {
    const rows = randomRows(new Rng(5), 12, 4);
    const z = tf.tensor2d(rows);
    const o = { tau: 0.5, margin: 0.2, normalize: true };
    for (const kind of KINDS) {
      const all = await value(lossOf(kind, z, { ...o, semiHard: false }));
      const semi = await value(lossOf(kind, z, { ...o, semiHard: true }));
      expect(Math.abs(all - semi)).toBeGreaterThan(1e-3);
    }
    z.dispose();
  });
});

describe('analytic cases', () => {
  it('all-equal embeddings: NT-Logistic is softplus(-1/tau) + softplus(1/tau), margin triplet is the margin (mining or not)', async () => {
    for (const n of [2, 5]) {
      for (const semiHard of [false, true]) {
        const z = tf.ones([2 * n, 6]) as tf.Tensor2D;
        for (const tau of [0.1, 0.5, 2]) {
          const want = softplus(-1 / tau) + softplus(1 / tau);
          expect(await value(ntLogisticLoss(z, tau, { semiHard }))).toBeCloseTo(want, 4);
          expect(chanceLoss({ kind: 'nt-logistic', temperature: tau, normalize: true }, n)).toBeCloseTo(want, 10);
        }
        for (const margin of [0.1, 0.5, 1.5]) expect(await value(marginTripletLoss(z, { margin, semiHard }))).toBeCloseTo(margin, 5);
        z.dispose();
      }
    }
  });

  it('perfectly separated embeddings (identical views, orthogonal images): triplet 0 below margin 1, m - 1 above; NT-Logistic softplus(-1/tau) + ln 2', async () => {
    const n = 4;
    const z = tf.tidy(() => { const e = tf.eye(n, 8); return tf.concat([e, e]) as tf.Tensor2D; });
    expect(await value(marginTripletLoss(z, { margin: 0.5 }))).toBeCloseTo(0, 6);
    expect(await value(marginTripletLoss(z, { margin: 0.99 }))).toBeCloseTo(0, 6);
    expect(await value(marginTripletLoss(z, { margin: 1.5 }))).toBeCloseTo(0.5, 5);
    for (const tau of [0.1, 0.5]) expect(await value(ntLogisticLoss(z, tau))).toBeCloseTo(softplus(-1 / tau) + Math.log(2), 4);
    z.dispose();
  });

  it('a hand-computed N = 2 batch', async () => {
    // Unit rows in 2-D: view 1 of images 0, 1 = a, b; view 2 = a', b'.
    //   a = (1, 0), b = (0, 1), a' = (0.6, 0.8), b' = (0.8, -0.6)
    // Similarities: s(a,a') = 0.6, s(a,b) = 0, s(a,b') = 0.8
    //               s(b,b') = -0.6, s(b,a) = 0, s(b,a') = 0.8
    //               s(a',a) = 0.6, s(a',b) = 0.8, s(a',b') = 0
    //               s(b',b) = -0.6, s(b',a) = 0.8, s(b',a') = 0
    // Triplet, m = 0.5: per anchor mean over its two negatives of max(0, s_neg - s_pos + m):
    //   a: (max(0, 0-0.6+0.5) + max(0, 0.8-0.6+0.5)) / 2 = (0 + 0.7) / 2 = 0.35
    //   b: (max(0, 0+0.6+0.5) + max(0, 0.8+0.6+0.5)) / 2 = (1.1 + 1.9) / 2 = 1.5
    //   a': (max(0, 0.8-0.6+0.5) + max(0, 0-0.6+0.5)) / 2 = 0.35
    //   b': (max(0, 0.8+0.6+0.5) + max(0, 0+0.6+0.5)) / 2 = 1.5
    //   mean = (0.35 + 1.5 + 0.35 + 1.5) / 4 = 0.925
    // Semi-hard, m = 0.5: window (s_pos - 0.5, s_pos):
    //   a: (0.1, 0.6): neither 0 nor 0.8 -> hardest 0.8: max(0, 0.7) = 0.7
    //   b: (-1.1, -0.6): neither 0 nor 0.8 -> hardest 0.8: 1.9
    //   a', b' likewise 0.7, 1.9 -> mean 1.3
    const z = tf.tensor2d([[1, 0], [0, 1], [0.6, 0.8], [0.8, -0.6]]);
    expect(await value(marginTripletLoss(z, { margin: 0.5 }))).toBeCloseTo(0.925, 5);
    expect(await value(marginTripletLoss(z, { margin: 0.5, semiHard: true }))).toBeCloseTo(1.3, 5);
    // NT-Logistic, tau = 1: anchor a: softplus(-0.6) + (softplus(0) + softplus(0.8)) / 2, and so on.
    const a = softplus(-0.6) + (softplus(0) + softplus(0.8)) / 2;
    const b = softplus(0.6) + (softplus(0) + softplus(0.8)) / 2;
    expect(await value(ntLogisticLoss(z, 1))).toBeCloseTo((a + b) / 2, 5);
    z.dispose();
  });

  it('is unchanged when the two views are swapped', async () => {
    const rows = randomRows(new Rng(8), 10, 5);
    const z = tf.tensor2d(rows);
    const swapped = tf.tensor2d([...rows.slice(5), ...rows.slice(0, 5)]);
    for (const kind of KINDS) {
      for (const semiHard of [false, true]) {
        const o = { tau: 0.3, margin: 0.4, semiHard, normalize: true };
        expect(await value(lossOf(kind, swapped, o))).toBeCloseTo(await value(lossOf(kind, z, o)), 5);
      }
    }
    tf.dispose([z, swapped]);
  });
});

describe('semi-hard negative mining', () => {
  async function maskOf(s: number[][], margin: number, semiHard = true): Promise<number[][]> {
    const t = tf.tensor2d(s);
    const m = negativeMask(t, { semiHard, margin });
    const out = (await m.array()) as number[][];
    tf.dispose([t, m]);
    return out;
  }

  it('keeps exactly the negatives with s_pos - m < s_neg < s_pos (both edges excluded)', async () => {
    // 2N = 6, N = 3: the positive of row i is column (i + 3) mod 6. Margin 0.5; every value is exact in float32.
    const s = [
      [1, 0.5, 0.75, 0.75, 0.25, 0.875], // pos 0.75, window (0.25, 0.75): col 1; col 2 equals the positive, col 4 on the lower edge, col 5 too hard
      [0.375, 1, 0.125, -0.25, 0.5, 0.625], // pos 0.5, window (0, 0.5): cols 0, 2
      [-0.125, -0.5, 1, 0.25, -0.375, 0], // pos 0, window (-0.5, 0): cols 0, 4; col 1 on the edge
      [0.875, 0.375, 0.25, 1, 1, 0.875], // pos 0.875, window (0.375, 0.875): none (edges, equal, too easy, too hard) -> hardest, col 4
      [0.125, 0.25, 0.25, -0.25, 1, 0], // pos 0.25, window (-0.25, 0.25): cols 0, 5; col 2 equals the positive, col 3 on the edge
      [-0.625, -0.75, -0.5, -1, 0.5, 1], // pos -0.5, window (-1, -0.5): cols 0, 1; col 3 on the edge, col 4 too hard
    ];
    const mask = await maskOf(s, 0.5);
    expect(mask).toEqual([
      [0, 1, 0, 0, 0, 0],
      [1, 0, 1, 0, 0, 0],
      [1, 0, 0, 0, 1, 0],
      [0, 0, 0, 0, 1, 0],
      [1, 0, 0, 0, 0, 1],
      [1, 1, 0, 0, 0, 0],
    ]);
    // The naive reference of the loss tests agrees with the tensor version.
    expect(s.map((_, i) => {
      const chosen = naiveNegatives(s, i, 0.5, true);
      return s.map((__, k) => (chosen.includes(k) ? 1 : 0));
    })).toEqual(mask);
  });

  it('falls back to the single hardest negative when none is semi-hard (all too hard, or all too easy)', async () => {
    const tooHard = [
      [1, 0.9, 0.2, 0.95], // pos col 2 = 0.2; negatives 0.9 and 0.95 both above it -> hardest col 3
      [0.9, 1, 0.7, 0.1],
      [0.2, 0.7, 1, 0.3],
      [0.95, 0.1, 0.3, 1],
    ];
    const mask = await maskOf(tooHard, 0.3);
    expect(mask[0]).toEqual([0, 0, 0, 1]);
    // Row 1: pos col 3 = 0.1; negatives col 0 (0.9), col 2 (0.7): both too hard -> col 0.
    expect(mask[1]).toEqual([1, 0, 0, 0]);
    const tooEasy = [
      [1, -0.5, 0.9, -0.4], // pos 0.9, window (0.8, 0.9): none -> hardest col 3 (-0.4)
      [-0.5, 1, 0.0, 0.9],
      [0.9, 0.0, 1, 0.1],
      [-0.4, 0.9, 0.1, 1],
    ];
    expect((await maskOf(tooEasy, 0.1))[0]).toEqual([0, 0, 0, 1]);
    // Ties: the first hardest column.
    const ties = [[1, 0.5, 0.2, 0.5], [0.5, 1, 0.5, 0.2], [0.2, 0.5, 1, 0.5], [0.5, 0.2, 0.5, 1]];
    expect((await maskOf(ties, 0.1))[0]).toEqual([0, 1, 0, 0]);
  });

  it('without mining marks every negative: all but the anchor and its positive', async () => {
    const s = randomRows(new Rng(2), 6, 6);
    const mask = await maskOf(s, 0.5, false);
    for (let i = 0; i < 6; i++) for (let k = 0; k < 6; k++) expect(mask[i]![k]).toBe(k === i || k === (i + 3) % 6 ? 0 : 1);
  });
});

describe('gradients', () => {
  /** d loss / d z by central differences of the float64 reference. */
  function numericGradient(kind: Kind, rows: number[][], o: RefOptions, eps = 1e-6): number[][] {
    return rows.map((row, i) => row.map((_, j) => {
      const plus = rows.map((r) => [...r]);
      const minus = rows.map((r) => [...r]);
      plus[i]![j]! += eps;
      minus[i]![j]! -= eps;
      return (naiveLoss(kind, plus, o) - naiveLoss(kind, minus, o)) / (2 * eps);
    }));
  }

  for (const kind of KINDS) {
    for (const semiHard of [false, true]) {
      it(`${kind}${semiHard ? ' (semi-hard)' : ''}: tf.grad matches finite differences of the reference`, async () => {
        const rng = new Rng(kind === 'nt-logistic' ? 21 : 22);
        let checked = 0;
        for (const normalize of [true, false]) {
          const rows = randomRows(rng, 8, 5, normalize ? 1 : 0.5);
          const o = { tau: 0.5, margin: 0.4, semiHard, normalize };
          const z = tf.tensor2d(rows);
          const g = tf.grad((x: tf.Tensor) => lossOf(kind, x as tf.Tensor2D, o))(z);
          const got = (await g.array()) as number[][];
          tf.dispose([z, g]);
          const want = numericGradient(kind, rows, o);
          const scale = Math.max(...want.flat().map(Math.abs));
          expect(scale).toBeGreaterThan(1e-3);
          for (let i = 0; i < rows.length; i++) {
            for (let j = 0; j < rows[0]!.length; j++) {
              expect(Math.abs(got[i]![j]! - want[i]![j]!), `d/dz[${i}][${j}] normalize=${normalize}`).toBeLessThan(2e-3 * scale + 1e-5);
              checked++;
            }
          }
        }
        expect(checked).toBe(80);
      });
    }
  }
});

describe('contrastiveLoss (the config dispatcher)', () => {
  it('calls the loss config.kind names, and NT-Xent when kind is absent (older configs)', async () => {
    const z = tf.tensor2d(randomRows(new Rng(4), 8, 6));
    const base = { temperature: 0.3, normalize: true, margin: 0.4, semiHard: true };
    expect(await value(contrastiveLoss(z, { ...base }))).toBeCloseTo(await value(ntXentLoss(z, 0.3)), 6);
    expect(await value(contrastiveLoss(z, { ...base, kind: 'nt-xent' }))).toBeCloseTo(await value(ntXentLoss(z, 0.3)), 6);
    expect(await value(contrastiveLoss(z, { ...base, kind: 'nt-logistic' })))
      .toBeCloseTo(await value(ntLogisticLoss(z, 0.3, { margin: 0.4, semiHard: true })), 6);
    expect(await value(contrastiveLoss(z, { ...base, kind: 'margin-triplet' })))
      .toBeCloseTo(await value(marginTripletLoss(z, { margin: 0.4, semiHard: true })), 6);
    z.dispose();
    expect(resolveLoss({ temperature: 0.5, normalize: true })).toEqual({ kind: 'nt-xent', temperature: 0.5, normalize: true, margin: 0.5, semiHard: false });
    expect(chanceLoss({ temperature: 0.5, normalize: true }, 8)).toBeCloseTo(Math.log(15), 10);
    expect(chanceLoss({ kind: 'margin-triplet', temperature: 0.5, normalize: true, margin: 0.3 }, 8)).toBe(0.3);
  });

  it('refuses batches with no negatives, bad temperatures and bad margins, naming the argument', () => {
    const two = tf.ones([2, 3]) as tf.Tensor2D;
    const four = tf.ones([4, 3]) as tf.Tensor2D;
    expect(() => ntLogisticLoss(two, 0.5)).toThrow(/2N >= 4/);
    expect(() => marginTripletLoss(two)).toThrow(/2N >= 4/);
    expect(() => ntLogisticLoss(four, 0)).toThrow(/temperature/);
    expect(() => marginTripletLoss(four, { margin: 0 })).toThrow(/margin/);
    expect(() => ntLogisticLoss(four, 0.5, { margin: Number.NaN })).toThrow(/margin/);
    tf.dispose([two, four]);
  });
});

describe('memory', () => {
  it('leaves no tensors behind: forward, gradient, and mask', async () => {
    const z = tf.tensor2d(randomRows(new Rng(6), 8, 4));
    const variable = tf.variable(z, true);
    const run = async () => {
      for (const kind of KINDS) {
        for (const semiHard of [false, true]) {
          const o = { tau: 0.5, margin: 0.4, semiHard, normalize: true };
          await value(lossOf(kind, z, o));
          const g = tf.grad((x: tf.Tensor) => lossOf(kind, x as tf.Tensor2D, o))(z);
          await g.data();
          g.dispose();
          const { value: v, grads } = tf.variableGrads(() => lossOf(kind, variable as tf.Tensor2D, o), [variable]);
          tf.dispose([v, ...Object.values(grads)]);
        }
      }
    };
    await run();
    const before = tf.memory().numTensors;
    await run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, variable]);
  });
});
