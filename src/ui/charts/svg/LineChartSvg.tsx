/**
 * A small SVG line chart for streaming metrics: one or more series against the
 * step, dashed reference lines, nice ticks and a hover readout. Written for
 * the live charts because a general chart library re-rendering four charts
 * every second cost 15-60 ms of main-thread time per chart here; this one
 * draws each update in well under a millisecond.
 */
import { useMemo, useRef, useState } from 'react';
import { linePath, linearScale, niceDomain, stepTicks } from './scale';
import { useWidth } from './useWidth';

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  name: string;
  points: readonly Point[];
  color: string;
  width?: number;
  opacity?: number;
}

export interface RefLine {
  y: number;
  label: string;
}

const HEIGHT = 180;
const M = { top: 10, right: 14, bottom: 22, left: 50 };

export function LineChartSvg(props: {
  series: readonly Series[];
  references?: readonly RefLine[];
  /** Fixed y bounds; undefined ends follow the data. */
  yMin?: number;
  yMax?: number;
  formatY(value: number): string;
  label: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const [hover, setHover] = useState<number | null>(null);
  const { series, references = [] } = props;

  const layout = useMemo(() => {
    let x0 = Infinity;
    let x1 = -Infinity;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (const s of series) {
      for (const p of s.points) {
        if (!Number.isFinite(p.y)) continue;
        x0 = Math.min(x0, p.x);
        x1 = Math.max(x1, p.x);
        y0 = Math.min(y0, p.y);
        y1 = Math.max(y1, p.y);
      }
    }
    for (const r of references) {
      y0 = Math.min(y0, r.y);
      y1 = Math.max(y1, r.y);
    }
    if (!Number.isFinite(x0)) {
      x0 = 0;
      x1 = 1;
    }
    if (x1 === x0) x1 = x0 + 1;
    const ny = niceDomain(props.yMin ?? y0, props.yMax ?? y1, 4);
    const domainY: [number, number] = [props.yMin ?? ny.domain[0], props.yMax ?? ny.domain[1]];
    const sx = linearScale([x0, x1], [M.left, Math.max(M.left + 10, width - M.right)]);
    const sy = linearScale(domainY, [HEIGHT - M.bottom, M.top]);
    const paths = series.map((s) => {
      const xs = new Float64Array(s.points.length);
      const ys = new Float64Array(s.points.length);
      s.points.forEach((p, i) => {
        xs[i] = sx(p.x);
        ys[i] = sy(p.y);
      });
      return linePath(xs, ys);
    });
    return { sx, sy, paths, yTicks: ny.ticks.filter((t) => t >= domainY[0] && t <= domainY[1]), xTicks: stepTicks(x0, x1, Math.max(2, Math.floor(width / 80))) };
  }, [series, references, props.yMin, props.yMax, width]);

  const main = series[series.length - 1];
  const hovered = hover !== null && main ? nearest(main.points, hover) : undefined;

  return (
    <div ref={box} className="svg-chart">
      <svg
        className="chart-svg"
        width={width}
        height={HEIGHT}
        role="img"
        aria-label={props.label}
        onMouseMove={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          const [d0, d1] = layout.sx.domain;
          const [r0, r1] = layout.sx.range;
          setHover(d0 + ((e.clientX - rect.left - r0) / (r1 - r0)) * (d1 - d0));
        }}
        onMouseLeave={() => setHover(null)}
      >
        <g className="grid" stroke="currentColor" strokeOpacity={0.12}>
          {layout.yTicks.map((t) => (
            <line key={`y${t}`} x1={M.left} x2={layout.sx.range[1]} y1={layout.sy(t)} y2={layout.sy(t)} />
          ))}
        </g>
        <g className="axis" fill="currentColor" fontSize={11}>
          {layout.yTicks.map((t) => (
            <text key={`yt${t}`} x={M.left - 6} y={layout.sy(t)} textAnchor="end" dominantBaseline="middle">
              {props.formatY(t)}
            </text>
          ))}
          {layout.xTicks.map((t) => (
            <text key={`xt${t}`} x={layout.sx(t)} y={HEIGHT - 6} textAnchor="middle">
              {t}
            </text>
          ))}
          <line x1={M.left} x2={layout.sx.range[1]} y1={HEIGHT - M.bottom} y2={HEIGHT - M.bottom} stroke="currentColor" strokeOpacity={0.5} />
        </g>
        {references.map((r) => (
          <g key={r.label}>
            <line x1={M.left} x2={layout.sx.range[1]} y1={layout.sy(r.y)} y2={layout.sy(r.y)} stroke="#9ca3af" strokeDasharray="5 4" />
            <text x={layout.sx.range[1] - 2} y={layout.sy(r.y) - 4} textAnchor="end" fontSize={11} fill="currentColor">
              {r.label}
            </text>
          </g>
        ))}
        {series.map((s, i) => (
          <path key={s.name} d={layout.paths[i]} fill="none" stroke={s.color} strokeWidth={s.width ?? 2} strokeOpacity={s.opacity ?? 1} strokeLinejoin="round" />
        ))}
        {hovered && (
          <g className="hover">
            <line x1={layout.sx(hovered.x)} x2={layout.sx(hovered.x)} y1={M.top} y2={HEIGHT - M.bottom} stroke="currentColor" strokeOpacity={0.35} />
            <circle cx={layout.sx(hovered.x)} cy={layout.sy(hovered.y)} r={3.5} fill={main?.color} />
          </g>
        )}
      </svg>
      {hovered && (
        <div className="svg-chart-readout" style={{ left: Math.min(layout.sx(hovered.x) + 8, width - 120) }}>
          step {hovered.x}: {props.formatY(hovered.y)}
        </div>
      )}
    </div>
  );
}

/** The point whose x is closest to `x` (points sorted by x). */
export function nearest(points: readonly Point[], x: number): Point | undefined {
  let lo = 0;
  let hi = points.length - 1;
  if (hi < 0) return undefined;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.x < x) lo = mid;
    else hi = mid;
  }
  const a = points[lo]!;
  const b = points[hi]!;
  return Math.abs(a.x - x) <= Math.abs(b.x - x) ? a : b;
}
