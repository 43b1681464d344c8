/** The Ablations panel: the paper's experiments as a queue of short runs, shown as they finish. */
import { Panel } from '../components/Panel';
import { AblationForm } from './AblationForm';
import { AblationProgress } from './AblationProgress';
import { AblationResults } from './AblationResults';
import './ablation.css';

export function AblationPanel() {
  return (
    <Panel title="Ablations" testId="ablation-panel" explain="ablation" className="ablation-panel">
      <p className="ablation-honesty" data-testid="ablation-honesty">
        What the miniature can show is the direction of the paper&apos;s findings: whether crop + colour beats the other pairs,
        how colour strength and temperature move the score, whether h beats z. It cannot show the paper&apos;s numbers: those
        are ImageNet accuracies of a ResNet-50 trained for days; these are a small network&apos;s scores on small images after a
        few hundred steps, and differences smaller than the spread over seeds are noise.
      </p>
      <AblationForm />
      <AblationProgress />
      <AblationResults />
    </Panel>
  );
}
