/**
 * Positive against negative cosine similarities of the latest batch: two
 * translucent series of bars over the same bins, with a legend drawn in the
 * chart's SVG (so the PNG download has it too). recharts draws the frame (axes,
 * grid, legend) and re-renders only when the value axis changes; the bars,
 * which change with every matrix, are drawn by LiveBars, with the read-out of
 * the bin under the pointer or chosen with the arrow keys.
 */
import { memo, useMemo, useRef } from 'react';
import { CartesianGrid, LineChart, usePlotArea } from 'recharts';
import { useApp, useInView } from '../../state/context';
import { similarityHistogram, type HistogramBin } from '../../state/similarityStats';
import { Explain } from '../components/Explain';
import { ChartCard } from './ChartCard';
import { CHART_HEIGHT, CHART_MARGIN, GRID_STROKE, IN_PLACE, fixedXAxis, useFixedYAxis } from './chartStyle';
import { LiveBars, type HistogramSeries } from './LiveBars';
import { useGatedFrame } from './frameGate';
import { plotArea, pixelX, xAtPixel } from './plotArea';
import { PlotBox, useChartSurface } from './LivePlot';
import { keyMove, readoutPosition, usePlotReadout } from './usePlotReadout';
import { STAGGER_MS, UPDATE_MS } from './MetricChart';
import { niceDomain, sameNumbers } from './scale';
import { useChartFeed } from './useChartFeed';
import { useElementWidth } from '../components/useElementWidth';

export const HISTOGRAM_BINS = 20;

export const HISTOGRAM_SERIES: readonly HistogramSeries[] = [
  { key: 'negative', name: 'negatives', color: 'var(--chart-negative)' },
  { key: 'positive', name: 'positives', color: 'var(--chart-positive)' },
];

const X_DOMAIN: [number, number] = [-1, 1];
/** Room above the plot for the legend. */
const MARGIN = { ...CHART_MARGIN, top: CHART_MARGIN.top + 18 };
const X_TICKS = [-1, -0.5, 0, 0.5, 1];
const sameTicks = (a: { ticks: number[] }, b: { ticks: number[] }) => sameNumbers(a.ticks, b.ticks);
const formatPercent = (v: number) => `${Math.round(v * 100)}%`;
const formatCosine = (v: number) => String(v);

export function HistogramChart() {
  const card = useRef<HTMLElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const width = useElementWidth(box, 320);
  const inView = useInView(card);
  const similarity = useChartFeed((s) => s.similarity, { periodMs: UPDATE_MS, offsetMs: 4 * STAGGER_MS, active: inView });
  const bins = useMemo(() => (similarity ? similarityHistogram(similarity.values, similarity.size, HISTOGRAM_BINS) : []), [similarity]);
  const wantedAxis = useMemo(() => {
    let top = 0;
    for (const b of bins) top = Math.max(top, b.positive, b.negative);
    return niceDomain(0, top > 0 ? top : 1, 4);
  }, [bins]);
  // While training, charts change axes one at a time (frameGate.ts). The axis shown stays the
  // same object while its ticks do, so the plot's axis element is reused.
  const training = useApp((s) => s.runState === 'running');
  const yAxis = useGatedFrame(wantedAxis, training, sameTicks);
  const area = useMemo(() => plotArea(width, MARGIN), [width]);
  const domains = useMemo(() => ({ x: X_DOMAIN, y: yAxis.domain }), [yAxis.domain]);
  const surface = useChartSurface(box);
  // The bin pointed at, by index.
  const readout = usePlotReadout<number>({
    at: (px) => {
      if (px < area.left || px > area.left + area.width) return null;
      const x = xAtPixel(px, domains, area);
      const i = bins.findIndex((b) => x >= b.x0 && x < b.x1);
      return i >= 0 ? i : x >= 1 && bins.length > 0 ? bins.length - 1 : null;
    },
    key: (index, key) => keyMove(key, index ?? -1, bins.length),
  });
  const active = readout.value !== null && readout.value < bins.length ? readout.value : -1;
  const activeBin = bins[active];
  const label = similarity ? `Histogram of cosine similarity for positive and negative pairs at step ${similarity.step}` : 'Histogram of cosine similarity: no steps yet';
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
      <PlotBox boxRef={box} label={label} items="bins" readout={readout}>
        <HistogramPlot width={width} yDomain={yAxis.domain} yTicks={yAxis.ticks} />
        <LiveBars surface={surface} bins={bins} series={HISTOGRAM_SERIES} domains={domains} area={area} active={active} />
        {activeBin && (
          <div className="chart-tooltip live-tooltip" role="status" style={readoutPosition(pixelX(activeBin.mid, domains, area), area.top, width)}>
            cos {activeBin.x0.toFixed(2)} to {activeBin.x1.toFixed(2)}
            <br />
            positives <b>{formatPercent(activeBin.positive)}</b>, negatives <b>{formatPercent(activeBin.negative)}</b>
          </div>
        )}
      </PlotBox>
      <Explain topic="histogram" />
    </ChartCard>
  );
}

/* Everything but the value axis is made once, at module level, so React skips it on updates. */
const X_AXIS = fixedXAxis('mid', X_DOMAIN, X_TICKS, formatCosine);
const GRID = <CartesianGrid zIndex={IN_PLACE} stroke={GRID_STROKE} vertical={false} />;
const NO_DATA: HistogramBin[] = [];

/** The recharts frame: axes, grid and legend (LiveBars draws the bars). */
const HistogramPlot = memo(function HistogramPlot(props: { width: number; yDomain: [number, number]; yTicks: number[] }) {
  const yAxis = useFixedYAxis(props.yDomain, props.yTicks, formatPercent);
  return (
    <LineChart width={props.width} height={CHART_HEIGHT} data={NO_DATA} margin={MARGIN} accessibilityLayer={false} aria-hidden>
      {GRID}
      {X_AXIS}
      {yAxis}
      <SvgLegend />
    </LineChart>
  );
});

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
