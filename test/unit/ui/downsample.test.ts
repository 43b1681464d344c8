import { describe, expect, it } from 'vitest';
import { downsampleMinMax, toPoints } from '../../../src/ui/charts/downsample';

const series = (ys: number[]) => ys.map((y, i) => ({ x: i, y }));
const y = (p: { y: number }) => p.y;

describe('min/max downsampling', () => {
  it('returns a short series as it is', () => {
    const s = series([3, 1, 2]);
    expect(downsampleMinMax(s, 300, y)).toBe(s);
  });

  it('caps the count and keeps the first and last points, in order', () => {
    let seed = 7;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const s = series(Array.from({ length: 10_000 }, () => noise()));
    for (const max of [4, 5, 50, 300, 301]) {
      const out = downsampleMinMax(s, max, y);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.length).toBeGreaterThan(max / 2);
      expect(out[0]).toBe(s[0]);
      expect(out[out.length - 1]).toBe(s[s.length - 1]);
      for (let i = 1; i < out.length; i++) expect(out[i]!.x).toBeGreaterThan(out[i - 1]!.x);
    }
  });

  it('keeps the lowest and highest point of every bucket', () => {
    // 2 + 4 * 25 points, 4 buckets of 25: one spike up and one down in each.
    const ys = Array.from({ length: 102 }, (_, i) => 10 + (i % 3) * 0.01);
    const spikes = [[5, 20], [30, 40], [60, 52], [90, 100]] as const;
    spikes.forEach(([up, down], k) => {
      ys[up] = 50 + k;
      ys[down] = -50 - k;
    });
    const out = downsampleMinMax(series(ys), 10, y);
    expect(out.map((p) => p.x)).toEqual([0, 5, 20, 30, 40, 52, 60, 90, 100, 101]);
    // The series' extremes are always kept, so the drawn range is the true range.
    expect(Math.max(...out.map(y))).toBe(Math.max(...ys));
    expect(Math.min(...out.map(y))).toBe(Math.min(...ys));
  });

  it('skips non-finite values when looking for extremes but keeps a gap a gap', () => {
    // Buckets of indices [1, 3), [3, 6) and [6, 9); the last has no finite value.
    const ys = [1, 4, 5, 2, 3, 0.5, NaN, NaN, NaN, 1];
    const out = downsampleMinMax(series(ys), 8, y);
    expect(out.map((p) => p.x)).toEqual([0, 1, 2, 4, 5, 6, 9]);
    expect(toPoints(out, (p) => p.x, y).filter((p) => p.y === null)).toEqual([{ x: 6, y: null }]);
  });

  it('makes chart points with null for missing values', () => {
    expect(toPoints([{ s: 1, v: 2 }, { s: 2, v: Infinity }], (m) => m.s, (m) => m.v)).toEqual([{ x: 1, y: 2 }, { x: 2, y: null }]);
  });
});
