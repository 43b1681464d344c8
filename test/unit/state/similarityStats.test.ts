import { describe, expect, it } from 'vitest';
import { chanceLoss, positiveOf, similarityHistogram, splitPairs } from '../../../src/state/similarityStats';

/** 2N x 2N matrix: 1 on the diagonal, `pos` for positives, `neg` elsewhere. */
function matrix(n: number, pos: number, neg: number): Float32Array {
  const size = 2 * n;
  const m = new Float32Array(size * size).fill(neg);
  for (let r = 0; r < size; r++) {
    m[r * size + r] = 1;
    m[r * size + positiveOf(r, size)] = pos;
  }
  return m;
}

describe('similarity stats', () => {
  it('the chance line is ln(2N - 1)', () => {
    expect(chanceLoss(32)).toBeCloseTo(Math.log(63));
    expect(chanceLoss(1)).toBe(0);
  });

  it('positive of row k is row k + N mod 2N', () => {
    expect([0, 1, 2, 3, 4, 5].map((r) => positiveOf(r, 6))).toEqual([3, 4, 5, 0, 1, 2]);
  });

  it('splits one positive and 2N - 2 negatives per row, skipping the diagonal', () => {
    const { positives, negatives } = splitPairs(matrix(3, 0.9, -0.2), 6);
    expect(positives).toHaveLength(6);
    expect(negatives).toHaveLength(6 * 4);
    expect([...positives].every((v) => Math.abs(v - 0.9) < 1e-6)).toBe(true);
    expect([...negatives].every((v) => Math.abs(v + 0.2) < 1e-6)).toBe(true);
  });

  it('histograms each group to fractions that sum to 1', () => {
    const bins = similarityHistogram(matrix(4, 0.95, 0.05), 8, 20);
    expect(bins).toHaveLength(20);
    const sum = (k: 'positive' | 'negative') => bins.reduce((a, b) => a + b[k], 0);
    expect(sum('positive')).toBeCloseTo(1);
    expect(sum('negative')).toBeCloseTo(1);
    expect(bins.find((b) => b.positive === 1)!.x0).toBeCloseTo(0.9);
    expect(bins.find((b) => b.negative === 1)!.x0).toBeCloseTo(0.0);
    // +1 falls into the last bin, not past it.
    const edge = similarityHistogram(matrix(2, 1, -1), 4, 10);
    expect(edge[9]!.positive).toBe(1);
    expect(edge[0]!.negative).toBe(1);
  });
});
