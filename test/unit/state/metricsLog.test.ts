import { describe, expect, it } from 'vitest';
import { appendMetrics, chartSeries, EMPTY_METRICS, EMPTY_RATE, meanPoint, trackRate } from '../../../src/state/metricsLog';
import { metric } from './fakes';

describe('metrics log', () => {
  it('keeps every step in the history and a bounded chart of bucket means', () => {
    let view = EMPTY_METRICS;
    for (let s = 1; s <= 1000; s += 10) {
      view = appendMetrics(view, Array.from({ length: 10 }, (_, i) => metric(s + i, s + i)), 64);
    }
    expect(view.history).toHaveLength(1000);
    expect(view.chart.length).toBeLessThanOrEqual(64);
    expect(view.chart.length).toBeGreaterThan(16);
    // Each point is the mean of its bucket: loss = step here, so the mean lies inside the bucket.
    for (const p of view.chart) expect(p.loss).toBeLessThanOrEqual(p.step);
    expect(view.chart[view.chart.length - 1]!.step).toBeLessThanOrEqual(1000);
    const series = chartSeries(view);
    expect(series[series.length - 1]!.step).toBe(1000);
  });

  it('does not change the view it was given', () => {
    const a = appendMetrics(EMPTY_METRICS, [metric(1)]);
    const b = appendMetrics(a, [metric(2)]);
    expect(a.history).toHaveLength(1);
    expect(b.history).toHaveLength(2);
    expect(appendMetrics(b, [])).toBe(b);
  });

  it('averages every number of a bucket', () => {
    const p = meanPoint([metric(1, 2), metric(2, 4)]);
    expect(p.step).toBe(2);
    expect(p.loss).toBe(3);
    expect(() => meanPoint([])).toThrow();
  });

  it('measures steps per second over a sliding window', () => {
    let rate = trackRate(EMPTY_RATE, 0, 0, 0);
    rate = trackRate(rate, 1000, 10, 100);
    rate = trackRate(rate, 2000, 30, 200);
    expect(rate.stepsPerSecond).toBeCloseTo(15);
    expect(rate.imagesPerSecond).toBe(200);
    rate = trackRate(rate, 10_000, 50, 200); // older samples fall out of the 3 s window
    expect(rate.samples).toHaveLength(1);
    rate = trackRate(rate, 11_000, 60, 200);
    expect(rate.stepsPerSecond).toBeCloseTo(10);
  });
});
