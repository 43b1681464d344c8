/**
 * Figure 9 in miniature: kNN accuracy on h against training length, one line
 * per batch size N, with the length in steps or, as the paper counts it, in
 * epochs (N x steps / images: at the same steps a larger batch has seen more
 * epochs). An SVG with a table-like legend; values as text in titles for
 * screen readers; under it, how many steps each N needed to reach a score, and
 * the largest N's lead over the smallest at each length.
 */
import { useState } from 'react';
import { lutCss, lutIndex, SEQUENTIAL_LUT } from '../matrix/colormap';
import { niceDomain } from '../charts/scale';
import { Segmented } from '../components/Segmented';
import { noiseClause, plusMinus, signedPoints } from '../eval/format';
import { batchCurves, batchGaps, gapChangeMargin, stepsToReach, type BatchCurve } from './studyData';
import type { AblationRow } from '../../worker/protocol';

const W = 420;
const H = 220;
const PAD = { left: 44, right: 12, top: 10, bottom: 34 };

type Length = 'steps' | 'epochs';
const LENGTHS: { value: Length; label: string }[] = [
  { value: 'steps', label: 'steps' },
  { value: 'epochs', label: 'epochs' },
];

function colour(i: number, count: number): string {
  return lutCss(SEQUENTIAL_LUT, lutIndex(count <= 1 ? 1 : 0.15 + (0.85 * i) / (count - 1), 0, 1));
}

const formatEpochs = (e: number) => String(Number(e.toPrecision(e < 10 ? 2 : 3)));
const stepCount = (n: number) => `${n} step${n === 1 ? '' : 's'}`;

