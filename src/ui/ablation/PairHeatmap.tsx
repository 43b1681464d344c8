/**
 * Figure 5 in miniature: kNN accuracy on h for crop plus each pair of
 * augmentations, as the upper triangle of a 7 x 7 table (the diagonal is crop
 * plus one op), with each op's mean as the last column. A table of coloured
 * cells: readable by screen readers, and cheap to draw.
 */
import { opLabel } from '../../state/ablationPlan';
import { pairGrid, type AblationSummary } from '../../state/ablationResults';
import { lutCss, lutGradient, lutIndex, SEQUENTIAL_LUT } from '../matrix/colormap';
import { percent } from '../eval/format';

function textOn(index: number): string {
  const r = SEQUENTIAL_LUT[index * 3]!;
  const g = SEQUENTIAL_LUT[index * 3 + 1]!;
  const b = SEQUENTIAL_LUT[index * 3 + 2]!;
  return 0.299 * r + 0.587 * g + 0.114 * b > 140 ? '#111' : '#fff';
}

function spread(s: AblationSummary): string {
  return s.h.knn.n > 1 ? ` ± ${(s.h.knn.sd * 100).toFixed(0)}` : '';
}

export function PairHeatmap({ summaries }: { summaries: readonly AblationSummary[] }) {
  const grid = pairGrid(summaries);
  const values = grid.cells.flat().filter((c): c is AblationSummary => c !== null).map((c) => c.h.knn.mean).filter(Number.isFinite);
  const lo = values.length > 0 ? Math.min(...values) : 0;
  const hi = values.length > 0 ? Math.max(...values) : 1;
  const best = values.length > 0 ? hi : NaN;
  return (
    <div className="pair-heatmap-wrap">
      <table className="pair-heatmap" data-testid="pair-heatmap">
        <caption>
          kNN accuracy on h, crop always on. Diagonal: crop + one op; above it: crop + both ops. Last column: the op&apos;s mean.
        </caption>
        <thead>
          <tr>
            <td />
            {grid.ops.map((op) => (
              <th key={op} scope="col">
                {opLabel(op)}
              </th>
            ))}
            <th scope="col" className="pair-mean">
              mean
            </th>
          </tr>
        </thead>
        <tbody>
          {grid.ops.map((op, i) => (
            <tr key={op}>
              <th scope="row">{opLabel(op)}</th>
              {grid.ops.map((other, j) => {
                if (j < i) return <td key={other} className="pair-empty" aria-hidden="true" />;
                const cell = grid.cells[i]![j];
                if (!cell || !Number.isFinite(cell.h.knn.mean)) {
                  return (
                    <td key={other} className="pair-pending" data-testid="pair-cell" data-pair={`${op}|${other}`}>
                      <span className="visually-hidden">not run yet</span>
                    </td>
                  );
                }
                const index = lutIndex(cell.h.knn.mean, lo, hi);
                return (
                  <td
                    key={other}
                    data-testid="pair-cell"
                    data-pair={`${op}|${other}`}
                    className={cell.h.knn.mean === best ? 'pair-best' : undefined}
                    style={{ background: lutCss(SEQUENTIAL_LUT, index), color: textOn(index) }}
                    title={`${cell.setting}: kNN on h ${percent(cell.h.knn.mean, 1)}, probe on h ${percent(cell.h.probe.mean, 1)} (${cell.h.knn.n} seed${cell.h.knn.n === 1 ? '' : 's'})`}
                  >
                    {(cell.h.knn.mean * 100).toFixed(0)}
                    <span className="pair-sd">{spread(cell)}</span>
                  </td>
                );
              })}
              <td className="pair-mean">{grid.opMean[i] === null ? '' : (grid.opMean[i]! * 100).toFixed(0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="legend-scale pair-legend" aria-hidden="true">
        <span className="legend-end">{percent(lo)}</span>
        <span className="legend-bar" style={{ background: lutGradient(SEQUENTIAL_LUT) }} />
        <span className="legend-end">{percent(hi)}</span>
      </div>
    </div>
  );
}
