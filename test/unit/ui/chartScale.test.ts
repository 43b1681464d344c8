import { describe, expect, it } from 'vitest';
import { niceDomain, niceStep, stepTicks, tickFormat } from '../../../src/ui/charts/scale';
import { metricAxes } from '../../../src/ui/charts/MetricChart';

describe('chart scales', () => {
  it('picks nice steps and widens the domain to them', () => {
    expect(niceStep(1, 4)).toBe(0.25);
    expect(niceStep(4.2, 4)).toBe(2);
    expect(niceStep(0.003, 4)).toBe(0.001);
    expect(niceDomain(3.04, 4.15, 4)).toEqual({ domain: [3, 4.5], ticks: [3, 3.5, 4, 4.5] });
    expect(niceDomain(3.04, 3.9, 4)).toEqual({ domain: [3, 4], ticks: [3, 3.25, 3.5, 3.75, 4] });
    expect(niceDomain(0, 1, 4).ticks).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceDomain(0, 0.3, 4)).toEqual({ domain: [0, 0.3], ticks: [0, 0.1, 0.2, 0.3] });
    expect(niceDomain(2, 2).domain).toEqual([1.8, 2.2]);
    expect(niceDomain(NaN, 1).domain).toEqual([0, 1]);
  });

  it('gives whole-number step ticks', () => {
    expect(stepTicks(1, 100, 5)).toEqual([20, 40, 60, 80, 100]);
    expect(stepTicks(1, 3, 5)).toEqual([1, 2, 3]);
    expect(stepTicks(5, 5)).toEqual([5]);
  });
});

describe('metric chart axes', () => {
  const pts = (ys: (number | null)[], x0 = 1) => ys.map((y, i) => ({ x: x0 + i, y }));

  it('spans both runs and the reference line, with a few round ticks', () => {
    const axes = metricAxes([pts([4.5, 4.2, 3.1], 1), pts([4.0, 3.9])], { reference: Math.log(63), xTickCount: 4 });
    expect(axes.x.domain).toEqual([1, 3]);
    expect(axes.y.domain).toEqual([3, 4.5]);
    expect(axes.y.ticks).toEqual([3, 3.5, 4, 4.5]);
    expect(axes.y.ticks.length).toBeLessThanOrEqual(6);
  });

  it('keeps fixed bounds, skips gaps, and copes with no data', () => {
    const axes = metricAxes([pts([0.1, null, 0.4])], { yMin: 0, yMax: 1, xTickCount: 4 });
    expect(axes.y.domain).toEqual([0, 1]);
    expect(axes.y.ticks).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const empty = metricAxes([[]], { yMin: 0, xTickCount: 4 });
    expect(empty.x.domain).toEqual([0, 1]);
    expect(empty.y.domain[0]).toBe(0);
  });
});

describe('tick labels', () => {
  it('writes plain decimals, or powers of ten for a whole axis of tiny or huge values', () => {
    const plain = tickFormat([3, 3.5, 4]);
    expect([3, 3.5, 4, 0.25, 0].map(plain)).toEqual(['3', '3.5', '4', '0.25', '0']);
    const tiny = tickFormat([0, 2.5e-4, 5e-4, 7.5e-4, 1e-3]);
    expect([0, 2.5e-4, 5e-4, 7.5e-4, 1e-3].map(tiny)).toEqual(['0', '2.5e-4', '5e-4', '7.5e-4', '1e-3']);
    expect(tickFormat([0, 2e5])(2e5)).toBe('2e+5');
  });
});