export function BatchSizeChart({ rows }: { rows: readonly AblationRow[] }) {
  const [chosen, setLength] = useState<Length>('steps');
  const curves: BatchCurve[] = batchCurves(rows);
  if (curves.length === 0) return null;
  const points = curves.flatMap((c) => c.points);
  // Rows from before the image count was recorded have no epochs: steps only.
  const hasEpochs = points.every((p) => p.epochs !== undefined);
  const length: Length = hasEpochs ? chosen : 'steps';
  const along = (p: BatchCurve['points'][number]) => (length === 'epochs' ? p.epochs! : p.steps);
  const accs = points.map((p) => p.knn.mean).filter(Number.isFinite);
  const xMax = Math.max(...points.map(along), 1e-9);
  const yLo = Math.max(0, Math.floor((Math.min(...accs, 1) - 0.05) * 10) / 10);
  const yHi = Math.min(1, Math.ceil((Math.max(...accs, 0) + 0.05) * 10) / 10);
  // Epochs get round ticks to a round end; steps get a tick at each length run.
  const xAxis: { domain: [number, number]; ticks: number[] } = length === 'epochs'
    ? niceDomain(0, xMax, 4)
    : { domain: [0, xMax], ticks: [...new Set(points.map((p) => p.steps))].sort((a, b) => a - b) };
  const xEnd = xAxis.domain[1];
  const xTicks = xAxis.ticks;
  const x = (v: number) => PAD.left + (v / xEnd) * (W - PAD.left - PAD.right);
  const y = (a: number) => H - PAD.bottom - ((a - yLo) / Math.max(1e-9, yHi - yLo)) * (H - PAD.top - PAD.bottom);
  const yTicks = Array.from({ length: Math.round((yHi - yLo) * 10) + 1 }, (_, i) => yLo + i * 0.1);
  const axisName = length === 'epochs' ? 'epochs (N × steps ÷ images)' : 'training steps';
  return (
    <figure className="batch-chart" data-testid="batch-size-chart">
      {hasEpochs && (
        <Segmented<Length> legend="Training length in" name="batch-length" value={length} options={LENGTHS} onChange={(v) => setLength(v)} />
      )}
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`kNN accuracy on h against ${axisName}, one line per batch size`}>
        {yTicks.map((t) => (
          <g key={`y${t.toFixed(2)}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="batch-grid" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end" className="batch-tick">{Math.round(t * 100)}%</text>
          </g>
        ))}
        {xTicks.map((v) => (
          <text key={`x${v}`} x={x(v)} y={H - PAD.bottom + 16} textAnchor="middle" className="batch-tick" data-testid="batch-x-tick">
            {length === 'epochs' ? formatEpochs(v) : v}
          </text>
        ))}
        <text x={(W + PAD.left) / 2} y={H - 4} textAnchor="middle" className="batch-tick">{axisName}</text>
        {curves.map((c, i) => {
          const pts = c.points.filter((p) => Number.isFinite(p.knn.mean));
          return (
            <g key={c.batchSize} data-testid="batch-curve" data-batch={c.batchSize}>
              <polyline
                fill="none"
                stroke={colour(i, curves.length)}
                strokeWidth={2}
                points={pts.map((p) => `${x(along(p))},${y(p.knn.mean)}`).join(' ')}
              />
              {pts.map((p) => (
                <circle key={p.steps} cx={x(along(p))} cy={y(p.knn.mean)} r={3} fill={colour(i, curves.length)}>
                  <title>
                    {`N = ${c.batchSize}, ${p.steps} steps${p.epochs !== undefined ? ` (${formatEpochs(p.epochs)} epochs)` : ''}: kNN ${(p.knn.mean * 100).toFixed(1)}%`}
                  </title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <p className="batch-reach" data-testid="batch-reach">
        {reachSentence(curves)}
      </p>
      <p className="batch-reach" data-testid="batch-gap">
        {gapSentence(curves)}
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

/** "To reach 62% kNN (90% of the best score): N = 8 took 200 steps (1.6 epochs), N = 64 took 50 (3.2 epochs); N = 16 never did." */
export function reachSentence(curves: readonly BatchCurve[]): string {
  const best = Math.max(...curves.flatMap((c) => c.points.map((p) => p.knn.mean)).filter(Number.isFinite));
  if (!Number.isFinite(best)) return '';
  const target = 0.9 * best;
  const reach = stepsToReach(curves, target);
  const did = reach
    .filter((r) => r.steps !== null)
    .map((r) => `N = ${r.batchSize} took ${stepCount(r.steps!)}${r.epochs !== undefined ? ` (${formatEpochs(r.epochs)} epochs)` : ''}`);
  const never = reach.filter((r) => r.steps === null).map((r) => `N = ${r.batchSize}`);
  return `To reach ${(100 * target).toFixed(0)}% kNN (90% of the best score): ${did.join(', ') || 'no run did'}`
    + `${never.length > 0 ? `; ${never.join(', ')} never did` : ''}. The paper: larger batches get there in fewer steps when training is short, and the gap closes with longer training.`;
}

/**
 * "N = 64 over N = 8: +6.5 ± 9.0 points at 100 steps, +6.0 ± 8.8 at 400: the
 * gap narrowed by 0.5 points, within the ±12.6 that sampling 200 held-out
 * images alone can give (95%), so at this size it may be noise." The margins
 * (core/eval/margin.ts) are left out for rows that do not say how many images
 * were held out.
 */
export function gapSentence(curves: readonly BatchCurve[]): string {
  const gaps = batchGaps(curves);
  const first = gaps[0];
  const last = gaps[gaps.length - 1];
  if (!first || !last) return '';
  const small = curves[0]!.batchSize;
  const large = curves[curves.length - 1]!.batchSize;
  const each = gaps.map((g, i) => `${signedPoints(g.gap)}${plusMinus(g.margin)}${i === 0 ? ' points' : ''} at ${i === 0 ? stepCount(g.steps) : g.steps}`).join(', ');
  if (gaps.length === 1) return `N = ${large} over N = ${small}: ${each}.`;
  const change = Math.abs(last.gap) - Math.abs(first.gap);
  const verdict = Math.abs(change) < 0.005 ? 'the gap held' : change < 0 ? `the gap narrowed by ${(-change * 100).toFixed(1)} points` : `the gap widened by ${(change * 100).toFixed(1)} points`;
  const noise = noiseClause(change, gapChangeMargin(first, last), gaps.flatMap((g) => [...g.large, ...g.small]));
  return `N = ${large} over N = ${small}: ${each}: ${verdict}${noise}.`;
}
