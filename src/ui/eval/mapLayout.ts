/**
 * Where each point of a 2-D map lands on the canvas: one scale for both axes
 * (so PCA's distances are not stretched), centred, with a margin.
 */
export interface MapLayout {
  /** CSS-pixel positions, one per point. */
  xs: Float32Array;
  ys: Float32Array;
  width: number;
  height: number;
}

export function layoutPoints(points: ArrayLike<number>, width: number, height: number, margin = 10): MapLayout {
  const count = Math.floor(points.length / 2);
  const xs = new Float32Array(count);
  const ys = new Float32Array(count);
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < count; i++) {
    const x = points[2 * i]!;
    const y = points[2 * i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  if (!Number.isFinite(x0)) {
    xs.fill(NaN);
    ys.fill(NaN);
    return { xs, ys, width, height };
  }
  const spanX = x1 - x0 || 1;
  const spanY = y1 - y0 || 1;
  const scale = Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY);
  const offX = (width - spanX * scale) / 2;
  const offY = (height - spanY * scale) / 2;
  for (let i = 0; i < count; i++) {
    xs[i] = offX + (points[2 * i]! - x0) * scale;
    // Up is up: larger y higher on the screen.
    ys[i] = height - (offY + (points[2 * i + 1]! - y0) * scale);
  }
  return { xs, ys, width, height };
}
