/** Nearest neighbours by cosine of h: order, self-exclusion, ties, bad arguments. */
import { describe, expect, it } from 'vitest';
import { nearestNeighbours } from '../../../src/core/eval';

describe('nearestNeighbours', () => {
  // five 2-d rows at angles 0, 10, 30, 90 and 180 degrees (row 1 has a different length: cosine ignores it)
  const deg = [0, 10, 30, 90, 180];
  const rows = deg.flatMap((a, i) => [Math.cos((a * Math.PI) / 180) * (i === 1 ? 5 : 1), Math.sin((a * Math.PI) / 180) * (i === 1 ? 5 : 1)]);

  it('lists the most similar other rows first, with their cosines, never the row itself', () => {
    const { indices, scores } = nearestNeighbours(rows, 5, 2, 0, 3);
    expect(Array.from(indices)).toEqual([1, 2, 3]);
    expect(scores[0]).toBeCloseTo(Math.cos((10 * Math.PI) / 180), 6);
    expect(scores[1]).toBeCloseTo(Math.cos((30 * Math.PI) / 180), 6);
    expect(scores[2]).toBeCloseTo(0, 6);
    for (let i = 0; i < 5; i++) expect(Array.from(nearestNeighbours(rows, 5, 2, i, 4).indices)).not.toContain(i);
  });

  it('gives every other row when k is larger than the dataset, in descending similarity', () => {
    const { indices, scores } = nearestNeighbours(rows, 5, 2, 3, 10);
    expect(indices.length).toBe(4);
    for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeLessThanOrEqual(scores[i - 1]!);
    expect(Array.from(indices.slice(0, 2))).toEqual([2, 1]);
    expect(new Set(indices)).toEqual(new Set([0, 1, 2, 4]));
  });

  it('breaks ties by the lower index and treats a zero row as similarity 0', () => {
    const data = [1, 0, 1, 0, 0, 0, 1, 0];
    const { indices, scores } = nearestNeighbours(data, 4, 2, 0, 3);
    expect(Array.from(indices)).toEqual([1, 3, 2]);
    expect(Array.from(scores)).toEqual([1, 1, 0]);
  });

  it('names bad arguments', () => {
    expect(() => nearestNeighbours(rows, 5, 2, 5, 1)).toThrow(/index 5 is outside 0\.\.4/);
    expect(() => nearestNeighbours(rows, 5, 2, -1, 1)).toThrow(/outside/);
    expect(() => nearestNeighbours(rows, 5, 2, 0, 0)).toThrow(/k must/);
    expect(() => nearestNeighbours(rows, 4, 2, 0, 1)).toThrow(/10 values for 4 x 2/);
  });
});
