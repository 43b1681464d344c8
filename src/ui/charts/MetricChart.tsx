/**
 * One metric against the step: this run, the previous run (faint) and an
 * optional dashed reference line.
 *
 * Kept cheap for live training: the data is re-read at most once a second, in
 * this chart's own slot so each chart draws in its own task (less often while
 * the page reports long tasks; useChartFeed), and not at all while the chart
 * is off screen; each series is cut to at most MAX_POINTS by min/max buckets;
 * domains and ticks are computed here, so recharts does not search for them;
 * recharts draws the frame (axes, grid, reference line, previous run) and
 * re-renders only when that changes, while this run's line, which changes
 * every update, is one path the page draws itself (LiveSeries), with its own
 * hover and keyboard read-out.
 */
import { memo, useMemo, useRef } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, type LineDrawShapeProps } from 'recharts';
import { useApp, useAppStore, useInView } from '../../state/context';
import type { StepMetrics } from '../../worker/protocol';
import { formatNumber } from '../components/NumberField';
import { ChartCard } from './ChartCard';
import { downsampleMinMax, toPoints, type Point } from './downsample';
import { niceDomain, polylinePath, sameNumbers, stepAxisEnd, stepAxisTicks, tickFormat } from './scale';
import { CHART_HEIGHT, CHART_MARGIN, GRID_STROKE, IN_PLACE, ReferenceLabel, useFixedYAxis, useStepXAxis } from './chartStyle';
import { LiveSeries } from './LiveSeries';
import { useGatedFrame } from './frameGate';
import { PlotBox, useChartSurface } from './LivePlot';
import { readoutPosition, useLineReadout } from './usePlotReadout';
import { plotArea, pixelX } from './plotArea';
import { useChartFeed } from './useChartFeed';
import { useElementWidth } from '../components/useElementWidth';

export type MetricKey = 'loss' | 'accuracy' | 'entropy' | 'learningRate';

/** How often a chart redraws while training. */
export const UPDATE_MS = 1000;
/** Time between one chart's slot and the next one's: the five charts share each period. */
export const STAGGER_MS = UPDATE_MS / 5;
/** Most points a series is drawn with. */
export const MAX_POINTS = 300;

export interface Reference {
  y: number;
  label: string;
}

const stepOf = (m: StepMetrics) => m.step;

/** The series of `metric`, at most MAX_POINTS points. */
export function metricPoints(items: readonly StepMetrics[], metric: MetricKey): readonly Point[] {
  const value = (m: StepMetrics) => m[metric];
  return toPoints(downsampleMinMax(items, MAX_POINTS, value), stepOf, value);
}

export interface Axes {
  x: { domain: [number, number]; ticks: number[] };
  y: { domain: [number, number]; ticks: number[] };
}

/**
 * Step and value axes over both series and the reference line, with round
 * ticks. The step axis ends on a ladder of round values past the last step
 * (stepAxisEnd), so while training it changes a few times per power of ten.
 * Arrays equal to those of `last` are returned as they were (recharts then
 * has no axis change to process).
 */
export function metricAxes(
  series: readonly (readonly Point[])[],
  opts: { reference?: number; yMin?: number; yMax?: number; xTickCount: number },
  last?: Axes,
): Axes {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const points of series) {
    for (const p of points) {
      if (p.x < x0) x0 = p.x;
      if (p.x > x1) x1 = p.x;
      if (p.y === null) continue;
      if (p.y < y0) y0 = p.y;
      if (p.y > y1) y1 = p.y;
    }
  }
  if (opts.reference !== undefined && Number.isFinite(opts.reference)) {
    y0 = Math.min(y0, opts.reference);
    y1 = Math.max(y1, opts.reference);
  }
  if (!Number.isFinite(x0)) {
    x0 = 0;
    x1 = 1;
  }
  if (x1 === x0) x1 = x0 + 1;
  x1 = Math.max(x0 + 1, stepAxisEnd(x1));
  const nice = niceDomain(opts.yMin ?? y0, opts.yMax ?? y1, 4);
  const yDomain: [number, number] = [opts.yMin ?? nice.domain[0], opts.yMax ?? nice.domain[1]];
  const keep = <T extends number[]>(next: T, prev: T | undefined): T => (prev && sameNumbers(prev, next) ? prev : next);
  return {
    x: { domain: keep<[number, number]>([x0, x1], last?.x.domain), ticks: keep(stepAxisTicks(x0, x1, opts.xTickCount), last?.x.ticks) },
    y: { domain: keep(yDomain, last?.y.domain), ticks: keep(nice.ticks.filter((t) => t >= yDomain[0] && t <= yDomain[1]), last?.y.ticks) },
  };
}

