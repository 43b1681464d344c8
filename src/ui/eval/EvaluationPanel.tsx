/** The Evaluation panel: does the representation separate classes it never saw labels for? */
import { useApp } from '../../state/context';
import { Panel } from '../components/Panel';
import { EvaluationControls } from './EvaluationControls';
import { EvaluationHistory } from './EvaluationHistory';
import { ScoreTable } from './ScoreTable';
import './eval.css';

export function EvaluationPanel() {
  const dataset = useApp((s) => s.dataset);
  const evaluation = useApp((s) => s.evaluation);
  const history = useApp((s) => s.evaluationHistory);
  const every = useApp((s) => s.evaluationSettings.every);
  const unlabelled = dataset !== null && dataset.classNames.length === 0;
  return (
    <Panel title="Evaluation" testId="evaluation-panel" explain="evaluation" className="eval-panel">
      {dataset === null ? (
        <p className="eval-empty" data-testid="evaluation-status">Scores appear once the data is loaded.</p>
      ) : unlabelled ? (
        <p className="eval-empty" data-testid="evaluation-status">
          These images have no labels, so there is nothing to score the features against. Choose a built-in dataset, or drop
          folders of images: each folder&apos;s name becomes the label of its images.
        </p>
      ) : (
        <>
          <EvaluationControls />
          {evaluation ? (
            <ScoreTable evaluation={evaluation} />
          ) : (
            <p className="eval-empty" data-testid="evaluation-status">
              {every > 0
                ? `No scores yet: they come every ${every} steps of training, or now with "Evaluate now".`
                : 'No scores yet: press "Evaluate now".'}
            </p>
          )}
          <EvaluationHistory history={history} classes={dataset.classNames.length} />
        </>
      )}
    </Panel>
  );
}
