/** The Model and training panel. */
import { Panel } from '../components/Panel';
import { EncoderFields } from './EncoderFields';
import { LossFields } from './LossFields';
import { OptimizerFields } from './OptimizerFields';
import { RunFields } from './RunFields';

export function ModelPanel() {
  return (
    <Panel title="Model and training" testId="model-panel" explain="model">
      <LossFields />
      <EncoderFields />
      <OptimizerFields />
      <RunFields />
    </Panel>
  );
}
