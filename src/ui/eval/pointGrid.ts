/**
 * Hit-testing for a scatter of many points: points bucketed into square cells,
 * so "which point is under the mouse" looks at a few cells, not every point.
 */
export class PointGrid {
  private readonly cols: number;
  private readonly rows: number;
  private readonly cells: Int32Array[];

  constructor(
    private readonly xs: Float32Array,
    private readonly ys: Float32Array,
    width: number,
    height: number,
    private readonly cell = 16,
  ) {
    this.cols = Math.max(1, Math.ceil(width / cell));
    this.rows = Math.max(1, Math.ceil(height / cell));
    const buckets: number[][] = Array.from({ length: this.cols * this.rows }, () => []);
    for (let i = 0; i < xs.length; i++) {
      const key = this.key(xs[i]!, ys[i]!);
      if (key >= 0) buckets[key]!.push(i);
    }
    this.cells = buckets.map((b) => Int32Array.from(b));
  }

  private key(x: number, y: number): number {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return -1;
    const c = Math.min(this.cols - 1, Math.max(0, Math.floor(x / this.cell)));
    const r = Math.min(this.rows - 1, Math.max(0, Math.floor(y / this.cell)));
    return r * this.cols + c;
  }

  /** The point nearest (x, y) within `radius` pixels, or -1; ties go to the later point (drawn on top). */
  nearest(x: number, y: number, radius: number): number {
    const span = Math.ceil(radius / this.cell);
    const c0 = Math.floor(x / this.cell);
    const r0 = Math.floor(y / this.cell);
    let best = -1;
    let bestD = radius * radius;
    for (let r = r0 - span; r <= r0 + span; r++) {
      if (r < 0 || r >= this.rows) continue;
      for (let c = c0 - span; c <= c0 + span; c++) {
        if (c < 0 || c >= this.cols) continue;
        for (const i of this.cells[r * this.cols + c]!) {
          const d = (this.xs[i]! - x) ** 2 + (this.ys[i]! - y) ** 2;
          if (d <= bestD) {
            bestD = d;
            best = i;
          }
        }
      }
    }
    return best;
  }
}

/**
 * For the arrow keys: the point nearest to `from` in direction (dx, dy),
 * within 60 degrees of it; `from` itself when there is none. Closer points
 * and points straighter ahead win.
 */
export function stepInDirection(xs: Float32Array, ys: Float32Array, from: number, dx: number, dy: number): number {
  const x0 = xs[from];
  const y0 = ys[from];
  if (x0 === undefined || y0 === undefined) return from;
  let best = from;
  let bestCost = Infinity;
  for (let i = 0; i < xs.length; i++) {
    if (i === from) continue;
    const vx = xs[i]! - x0;
    const vy = ys[i]! - y0;
    const d = Math.hypot(vx, vy);
    if (!Number.isFinite(d)) continue;
    if (d === 0) continue;
    const cos = (vx * dx + vy * dy) / d;
    if (cos < 0.5) continue;
    const cost = d * (2 - cos);
    if (cost < bestCost) {
      bestCost = cost;
      best = i;
    }
  }
  return best;
}
