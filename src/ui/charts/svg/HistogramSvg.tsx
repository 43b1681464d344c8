/** Two step-shaped, translucent histograms on one axis (positive and negative similarities). */
import { useMemo, useRef } from 'react';
import type { HistogramBin } from '../../../state/similarityStats';
import { linearScale, niceDomain } from './scale';
import { useWidth } from './useWidth';

const HEIGHT = 180;
const M = { top: 10, right: 14, bottom: 22, left: 50 };

export interface HistogramSeries {
  key: 'positive' | 'negative';
  name: string;
  color: string;
}

export function HistogramSvg(props: { bins: readonly HistogramBin[]; series: readonly HistogramSeries[]; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const { bins, series } = props;
  const layout = useMemo(() => {
    let top = 0;
    for (const b of bins) top = Math.max(top, b.positive, b.negative);
    const ny = niceDomain(0, top > 0 ? top : 1, 4);
    const sx = linearScale([-1, 1], [M.left, Math.max(M.left + 10, width - M.right)]);
    const sy = linearScale(ny.domain, [HEIGHT - M.bottom, M.top]);
    const areas = series.map((s) => {
      if (bins.length === 0) return '';
      let d = `M${sx(bins[0]!.x0).toFixed(1)},${sy(0).toFixed(1)}`;
      for (const b of bins) d += `L${sx(b.x0).toFixed(1)},${sy(b[s.key]).toFixed(1)}L${sx(b.x1).toFixed(1)},${sy(b[s.key]).toFixed(1)}`;
      return `${d}L${sx(bins[bins.length - 1]!.x1).toFixed(1)},${sy(0).toFixed(1)}Z`;
    });
    return { sx, sy, areas, yTicks: ny.ticks };
  }, [bins, series, width]);

  return (
    <div ref={box} className="svg-chart">
      <svg className="chart-svg" width={width} height={HEIGHT} role="img" aria-label={props.label}>
        <g stroke="currentColor" strokeOpacity={0.12}>
          {layout.yTicks.map((t) => (
            <line key={t} x1={M.left} x2={layout.sx.range[1]} y1={layout.sy(t)} y2={layout.sy(t)} />
          ))}
        </g>
        <g fill="currentColor" fontSize={11}>
          {layout.yTicks.map((t) => (
            <text key={t} x={M.left - 6} y={layout.sy(t)} textAnchor="end" dominantBaseline="middle">
              {`${Math.round(t * 100)}%`}
            </text>
          ))}
          {[-1, -0.5, 0, 0.5, 1].map((t) => (
            <text key={t} x={layout.sx(t)} y={HEIGHT - 6} textAnchor="middle">
              {t}
            </text>
          ))}
        </g>
        {series.map((s, i) => (
          <path key={s.key} d={layout.areas[i]} fill={s.color} fillOpacity={0.35} stroke={s.color} strokeWidth={1.5} />
        ))}
        <line x1={M.left} x2={layout.sx.range[1]} y1={HEIGHT - M.bottom} y2={HEIGHT - M.bottom} stroke="currentColor" strokeOpacity={0.5} />
      </svg>
      <div className="svg-chart-legend">
        {series.map((s) => (
          <span key={s.key}>
            <span className="legend-dot" style={{ background: s.color }} aria-hidden="true" /> {s.name}
          </span>
        ))}
      </div>
    </div>
  );
}
