/**
 * Where a chart's plot sits inside its recharts surface, and the map from
 * (x, value) to pixels there. The live data (a line, histogram bars) is drawn
 * by the page itself (LiveSeries.tsx, LiveBars.tsx), so it must land exactly
 * where recharts puts its axes: the area is the one recharts lays out from the
 * same margin, value-axis width and x-axis height (chartStyle.tsx), and both
 * axes are linear over the domains the chart hands recharts.
 */
import type { Point } from './downsample';
import { CHART_HEIGHT, CHART_MARGIN, X_AXIS_HEIGHT, Y_AXIS_WIDTH } from './chartStyle';

/** The plot's box in surface pixels: left and top edge, width and height. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Space around the plot for labels outside the axes, in pixels (recharts' `margin`). */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The plot box of a chart `surfaceWidth` pixels wide and `surfaceHeight` tall, with `margin`. */
export function plotArea(surfaceWidth: number, margin: Margin = CHART_MARGIN, surfaceHeight = CHART_HEIGHT): PlotArea {
  const left = margin.left + Y_AXIS_WIDTH;
  const top = margin.top;
  return {
    left,
    top,
    width: Math.max(0, surfaceWidth - left - margin.right),
    height: Math.max(0, surfaceHeight - top - margin.bottom - X_AXIS_HEIGHT),
  };
}

/** x (step, cosine) and value domains, as the chart gives them to recharts' axes. */
export interface Domains {
  x: readonly [number, number];
  y: readonly [number, number];
}

/** Pixel x of `x`. */
export function pixelX(x: number, domains: Domains, area: PlotArea): number {
  const [x0, x1] = domains.x;
  return area.left + ((x - x0) / (x1 - x0 || 1)) * area.width;
}

/** Pixel y of value `y` (larger values higher up). */
export function pixelY(y: number, domains: Domains, area: PlotArea): number {
  const [y0, y1] = domains.y;
  return area.top + area.height - ((y - y0) / (y1 - y0 || 1)) * area.height;
}

/** `points` in pixels; a missing value (y null) stays missing, so the line breaks there. */
export function toPixels(points: readonly Point[], domains: Domains, area: PlotArea): Point[] {
  return points.map((p) => ({ x: pixelX(p.x, domains, area), y: p.y === null ? null : pixelY(p.y, domains, area) }));
}

/** The x value (step, cosine) shown at pixel x `px`. */
export function xAtPixel(px: number, domains: Domains, area: PlotArea): number {
  const [x0, x1] = domains.x;
  return x0 + ((px - area.left) / (area.width || 1)) * (x1 - x0);
}

/**
 * Index of the point of `points` (sorted by x) nearest to `x`, among those with
 * a value; -1 when none has one.
 */
export function nearestPoint(points: readonly Point[], x: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.x < x) lo = mid + 1;
    else hi = mid;
  }
  // lo is the first point at or after x; look outwards from both sides for the nearest with a value.
  let best = -1;
  let bestDistance = Infinity;
  for (let i = lo; i < points.length; i++) {
    if (points[i]!.y === null) continue;
    best = i;
    bestDistance = points[i]!.x - x;
    break;
  }
  for (let i = lo - 1; i >= 0; i--) {
    if (points[i]!.y === null) continue;
    if (x - points[i]!.x <= bestDistance) best = i;
    break;
  }
  return best;
}
