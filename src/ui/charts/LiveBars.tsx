/**
 * The similarity histogram's bars, drawn into its recharts surface by the page
 * (see LiveSeries.tsx for why: recharts' bar charts cost 10 to 25 ms of main-
 * thread work per update, its bar selectors and shapes, where these rects cost
 * well under one). Two translucent series overlaid on the same bins; the bin
 * pointed at gets a shaded column behind its bars.
 */
import type { HistogramBin } from '../../state/similarityStats';
import { LiveLayer } from './LivePlot';
import { pixelX, pixelY, type Domains, type PlotArea } from './plotArea';

export interface HistogramSeries {
  key: 'positive' | 'negative';
  name: string;
  /** A CSS colour. */
  color: string;
}

export function LiveBars(props: {
  /** recharts' <svg> of the chart, once mounted. */
  surface: SVGSVGElement | null;
  bins: readonly HistogramBin[];
  series: readonly HistogramSeries[];
  domains: Domains;
  area: PlotArea;
  /** Index into `bins` of the bin pointed at, or -1. */
  active: number;
}) {
  const { surface, bins, domains, area, active } = props;
  const bottom = area.top + area.height;
  const left = (b: HistogramBin) => pixelX(b.x0, domains, area);
  const width = (b: HistogramBin) => pixelX(b.x1, domains, area) - left(b);
  const activeBin = bins[active];
  return (
    <LiveLayer surface={surface} area={area} className="live-bars">
      {activeBin && <rect className="live-cursor" x={left(activeBin)} y={area.top} width={width(activeBin)} height={area.height} fill="var(--chart-grid)" />}
      {props.series.map((s) => (
        <g key={s.key} className={`live-bar-series live-bar-${s.key}`}>
          {bins.map((b, i) => {
            const value = b[s.key];
            if (!(value > 0)) return null;
            const y = pixelY(value, domains, area);
            return (
              <rect key={i} className="live-bar" x={left(b)} y={y} width={width(b)} height={bottom - y} fill={s.color} fillOpacity={0.45} stroke={s.color} strokeWidth={1} />
            );
          })}
        </g>
      ))}
    </LiveLayer>
  );
}
