import { describe, expect, it } from 'vitest';
import { plotArea, nearestPoint, pixelX, pixelY, xAtPixel, toPixels } from '../../../src/ui/charts/plotArea';
import { CHART_HEIGHT, X_AXIS_HEIGHT, Y_AXIS_WIDTH } from '../../../src/ui/charts/chartStyle';

describe('plot area', () => {
  const area = plotArea(400);
  const domains = { x: [0, 100] as const, y: [0, 2] as const };

  it('leaves room for the value axis on the left and the step axis below', () => {
    expect(area.left).toBe(Y_AXIS_WIDTH);
    expect(area.top + area.height).toBe(CHART_HEIGHT - X_AXIS_HEIGHT);
    expect(plotArea(10).width).toBe(0);
  });

  it('maps the domains onto the box, larger values higher up, and back', () => {
    expect(pixelX(0, domains, area)).toBe(area.left);
    expect(pixelX(100, domains, area)).toBe(area.left + area.width);
    expect(pixelY(0, domains, area)).toBe(area.top + area.height);
    expect(pixelY(2, domains, area)).toBe(area.top);
    expect(xAtPixel(pixelX(37, domains, area), domains, area)).toBeCloseTo(37, 9);
    expect(toPixels([{ x: 50, y: null }], domains, area)).toEqual([{ x: area.left + area.width / 2, y: null }]);
  });

  it('finds the nearest point with a value', () => {
    const points = [{ x: 1, y: 1 }, { x: 2, y: null }, { x: 4, y: 3 }, { x: 9, y: 2 }];
    expect(nearestPoint(points, 0)).toBe(0);
    expect(nearestPoint(points, 2)).toBe(0); // step 2 has no value: 1 is nearer than 4
    expect(nearestPoint(points, 2.6)).toBe(2);
    expect(nearestPoint(points, 6.4)).toBe(2);
    expect(nearestPoint(points, 6.6)).toBe(3);
    expect(nearestPoint(points, 50)).toBe(3);
    expect(nearestPoint([{ x: 1, y: null }], 1)).toBe(-1);
    expect(nearestPoint([], 1)).toBe(-1);
  });
});
