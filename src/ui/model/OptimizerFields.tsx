import { useApp, useAppStore } from '../../state/context';
import { formatNumber, NumberField } from '../components/NumberField';
import { SelectField } from '../components/SelectField';
import { effectiveLearningRate } from './modelText';

export function OptimizerFields() {
  const store = useAppStore();
  const o = useApp((s) => s.config.optimizer);
  const batchSize = useApp((s) => s.config.batchSize);
  const patch = (p: Partial<typeof o>) => store.getState().patchConfig({ optimizer: p });
  const effective = effectiveLearningRate(o, batchSize);
  return (
    <fieldset className="group">
      <legend>Optimiser</legend>
      <SelectField
        label="Optimiser"
        value={o.kind}
        field="optimizer.kind"
        testId="optimizer-kind"
        options={[
          { value: 'adam', label: 'Adam' },
          { value: 'sgd', label: 'SGD with momentum' },
          { value: 'lars', label: 'LARS (paper)' },
        ]}
        onChange={(kind) => patch({ kind })}
      />
      <NumberField
        label="Learning rate (base)"
        value={o.learningRate}
        min={1e-5}
        max={10}
        scale="log"
        field="optimizer.learningRate"
        testId="learning-rate"
        onChange={(learningRate) => patch({ learningRate })}
      />
      <SelectField
        label="Scale with batch size"
        value={o.lrScaling}
        field="optimizer.lrScaling"
        testId="lr-scaling"
        hint={<span data-testid="lr-effective">Rate used: {formatNumber(effective)}</span>}
        options={[
          { value: 'none', label: 'None' },
          { value: 'linear', label: 'Linear: base × N / 256' },
          { value: 'sqrt', label: 'Square root: base × √N' },
        ]}
        onChange={(lrScaling) => patch({ lrScaling })}
      />
      {o.kind !== 'adam' && (
        <NumberField label="Momentum" value={o.momentum} min={0} max={0.999} step={0.01} field="optimizer.momentum" onChange={(momentum) => patch({ momentum })} />
      )}
      <NumberField
        label="Weight decay"
        value={o.weightDecay}
        min={1e-8}
        max={0.1}
        scale="log"
        field="optimizer.weightDecay"
        onChange={(weightDecay) => patch({ weightDecay })}
      />
      <SelectField
        label="Schedule"
        value={o.schedule}
        field="optimizer.schedule"
        testId="schedule"
        options={[
          { value: 'constant', label: 'Constant' },
          { value: 'cosine', label: 'Cosine decay (paper)' },
        ]}
        onChange={(schedule) => patch({ schedule })}
      />
      <NumberField
        label="Warmup steps"
        value={o.warmupSteps}
        min={0}
        max={1000}
        step={10}
        field="optimizer.warmupSteps"
        onChange={(warmupSteps) => patch({ warmupSteps: Math.round(warmupSteps) })}
      />
      {o.schedule === 'cosine' && (
        <NumberField
          label="Schedule length (steps)"
          value={o.totalSteps}
          min={100}
          max={20000}
          step={100}
          field="optimizer.totalSteps"
          onChange={(totalSteps) => patch({ totalSteps: Math.round(totalSteps) })}
        />
      )}
    </fieldset>
  );
}