/** Whether two axes have the same domains and ticks. */
export function sameAxes(a: Axes, b: Axes): boolean {
  return sameNumbers(a.x.domain, b.x.domain) && sameNumbers(a.x.ticks, b.x.ticks) && sameNumbers(a.y.domain, b.y.domain) && sameNumbers(a.y.ticks, b.y.ticks);
}

const formatPercent = (v: number) => `${Math.round(v * 100)}%`;

export function MetricChart(props: {
  title: string;
  testId: string;
  metric: MetricKey;
  /** A CSS colour, e.g. var(--chart-loss). */
  color: string;
  /** Position among the charts: updates are staggered by it, so charts draw in separate tasks. */
  index: number;
  reference?: Reference;
  yMin?: number;
  yMax?: number;
  percent?: boolean;
  note?: string;
}) {
  const { metric, reference, yMin, yMax } = props;
  const store = useAppStore();
  const card = useRef<HTMLElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box, 320);
  const inView = useInView(card);
  // Once a second at most, in this chart's slot, and only on screen.
  const feed = { periodMs: UPDATE_MS, offsetMs: props.index * STAGGER_MS, active: inView };
  const metrics = useChartFeed((s) => s.metrics, feed);
  const previousRun = useChartFeed((s) => s.previousChart, feed);
  const current = useMemo(() => metricPoints(metrics.history, metric), [metrics.history, metric]);
  const previous = useMemo(() => metricPoints(previousRun, metric), [previousRun, metric]);
  const xTickCount = Math.max(2, Math.floor(width / 80));
  // Arrays equal to those of the axes drawn are kept, so their memoised axis elements are reused.
  const shownAxes = useRef<Axes | undefined>(undefined);
  const wantedAxes = useMemo(
    () => metricAxes([previous, current], { reference: reference?.y, yMin, yMax, xTickCount }, shownAxes.current),
    [previous, current, reference?.y, yMin, yMax, xTickCount],
  );
  // While training, charts change axes one at a time (frameGate.ts).
  const training = useApp((s) => s.runState === 'running');
  const axes = useGatedFrame(wantedAxes, training, sameAxes);
  shownAxes.current = axes;
  const format = props.percent ? formatPercent : formatNumber;
  const formatAxis = useMemo(() => (props.percent ? formatPercent : tickFormat(axes.y.ticks)), [props.percent, axes.y.ticks]);
  const latest = metrics.history[metrics.history.length - 1];
  const label = latest ? `${props.title}: ${format(latest[metric])} at step ${latest.step}` : `${props.title}: no steps yet`;
  const area = useMemo(() => plotArea(width), [width]);
  const domains = useMemo(() => ({ x: axes.x.domain, y: axes.y.domain }), [axes.x.domain, axes.y.domain]);

  const surface = useChartSurface(box);
  // The step pointed at; the read-out shows this run's point nearest to it.
  const { readout, activeIndex } = useLineReadout(current, domains, area);
  const active = activeIndex >= 0 ? current[activeIndex] : undefined;

  return (
    <ChartCard
      title={props.title}
      testId={props.testId}
      note={props.note}
      rootRef={card}
      csv={() => ({
        columns: reference ? ['step', metric, reference.label] : ['step', metric],
        rows: store.getState().metrics.history.map((m) =>
          reference ? { step: m.step, [metric]: m[metric], [reference.label]: reference.y } : { step: m.step, [metric]: m[metric] },
        ),
      })}
    >
      <PlotBox boxRef={box} label={label} items="points" readout={readout}>
        <MetricPlot
          width={width}
          previous={previous}
          axes={axes}
          referenceY={reference?.y}
          referenceLabel={reference?.label}
          formatAxis={formatAxis}
        />
        <LiveSeries surface={surface} points={current} domains={domains} area={area} color={props.color} active={active} />
        {active && active.y !== null && (
          <div
            className="chart-tooltip live-tooltip"
            role="status"
            style={readoutPosition(pixelX(active.x, domains, area), area.top, width)}
          >
            step {active.x}: <b>{format(active.y)}</b>
          </div>
        )}
      </PlotBox>
    </ChartCard>
  );
}

