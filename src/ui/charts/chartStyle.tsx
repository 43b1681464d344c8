/**
 * Shared recharts props, made once so that no render hands recharts a new
 * object, and the tick and label renderers of every chart. Colours are CSS
 * variables (styles.css, charts section) so the charts follow the light and
 * dark themes; PNG downloads resolve them (download.ts).
 */
import { useMemo } from 'react';
import { XAxis, YAxis, type LabelProps, type XAxisTickContentProps, type YAxisTickContentProps } from 'recharts';

export const CHART_HEIGHT = 180;
export const Y_AXIS_WIDTH = 46;
/** Height of the step axis (tick labels) under a line chart's plot. */
export const X_AXIS_HEIGHT = 22;
export const CHART_MARGIN = { top: 8, right: 12, bottom: 0, left: 0 };
export const AXIS_LINE = { stroke: 'var(--chart-axis)' };
export const GRID_STROKE = 'var(--chart-grid)';

/**
 * The `zIndex` every chart part gets: 0 draws it in place, in the order the
 * chart lists it. recharts 3 otherwise draws grids, axes and lines through a
 * React portal per z-index layer, and React listens for every DOM event type
 * (about 190 listeners, each a bound function) on each portal's <g>: 24
 * layers, over 4000 listeners, for the page's six charts. Tick labels keep
 * one layer per chart (recharts fixes their z-index).
 */
export const IN_PLACE = 0;
/**
 * `zIndex={IN_PLACE}` for XAxis and YAxis: recharts 3.11 passes it on to the
 * axis (its CartesianAxis reads it) but leaves it out of the axes' prop
 * types. A unit test (charts.test.tsx) checks that those layers stay empty.
 */
export const AXIS_IN_PLACE: object = { zIndex: IN_PLACE };

/**
 * An axis tick label as one plain <text>. Recharts' own tick text measures its
 * words in the DOM to wrap them, on every update; these labels are short.
 */
export function AxisTick(props: XAxisTickContentProps | YAxisTickContentProps) {
  const value = props.payload.value;
  const text = props.tickFormatter ? props.tickFormatter(value, props.index) : String(value);
  const dy = props.verticalAnchor === 'start' ? '0.71em' : props.verticalAnchor === 'middle' ? '0.32em' : undefined;
  return (
    <text className={props.className} x={props.x} y={props.y} dy={dy} textAnchor={props.textAnchor} fill="var(--chart-text)" fontSize={11}>
      {text}
    </text>
  );
}

/**
 * A reference line's label, above the line at its right end, outlined in the
 * panel colour so it stays readable where it crosses the data.
 */
export function ReferenceLabel(props: LabelProps) {
  const box = props.viewBox as { x?: number; y?: number; width?: number } | undefined;
  if (!box || box.x === undefined || box.y === undefined) return null;
  return (
    <text
      className="recharts-label"
      x={box.x + (box.width ?? 0) - 4}
      y={box.y - 4}
      textAnchor="end"
      fill="var(--chart-text)"
      fontSize={11}
      stroke="var(--panel)"
      strokeWidth={3}
      strokeLinejoin="round"
      paintOrder="stroke"
    >
      {props.value}
    </text>
  );
}

/**
 * What every numeric axis of the charts shares: the domain and ticks the
 * chart computed (no search for nice ticks in recharts), every tick shown,
 * plain tick labels (AxisTick), no tick marks.
 */
function fixedAxisProps(domain: [number, number], ticks: number[], format: (value: number) => string) {
  return {
    ...AXIS_IN_PLACE,
    type: 'number' as const,
    domain,
    ticks,
    interval: 0,
    niceTicks: 'none' as const,
    allowDataOverflow: true,
    tickFormatter: format,
    tick: AxisTick,
    tickLine: false,
  };
}

/**
 * The value axis of the charts, memoised on its domain, ticks and format,
 * with no axis line. The same domain and ticks arrays (the charts keep them
 * when equal) give the same element, so React and recharts skip the axis.
 */
export function useFixedYAxis(domain: [number, number], ticks: number[], format: (value: number) => string) {
  return useMemo(() => <YAxis {...fixedAxisProps(domain, ticks, format)} axisLine={false} width={Y_AXIS_WIDTH} />, [domain, ticks, format]);
}

/** An x axis over the data's `dataKey`, with the axis line. */
export function fixedXAxis(dataKey: string, domain: [number, number], ticks: number[], format: (value: number) => string) {
  return <XAxis {...fixedAxisProps(domain, ticks, format)} dataKey={dataKey} axisLine={AXIS_LINE} height={X_AXIS_HEIGHT} />;
}

const formatStep = (v: number) => String(v);

/** The step axis of the line charts (their points' `x`), memoised on its domain and ticks like useFixedYAxis. */
export function useStepXAxis(domain: [number, number], ticks: number[]) {
  return useMemo(() => fixedXAxis('x', domain, ticks, formatStep), [domain, ticks]);
}
