/**
 * Axis maths for the charts: "nice" tick values (1, 2, 2.5, 5 x 10^k steps)
 * given to recharts as explicit domains and ticks, so every chart has a few
 * round ticks that do not jump while training. No DOM: unit-tested in Node.
 */

/** A step near span / count, rounded to 1, 2, 2.5 or 5 times a power of ten. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  const nice = unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 2.5 ? 2.5 : unit <= 5 ? 5 : 10;
  return nice * power;
}

/** The domain widened to whole steps, and the ticks in it. */
export function niceDomain(min: number, max: number, count = 4): { domain: [number, number]; ticks: number[] } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { domain: [0, 1], ticks: [0, 0.5, 1] };
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const step = niceStep(max - min, count);
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step * 1e-6; v += step) ticks.push(Number(v.toPrecision(12)));
  return { domain: [Number(lo.toPrecision(12)), Number(hi.toPrecision(12))], ticks };
}

/** Integer ticks for a step axis. */
export function stepTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const step = Math.max(1, niceStep(max - min, count));
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max; v += step) out.push(Math.round(v));
  return out;
}

function exponential(value: number): string {
  const exponent = Math.floor(Math.log10(Math.abs(value)) + 1e-9);
  const mantissa = Number((value / 10 ** exponent).toPrecision(3));
  return `${mantissa}e${exponent > 0 ? '+' : ''}${exponent}`;
}

/**
 * A label format for a set of ticks: plain decimals (0.25, 4), or, when the
 * largest tick is below 0.01 or from 1e5 up, powers of ten for all of them
 * (0, 2.5e-4, 5e-4, 1e-3) so one axis does not mix the two.
 */
export function tickFormat(ticks: readonly number[]): (value: number) => string {
  let top = 0;
  for (const t of ticks) if (Number.isFinite(t)) top = Math.max(top, Math.abs(t));
  const exp = top > 0 && (top < 1e-2 || top >= 1e5);
  return (value) => {
    if (!Number.isFinite(value)) return '';
    if (value === 0) return '0';
    return exp ? exponential(value) : String(Number(value.toPrecision(4)));
  };
}

/** Whether two arrays hold the same numbers. */
export function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** An SVG path through pixel points, broken where a coordinate is missing. */
export function polylinePath(points: readonly { x: number | null; y: number | null }[]): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p.x === null || p.y === null || !Number.isFinite(p.x) || !Number.isFinite(p.y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${Math.round(p.x * 10) / 10},${Math.round(p.y * 10) / 10}`;
    pen = true;
  }
  return d;
}
