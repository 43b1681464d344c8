/**
 * This run's line, drawn into a recharts surface by the page rather than by
 * recharts. While training, the line changes every second but the axes only
 * every few seconds; redrawing it through recharts cost 10 to 20 ms of main-
 * thread work per chart update (its store, selectors and axis components),
 * which on a busy 2-core machine stretched past 50 ms. Here an update rewrites
 * one path's `d`: recharts re-renders only when the axes or the previous run
 * change.
 *
 * The path is rendered through a portal into recharts' own <svg>, so PNG
 * downloads (which serialise that svg) include it, and it maps steps and
 * values to pixels with the same plot area and domains recharts uses
 * (plotArea.ts). With it go the hover cursor and point marker of the
 * chart's own tooltip (MetricChart draws the tooltip box).
 */
import type { Point } from './downsample';
import { LiveLayer } from './LivePlot';
import { polylinePath } from './scale';
import { pixelX, pixelY, toPixels, type Domains, type PlotArea } from './plotArea';

export function LiveSeries(props: {
  /** recharts' <svg> of the chart, once mounted. */
  surface: SVGSVGElement | null;
  points: readonly Point[];
  domains: Domains;
  area: PlotArea;
  /** A CSS colour, e.g. var(--chart-loss). */
  color: string;
  /** The point under the pointer or keyboard focus, if any. */
  active?: Point;
}) {
  const { surface, domains, area, active } = props;
  const d = polylinePath(toPixels(props.points, domains, area));
  const ax = active ? pixelX(active.x, domains, area) : 0;
  return (
    <LiveLayer surface={surface} area={area} className="live-series">
      {active && (
        <line className="live-cursor" x1={ax} x2={ax} y1={area.top} y2={area.top + area.height} stroke="var(--chart-axis)" strokeWidth={1} />
      )}
      <path className="live-line" d={d} fill="none" stroke={props.color} strokeWidth={2} strokeLinejoin="round" strokeLinecap="round" />
      {active && active.y !== null && (
        <circle className="live-dot" cx={ax} cy={pixelY(active.y, domains, area)} r={3.5} fill={props.color} stroke="var(--panel)" strokeWidth={1.5} />
      )}
    </LiveLayer>
  );
}
