import { describe, expect, it } from 'vitest';
import { linePath, linearScale, niceDomain, niceStep, stepTicks } from '../../../src/ui/charts/svg/scale';
import { nearest } from '../../../src/ui/charts/svg/LineChartSvg';

describe('chart scales', () => {
  it('maps a domain onto a range, and a flat domain to the middle', () => {
    const s = linearScale([0, 10], [100, 0]);
    expect(s(0)).toBe(100);
    expect(s(2.5)).toBe(75);
    expect(linearScale([3, 3], [0, 10])(3)).toBe(5);
  });

  it('picks nice steps and widens the domain to them', () => {
    expect(niceStep(1, 4)).toBe(0.25);
    expect(niceStep(4.2, 4)).toBe(2);
    expect(niceStep(0.003, 4)).toBe(0.001);
    expect(niceDomain(3.04, 4.15, 4)).toEqual({ domain: [3, 4.5], ticks: [3, 3.5, 4, 4.5] });
    expect(niceDomain(3.04, 3.9, 4)).toEqual({ domain: [3, 4], ticks: [3, 3.25, 3.5, 3.75, 4] });
    expect(niceDomain(0, 1, 4).ticks).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceDomain(2, 2).domain).toEqual([1.8, 2.2]);
    expect(niceDomain(NaN, 1).domain).toEqual([0, 1]);
  });

  it('gives whole-number step ticks', () => {
    expect(stepTicks(1, 100, 5)).toEqual([0, 20, 40, 60, 80, 100].filter((t) => t >= 1));
    expect(stepTicks(1, 3, 5)).toEqual([1, 2, 3]);
    expect(stepTicks(5, 5)).toEqual([5]);
  });

  it('draws a path that breaks at missing values', () => {
    expect(linePath([0, 1, 2, 3], [5, NaN, 7, 8])).toBe('M0.0,5.0M2.0,7.0L3.0,8.0');
    expect(linePath([], [])).toBe('');
  });

  it('finds the nearest point by step', () => {
    const pts = [1, 2, 4, 8].map((x) => ({ x, y: x * 10 }));
    expect(nearest(pts, 5)?.x).toBe(4);
    expect(nearest(pts, 7)?.x).toBe(8);
    expect(nearest(pts, -3)?.x).toBe(1);
    expect(nearest([], 1)).toBeUndefined();
  });
});
