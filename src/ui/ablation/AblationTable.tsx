/** One row per setting (mean ± spread over seeds), beside the paper's number where it has one. */
import type { AblationSummary, Stat } from '../../state/ablationResults';
import type { AblationKind } from '../../worker/protocol';
import { leadSentence } from './leadSentence';
import { PAPER_COLUMN, paperFor } from './paper';

function cell(s: Stat): string {
  if (!Number.isFinite(s.mean)) return '–';
  return `${(s.mean * 100).toFixed(1)}%${s.n > 1 ? ` ± ${(s.sd * 100).toFixed(1)}` : ''}`;
}

export function AblationTable({ kind, summaries }: { kind: AblationKind; summaries: readonly AblationSummary[] }) {
  const paperColumn = PAPER_COLUMN[kind];
  const bestKnn = Math.max(...summaries.map((s) => s.h.knn.mean).filter(Number.isFinite));
  // The batch-size study says its own lead (BatchSizeChart's gap sentence).
  const lead = kind === 'batch-size' ? '' : leadSentence(summaries);
  return (
    <>
      <table className="ablation-table" data-testid="ablation-table">
        <caption>Accuracy on held-out images, mean{summaries.some((s) => s.h.knn.n > 1) ? ' ± standard deviation over seeds' : ''}</caption>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">kNN on h</th>
            <th scope="col">Probe on h</th>
            <th scope="col">kNN on z</th>
            <th scope="col">Probe on z</th>
            <th scope="col">Final loss</th>
            {paperColumn && <th scope="col">{paperColumn}</th>}
          </tr>
        </thead>
        <tbody>
          {summaries.map((s) => (
            <tr key={s.setting} data-testid="ablation-row">
              <th scope="row">{s.setting}</th>
              <td className={s.h.knn.mean === bestKnn ? 'ablation-best' : undefined}>{cell(s.h.knn)}</td>
              <td>{cell(s.h.probe)}</td>
              <td>{cell(s.z.knn)}</td>
              <td>{cell(s.z.probe)}</td>
              <td>{Number.isFinite(s.finalLoss.mean) ? s.finalLoss.mean.toFixed(3) : '–'}</td>
              {paperColumn && <td className="ablation-paper">{paperFor(kind, s.setting) ?? '–'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {lead && <p className="ablation-lead" data-testid="ablation-lead">{lead}</p>}
    </>
  );
}
