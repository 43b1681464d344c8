import { describe, expect, it } from 'vitest';
import { niceDomain, niceStep, stepAxisEnd, stepAxisTicks, tickFormat } from '../../../src/ui/charts/scale';
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

  it('ends a step axis on a ladder of round values, with whole-number ticks that end on it', () => {
    expect([0, 1, 2, 3, 4, 6, 9, 11, 16, 21, 31, 51, 76, 101, 751, 1001].map(stepAxisEnd)).toEqual([
      1, 1, 2, 3, 5, 8, 10, 15, 20, 30, 50, 75, 100, 150, 1000, 1500,
    ]);
    expect(stepAxisTicks(1, 75, 6)).toEqual([25, 50, 75]);
    expect(stepAxisTicks(1, 150, 6)).toEqual([25, 50, 75, 100, 125, 150]);
    expect(stepAxisTicks(1, 150, 4)).toEqual([50, 100, 150]);
    expect(stepAxisTicks(0, 1000, 6)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(stepAxisTicks(1, 8, 5)).toEqual([2, 4, 6, 8]);
    expect(stepAxisTicks(5, 5)).toEqual([5]);
    for (const count of [3, 4, 5, 6, 8, 12]) {
      for (const last of [2, 7, 13, 40, 99, 140, 700, 2600, 41000]) {
        const end = stepAxisEnd(last);
        const ticks = stepAxisTicks(1, end, count);
        expect(ticks.at(-1), `${last} / ${count}`).toBe(end);
        expect(ticks.length).toBeLessThanOrEqual(count);
        expect(ticks.every((t) => Number.isInteger(t))).toBe(true);
      }
    }
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

  it('changes the step axis a few times per power of ten as a run grows, keeping the run over 60% of its width', () => {
    let last: ReturnType<typeof metricAxes> | undefined;
    const changedAt: number[] = [];
    const points: { x: number; y: number }[] = [];
    for (let step = 1; step <= 2000; step++) {
      points.push({ x: step, y: 1 });
      const axes = metricAxes([[], points], { xTickCount: 6 }, last);
      if (axes.x.domain !== last?.x.domain || axes.x.ticks !== last?.x.ticks) changedAt.push(step);
      const [x0, x1] = axes.x.domain;
      expect(x1).toBeGreaterThanOrEqual(step);
      if (step > 4) expect((step - x0) / (x1 - x0)).toBeGreaterThanOrEqual(0.6);
      last = axes;
    }
    // Ending on the next tick instead changed it 13 times between steps 21 and 150 alone.
    expect(changedAt.filter((s) => s > 20 && s <= 150)).toEqual([21, 31, 51, 76, 101]);
    expect(changedAt.length).toBeLessThanOrEqual(22);
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
