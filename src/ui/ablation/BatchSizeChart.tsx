/**
 * Figure 9 in miniature: kNN accuracy on h against training steps, one line per
 * batch size N. An SVG with a table-like legend; values as text in titles for
 * screen readers.
 */
import { lutCss, lutIndex, SEQUENTIAL_LUT } from '../matrix/colormap';
import { batchCurves, stepsToReach, type BatchCurve } from './studyData';
import type { AblationRow } from '../../worker/protocol';

const W = 420;
const H = 220;
const PAD = { left: 44, right: 12, top: 10, bottom: 34 };

function colour(i: number, count: number): string {
  return lutCss(SEQUENTIAL_LUT, lutIndex(count <= 1 ? 1 : 0.15 + (0.85 * i) / (count - 1), 0, 1));
}

export function BatchSizeChart({ rows }: { rows: readonly AblationRow[] }) {
  const curves: BatchCurve[] = batchCurves(rows);
  if (curves.length === 0) return null;
  const steps = curves.flatMap((c) => c.points.map((p) => p.steps));
  const accs = curves.flatMap((c) => c.points.map((p) => p.knn.mean)).filter(Number.isFinite);
  const xMax = Math.max(...steps, 1);
  const yLo = Math.max(0, Math.floor((Math.min(...accs, 1) - 0.05) * 10) / 10);
  const yHi = Math.min(1, Math.ceil((Math.max(...accs, 0) + 0.05) * 10) / 10);
  const x = (s: number) => PAD.left + (s / xMax) * (W - PAD.left - PAD.right);
  const y = (a: number) => H - PAD.bottom - ((a - yLo) / Math.max(1e-9, yHi - yLo)) * (H - PAD.top - PAD.bottom);
  const xTicks = [...new Set(steps)].sort((a, b) => a - b);
  const yTicks = Array.from({ length: Math.round((yHi - yLo) * 10) + 1 }, (_, i) => yLo + i * 0.1);
  return (
    <figure className="batch-chart" data-testid="batch-size-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="kNN accuracy on h against training steps, one line per batch size">
        {yTicks.map((t) => (
          <g key={`y${t.toFixed(2)}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="batch-grid" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="batch-tick">{Math.round(t * 100)}%</text>
          </g>
        ))}
        {xTicks.map((s) => (
          <text key={`x${s}`} x={x(s)} y={H - PAD.bottom + 16} textAnchor="middle" className="batch-tick">{s}</text>
        ))}
        <text x={(W + PAD.left) / 2} y={H - 4} textAnchor="middle" className="batch-tick">training steps</text>
        {curves.map((c, i) => {
          const pts = c.points.filter((p) => Number.isFinite(p.knn.mean));
          return (
            <g key={c.batchSize} data-testid="batch-curve" data-batch={c.batchSize}>
              <polyline
                fill="none"
                stroke={colour(i, curves.length)}
                strokeWidth={2}
                points={pts.map((p) => `${x(p.steps)},${y(p.knn.mean)}`).join(' ')}
              />
              {pts.map((p) => (
                <circle key={p.steps} cx={x(p.steps)} cy={y(p.knn.mean)} r={3} fill={colour(i, curves.length)}>
                  <title>{`N = ${c.batchSize}, ${p.steps} steps: kNN ${(p.knn.mean * 100).toFixed(1)}%`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <p className="batch-reach" data-testid="batch-reach">
        {reachSentence(curves)}
      </p>
      <figcaption className="batch-legend">
        {curves.map((c, i) => (
          <span key={c.batchSize} className="batch-legend-item">
            <span className="batch-swatch" style={{ background: colour(i, curves.length) }} aria-hidden="true" />
            N = {c.batchSize}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** "To reach 62% kNN (90% of the best score): N = 8 took 200 steps, N = 64 took 50; N = 16 never did." */
export function reachSentence(curves: readonly BatchCurve[]): string {
  const best = Math.max(...curves.flatMap((c) => c.points.map((p) => p.knn.mean)).filter(Number.isFinite));
  if (!Number.isFinite(best)) return '';
  const target = 0.9 * best;
  const reach = stepsToReach(curves, target);
  const did = reach.filter((r) => r.steps !== null).map((r) => `N = ${r.batchSize} took ${r.steps} steps`);
  const never = reach.filter((r) => r.steps === null).map((r) => `N = ${r.batchSize}`);
  return `To reach ${(100 * target).toFixed(0)}% kNN (90% of the best score): ${did.join(', ') || 'no run did'}`
    + `${never.length > 0 ? `; ${never.join(', ')} never did` : ''}. The paper: larger batches get there in fewer steps when training is short, and the gap closes with longer training.`;
}
