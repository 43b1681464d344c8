/** The queue's results: the Figure 5 heatmap or a table, the paper's claim, and JSON / CSV downloads. */
import { useMemo } from 'react';
import { useApp } from '../../state/context';
import { ablationCsv, ablationJson, summariseAblation } from '../../state/ablationResults';
import { saveText } from '../export/saveFile';
import { AblationTable } from './AblationTable';
import { BatchSizeChart } from './BatchSizeChart';
import { FinetuneTable } from './FinetuneTable';
import { PairHeatmap } from './PairHeatmap';
import { PAPER_SOURCE } from './paper';
import { studyCsv } from './studyData';

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
          Results ({rows.length} run{rows.length === 1 ? '' : 's'}, {rows[0]!.dataset}, {resultsLength(kind, rows)})
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
            onClick={() => saveText(kind === 'batch-size' || kind === 'finetune' ? studyCsv(rows) : ablationCsv(rows), `${stem}.csv`, 'text/csv')}
          >
            CSV
          </button>
        </span>
      </div>
      {kind === 'augment-pairs' && <PairHeatmap summaries={summaries} />}
      {kind === 'batch-size' && <BatchSizeChart rows={rows} />}
      {kind === 'finetune' ? <FinetuneTable rows={rows} /> : kind !== 'augment-pairs' && <AblationTable kind={kind} summaries={summaries} />}
      <p className="ablation-paper-note" data-testid="ablation-paper">
        <strong>The paper:</strong> {PAPER_SOURCE[kind]}
      </p>
    </section>
  );
}

function resultsLength(kind: string, rows: readonly { steps: number; finetuneSteps?: number }[]): string {
  if (kind === 'batch-size') return `${Math.min(...rows.map((r) => r.steps))} to ${Math.max(...rows.map((r) => r.steps))} steps`;
  if (kind === 'finetune') return `${rows[0]!.steps} pre-training steps, ${rows[0]!.finetuneSteps ?? '?'} fine-tuning steps`;
  return `${rows[0]!.steps} steps each`;
}
