/** The latest kNN and probe accuracy on h and z, each beside the random-init encoder's and the chance level. */
import type { EvaluationResult } from '../../state/types';
import type { FeatureScore } from '../../worker/protocol';
import { percent, points } from './format';

const ROWS: { space: 'h' | 'z'; metric: keyof FeatureScore; label: string }[] = [
  { space: 'h', metric: 'knn', label: 'kNN on h' },
  { space: 'h', metric: 'probe', label: 'Linear probe on h' },
  { space: 'z', metric: 'knn', label: 'kNN on z' },
  { space: 'z', metric: 'probe', label: 'Linear probe on z' },
];

function Bar({ value, baseline, chance }: { value: number; baseline: number; chance: number }) {
  const at = (x: number) => `${Math.max(0, Math.min(1, x)) * 100}%`;
  return (
    <span className="score-bar" aria-hidden="true">
      <span className="score-fill" style={{ width: at(value) }} />
      <span className="score-tick score-tick-baseline" style={{ left: at(baseline) }} />
      <span className="score-tick score-tick-chance" style={{ left: at(chance) }} />
    </span>
  );
}

export function ScoreTable({ evaluation }: { evaluation: EvaluationResult }) {
  const classes = evaluation.classNames.length;
  const chance = classes > 0 ? 1 / classes : 0;
  return (
    <table className="score-table" data-testid="score-table">
      <caption>
        Step {evaluation.step} · {evaluation.tested} held-out images · {classes} classes, so chance is {percent(chance)}
      </caption>
      <thead>
        <tr>
          <th scope="col">Score</th>
          <th scope="col">Trained</th>
          <th scope="col">Random init</th>
          <th scope="col">Gain</th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map((row) => {
          const value = evaluation[row.space][row.metric];
          const baseline = evaluation.baseline[row.space][row.metric];
          return (
            <tr key={row.label} data-testid={`score-${row.metric}-${row.space}`}>
              <th scope="row">{row.label}</th>
              <td>
                <span className="score-value">{percent(value)}</span>
                <Bar value={value} baseline={baseline} chance={chance} />
              </td>
              <td className="score-baseline">{percent(baseline)}</td>
              <td className={value >= baseline ? 'score-gain up' : 'score-gain down'}>{points(value, baseline)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
