/**
 * Axis maths for the charts: "nice" tick values (1, 2, 2.5, 5 x 10^k steps)
 * given to recharts as explicit domains and ticks, so every chart has a few
 * round ticks that do not jump while training, and a step axis that grows in
 * a few large jumps rather than many small ones. No DOM: unit-tested in Node.
 */

/** The multiples of a power of ten that tick steps are made of. */
const NICE_UNITS = [1, 2, 2.5, 5];

/** A step near span / count, rounded to 1, 2, 2.5 or 5 times a power of ten. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  const nice = NICE_UNITS.find((u) => unit <= u) ?? 10;
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

/** Where a growing step axis may end, per power of ten: each end leaves the data at least 60% of the width. */
const STEP_AXIS_ENDS = [1, 1.5, 2, 3, 5, 7.5];

/**
 * The end of a step axis that must reach `last` (steps are whole numbers): the
 * smallest of 1, 1.5, 2, 3, 5, 7.5 x 10^k, rounded up to a whole number, from
 * `last` up; 1 at least. While a run trains, its step axis then changes six
 * times per power of ten: from step 21 to 150, 5 times, where ending on the
 * next tick changed it 13 times. Each change redraws every chart's frame.
 */
export function stepAxisEnd(last: number): number {
  if (!(last > 1) || !Number.isFinite(last)) return 1;
  let power = 10 ** Math.floor(Math.log10(last));
  for (;;) {
    for (const end of STEP_AXIS_ENDS) {
      const value = Math.ceil(end * power - 1e-9);
      if (value >= last - 1e-9) return value;
    }
    power *= 10;
  }
}

/**
 * Whole-number ticks from `min` to a step axis ending at `end`: the smallest
 * 1, 2, 2.5 or 5 x 10^k step that divides `end` and gives 2 to `count`
 * ticks, so the last tick is the axis end (or, on short axes where none does,
 * the nice step for `count` ticks).
 */
export function stepAxisTicks(min: number, end: number, count = 5): number[] {
  if (!(end > min)) return [min];
  const candidates: number[] = [];
  for (let power = 10 ** Math.floor(Math.log10(Math.max(1, (end - min) / Math.max(1, count)))); power <= end; power *= 10) {
    for (const unit of NICE_UNITS) candidates.push(unit * power);
  }
  const from = (step: number) => Math.ceil(min / step - 1e-9) * step;
  const tickCount = (step: number) => Math.floor((end - from(step)) / step + 1e-9) + 1;
  const fits = (step: number) => Number.isInteger(step) && Number.isInteger(end / step) && tickCount(step) >= 2 && tickCount(step) <= count;
  const step = candidates.find(fits) ?? Math.max(1, niceStep(end - min, count));
  const out: number[] = [];
  for (let v = from(step); v <= end + 1e-9; v += step) out.push(Math.round(v) + 0);
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
