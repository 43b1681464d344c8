/** The plan of an ablation queue: which one, on which data, how long, which seeds. */
import { useEffect, useId, useState } from 'react';
import { useApp, useAppStore } from '../../state/context';
import { ABLATION_LIMITS, parseSeeds, plannedRuns, planIssues } from '../../state/ablationPlan';
import type { PresetName } from '../../worker/protocol';
import { NumberField } from '../components/NumberField';
import { SelectField } from '../components/SelectField';
import { KINDS } from './kinds';

const MAX_BATCH_OPTIONS = [16, 32, 64, 128, 256, 512, 1024].map((n) => ({ value: n, label: String(n) }));
const LR_SCALING_OPTIONS: { value: 'linear' | 'sqrt'; label: string }[] = [
  { value: 'sqrt', label: 'square root (× √(N / N₀))' },
  { value: 'linear', label: 'linear (× N / N₀)' },
];
/** What the worker uses when the plan names no fine-tuning steps (core/eval/finetune DEFAULT_FINETUNE). */
const DEFAULT_FINETUNE_STEPS = 200;

const DATASETS: { value: PresetName; label: string }[] = [
  { value: 'shapes', label: 'Synthetic shapes' },
  { value: 'mnist', label: 'MNIST' },
  { value: 'fashion-mnist', label: 'Fashion-MNIST' },
];

export function AblationForm() {
  const store = useAppStore();
  const seedsId = useId();
  const plan = useApp((s) => s.ablationPlan);
  const running = useApp((s) => s.ablationRunning);
  const ready = useApp((s) => s.ready !== null);
  const [seedText, setSeedText] = useState(() => plan.seeds.join(', '));
  const seeds = parseSeeds(seedText);
  // Seeds set from elsewhere (the test API) show up in the box.
  useEffect(() => {
    setSeedText((text) => (parseSeeds(text)?.join(',') === plan.seeds.join(',') ? text : plan.seeds.join(', ')));
  }, [plan.seeds]);
  const issues = seeds ? planIssues({ ...plan, seeds }) : ['Seeds are whole numbers separated by commas, such as 0, 1, 2.'];
  const kind = KINDS.find((k) => k.value === plan.kind)!;
  const runs = plannedRuns({ ...plan, seeds: seeds ?? [] });
  const [stepsMin, stepsMax] = ABLATION_LIMITS.steps;
  const [countMin, countMax] = ABLATION_LIMITS.count;

  return (
    <form
      className="ablation-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (seeds && issues.length === 0) store.getState().runAblation({ ...plan, seeds });
      }}
    >
      <SelectField
        label="Ablation"
        testId="ablation-kind"
        value={plan.kind}
        options={KINDS}
        hint={kind.description}
        disabled={running}
        onChange={(v) => store.getState().setAblationPlan({ kind: v })}
      />
      <SelectField
        label="Dataset"
        testId="ablation-dataset"
        value={plan.dataset}
        options={DATASETS}
        disabled={running}
        onChange={(v) => store.getState().setAblationPlan({ dataset: v })}
      />
      <NumberField
        label={plan.kind === 'batch-size' ? 'Steps of the longest run' : plan.kind === 'finetune' ? 'SimCLR pre-training steps' : 'Training steps per run'}
        testId="ablation-steps"
        value={plan.steps}
        min={stepsMin}
        max={1000}
        step={1}
        disabled={running}
        onChange={(v) => store.getState().setAblationPlan({ steps: Math.round(v) })}
        hint={`up to ${stepsMax}`}
      />
      {plan.kind === 'batch-size' && (
        <>
          <SelectField
            label="Largest batch N"
            testId="ablation-max-batch"
            value={plan.maxBatchSize ?? 256}
            options={MAX_BATCH_OPTIONS}
            hint="From N = 8 up in powers of two; the worker lowers it to what the backend's memory and the images allow."
            disabled={running}
            onChange={(v) => store.getState().setAblationPlan({ maxBatchSize: v })}
          />
          <SelectField
            label="Learning rate with N"
            testId="ablation-lr-scaling"
            value={plan.lrScaling ?? 'sqrt'}
            options={LR_SCALING_OPTIONS}
            hint="The Model panel's rate holds at its own N; other sizes scale from it (paper Appendix B.1)."
            disabled={running}
            onChange={(v) => store.getState().setAblationPlan({ lrScaling: v })}
          />
        </>
      )}
      {plan.kind === 'finetune' && (
        <NumberField
          label="Fine-tuning steps"
          testId="ablation-finetune-steps"
          value={plan.finetuneSteps ?? DEFAULT_FINETUNE_STEPS}
          min={1}
          max={2000}
          step={10}
          disabled={running}
          onChange={(v) => store.getState().setAblationPlan({ finetuneSteps: Math.round(v) })}
          hint="For the pre-trained and the from-scratch network alike, on the same labelled images."
        />
      )}
      <NumberField
        label="Images"
        testId="ablation-count"
        value={plan.count}
        min={countMin}
        max={countMax}
        step={countMin}
        disabled={running}
        onChange={(v) => store.getState().setAblationPlan({ count: Math.round(v) })}
        hint={`The preset's first images, split into a training part and a held-out part for scoring. At least ${countMin}; `
          + 'the worker refuses a set it cannot score (it says why: e.g. no class with two images), and scores on fewer than a few hundred images are noisy.'}
      />
      <div className="field">
        <label htmlFor={seedsId}>Seeds</label>
        <input
          id={seedsId}
          type="text"
          data-testid="ablation-seeds"
          value={seedText}
          disabled={running}
          aria-invalid={!seeds ? true : undefined}
          aria-describedby={`${seedsId}-hint`}
          onChange={(e) => {
            setSeedText(e.target.value);
            const parsed = parseSeeds(e.target.value);
            if (parsed) store.getState().setAblationPlan({ seeds: parsed });
          }}
        />
        <div id={`${seedsId}-hint`} className="field-hint">
          One run per setting and seed; three seeds show the spread.
        </div>
      </div>
      <p className="ablation-plan-summary" data-testid="ablation-plan-summary">
        {planSummary(plan.kind, runs, plan.steps, plan.seeds.length)}
      </p>
      {issues.length > 0 && (
        <ul className="field-error" data-testid="ablation-issues">
          {issues.map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      )}
      <div className="ablation-buttons">
        <button type="submit" className="button primary" data-testid="ablation-run" disabled={!ready || running || issues.length > 0}>
          Run
        </button>
        <button type="button" className="button" data-testid="ablation-cancel" disabled={!running} onClick={() => store.getState().cancelAblation()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function planSummary(kind: string, runs: number, steps: number, seeds: number): string {
  if (kind === 'batch-size') return `${runs} run${runs === 1 ? '' : 's'} of up to ${steps} steps (the largest N may be lowered to what fits).`;
  if (kind === 'finetune') return `${seeds} SimCLR pre-training${seeds === 1 ? '' : 's'} of ${steps} steps, then ${runs} classifier run${runs === 1 ? '' : 's'}.`;
  return `${runs} run${runs === 1 ? '' : 's'} of ${steps} steps each.`;
}
