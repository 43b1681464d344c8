import { describe, expect, it } from 'vitest';
import { CALM_MS, MAX_SLOWDOWN, Slowdown, waitForSlot } from '../../../src/ui/charts/useChartFeed';

describe('chart slots', () => {
  it('waits for the next time at the offset past a multiple of the period', () => {
    expect(waitForSlot(0, 1000, 0)).toBe(0);
    expect(waitForSlot(1250, 1000, 200)).toBe(950);
    expect(waitForSlot(1150, 1000, 200)).toBe(50);
    expect(waitForSlot(5999, 1000, 800)).toBe(801);
  });

  it('puts charts with different offsets in different slots, however the data arrives', () => {
    for (const now of [0, 137, 999, 12_345.6]) {
      const times = [0, 200, 400, 600, 800].map((offset) => now + waitForSlot(now, 1000, offset));
      for (let i = 0; i < times.length; i++) for (let j = 0; j < i; j++) expect(Math.abs(times[i]! - times[j]!) % 1000).toBeGreaterThanOrEqual(200 - 1e-6);
    }
  });
});

describe('slowing down under long tasks', () => {
  it('doubles per long task up to the cap, and recovers after a calm spell', () => {
    const s = new Slowdown();
    expect(s.factor(0)).toBe(1);
    s.longTask(1000);
    expect(s.factor(1000)).toBe(2);
    s.longTask(2000);
    s.longTask(3000);
    s.longTask(4000);
    expect(s.factor(4000)).toBe(MAX_SLOWDOWN);
    expect(s.factor(4000 + CALM_MS - 1)).toBe(MAX_SLOWDOWN);
    expect(s.factor(4000 + CALM_MS + 1)).toBe(1);
    s.longTask(4000 + 2 * CALM_MS);
    expect(s.factor(4000 + 2 * CALM_MS)).toBe(2);
  });
});
