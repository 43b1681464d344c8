/** The queue's results: the Figure 5 heatmap or a table, the paper's claim, and JSON / CSV downloads. */
import { useMemo } from 'react';
import { useApp } from '../../state/context';
import { ablationCsv, ablationJson, summariseAblation } from '../../state/ablationResults';
import { saveText } from '../export/saveFile';
import { AblationTable } from './AblationTable';
import { PairHeatmap } from './PairHeatmap';
import { PAPER_SOURCE } from './paper';

export function AblationResults() {
  const rows = useApp((s) => s.ablationRows);
  const plan = useApp((s) => s.ablationPlan);
  const summaries = useMemo(() => summariseAblation(rows), [rows]);
  if (rows.length === 0) return null;
  const kind = rows[0]!.kind;
  const stem = `simclr-ablation-${kind}`;
  return (
    <section className="ablation-results" aria-label="Ablation results" data-testid="ablation-results">
      <div className="ablation-results-head">
        <h3 className="subhead">
          Results ({rows.length} run{rows.length === 1 ? '' : 's'}, {rows[0]!.dataset}, {rows[0]!.steps} steps each)
        </h3>
        <span className="chart-actions">
          <button
            type="button"
            className="button ghost small"
            data-testid="ablation-json"
            aria-label="Download the ablation results as JSON"
            onClick={() => saveText(ablationJson(plan, rows), `${stem}.json`, 'application/json')}
          >
            JSON
          </button>
          <button
            type="button"
            className="button ghost small"
            data-testid="ablation-csv"
            aria-label="Download the ablation results as CSV"
            onClick={() => saveText(ablationCsv(rows), `${stem}.csv`, 'text/csv')}
          >
            CSV
          </button>
        </span>
      </div>
      {kind === 'augment-pairs' ? <PairHeatmap summaries={summaries} /> : <AblationTable kind={kind} summaries={summaries} />}
      <p className="ablation-paper-note" data-testid="ablation-paper">
        <strong>The paper:</strong> {PAPER_SOURCE[kind]}
      </p>
    </section>
  );
}