interface PlotProps {
  width: number;
  previous: readonly Point[];
  axes: Axes;
  referenceY?: number;
  referenceLabel?: string;
  /** Value-axis ticks. */
  formatAxis(value: number): string;
}

const NO_DATA: Point[] = [];

/**
 * The recharts frame: axes, grid, reference line and the previous run. It does
 * not take this run's points (LiveSeries draws them), so while training it
 * re-renders only when the axes move; nor the label with the latest value,
 * which the focusable box around it carries (the svg is hidden from assistive
 * technology). Every child element is memoised on its own props, so recharts
 * re-runs no settings reducers for those unchanged.
 */
const MetricPlot = memo(function MetricPlot(props: PlotProps) {
  const { formatAxis, referenceY, referenceLabel, previous } = props;
  const { x, y } = props.axes;
  const xAxis = useStepXAxis(x.domain, x.ticks);
  const yAxis = useFixedYAxis(y.domain, y.ticks, formatAxis);
  const reference = useMemo(
    () =>
      referenceY === undefined ? null : (
        <ReferenceLine
          zIndex={IN_PLACE}
          y={referenceY}
          stroke="var(--chart-reference)"
          strokeDasharray="5 4"
          label={referenceLabel ? { value: referenceLabel, content: ReferenceLabel, zIndex: IN_PLACE } : undefined}
        />
      ),
    [referenceY, referenceLabel],
  );
  const previousLine = useMemo(
    () =>
      previous.length === 0 ? null : (
        <Line
          zIndex={IN_PLACE}
          data={previous as Point[]}
          dataKey="y"
          name="previous run"
          stroke="var(--chart-previous)"
          strokeWidth={1}
          shape={LineShape}
          dot={false}
          activeDot={false}
          isAnimationActive={false}
          tooltipType="none"
        />
      ),
    [previous],
  );
  return (
    <LineChart width={props.width} height={CHART_HEIGHT} data={NO_DATA} margin={CHART_MARGIN} accessibilityLayer={false} aria-hidden>
      {GRID}
      {xAxis}
      {yAxis}
      {reference}
      {previousLine}
    </LineChart>
  );
});

const GRID = <CartesianGrid zIndex={IN_PLACE} stroke={GRID_STROKE} vertical={false} />;

/**
 * The line as one <path>. Recharts' own shape measures the drawn path
 * (getTotalLength) on every render for its entrance animation, which forces a
 * layout; this one does not.
 */
function LineShape(props: LineDrawShapeProps) {
  return (
    <path
      className="recharts-curve recharts-line-curve"
      d={polylinePath(props.points ?? [])}
      fill="none"
      stroke={props.stroke}
      strokeWidth={props.strokeWidth}
      strokeLinejoin="round"
      strokeLinecap="round"
      clipPath={props.clipPath}
    />
  );
}
