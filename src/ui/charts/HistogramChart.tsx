/**
 * Positive against negative cosine similarities of the latest batch: a recharts
 * BarChart of two translucent series over the same bins, with a legend drawn in
 * the chart's SVG (so the PNG download has it too).
 */
import { memo, useMemo, useRef } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, usePlotArea, type BarShapeProps, type TooltipContentProps } from 'recharts';
import { useInView } from '../../state/context';
import { similarityHistogram, type HistogramBin } from '../../state/similarityStats';
import { Explain } from '../components/Explain';
import { ChartCard } from './ChartCard';
import { AXIS_LINE, CHART_HEIGHT, CHART_MARGIN, GRID_STROKE, TOOLTIP_CURSOR_FILL, TOOLTIP_WRAPPER, AxisTick, useFixedYAxis } from './chartStyle';
import { STAGGER_MS, UPDATE_MS } from './MetricChart';
import { niceDomain, sameNumbers } from './scale';
import { useChartFeed } from './useChartFeed';
import { useElementWidth } from '../components/useElementWidth';

export const HISTOGRAM_BINS = 20;

export interface HistogramSeries {
  key: 'positive' | 'negative';
  name: string;
  /** A CSS colour. */
  color: string;
}

export const HISTOGRAM_SERIES: readonly HistogramSeries[] = [
  { key: 'negative', name: 'negatives', color: 'var(--chart-negative)' },
  { key: 'positive', name: 'positives', color: 'var(--chart-positive)' },
];

const X_DOMAIN: [number, number] = [-1, 1];
/** Room above the plot for the legend. */
const MARGIN = { ...CHART_MARGIN, top: CHART_MARGIN.top + 18 };
const X_TICKS = [-1, -0.5, 0, 0.5, 1];
const formatPercent = (v: number) => `${Math.round(v * 100)}%`;
const formatCosine = (v: number) => String(v);

/**
 * The bins worth drawing: from the first to the last one that holds any pair,
 * with one empty bin on each side (recharts sizes the bars by the spacing of
 * the bins it gets, so there are always at least two). Fewer bars make each
 * update cheaper; the empty bins left out would draw nothing anyway.
 */
export function occupiedBins(bins: readonly HistogramBin[]): readonly HistogramBin[] {
  let first = -1;
  let last = -1;
  bins.forEach((b, i) => {
    if (b.positive > 0 || b.negative > 0) {
      if (first < 0) first = i;
      last = i;
    }
  });
  if (first < 0) return bins;
  let start = Math.max(0, first - 1);
  let end = Math.min(bins.length, last + 2);
  if (end - start < 2) {
    start = Math.max(0, Math.min(start, bins.length - 2));
    end = Math.min(bins.length, start + 2);
  }
  return start === 0 && end === bins.length ? bins : bins.slice(start, end);
}

export function HistogramChart() {
  const card = useRef<HTMLElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box, 320);
  const inView = useInView(card);
  const similarity = useChartFeed((s) => s.similarity, { periodMs: UPDATE_MS, offsetMs: 4 * STAGGER_MS, active: inView });
  const bins = useMemo(() => (similarity ? similarityHistogram(similarity.values, similarity.size, HISTOGRAM_BINS) : []), [similarity]);
  const drawn = useMemo(() => occupiedBins(bins), [bins]);
  const lastAxis = useRef<ReturnType<typeof niceDomain> | undefined>(undefined);
  const yAxis = useMemo(() => {
    let top = 0;
    for (const b of bins) top = Math.max(top, b.positive, b.negative);
    const next = niceDomain(0, top > 0 ? top : 1, 4);
    const last = lastAxis.current;
    // The same axis as before keeps its arrays, so the plot's axis element is reused.
    return (lastAxis.current = last && sameNumbers(last.ticks, next.ticks) ? last : next);
  }, [bins]);
  return (
    <ChartCard
      title="Positive vs negative similarity"
      testId="chart-histogram"
      rootRef={card}
      note={similarity ? `Step ${similarity.step}: share of pairs per cosine bin` : 'Appears with the first step.'}
      csv={() => ({
        columns: ['from', 'to', 'positive_fraction', 'negative_fraction'],
        rows: bins.map((b) => ({ from: b.x0, to: b.x1, positive_fraction: b.positive, negative_fraction: b.negative })),
      })}
    >
      <div ref={box} className="chart-plot">
        <HistogramPlot
          width={width}
          bins={drawn}
          yDomain={yAxis.domain}
          yTicks={yAxis.ticks}
          label={similarity ? `Histogram of cosine similarity for positive and negative pairs at step ${similarity.step}` : 'Histogram of cosine similarity: no steps yet'}
        />
      </div>
      <Explain topic="histogram" />
    </ChartCard>
  );
}

