/**
 * What the evaluation history draws itself into its recharts surface (see
 * charts/LiveSeries.tsx for why the page draws live data): the kNN and probe
 * lines, clipped to the plot, the dashed chance and random-init levels
 * with their labels in the margin to the right of the plot, and, for the
 * score read out (`active`), a cursor and a dot on the kNN line.
 */
import type { Point } from '../charts/downsample';
import { LiveLayer } from '../charts/LivePlot';
import { polylinePath } from '../charts/scale';
import { pixelX, pixelY, toPixels, type Domains, type PlotArea } from '../charts/plotArea';

/** Least distance between the centres of the two level labels, in pixels (their font is 10 px). */
export const LABEL_GAP_PX = 11;

/**
 * Label heights for levels drawn at pixel heights `ys`: the same, except that
 * two labels closer than `gap` are pushed apart evenly about their midpoint,
 * so neither hides the other.
 */
export function separateLabels(ys: readonly number[], gap = LABEL_GAP_PX): number[] {
  if (ys.length !== 2) return [...ys];
  const [a, b] = ys as [number, number];
  const apart = Math.abs(a - b);
  if (apart >= gap) return [a, b];
  const mid = (a + b) / 2;
  const upper = mid - gap / 2;
  const lower = mid + gap / 2;
  // The level drawn higher (smaller pixel y) keeps the upper label; equal levels keep their order.
  return a <= b ? [upper, lower] : [lower, upper];
}

export interface Level {
  value: number;
  label: string;
  /** A CSS colour for the line and its label. */
  color: string;
  dash: string;
}

export function HistoryLines(props: {
  surface: SVGSVGElement | null;
  area: PlotArea;
  domains: Domains;
  knn: readonly Point[];
  probe: readonly Point[];
  levels: readonly Level[];
  /** The kNN point read out, if any. */
  active?: Point;
}) {
  const { surface, area, domains, levels, active } = props;
  const ax = active ? pixelX(active.x, domains, area) : 0;
  const right = area.left + area.width;
  const ys = levels.map((l) => pixelY(l.value, domains, area));
  const labelYs = separateLabels(ys);
  return (
    <>
      <LiveLayer surface={surface} area={area} className="history-levels" clip={false}>
        {levels.map((level, i) => (
          <g key={level.label} className="history-level">
            <line x1={area.left} x2={right} y1={ys[i]} y2={ys[i]} stroke={level.color} strokeDasharray={level.dash} />
            <text x={right + 5} y={labelYs[i]} dy="0.32em" fill={level.color} fontSize={10}>
              {level.label}
            </text>
          </g>
        ))}
      </LiveLayer>
      <LiveLayer surface={surface} area={area} className="history-lines">
        <path className="history-probe" d={polylinePath(toPixels(props.probe, domains, area))} fill="none" stroke="var(--eval-probe)" strokeWidth={1} />
        <path
          className="history-knn"
          d={polylinePath(toPixels(props.knn, domains, area))}
          fill="none"
          stroke="var(--eval-knn)"
          strokeWidth={2}
          strokeLinejoin="round"
          strokeLinecap="round"
        />
        {active && (
          <line className="live-cursor" x1={ax} x2={ax} y1={area.top} y2={area.top + area.height} stroke="var(--chart-axis)" strokeWidth={1} />
        )}
        {active && active.y !== null && (
          <circle className="live-dot" cx={ax} cy={pixelY(active.y, domains, area)} r={3.5} fill="var(--eval-knn)" stroke="var(--panel)" strokeWidth={1.5} />
        )}
      </LiveLayer>
    </>
  );
}
