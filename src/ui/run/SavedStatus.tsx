/** Where the run saved in this browser stands: "Saved at step N (12.3 MB)", so the user knows a reload keeps it. */
import { useApp } from '../../state/context';

export function SavedStatus() {
  const step = useApp((s) => s.savedStep);
  const bytes = useApp((s) => s.savedBytes);
  const failing = useApp((s) => s.saveFailing);
  if (step === null && !failing) return null;
  const text = failing ? 'Not saved' : `Saved at step ${step}`;
  const title = failing
    ? 'The run could not be saved in this browser (see the warning); it trains on in memory.'
    : `A reload restores the run from step ${step}. It takes ${(bytes / 1e6).toFixed(1)} MB of this browser's storage.`;
  return (
    <span className={`saved-status${failing ? ' saved-status-failed' : ''}`} data-testid="saved-status" data-step={step ?? ''} title={title}>
      {text}
    </span>
  );
}
