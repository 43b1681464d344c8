/** "Evaluate now", and how often the worker scores the representation while training. */
import { useApp, useAppStore } from '../../state/context';
import { SelectField, type Option } from '../components/SelectField';
import { BusyButton } from '../components/BusyButton';

const EVERY: Option<number>[] = [
  { value: 0, label: 'only when I ask' },
  { value: 25, label: 'every 25 steps' },
  { value: 50, label: 'every 50 steps' },
  { value: 100, label: 'every 100 steps' },
  { value: 250, label: 'every 250 steps' },
  { value: 500, label: 'every 500 steps' },
  { value: 1000, label: 'every 1000 steps' },
];

const K: Option<number>[] = [5, 10, 20, 50].map((k) => ({ value: k, label: `${k} neighbours` }));

/** `value` among the options, adding it when the store holds another number. */
function withValue(options: Option<number>[], value: number, label: (v: number) => string): Option<number>[] {
  return options.some((o) => o.value === value) ? options : [...options, { value, label: label(value) }].sort((a, b) => a.value - b.value);
}

export function EvaluationControls() {
  const store = useAppStore();
  const ready = useApp((s) => s.ready !== null && s.dataset !== null && !s.datasetPending);
  const pending = useApp((s) => s.evaluationPending);
  const every = useApp((s) => s.evaluationSettings.every);
  const k = useApp((s) => s.evaluationSettings.k);
  return (
    <div className="eval-controls">
      <BusyButton
        label="Evaluate now"
        busyLabel="Scoring…"
        busy={pending}
        disabled={!ready}
        testId="evaluate-now"
        onClick={() => store.getState().requestEvaluation()}
      />
      <SelectField
        label="Score while training"
        testId="evaluation-every"
        value={every}
        options={withValue(EVERY, every, (v) => `every ${v} steps`)}
        onChange={(v) => store.getState().setEvaluationSettings({ every: v })}
      />
      <SelectField
        label="kNN votes"
        testId="evaluation-k"
        value={k}
        options={withValue(K, k, (v) => `${v} neighbours`)}
        onChange={(v) => store.getState().setEvaluationSettings({ k: v })}
      />
    </div>
  );
}