/*
 * Everything but the value axis is made once, at module level: when a new
 * matrix arrives React skips these elements and recharts recomputes only the
 * bars. Each series sits on its own (identical, one hidden) x axis, so recharts
 * overlays the two instead of putting them side by side in each bin.
 */
const X_AXES = HISTOGRAM_SERIES.map((s, i) => (
  <XAxis
    key={s.key}
    xAxisId={s.key}
    hide={i > 0}
    type="number"
    dataKey="mid"
    domain={X_DOMAIN}
    ticks={X_TICKS}
    interval={0}
    niceTicks="none"
    allowDataOverflow
    tickFormatter={formatCosine}
    tick={AxisTick}
    tickLine={false}
    axisLine={AXIS_LINE}
    height={22}
  />
));
const GRID = <CartesianGrid stroke={GRID_STROKE} vertical={false} xAxisId="negative" />;
const BARS = HISTOGRAM_SERIES.map((s) => (
  <Bar
    key={s.key}
    xAxisId={s.key}
    dataKey={s.key}
    name={s.name}
    fill={s.color}
    stroke={s.color}
    shape={BinShape}
    isAnimationActive={false}
    activeBar={false}
  />
));
const TOOLTIP = <Tooltip content={HistogramTooltip} cursor={TOOLTIP_CURSOR_FILL} isAnimationActive={false} wrapperStyle={TOOLTIP_WRAPPER} />;

const HistogramPlot = memo(function HistogramPlot(props: {
  width: number;
  bins: readonly HistogramBin[];
  yDomain: [number, number];
  yTicks: number[];
  label: string;
}) {
  const yAxis = useFixedYAxis(props.yDomain, props.yTicks, formatPercent);
  return (
    <BarChart
      width={props.width}
      height={CHART_HEIGHT}
      data={props.bins as HistogramBin[]}
      margin={MARGIN}
      barCategoryGap={0}
      barGap={0}
      title={props.label}
      aria-label={props.label}
    >
      {GRID}
      {X_AXES}
      {yAxis}
      {BARS}
      {TOOLTIP}
      <SvgLegend />
    </BarChart>
  );
});

/** A bin as a plain <rect> (recharts' own shape measures its path when it mounts); empty bins draw nothing. */
function BinShape(props: BarShapeProps) {
  const { x, y, width, height } = props;
  if (!(height > 0) || !(width > 0)) return null;
  return <rect x={x} y={y} width={width} height={height} fill={props.fill} fillOpacity={0.45} stroke={props.fill} strokeWidth={1} />;
}

function HistogramTooltip(props: TooltipContentProps) {
  const bin = props.payload?.[0]?.payload as HistogramBin | undefined;
  if (!props.active || !bin) return null;
  return (
    <div className="chart-tooltip">
      cos {bin.x0.toFixed(2)} to {bin.x1.toFixed(2)}
      <br />
      positives <b>{formatPercent(bin.positive)}</b>, negatives <b>{formatPercent(bin.negative)}</b>
    </div>
  );
}

/** A legend inside the chart's SVG, above the plot area. */
function SvgLegend() {
  const plot = usePlotArea();
  if (!plot) return null;
  return (
    <g className="chart-legend" transform={`translate(${plot.x + 4},${plot.y - 22})`}>
      {HISTOGRAM_SERIES.map((s, i) => (
        <g key={s.key} transform={`translate(${i * 86},0)`}>
          <rect width={10} height={10} rx={2} fill={s.color} fillOpacity={0.6} stroke={s.color} />
          <text x={15} y={9} fontSize={11} fill="var(--chart-text)">
            {s.name}
          </text>
        </g>
      ))}
    </g>
  );
}
