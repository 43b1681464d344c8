/**
 * Min/max bucket downsampling for the line charts: a long series becomes at
 * most `max` items that keep its shape. The first and last items stay, the rest
 * is cut into equal buckets and each bucket keeps its lowest and its highest
 * item (in their order), so spikes survive where averaging would flatten them,
 * and the series' minimum and maximum are always among the kept items.
 */

export interface Point {
  x: number;
  /** null for a missing value (NaN, Infinity): the line breaks there. */
  y: number | null;
}

/**
 * At most `max` (at least 4) of `items`, in order: the first, the last, and the
 * items with the lowest and highest `value` in each of (max - 2) / 2 equal
 * buckets of the rest. Non-finite values are skipped when looking for extremes;
 * a bucket with none finite keeps its first item, so a gap in the line stays a
 * gap. Returns `items` itself when it is short enough.
 */
export function downsampleMinMax<T>(items: readonly T[], max: number, value: (item: T) => number): readonly T[] {
  const n = items.length;
  const limit = Math.max(4, Math.floor(max));
  if (n <= limit) return items;
  const buckets = Math.floor((limit - 2) / 2);
  const inner = n - 2;
  const out: T[] = [items[0]!];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    let lo = -1;
    let hi = -1;
    let loValue = Infinity;
    let hiValue = -Infinity;
    for (let i = start; i < end; i++) {
      const v = value(items[i]!);
      if (!Number.isFinite(v)) continue;
      if (v < loValue) {
        loValue = v;
        lo = i;
      }
      if (v > hiValue) {
        hiValue = v;
        hi = i;
      }
    }
    if (lo < 0) {
      if (end > start) out.push(items[start]!);
    } else if (lo === hi) {
      out.push(items[lo]!);
    } else {
      out.push(items[Math.min(lo, hi)]!, items[Math.max(lo, hi)]!);
    }
  }
  out.push(items[n - 1]!);
  return out;
}

/** Chart points of `items`: non-finite values become null. */
export function toPoints<T>(items: readonly T[], x: (item: T) => number, y: (item: T) => number): Point[] {
  const out = new Array<Point>(items.length);
  for (let i = 0; i < items.length; i++) {
    const v = y(items[i]!);
    out[i] = { x: x(items[i]!), y: Number.isFinite(v) ? v : null };
  }
  return out;
}
